"""Fixtures shared by every test package: the demo database, deterministic solves, recorded
plans and PDFs rendered once, and the workspace's fixtures used by several packages (the demo's
MIFE and Isère structures, a coordinator and a read-only member of the MIFE, background tasks
run at once, files in a temporary folder). A package's ``conftest.py`` turns on those it always
needs (``tests/www/conftest.py``: every test of the web workspace)."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import random
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any
from unittest import mock

import pytest
from django.test import Client, override_settings
from hypothesis import settings as hypothesis_settings
from pytest_django.fixtures import Settings
from pytest_django.plugin import blocking_manager_key

from rallye.demo import DEMO_PASSWORD, load_demo
from rallye.domain.compliance import check_plan
from rallye.domain.metrics import plan_metrics
from rallye.domain.plan import Plan
from rallye.domain.rally import Rally
from rallye.domain.travel import TravelTimes
from rallye.engine.params import SolveParams
from rallye.engine.results import SolveResult
from rallye.formats.load import load_rally
from rallye.formats.plan_json import plan_from_content
from rallye.links.services import TOKEN_BYTES
from rallye.organisations.models import Membership, Role, Structure, User
from rallye.organisations.scoping import scopes_disabled
from rallye.rallies.conversion import save_domain_rally
from rallye.rallies.models import Rally as RallyModel
from tests.demo_snapshot import Snapshot
from tests.factories import build, rally_content
from tests.geocoder_stub import UNUSED_URL
from tests.logins import MIFE, READER, logged_in

# Property tests draw the same examples on every run: a failure is reproducible and no run
# depends on chance or on the machine's speed.
hypothesis_settings.register_profile("rallye", derandomize=True, deadline=None, print_blob=True)
hypothesis_settings.load_profile("rallye")


@pytest.fixture
def small_rally() -> Rally:
    return build(rally_content())


EXAMPLES = Path(__file__).parent.parent / "examples"

MIFE_NAME = "MIFE de Haute-Savoie"
SESSION_DEMO = Snapshot()
"""The demo as loaded for the test session (see :func:`django_db_setup`)."""
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Settings) -> None:
    """Tests create and log in demo users by the dozen: a fast hasher keeps them quick (the real
    one stays in production settings)."""
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture(autouse=True)
def no_internet_geocoder(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    """The geocoder of every test is a local port where nothing listens (unreachable), never the
    public service; tests of geocoding start the stub (``tests.geocoder_stub``) and point to it."""
    monkeypatch.setenv("RALLYE_GEOCODER_URL", UNUSED_URL)
    settings.RALLYE_GEOCODER_URL = UNUSED_URL


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The test database, as pytest-django makes it, with the demo loaded once for the whole
    session (each test runs in a transaction rolled back at its end, so every test starts from
    the same demo); before it is dropped, connections still open from threads that outlived
    their test (a request of the live server still running when its browser tab closed) are
    closed, so that PostgreSQL lets the database go."""
    with django_db_blocker.unblock():
        _load_session_demo()
        SESSION_DEMO.take()
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    connection.close()


@pytest.fixture(scope="session", autouse=True)
def cache_in_memory() -> Iterator[None]:
    """Each test process counts rate limits in its own memory, not in files that would outlive
    the run (the server's processes share files: ``settings.CACHES``)."""
    with override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}):
        yield


@pytest.fixture(scope="session", autouse=True)
def static_files_looked_up_when_asked() -> Iterator[None]:
    """Every test client loads the middleware anew, and WhiteNoise would list the static files
    of every app each time (about 25 ms, a tenth of a web test); in tests it looks a file up
    when it is asked for, as in development (a server process lists them once)."""
    with override_settings(WHITENOISE_AUTOREFRESH=True):
        yield


@pytest.fixture(scope="session", autouse=True)
def test_code_reads_every_structure() -> Iterator[None]:
    """The tests' own code (fixtures, assertions) reads tenant data without a scope, as the
    operator does; every request they make is scoped by the middleware, so a view that reads
    tenant data outside its scope fails (``rallye.organisations.scoping``)."""
    with scopes_disabled():
        yield


@pytest.fixture(autouse=True)
def deterministic_solves(settings: Settings) -> None:
    """Solves launched through the workspace use one search worker: the time limit then counts
    CP-SAT's deterministic time, so a test finds the same plan however busy the machine is."""
    settings.RALLYE_SOLVER_WORKERS = 1
    settings.RALLYE_SOLVER_SEED = 0


@pytest.fixture
def immediate_tasks(settings: Settings) -> None:
    """Background tasks run at once, in the test's own thread."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def data_in_tmp(settings: Settings, tmp_path: Path) -> Path:
    """Uploads, pseudonym key and exports of a test go to its own folder."""
    settings.DATA_DIR = tmp_path
    return tmp_path


def demo_loaded() -> None:
    """The demo is in the database: loaded for the session, and again after a transactional
    test (see :func:`pytest_runtest_teardown`); loaded here only where it is not (a
    transactional test that asks for it)."""
    if not Structure.objects.filter(name=MIFE_NAME).exists():
        load_demo()


@pytest.fixture
def mife_rally() -> RallyModel:
    """The demo loaded, and its upcoming Annecy rally (planned, with companies and people)."""
    demo_loaded()
    return RallyModel.objects.get(name="Rallye pour l'emploi — Annecy, mars 2027")


@pytest.fixture
def mife(db: None) -> Structure:
    demo_loaded()
    return Structure.objects.get(name=MIFE_NAME)


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


@pytest.fixture
def annecy(mife: Structure) -> RallyModel:
    """A fresh copy of the Annecy example in the MIFE (26 participants, 15 companies)."""
    return save_domain_rally(mife, load_rally(EXAMPLES / "annecy-2027" / "rally.json"))


@pytest.fixture
def foreign(isere: Structure) -> RallyModel:
    """A rally of the Isère network (the Voiron example), which the MIFE must not reach."""
    return save_domain_rally(isere, load_rally(EXAMPLES / "voiron-2027" / "rally.json"))


def serve_recorded_plans(monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on in the test, solves launched through the workspace return at once the plan
    recorded with the example rally being solved (``examples/*/plan.json``): for the tests of
    what surrounds a solve (pages, versions, documents, journeys) rather than of the solve itself.
    The plan must keep every hard rule for the rally being solved (re-plans are not served: they
    run the solver, deterministically)."""
    import rallye.engine.solve as engine

    recorded_plans = sorted(EXAMPLES.glob("*/plan.json"))
    plans = [plan_from_content(json.loads(path.read_text(encoding="utf-8"))) for path in recorded_plans]

    def recorded(rally: Rally, params: SolveParams | None = None) -> SolveResult:
        plan = next((plan for plan in plans if _made_for(plan, rally)), None)
        assert plan is not None, "no recorded plan keeps the hard rules of this rally (only the examples have one)"
        return SolveResult(plan=plan, metrics=plan_metrics(rally, plan, TravelTimes(rally)))

    monkeypatch.setattr(engine, "solve", recorded)


def _made_for(plan: Plan, rally: Rally) -> bool:
    people = {p.id for p in rally.participants}
    companies = {c.id for c in rally.companies}
    members = {m for team in plan.teams for m in team.members} | set(plan.absent)
    visited = {v.company for team in plan.teams for v in team.visits}
    return members == people and visited <= companies and check_plan(rally, plan).hard_ok


@pytest.fixture
def recorded_solves(monkeypatch: pytest.MonkeyPatch) -> None:
    """Solves launched through the workspace return the example's recorded plan (see
    :func:`serve_recorded_plans`)."""
    serve_recorded_plans(monkeypatch)


@pytest.fixture(scope="session")
def rendered_pdfs_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder for the whole run, shared by the xdist workers (their temporary folders are
    siblings)."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent
    folder = root / "rendered-pdfs"
    folder.mkdir(exist_ok=True)
    return folder


@pytest.fixture
def rendered_pdfs_reused(monkeypatch: pytest.MonkeyPatch, rendered_pdfs_folder: Path) -> None:
    """An HTML page already turned into a PDF during this run is not rendered again: WeasyPrint's
    PDF of the same HTML is kept (by the HTML's hash) from the first time, which rendered it for
    real. For the tests of pages and commands that serve documents and reports (the web's walks,
    archives, downloads; ``rallye report``), where the same demo documents come back many times;
    the tests of rendering itself (``tests/documents``, ``tests/reporting``) always render."""
    from rallye.documents import rendering

    real = rendering.html_to_pdf

    def reused(html: str) -> bytes:
        path = rendered_pdfs_folder / f"{hashlib.sha256(html.encode()).hexdigest()}.pdf"
        if path.is_file():
            return path.read_bytes()
        pdf = real(html)
        partial = path.with_name(f"{path.name}.{os.getpid()}.part")
        partial.write_bytes(pdf)
        partial.replace(path)  # atomic: another worker never reads half a file
        return pdf

    for name, module in list(sys.modules.items()):
        if name.startswith("rallye.") and getattr(module, "html_to_pdf", None) is real:
            monkeypatch.setattr(module, "html_to_pdf", reused)


def _load_session_demo() -> None:
    """The demo, and the team links of its planned rallies as if an organiser had opened « Jour
    J » once: every test then draws the same QR codes in the roadbooks, whose PDF is rendered
    once per run (see :func:`rendered_pdfs_reused`) rather than once per test. The demo's
    private links get the same tokens in every test process, so that the processes share
    those PDFs too."""
    from rallye.field.services import team_links

    with (
        TemporaryDirectory() as folder,
        override_settings(DATA_DIR=Path(folder), PASSWORD_HASHERS=FAST_HASHERS),
        scopes_disabled(),
        mock.patch("rallye.links.services.new_token", _drawn_tokens()),
    ):
        load_demo()
        for rally in RallyModel.objects.all():
            team_links(rally)


def _drawn_tokens() -> Callable[[], str]:
    """Tokens as ``rallye.links.services.new_token`` makes them, drawn from a fixed seed."""
    draw = random.Random("rallye session demo")
    return lambda: base64.urlsafe_b64encode(draw.randbytes(TOKEN_BYTES)).rstrip(b"=").decode()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    """A transactional test (the live server of the browser tests) empties every table when it
    ends; the session's demo is put back for the tests that follow on the same worker."""
    yield
    if nextitem is None or not _transactional(item):
        return
    with item.config.stash[blocking_manager_key].unblock():
        SESSION_DEMO.restore()


def _transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ()))
    )


LONGEST_FIRST = ("tests/browser/test_pages_fit_a_phone.py",)
"""Tests that take far longer than any other (the walk of every page for every role: about a
sixth of the suite): started first, so that the other test processes share the rest of the
suite meanwhile, rather than waiting for them at the end."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: item.nodeid.split("::")[0] not in LONGEST_FIRST)
