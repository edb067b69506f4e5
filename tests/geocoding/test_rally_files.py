"""Rally files whose places have an address and no coordinates: located once per distinct
address, never placed when the service does not know the address, refused when it is off."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from rallye.formats.places import AddressBook, to_locate
from rallye.formats.problems import InvalidInput, json_locator
from rallye.formats.rally_input import validate_rally
from rallye.formats.rally_xlsx import read_rally_xlsx, write_rally_xlsx
from rallye.formats.schemas import RALLY_SCHEMA, schema_errors
from rallye.geocoding import Geocoder
from tests.factories import build, rally_content
from tests.geocoder_stub import UNUSED_URL, StubGeocoder

PAIX = "12 rue de la Paix, 74000 Annecy"


def addressed(content: dict[str, Any], **addresses: str) -> dict[str, Any]:
    """``content`` with these companies (by id) given by their address only; ``base`` too."""
    for place in [content["rally"]["base"], *content["companies"]]:
        address = addresses.get("base" if place is content["rally"]["base"] else place["id"])
        if address is not None:
            place["address"] = address
            del place["lat"], place["lon"]
    return content


def problems(content: dict[str, Any], book: AddressBook | None) -> list[str]:
    with pytest.raises(InvalidInput) as raised:
        validate_rally(content, json_locator("rally.json"), places=book)
    return [str(p) for p in raised.value.problems]


def test_places_are_located_once_per_distinct_address(stub: StubGeocoder) -> None:
    same = " 12 Rue de la PAIX,  74000 annecy"
    content = addressed(rally_content(), base="3 avenue de Genève Annecy", C01=PAIX, C02=same)
    book = AddressBook(Geocoder(stub.url))
    rally = validate_rally(content, json_locator("rally.json"), places=book)
    assert (rally.base.lat, rally.base.lon) == (45.9100, 6.1300)
    assert (rally.companies[0].lat, rally.companies[0].lon) == (45.9010, 6.1250)
    assert (rally.companies[1].lat, rally.companies[1].lon) == (45.9010, 6.1250)
    assert rally.companies[0].address == PAIX
    assert len(stub.queries) == book.asked == 2
    assert [(p.where, p.found.label) for p in book.located] == [
        ("rally.json, rally.base", "3 Avenue de Genève 74000 Annecy"),
        ("rally.json, companies[0]", "12 Rue de la Paix 74000 Annecy"),
        ("rally.json, companies[1]", "12 Rue de la Paix 74000 Annecy"),
    ]


def test_a_place_with_coordinates_is_never_asked(stub: StubGeocoder) -> None:
    book = AddressBook(Geocoder(stub.url))
    validate_rally(rally_content(), json_locator("rally.json"), places=book)
    assert stub.queries == [] and book.located == []


def test_a_low_score_is_placed_and_flagged(stub: StubGeocoder) -> None:
    book = AddressBook(Geocoder(stub.url))
    validate_rally(addressed(rally_content(), C03="Place Mairie Voiron"), json_locator("rally.json"), places=book)
    [located] = book.located
    assert located.found.label == "1 Place de la Mairie 38500 Voiron" and located.low


def test_an_unknown_address_is_never_placed_and_lists_the_closest(stub: StubGeocoder) -> None:
    content = addressed(rally_content(), C01="Annecy", C02="Rue Imaginaire 99999 Nullepart")
    found = problems(content, AddressBook(Geocoder(stub.url)))
    assert len(found) == 2
    assert found[0].startswith("rally.json, companies[0].address : adresse « Annecy » introuvable (les plus proches")
    assert "corrigez l'adresse ou indiquez la latitude et la longitude" in found[0]
    assert found[1] == (
        "rally.json, companies[1].address : adresse « Rue Imaginaire 99999 Nullepart » introuvable ; "
        "corrigez l'adresse ou indiquez la latitude et la longitude"
    )


@pytest.mark.parametrize("mode", ["down", "garbage"])
def test_a_failing_service_names_every_place_without_coordinates(stub: StubGeocoder, mode: str) -> None:
    stub.mode = mode
    content = addressed(rally_content(), base=PAIX, C04="8 rue du Lac Annecy-le-Vieux")
    found = problems(content, AddressBook(Geocoder(stub.url)))
    assert [p.split(" : ")[0] for p in found] == ["rally.json, rally.base.address", "rally.json, companies[3].address"]
    assert len(stub.queries) == 1  # the first failure stops the asking


def test_without_geocoder_every_place_to_locate_is_a_problem() -> None:
    content = addressed(rally_content(), C01=PAIX)
    [off] = problems(content, AddressBook(None))
    assert off == (
        f"rally.json, companies[0].address : « {PAIX} » n'a pas de coordonnées et la recherche d'adresses est "
        "désactivée ; indiquez la latitude et la longitude de ce lieu"
    )
    [pending] = problems(content, None)
    assert "est à localiser" in pending


def test_a_place_with_one_coordinate_is_not_located(stub: StubGeocoder) -> None:
    content = rally_content()
    content["companies"][0]["address"] = PAIX
    del content["companies"][0]["lat"]
    found = problems(content, AddressBook(Geocoder(stub.url)))
    assert found == ["rally.json, companies[0].lat : valeur manquante ; indiquez une latitude"]
    assert stub.queries == []


def test_a_place_with_neither_address_nor_coordinates_says_both_ways() -> None:
    content = rally_content()
    del content["companies"][0]["lat"], content["companies"][0]["lon"]
    found = problems(content, AddressBook(Geocoder(UNUSED_URL)))
    assert "indiquez la latitude, ou seulement l'adresse du lieu" in found[0]


def test_the_workbook_locates_its_places(stub: StubGeocoder, tmp_path: Path) -> None:
    path = tmp_path / "rally.xlsx"
    write_rally_xlsx(build(rally_content()), path)
    import openpyxl

    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Entreprises"]
    headers = [c.value for c in sheet[1]]
    row = 2
    assert sheet.cell(row, 1).value == "C01"
    sheet.cell(row, headers.index("Adresse") + 1, "20 rue Sommeiller Annecy")
    sheet.cell(row, headers.index("Latitude") + 1).value = None
    sheet.cell(row, headers.index("Longitude") + 1).value = None
    workbook.save(path)
    book = AddressBook(Geocoder(stub.url))
    rally = read_rally_xlsx(path, places=book)
    assert (rally.companies[0].lat, rally.companies[0].lon) == (45.9030, 6.1230)
    [located] = book.located
    assert located.where == "rally.xlsx, feuille « Entreprises », ligne 2 (C01, Atelier Mécanique du Fier)"
    stub.mode = "down"
    with pytest.raises(InvalidInput) as raised:
        read_rally_xlsx(path, places=AddressBook(Geocoder(stub.url)))
    [problem] = raised.value.problems
    assert (
        problem.where
        == "rally.xlsx, feuille « Entreprises », ligne 2 (C01, Atelier Mécanique du Fier), colonne « Adresse »"
    )
    assert "le service d'adresses ne répond pas" in problem.message


def test_the_schema_accepts_an_address_instead_of_coordinates() -> None:
    content = addressed(rally_content(), base=PAIX, C01=PAIX)
    assert schema_errors(content, RALLY_SCHEMA) == []
    del content["companies"][0]["address"]
    assert schema_errors(content, RALLY_SCHEMA)
    content["companies"][0]["lat"] = 45.9
    assert schema_errors(content, RALLY_SCHEMA)  # a latitude without its longitude


def test_to_locate_lists_the_places_to_locate() -> None:
    content = addressed(rally_content(), base=PAIX, C05="x")
    assert list(to_locate(content)) == [(("rally", "base"), PAIX), (("companies", 4), "x")]
    assert list(to_locate(["not", "content"])) == []
