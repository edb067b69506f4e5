"""Importing a workbook whose places have an address and no coordinates: the preview shows what
was found and its score, flags low scores for confirmation, and the import stays all or nothing."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.http import HttpResponseBase
from django.test import Client
from django.urls import reverse

from rallye.formats.rally_xlsx import write_rally_xlsx
from rallye.rallies.conversion import to_domain
from rallye.rallies.models import Company, Rally
from tests.geocoder_stub import StubGeocoder

pytestmark = pytest.mark.django_db

ADDRESSES = {
    "C01": "12 rue de la Paix Annecy",
    "C02": "12 rue de la Paix Annecy",  # the same address: asked once
    "C03": "Place Mairie Voiron",  # found with a low score
}


def text(response: HttpResponseBase) -> str:
    return html.unescape(getattr(response, "content", b"").decode())


def workbook(rally: Rally, folder: Path, addresses: dict[str, str]) -> Path:
    """The rally exported as a workbook, these companies given by their address only."""
    path = folder / "rallye.xlsx"
    write_rally_xlsx(to_domain(rally), path)
    book = openpyxl.load_workbook(path)
    sheet = book["Entreprises"]
    headers = [c.value for c in sheet[1]]
    for row in range(2, sheet.max_row + 1):
        code = str(sheet.cell(row, 1).value)
        if code in addresses:
            sheet.cell(row, headers.index("Adresse") + 1).value = addresses[code]
            sheet.cell(row, headers.index("Latitude") + 1).value = None
            sheet.cell(row, headers.index("Longitude") + 1).value = None
    book.save(path)
    return path


def upload(client: Client, rally: Rally, path: Path) -> str:
    with path.open("rb") as file:
        response = client.post(reverse("rallies:import", args=[rally.pk]), {"file": file})
    assert response.status_code == 302, text(response)
    return str(response["Location"])


def test_the_preview_shows_each_place_found_and_flags_low_scores(
    coordinator: Client, annecy: Rally, web_geocoder: StubGeocoder, tmp_path: Path
) -> None:
    preview = upload(coordinator, annecy, workbook(annecy, tmp_path, ADDRESSES))
    page = text(coordinator.get(preview))
    assert "Lieux localisés d'après leur adresse" in page
    assert "1 adresse à vérifier" in page
    assert "rallye.xlsx, feuille « Entreprises », ligne 2" in page
    assert "<td>Entreprise C01 — Usinage Fier Précision<br>" in page
    assert "12 Rue de la Paix 74000 Annecy" in page and "0,86" in page
    assert "1 Place de la Mairie 38500 Voiron" in page and "0,43" in page and "à vérifier" in page
    assert sorted(web_geocoder.queries) == ["12 rue de la Paix Annecy", "Place Mairie Voiron"]

    # Confirming without ticking the box imports nothing and says why.
    refused = coordinator.post(preview, {"action": "confirm"})
    assert refused.status_code == 200
    assert "Rien n'est importé : cochez la case" in text(refused)
    assert Company.objects.get(rally=annecy, code="C01").address != ADDRESSES["C01"]

    # Confirmed: what the preview showed is saved, without asking the service again.
    done = coordinator.post(preview, {"action": "confirm", "places_checked": "on"})
    assert done.status_code == 302, text(done)
    assert len(web_geocoder.queries) == 2
    c01, c03 = Company.objects.get(rally=annecy, code="C01"), Company.objects.get(rally=annecy, code="C03")
    assert (c01.address, c01.lat, c01.lon) == (ADDRESSES["C01"], 45.901, 6.125)
    assert (c03.lat, c03.lon) == (45.364, 5.59)


def test_sure_places_need_no_box(
    coordinator: Client, annecy: Rally, web_geocoder: StubGeocoder, tmp_path: Path
) -> None:
    preview = upload(coordinator, annecy, workbook(annecy, tmp_path, {"C01": "20 rue Sommeiller 74000 Annecy"}))
    page = text(coordinator.get(preview))
    assert "à vérifier" not in page and 'name="places_checked"' not in page
    assert coordinator.post(preview, {"action": "confirm"}).status_code == 302
    assert Company.objects.get(rally=annecy, code="C01").lat == 45.903


@pytest.mark.parametrize("mode", ["down", "slow"])
def test_an_unanswering_service_imports_nothing_and_names_each_place(
    coordinator: Client, annecy: Rally, web_geocoder: StubGeocoder, tmp_path: Path, mode: str, monkeypatch: Any
) -> None:
    web_geocoder.mode = mode
    web_geocoder.delay = 1.0
    monkeypatch.setattr("rallye.www.rallies.addresses.TIMEOUT", 0.2)
    before = list(Company.objects.filter(rally=annecy).values_list("code", "lat"))
    preview = upload(coordinator, annecy, workbook(annecy, tmp_path, ADDRESSES))
    page = text(coordinator.get(preview))
    assert "ne peut pas être importé tel quel" in page and "3 problèmes" in page
    for row, company in ((2, "C01, Usinage Fier Précision"), (3, "C02, Jardinerie"), (4, "C03, Résidence")):
        assert f"feuille « Entreprises », ligne {row} ({company}" in page
    assert page.count("le service d'adresses ne répond pas") == 3
    assert coordinator.post(preview, {"action": "confirm", "places_checked": "on"}).status_code == 200
    assert list(Company.objects.filter(rally=annecy).values_list("code", "lat")) == before


def test_an_unknown_address_imports_nothing_and_lists_the_closest(
    coordinator: Client, annecy: Rally, web_geocoder: StubGeocoder, tmp_path: Path
) -> None:
    preview = upload(coordinator, annecy, workbook(annecy, tmp_path, {"C01": "Annecy"}))
    page = text(coordinator.get(preview))
    assert "adresse « Annecy » introuvable (les plus proches : «" in page
