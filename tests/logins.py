"""The demo's logins, and a signed-in test client: one definition for every web test."""

from __future__ import annotations

from django.test import Client

from rallye.demo import DEMO_PASSWORD, FEDERATION_ADMIN

MIFE = "coordination@mife74.demo"
TI38 = "coordination@ti38.demo"
FEDERATION = FEDERATION_ADMIN
READER = "lecture@mife74.test"
"""A read-only member of the MIFE (the ``reader`` fixture creates them)."""


def logged_in(email: str) -> Client:
    client = Client()
    assert client.login(email=email, password=DEMO_PASSWORD)
    return client
