"""On a phone (360 px), an organiser types a company's address, picks a suggestion of the
address service (the local stub), and the latitude and longitude fill in; a tap on the map
moves the pin and the coordinates with it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from rallye.demo import load_demo
from rallye.rallies.models import Company, Rally
from tests.browser.test_network_journey import log_in
from tests.geocoder_stub import StubGeocoder, running_stub

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def geocoder(settings: Any) -> Iterator[StubGeocoder]:
    with running_stub() as stub:
        settings.RALLYE_GEOCODER_URL = stub.url
        settings.RALLYE_TILES_URL = ""  # a blank map: no tile server
        yield stub


def test_picking_a_suggestion_fills_the_coordinates_on_a_phone(page: Any, geocoder: StubGeocoder) -> None:
    load_demo()
    rally = Rally.objects.get(name="Rallye pour l'emploi — Annecy, mars 2027")
    page.set_viewport_size({"width": 360, "height": 800})
    log_in(page, "coordination@mife74.demo")
    page.goto(f"/rallyes/{rally.pk}/entreprises/ajouter/")

    page.locator("#id_code").fill("C40")
    page.locator("#id_name").fill("Librairie du Pâquier")
    page.locator("#id_sector").fill("Commerce")
    page.locator("#id_capacity").fill("8")
    page.locator("#id_address").press_sequentially("rue de la Paix Annecy", delay=20)
    choice = page.get_by_role("button", name="12 Rue de la Paix 74000 Annecy")
    choice.wait_for()
    assert "adresse proposée" in page.locator("#id_address-suggestions-status").inner_text()
    box = choice.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360  # the suggestions fit a phone's width
    choice.click()
    assert page.locator("#id_address").input_value() == "12 Rue de la Paix 74000 Annecy"
    assert page.locator("#id_lat").input_value() == "45,901"
    assert page.locator("#id_lon").input_value() == "6,125"
    status = page.locator("#id_address-suggestions-status").bounding_box()
    assert status["x"] + status["width"] <= 360

    assert page.locator("#pin-map .leaflet-marker-icon").count() == 1  # the pin follows the pick

    # A tap on the map moves the pin, and the coordinates with it.
    page.locator("#pin-map").scroll_into_view_if_needed()
    area = page.locator("#pin-map").bounding_box()
    page.mouse.click(area["x"] + 150, area["y"] + area["height"] / 2 + 30)
    lat, lon = page.locator("#id_lat").input_value(), page.locator("#id_lon").input_value()
    assert lat != "45,901" and lon != "6,125"
    assert abs(float(lat.replace(",", ".")) - 45.901) < 0.01 and abs(float(lon.replace(",", ".")) - 6.125) < 0.01
    assert "Position placée sur la carte" in page.locator("#pin-map-status").inner_text()

    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(f"**/rallyes/{rally.pk}/entreprises/")
    company = Company.objects.get(rally=rally, code="C40")
    assert company.address == "12 Rue de la Paix 74000 Annecy"
    assert (company.lat, company.lon) == (float(lat.replace(",", ".")), float(lon.replace(",", ".")))
