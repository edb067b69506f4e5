"""The stub geocoder each test of this folder may use (on 127.0.0.1, never the internet)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.geocoder_stub import StubGeocoder, running_stub


@pytest.fixture
def stub() -> Iterator[StubGeocoder]:
    with running_stub() as running:
        yield running
