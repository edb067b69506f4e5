"""Fixtures of the evaluation pages' tests: the demo accounts plus a read-only member and an
evaluator, and a fresh rally of each demo structure (Annecy for the MIFE, Voiron for the Isère
network); ``held`` is the Annecy rally moved to dates that are past whatever the day."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from rallye.demo import DEMO_PASSWORD, FEDERATION_ADMIN
from rallye.organisations.models import Membership, Role, Structure, User
from rallye.rallies.models import Rally
from tests.logins import TI38, logged_in
from tests.www.evaluation.helpers import HELD_LAST_DAY, end_rally_on

EVALUATOR = "evaluation@crepi.test"


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    """The private links' rate limits count in the cache: each test starts from zero."""
    cache.clear()


@pytest.fixture
def held(annecy: Rally) -> Rally:
    """The Annecy copy, already held: 16 to 19 March 2026 (its follow-up due on 19 September 2026)."""
    end_rally_on(annecy, HELD_LAST_DAY)
    return annecy


@pytest.fixture
def other_coordinator(mife: Structure) -> Client:
    return logged_in(TI38)


@pytest.fixture
def federation_admin(mife: Structure) -> Client:
    return logged_in(FEDERATION_ADMIN)


@pytest.fixture
def evaluator(mife: Structure) -> Client:
    """An evaluator of the federation: pseudonymised data only, no structure page."""
    user = User.objects.create_user(EVALUATOR, DEMO_PASSWORD)
    Membership.objects.create(user=user, federation=mife.federation, structure=None, role=Role.EVALUATOR)
    return logged_in(EVALUATOR)
