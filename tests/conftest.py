"""Fixtures shared by every test package."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import settings as hypothesis_settings
from pytest_django.fixtures import Settings

from rallye.domain.rally import Rally
from rallye.organisations.scoping import scopes_disabled
from tests.factories import build, rally_content

# Property tests draw the same examples on every run: a failure is reproducible and no run
# depends on chance or on the machine's speed.
hypothesis_settings.register_profile("rallye", derandomize=True, deadline=None, print_blob=True)
hypothesis_settings.load_profile("rallye")


@pytest.fixture
def small_rally() -> Rally:
    return build(rally_content())


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Settings) -> None:
    """Tests create and log in demo users by the dozen: a fast hasher keeps them quick (the real
    one stays in production settings)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The test database, as pytest-django makes it; before it is dropped, connections still
    open from threads that outlived their test (a request of the live server still running when
    its browser tab closed) are closed, so that PostgreSQL lets the database go."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    connection.close()


@pytest.fixture(scope="session", autouse=True)
def test_code_reads_every_structure() -> Iterator[None]:
    """The tests' own code (fixtures, assertions) reads tenant data without a scope, as the
    operator does; every request they make is scoped by the middleware, so a view that reads
    tenant data outside its scope fails (``rallye.organisations.scoping``)."""
    with scopes_disabled():
        yield


@pytest.fixture(autouse=True)
def deterministic_solves(settings: Settings) -> None:
    """Solves launched through the workspace use one search worker: the time limit then counts
    CP-SAT's deterministic time, so a test finds the same plan however busy the machine is."""
    settings.RALLYE_SOLVER_WORKERS = 1
    settings.RALLYE_SOLVER_SEED = 0
