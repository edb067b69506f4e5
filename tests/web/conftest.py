"""Web tests run background tasks immediately, in the test's own thread."""

from __future__ import annotations

import pytest
from pytest_django.fixtures import Settings

from rallye.demo import load_demo
from rallye.rallies.models import Rally


@pytest.fixture(autouse=True)
def immediate_tasks(settings: Settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def mife_rally() -> Rally:
    """The demo loaded, and its upcoming Annecy rally (planned, with companies and people)."""
    load_demo()
    return Rally.objects.get(name="Rallye pour l'emploi — Annecy, mars 2027")
