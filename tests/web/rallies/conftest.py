"""Fixtures of the rally workspace tests: the demo accounts, a read-only member, and rallies
of both demo structures made from the Annecy example."""

from __future__ import annotations

import pytest

from rallye.formats.load import load_rally
from rallye.organisations.models import Structure
from rallye.rallies.conversion import save_domain_rally
from rallye.rallies.models import Rally
from tests.web.rallies.helpers import EXAMPLE_JSON, VOIRON_JSON


@pytest.fixture
def before(mife: Structure) -> set[int]:
    """The rallies that exist before the test (the demo may hold some): tests look past them."""
    return set(Rally.objects.values_list("pk", flat=True))


@pytest.fixture
def annecy(mife: Structure) -> Rally:
    """The Annecy example, in the MIFE."""
    return save_domain_rally(mife, load_rally(EXAMPLE_JSON))


@pytest.fixture
def foreign(isere: Structure) -> Rally:
    """A rally of the other structure (Isère), which the MIFE must not reach."""
    return save_domain_rally(isere, load_rally(VOIRON_JSON))
