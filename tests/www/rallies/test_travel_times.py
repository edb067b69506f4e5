"""A rally's measured travel times, edited in the web or filled from a routing service (a local
OSRM-compatible stub): what the planner then uses instead of the straight-line estimate."""

from __future__ import annotations

import html
import math

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from rallye.history.models import HistoryEntry, ObjectKind
from rallye.organisations.models import Structure
from rallye.rallies.conversion import save_domain_rally, to_domain
from rallye.rallies.models import Company, Rally, TravelTime
from tests.factories import build, rally_content
from tests.routing_stub import durations, running_stub


@pytest.fixture
def rally(mife: Structure) -> Rally:
    """Four companies around Annecy, no measured time."""
    return save_domain_rally(mife, build(rally_content(people=8, companies=4, vehicles=(5, 5))))


def _page(client: Client, rally: Rally) -> str:
    return html.unescape(client.get(reverse("rallies:travel_times", args=[rally.pk])).content.decode())


def test_a_measured_time_replaces_the_estimate(coordinator: Client, rally: Rally) -> None:
    url = reverse("rallies:travel_time_add", args=[rally.pk])
    response = coordinator.post(url, {"origin": "base", "destination": "C03", "minutes": "17"})
    assert response.status_code == 302
    assert to_domain(rally).travel_minutes == {("base", "C03"): 17}
    page = _page(coordinator, rally)
    assert "Lieu de rendez-vous (MIFE)" in page and "Clinique du Lac" in page and "17 min" in page
    entry = HistoryEntry.objects.filter(rally=rally).latest("at")
    assert (entry.object_kind, entry.object_label) == (ObjectKind.TRAVEL_TIME, "lieu de rendez-vous → C03")


def test_a_pair_measured_twice_or_going_nowhere_is_refused(coordinator: Client, rally: Rally) -> None:
    TravelTime.objects.create(rally=rally, origin="base", destination="C03", minutes=17)
    url = reverse("rallies:travel_time_add", args=[rally.pk])
    twice = coordinator.post(url, {"origin": "base", "destination": "C03", "minutes": "20"})
    assert "Ce trajet a déjà un temps mesuré" in html.unescape(twice.content.decode())
    nowhere = coordinator.post(url, {"origin": "C01", "destination": "C01", "minutes": "20"})
    assert "Choisissez une arrivée différente du départ." in html.unescape(nowhere.content.decode())
    unknown = coordinator.post(url, {"origin": "C99", "destination": "C01", "minutes": "0"})
    assert unknown.status_code == 200
    assert list(TravelTime.objects.filter(rally=rally).values_list("minutes", flat=True)) == [17]


def test_a_measured_time_is_changed_and_deleted(coordinator: Client, rally: Rally) -> None:
    item = TravelTime.objects.create(rally=rally, origin="C01", destination="C02", minutes=12)
    edit = reverse("rallies:travel_time_edit", args=[rally.pk, item.pk])
    form = coordinator.get(edit).content.decode()
    assert 'value="12"' in form
    coordinator.post(edit, {"origin": "C01", "destination": "C02", "minutes": "14", "rev-revision": "0"})
    assert to_domain(rally).travel_minutes == {("C01", "C02"): 14}
    coordinator.post(reverse("rallies:travel_time_delete", args=[rally.pk, item.pk]), {"rev-revision": "1"})
    assert to_domain(rally).travel_minutes == {}


def test_a_reader_sees_the_times_but_changes_none(reader: Client, rally: Rally) -> None:
    TravelTime.objects.create(rally=rally, origin="base", destination="C03", minutes=17)
    page = _page(reader, rally)
    assert "17 min" in page and "Ajouter un temps mesuré" not in page
    url = reverse("rallies:travel_time_add", args=[rally.pk])
    assert reader.post(url, {"origin": "base", "destination": "C01", "minutes": "9"}).status_code == 403


def test_no_routing_service_no_fill_button(coordinator: Client, rally: Rally, settings: Settings) -> None:
    settings.RALLYE_ROUTING_URL = ""
    assert "Remplir avec le service d'itinéraires" not in _page(coordinator, rally)
    response = coordinator.post(reverse("rallies:travel_times_fill", args=[rally.pk]), follow=True)
    assert "Aucun service d'itinéraires n'est configuré" in html.unescape(response.content.decode())
    assert not TravelTime.objects.filter(rally=rally).exists()


def test_filled_from_the_routing_service(coordinator: Client, rally: Rally, settings: Settings) -> None:
    TravelTime.objects.create(rally=rally, origin="base", destination="C01", minutes=99)
    with running_stub() as stub:
        settings.RALLYE_ROUTING_URL = stub.url
        assert "Remplir avec le service d'itinéraires" in _page(coordinator, rally)
        response = coordinator.post(reverse("rallies:travel_times_fill", args=[rally.pk]), follow=True)
    assert len(stub.paths) == 1
    assert "20 temps de trajet remplis par le service d'itinéraires." in html.unescape(response.content.decode())
    data = to_domain(rally)
    places = [("base", data.base.lon, data.base.lat), *((c.id, c.lon, c.lat) for c in data.companies)]
    seconds = durations([(lon, lat) for _, lon, lat in places])
    expected = {
        (a, b): max(math.ceil(seconds[i][j] / 60), 1)  # type: ignore[operator]
        for i, (a, _, _) in enumerate(places)
        for j, (b, _, _) in enumerate(places)
        if i != j
    }
    assert data.travel_minutes == expected
    entry = HistoryEntry.objects.filter(rally=rally).latest("at")
    assert entry.summary == "20 temps de trajet remplis par le service d'itinéraires"


def test_an_unlocated_company_gets_no_time(coordinator: Client, rally: Rally, settings: Settings) -> None:
    Company.objects.filter(rally=rally, code="C04").update(lat=None, lon=None)
    with running_stub() as stub:
        settings.RALLYE_ROUTING_URL = stub.url
        response = coordinator.post(reverse("rallies:travel_times_fill", args=[rally.pk]), follow=True)
    page = html.unescape(response.content.decode())
    assert "12 temps de trajet remplis" in page
    assert "Sans coordonnées, donc sans temps de trajet : Brasserie du Pâquier." in page


def test_a_failing_routing_service_changes_nothing(coordinator: Client, rally: Rally, settings: Settings) -> None:
    TravelTime.objects.create(rally=rally, origin="base", destination="C01", minutes=9)
    with running_stub() as stub:
        stub.mode = "down"
        settings.RALLYE_ROUTING_URL = stub.url
        response = coordinator.post(reverse("rallies:travel_times_fill", args=[rally.pk]), follow=True)
    assert "Rien n'a changé : le service d'itinéraires ne répond pas." in html.unescape(response.content.decode())
    assert list(TravelTime.objects.filter(rally=rally).values_list("minutes", flat=True)) == [9]
