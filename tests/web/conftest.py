"""Tests of the site's settings and infrastructure (``rallye.web``): background tasks run at once
and files go to a temporary folder, as for the workspace's tests."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def site(immediate_tasks: None, data_in_tmp: Path) -> None:
    """See ``tests/conftest.py``."""
