"""Fixtures of every web test: background tasks run immediately, in the test's own thread;
files go to a temporary data directory; the demo's MIFE and Isère structures, a coordinator and
a read-only member of the MIFE."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from pytest_django.fixtures import Settings

from rallye.demo import DEMO_PASSWORD, load_demo
from rallye.organisations.models import Membership, Role, Structure, User
from rallye.rallies.models import Rally
from tests.web.logins import MIFE, READER, logged_in


@pytest.fixture(autouse=True)
def pdfs(rendered_pdfs_reused: None) -> None:
    """The demo's documents and reports are rendered once per run (see ``tests/conftest.py``)."""


@pytest.fixture(autouse=True)
def immediate_tasks(settings: Settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def mife_rally() -> Rally:
    """The demo loaded, and its upcoming Annecy rally (planned, with companies and people)."""
    load_demo()
    return Rally.objects.get(name="Rallye pour l'emploi — Annecy, mars 2027")


@pytest.fixture(autouse=True)
def data_in_tmp(settings: Settings, tmp_path: Path) -> Path:
    """Uploads, pseudonym key and exports of a test go to its own folder."""
    settings.DATA_DIR = tmp_path
    return tmp_path


@pytest.fixture
def mife(db: None) -> Structure:
    load_demo()
    return Structure.objects.get(name="MIFE de Haute-Savoie")


@pytest.fixture
def isere(mife: Structure) -> Structure:
    return Structure.objects.get(name__contains="Isère")


@pytest.fixture
def coordinator(mife: Structure) -> Client:
    return logged_in(MIFE)


@pytest.fixture
def reader(mife: Structure) -> Client:
    """A member of the MIFE who may only read."""
    user = User.objects.create_user(READER, DEMO_PASSWORD)
    Membership.objects.create(user=user, federation=mife.federation, structure=mife, role=Role.READ_ONLY)
    return logged_in(READER)
