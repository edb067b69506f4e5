"""Fixtures of the command-line tests."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def pdfs(rendered_pdfs_reused: None) -> None:
    """The demo's reports are rendered once per run (see ``tests/conftest.py``)."""
