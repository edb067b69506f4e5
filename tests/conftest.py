"""Fixtures shared by every test package."""

from __future__ import annotations

import pytest
from pytest_django.fixtures import Settings

from rallye.domain.rally import Rally
from tests.factories import build, rally_content


@pytest.fixture
def small_rally() -> Rally:
    return build(rally_content())


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Settings) -> None:
    """Tests create and log in demo users by the dozen: a fast hasher keeps them quick (the real
    one stays in production settings)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
