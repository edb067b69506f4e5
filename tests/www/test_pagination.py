"""Long lists show 50 rows a page, with « Page 1 sur 2 » and links that keep the other filters."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils.html import escape

from rallye.organisations.models import Structure
from rallye.rallies.models import Rally
from tests.logins import FEDERATION, logged_in

pytestmark = pytest.mark.django_db


def test_the_rally_list_shows_fifty_rallies_a_page(mife: Structure, coordinator: Client) -> None:
    Rally.objects.bulk_create(
        Rally(structure=mife, name=f"Rallye d'essai n° {number:02d}", base_lat=45.9, base_lon=6.1)
        for number in range(60)
    )
    total = Rally.objects.filter(structure=mife).count()
    first = coordinator.get("/rallyes/").content.decode()
    assert first.count('href="/rallyes/') - first.count('href="/rallyes/nouveau') >= 50
    assert "Page 1 sur 2" in first and 'href="?page=2"' in first and "Page précédente" not in first
    second = coordinator.get("/rallyes/?page=2").content.decode()
    assert "Page 2 sur 2" in second and 'href="?page=1"' in second and "Page suivante" not in second
    shown = {
        name
        for page in (first, second)
        for name in Rally.objects.values_list("name", flat=True)
        if escape(name) in page
    }
    assert len(shown) == total  # every rally once, over the two pages
    # A page number that is not one shows the first page; one past the end, the last.
    assert "Page 1 sur 2" in coordinator.get("/rallyes/?page=abc").content.decode()
    assert "Page 2 sur 2" in coordinator.get("/rallyes/?page=99").content.decode()


def test_a_short_list_has_no_pages(coordinator: Client) -> None:
    assert "sur 1" not in coordinator.get("/rallyes/").content.decode()


def test_the_reports_page_shows_twenty_structures_a_page(mife: Structure) -> None:
    Structure.objects.bulk_create(
        Structure(federation=mife.federation, name=f"Structure d'essai n° {number:02d}") for number in range(30)
    )
    names = set(Structure.objects.filter(federation=mife.federation).values_list("name", flat=True))
    admin = logged_in(FEDERATION)
    first = admin.get("/reseau/bilans/").content.decode()
    second = admin.get("/reseau/bilans/?page=2").content.decode()
    assert "Page 1 sur 2" in first and "Page 2 sur 2" in second
    on_first = {name for name in names if f"<h3>{escape(name)}</h3>" in first}
    on_second = {name for name in names if f"<h3>{escape(name)}</h3>" in second}
    assert len(on_first) == 20 and on_first | on_second == names and not on_first & on_second
    assert "Bilan à la fédération" in second  # the federation's report stays on every page
