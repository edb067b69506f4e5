"""The history is written by the web workspace and the services: its tests run as the
workspace's do (``tests/www/conftest.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def workspace(immediate_tasks: None, data_in_tmp: Path) -> None:
    """See ``tests/conftest.py``."""
