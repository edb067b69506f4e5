"""The meeting place in the rally's settings: suggestions offered, located from its address on
saving; the planner always needs it, so a service that does not answer asks for coordinates."""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.http import HttpResponseBase
from django.test import Client
from django.urls import reverse

from rallye.rallies.models import Rally
from tests.geocoder_stub import StubGeocoder

pytestmark = pytest.mark.django_db

SETTINGS = {
    "name": "Rallye pour l'emploi — Annecy, mars 2027",
    "organiser": "",
    "base_name": "Salle Sommeiller",
    "base_address": "20 rue Sommeiller 74000 Annecy",
    "base_lat": "",
    "base_lon": "",
    "visit_minutes": "60",
    "visits_min": "6",
    "visits_max": "8",
}


def text(response: HttpResponseBase) -> str:
    return html.unescape(getattr(response, "content", b"").decode())


def test_the_meeting_place_is_located_from_its_address(
    coordinator: Client, annecy: Rally, web_geocoder: StubGeocoder
) -> None:
    url = reverse("rallies:edit", args=[annecy.pk])
    page = text(coordinator.get(url))
    assert 'data-lat-field="id_base_lat"' in page and "address-suggestions.js" in page
    assert coordinator.post(url, {**SETTINGS, "edition-revision": annecy.revision}).status_code == 302
    annecy.refresh_from_db()
    assert (annecy.base_lat, annecy.base_lon) == (45.903, 6.123)


def test_an_uncertain_meeting_place_lists_the_closest(
    coordinator: Client, annecy: Rally, web_geocoder: StubGeocoder
) -> None:
    url = reverse("rallies:edit", args=[annecy.pk])
    data = {**SETTINGS, "base_address": "Place Mairie Voiron", "edition-revision": annecy.revision}
    page = text(coordinator.post(url, data))
    assert "Adresse incertaine" in page
    assert 'data-address-choices-for="id_base_address"' in page
    assert "1 Place de la Mairie 38500 Voiron — latitude" in page


def test_without_the_service_the_meeting_place_needs_coordinates(
    coordinator: Client, annecy: Rally, web_geocoder: StubGeocoder, settings: Any
) -> None:
    web_geocoder.mode = "down"
    url = reverse("rallies:edit", args=[annecy.pk])
    before = (annecy.base_lat, annecy.base_lon)
    page = text(coordinator.post(url, {**SETTINGS, "edition-revision": annecy.revision}))
    assert (
        "Pas de coordonnées pour cette adresse : le service d'adresses ne répond pas. "
        "Indiquez la latitude et la longitude." in page
    )
    annecy.refresh_from_db()
    assert (annecy.base_lat, annecy.base_lon) == before
    data = {**SETTINGS, "base_lat": "45,9", "base_lon": "6,12", "edition-revision": annecy.revision}
    assert coordinator.post(url, data).status_code == 302
