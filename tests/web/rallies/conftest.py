"""Fixtures of the rally workspace tests: the demo accounts, a read-only member, and rallies
of both demo structures made from the Annecy example."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from pytest_django.fixtures import Settings

from rallye.demo import DEMO_PASSWORD, load_demo
from rallye.formats.load import load_rally
from rallye.organisations.models import Membership, Role, Structure, User
from rallye.rallies.conversion import save_domain_rally
from rallye.rallies.models import Rally
from tests.web.rallies.helpers import EXAMPLE_JSON, MIFE, READER, VOIRON_JSON, logged_in


@pytest.fixture(autouse=True)
def uploads_in_tmp(settings: Settings, tmp_path: Path) -> Path:
    settings.DATA_DIR = tmp_path
    return tmp_path


@pytest.fixture(autouse=True)
def fast_passwords(settings: Settings) -> None:
    """Logins in every test: a fast hasher keeps the suite quick (security is not tested here)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def mife(db: None) -> Structure:
    load_demo()
    return Structure.objects.get(name="MIFE de Haute-Savoie")


@pytest.fixture
def before(mife: Structure) -> set[int]:
    """The rallies that exist before the test (the demo may hold some): tests look past them."""
    return set(Rally.objects.values_list("pk", flat=True))


@pytest.fixture
def isere(mife: Structure) -> Structure:
    return Structure.objects.get(name__contains="Isère")


@pytest.fixture
def reader(mife: Structure) -> Client:
    """A member of the MIFE who may only read."""
    user = User.objects.create_user(READER, DEMO_PASSWORD)
    Membership.objects.create(user=user, federation=mife.federation, structure=mife, role=Role.READ_ONLY)
    return logged_in(READER)


@pytest.fixture
def coordinator(mife: Structure) -> Client:
    return logged_in(MIFE)


@pytest.fixture
def annecy(mife: Structure) -> Rally:
    """The Annecy example, in the MIFE."""
    return save_domain_rally(mife, load_rally(EXAMPLE_JSON))


@pytest.fixture
def foreign(isere: Structure) -> Rally:
    """A rally of the other structure (Isère), which the MIFE must not reach."""
    return save_domain_rally(isere, load_rally(VOIRON_JSON))
