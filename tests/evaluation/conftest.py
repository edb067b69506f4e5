"""Service tests of the evaluation package run on the demo database plus a past rally's data."""

from __future__ import annotations

import pytest

from tests.evaluation.people import Season, build_season


@pytest.fixture
def season(db: None) -> Season:
    return build_season()
