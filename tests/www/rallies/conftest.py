"""Fixtures of the rally workspace tests (the demo's accounts and the examples' rallies are
fixtures of ``tests/conftest.py``)."""

from __future__ import annotations

import pytest

from rallye.organisations.models import Structure
from rallye.rallies.models import Rally


@pytest.fixture
def before(mife: Structure) -> set[int]:
    """The rallies that exist before the test (the demo may hold some): tests look past them."""
    return set(Rally.objects.values_list("pk", flat=True))
