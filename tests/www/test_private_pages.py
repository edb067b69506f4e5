"""Pages of personal data are never kept by a browser or a proxy; the pseudonym key must be long."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from pytest_django.fixtures import Settings

from rallye.demo import DEMO_PASSWORD
from rallye.evaluation import pseudonyms
from rallye.rallies.models import Rally

pytestmark = pytest.mark.django_db


def test_signed_in_pages_are_not_stored(mife_rally: Rally) -> None:
    client = Client()
    assert client.login(email="coordination@mife74.demo", password=DEMO_PASSWORD)
    for url in (f"/rallyes/{mife_rally.pk}/participants/", f"/rallyes/{mife_rally.pk}/export/rallye.xlsx"):
        cache = client.get(url)["Cache-Control"]
        assert "no-store" in cache and "private" in cache, url


def test_a_short_pseudonym_key_is_refused(settings: Settings) -> None:
    settings.PSEUDONYM_KEY = "court"
    pseudonyms._key.cache_clear()
    try:
        with pytest.raises(ImproperlyConfigured, match="trop courte"):
            pseudonyms.pseudonym("participant", 1)
    finally:
        pseudonyms._key.cache_clear()
