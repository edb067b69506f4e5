"""Logins for the personal data pages: the demo's, plus an evaluator and read-only and member
users of the MIFE."""

from __future__ import annotations

import pytest

from rallye.demo import DEMO_PASSWORD
from rallye.organisations.models import Membership, Role, User
from rallye.rallies.models import Rally
from tests.evaluation.people import Season, build_season
from tests.logins import FEDERATION, READER

EVALUATOR = "evaluation@personal-data.test"
MEMBER = "membre@mife74.test"


def add_user(email: str, role: Role, rally: Rally | None = None) -> None:
    user = User.objects.create_user(email, DEMO_PASSWORD)
    federation = Membership.objects.get(user__email=FEDERATION).federation
    structure = rally.structure if rally is not None else None
    Membership.objects.create(user=user, federation=federation, structure=structure, role=role)


@pytest.fixture
def season(db: None) -> Season:
    season = build_season()
    add_user(EVALUATOR, Role.EVALUATOR)
    add_user(READER, Role.READ_ONLY, season.rally)
    add_user(MEMBER, Role.MEMBER, season.rally)
    return season
