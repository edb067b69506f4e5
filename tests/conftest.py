"""Fixtures shared by every test package."""

from __future__ import annotations

import pytest
from hypothesis import settings as hypothesis_settings
from pytest_django.fixtures import Settings

from rallye.domain.rally import Rally
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
