"""Fixtures of the network space tests: the demo federation with its two planned rallies, a past
rally of the MIFE (2011) with some six-month outcomes, a funder, and one login per role."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from django.test import Client
from pytest_django.fixtures import Settings

from rallye.demo import DEMO_PASSWORD
from rallye.demo_season import save_planned_rally
from rallye.domain.outcomes import Outcome
from rallye.evaluation.models import FollowUp, Funder, Funding, RallyReporting
from rallye.formats.load import load_rally
from rallye.organisations.models import Federation, Membership, Role, Structure, StructureKind, User
from rallye.rallies.conversion import save_domain_rally
from rallye.rallies.models import Rally
from tests.logins import FEDERATION, logged_in

EXAMPLES = Path(__file__).parents[3] / "examples"
EVALUATOR = "evaluation@crepi.test"
OTHER_ADMIN = "federation@autre.test"
PAST_YEAR = 2011
PAST_OUTCOMES = (Outcome.CDI, Outcome.TRAINING, Outcome.NO_SOLUTION, Outcome.LOST)
"""Outcomes recorded for the first four participants of the past rally: 2 solutions out of 4."""


@pytest.fixture(autouse=True)
def pseudonym_key(settings: Settings) -> None:
    settings.PSEUDONYM_KEY = "clé-de-test-du-réseau-assez-longue-0123456789"


def planned_rally(structure: Structure, example: str) -> Rally:
    """An example rally with its plan as the current version (as the demo makes them)."""
    folder = EXAMPLES / example
    plan = json.loads((folder / "plan.json").read_text(encoding="utf-8"))
    return save_planned_rally(structure, load_rally(folder / "rally.json"), plan)


@pytest.fixture
def annecy(mife: Structure) -> Rally:
    """A planned rally of the MIFE (March 2027)."""
    return planned_rally(mife, "annecy-2027")


@pytest.fixture
def voiron(isere: Structure) -> Rally:
    """A planned rally of the other structure (May 2027)."""
    return planned_rally(isere, "voiron-2027")


@pytest.fixture
def past(mife: Structure) -> Rally:
    """The MIFE's example rally moved to 2011 (its first rally), without plan, reported to the
    Ansa, with four six-month outcomes."""
    rally = save_domain_rally(mife, load_rally(EXAMPLES / "annecy-2027" / "rally.json"))
    rally.name = "Rallye pour l'emploi — Annecy 2011"
    rally.save(update_fields=["name"])
    shift = rally.sessions.first().date.year - PAST_YEAR  # type: ignore[union-attr]
    for session in rally.sessions.all():
        session.date = session.date.replace(year=PAST_YEAR)
        session.save(update_fields=["date"])
    for participant in rally.participants.all():  # people of the same ages as in the example
        participant.birth_year -= shift
        participant.save(update_fields=["birth_year"])
    for participant, outcome in zip(rally.participants.order_by("code"), PAST_OUTCOMES, strict=False):
        FollowUp.objects.create(participant=participant, outcome=outcome, recorded_on=dt.date(PAST_YEAR, 10, 1))
    RallyReporting.objects.create(rally=rally, ansa_report_on=dt.date(PAST_YEAR, 6, 1))
    return rally


@pytest.fixture
def funder(mife: Structure, past: Rally) -> Funder:
    funder = Funder.objects.create(structure=mife, name="Fonds local pour l'emploi (test)", contact_name="Odile Test")
    Funding.objects.create(rally=past, funder=funder)
    return funder


@pytest.fixture
def evaluator(mife: Structure) -> Client:
    user = User.objects.create_user(EVALUATOR, DEMO_PASSWORD, first_name="Eva", last_name="Luatrice")
    Membership.objects.create(user=user, federation=mife.federation, structure=None, role=Role.EVALUATOR)
    return logged_in(EVALUATOR)


@pytest.fixture
def admin(mife: Structure) -> Client:
    return logged_in(FEDERATION)


@pytest.fixture
def other_admin(db: None) -> Client:
    """The administrator of another federation, with a structure of its own."""
    federation = Federation.objects.create(name="Autre fédération")
    Structure.objects.create(federation=federation, name="Club d'ailleurs", kind=StructureKind.CREPI)
    user = User.objects.create_user(OTHER_ADMIN, DEMO_PASSWORD)
    Membership.objects.create(user=user, federation=federation, structure=None, role=Role.FEDERATION_ADMIN)
    return logged_in(OTHER_ADMIN)
