"""Fixtures of every web test: background tasks run immediately, in the test's own thread;
files go to a temporary data directory; the demo's MIFE and Isère structures, a coordinator and
a read-only member of the MIFE."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.test import Client
from pytest_django.fixtures import Settings

from rallye.demo import DEMO_PASSWORD, load_demo
from rallye.domain.compliance import check_plan
from rallye.domain.metrics import plan_metrics
from rallye.domain.rally import Rally as DomainRally
from rallye.domain.travel import TravelTimes
from rallye.engine.params import SolveParams
from rallye.formats.plan_json import plan_from_content
from rallye.organisations.models import Membership, Role, Structure, User
from rallye.rallies.models import Rally
from tests.web.logins import MIFE, READER, logged_in


@pytest.fixture(autouse=True)
def immediate_tasks(settings: Settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def mife_rally() -> Rally:
    """The demo loaded, and its upcoming Annecy rally (planned, with companies and people)."""
    load_demo()
    return Rally.objects.get(name="Rallye pour l'emploi — Annecy, mars 2027")


@pytest.fixture(autouse=True)
def data_in_tmp(settings: Settings, tmp_path: Path) -> Path:
    """Uploads, pseudonym key and exports of a test go to its own folder."""
    settings.DATA_DIR = tmp_path
    return tmp_path


@pytest.fixture
def mife(db: None) -> Structure:
    load_demo()
    return Structure.objects.get(name="MIFE de Haute-Savoie")


@pytest.fixture
def isere(mife: Structure) -> Structure:
    return Structure.objects.get(name__contains="Isère")


@pytest.fixture
def coordinator(mife: Structure) -> Client:
    return logged_in(MIFE)


@pytest.fixture
def reader(mife: Structure) -> Client:
    """A member of the MIFE who may only read."""
    user = User.objects.create_user(READER, DEMO_PASSWORD)
    Membership.objects.create(user=user, federation=mife.federation, structure=mife, role=Role.READ_ONLY)
    return logged_in(READER)


RECORDED_PLAN = Path(__file__).parent.parent.parent / "examples" / "annecy-2027" / "plan.json"


@pytest.fixture
def recorded_solves(monkeypatch: pytest.MonkeyPatch) -> None:
    """Solves launched through the workspace return the Annecy example's recorded plan at once,
    for the tests of what surrounds a solve (pages, versions, documents) rather than of the solve
    itself; the plan must keep every hard rule for the rally being solved."""
    import rallye.engine.solve as engine

    plan = plan_from_content(json.loads(RECORDED_PLAN.read_text(encoding="utf-8")))

    def recorded(rally: DomainRally, params: SolveParams | None = None) -> engine.SolveResult:
        assert check_plan(rally, plan).hard_ok, "the recorded plan is for the Annecy example rally"
        return engine.SolveResult(plan=plan, metrics=plan_metrics(rally, plan, TravelTimes(rally)))

    monkeypatch.setattr(engine, "solve", recorded)
