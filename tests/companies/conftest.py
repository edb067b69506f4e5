"""Fixtures of the company directory's tests: the demo's MIFE, its coordinator, files in a
temporary folder (the shared fixtures live in ``tests/conftest.py`` and ``tests/logins.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from pytest_django.fixtures import Settings

from rallye.demo import DEMO_PASSWORD
from rallye.organisations.models import Membership, Role, Structure, User
from tests.logins import MIFE, logged_in

READER = "lecture-annuaire@mife74.test"


@pytest.fixture(autouse=True)
def files_in_tmp(settings: Settings, tmp_path: Path) -> Path:
    settings.DATA_DIR = tmp_path
    return tmp_path


@pytest.fixture
def coordinator(mife: Structure) -> Client:
    return logged_in(MIFE)


@pytest.fixture
def reader(mife: Structure) -> Client:
    user = User.objects.create_user(READER, DEMO_PASSWORD)
    Membership.objects.create(user=user, federation=mife.federation, structure=mife, role=Role.READ_ONLY)
    return logged_in(READER)
