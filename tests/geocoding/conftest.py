"""The stub geocoder each test of this folder may use (on 127.0.0.1, never the internet)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import Client
from pytest_django.fixtures import Settings

from rallye.formats.load import load_rally
from rallye.organisations.models import Structure
from rallye.rallies.conversion import save_domain_rally
from rallye.rallies.models import Rally
from tests.conftest import demo_loaded
from tests.geocoder_stub import StubGeocoder, running_stub
from tests.logins import MIFE, logged_in

EXAMPLE_JSON = Path(__file__).parents[2] / "examples" / "annecy-2027" / "rally.json"


@pytest.fixture
def stub() -> Iterator[StubGeocoder]:
    with running_stub() as running:
        yield running


@pytest.fixture
def web_geocoder(stub: StubGeocoder, settings: Settings) -> StubGeocoder:
    """The web's address service is the stub."""
    settings.RALLYE_GEOCODER_URL = stub.url
    return stub


@pytest.fixture
def annecy(db: None, settings: Settings, tmp_path: Path) -> Rally:
    """The Annecy example in the demo's MIFE; files of the test go to its own folder."""
    settings.DATA_DIR = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    demo_loaded()
    mife = Structure.objects.get(name="MIFE de Haute-Savoie")
    return save_domain_rally(mife, load_rally(EXAMPLE_JSON))


@pytest.fixture
def coordinator(annecy: Rally) -> Client:
    return logged_in(MIFE)
