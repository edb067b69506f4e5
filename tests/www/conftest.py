"""Every test of the web workspace (``rallye.www``): background tasks run at once, files go to a
temporary folder, and the demo's documents and reports are rendered once per run. The demo's
structures and logins are fixtures of ``tests/conftest.py``."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def workspace(immediate_tasks: None, data_in_tmp: Path, rendered_pdfs_reused: None) -> None:
    """What every page test needs (see ``tests/conftest.py``)."""
