"""Fixtures of the company directory's tests: the demo's MIFE, its coordinator, files in a
temporary folder (the shared fixtures live in ``tests/conftest.py`` and ``tests/web/logins.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from pytest_django.fixtures import Settings

from rallye.demo import DEMO_PASSWORD, load_demo
from rallye.organisations.models import Membership, Role, Structure, User
from rallye.rallies.models import Rally
from tests.web.logins import MIFE, logged_in

READER = "lecture-annuaire@mife74.test"


@pytest.fixture(autouse=True)
def files_in_tmp(settings: Settings, tmp_path: Path) -> Path:
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
def mife_rally(mife: Structure) -> Rally:
    return Rally.objects.filter(structure=mife).order_by("-created_at").first()  # type: ignore[return-value]


@pytest.fixture
def coordinator(mife: Structure) -> Client:
    return logged_in(MIFE)


@pytest.fixture
def reader(mife: Structure) -> Client:
    user = User.objects.create_user(READER, DEMO_PASSWORD)
    Membership.objects.create(user=user, federation=mife.federation, structure=mife, role=Role.READ_ONLY)
    return logged_in(READER)
