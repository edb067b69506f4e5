"""Fixtures shared by every test package."""

from __future__ import annotations

import pytest

from rallye.domain.rally import Rally
from tests.factories import build, rally_content


@pytest.fixture
def small_rally() -> Rally:
    return build(rally_content())
