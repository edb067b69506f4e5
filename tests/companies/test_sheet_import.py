"""A partner's tracking sheet imported into the directory: columns guessed and mapped by the
user, a preview, duplicates (SIRET, or name and town) skipped, and any error importing nothing,
each problem named by line and column; broken files say so in French, never a 500."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from rallye.companies.models import DirectoryChange, DirectoryCompany
from rallye.formats.limits import MAX_ROWS
from rallye.formats.problems import InvalidInput
from rallye.formats.tables import read_table
from rallye.organisations.models import Structure

pytestmark = pytest.mark.django_db

HEADER = ["Raison sociale", "SIRET", "Code APE", "Adresse", "Interlocuteur", "Fonction", "Téléphone", "Recrute ?"]
ROWS = [
    [
        "Boulangerie du Lac",
        "73282932000074",
        "10.71C",
        "12 rue de la Paix 74000 Annecy",
        "Lucie Martin",
        "RH",
        "0612345678",
        "oui",
    ],
    ["La Poste Annecy", "35600000049837", "53.10Z", "3 avenue de Genève 74000 Annecy", "", "", "", "non"],
    ["Camping des Pins", "", "55.30Z", "8 rue du Lac 74940 Annecy-le-Vieux", "Marc", "Gérant", "04 50 00 00 00", "oui"],
    ["camping des pins", "", "", "8 rue du Lac 74940 Annecy-le-Vieux", "", "", "", ""],
]


def csv_bytes(rows: list[list[str]]) -> bytes:
    return "\n".join(";".join(row) for row in [HEADER, *rows]).encode("utf-8-sig")


def xlsx_bytes(rows: list[list[Any]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Suivi"
    for row in [HEADER, *rows]:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def upload(client: Client, name: str, content: bytes) -> Any:
    return client.post(reverse("companies:import"), {"file": SimpleUploadedFile(name, content)})


def mapping_of(page: str) -> dict[str, str]:
    """The mapping form's selected choices, as the browser would send them back."""
    import re

    chosen: dict[str, str] = {}
    for name, body in re.findall(r'<select name="([a-z_]+)"[^>]*>(.*?)</select>', page, re.S):
        selected = re.search(r'<option value="([^"]*)"[^>]*selected', body)
        chosen[name] = selected[1] if selected else ""
    return chosen


def test_a_csv_sheet_is_mapped_previewed_and_imported(coordinator: Client, mife: Structure) -> None:
    DirectoryCompany.objects.create(structure=mife, name="Ancienne", siret="35600000049837", sector="Poste")
    response = upload(coordinator, "suivi partenaire.csv", csv_bytes(ROWS))
    assert response.status_code == 302
    preview_url = response["Location"]
    page = coordinator.get(preview_url).content.decode()
    guessed = mapping_of(page)
    assert guessed["name"] == "0" and guessed["siret"] == "1" and guessed["naf_code"] == "2"
    assert guessed["contact_phone"] == "6" and guessed["hiring"] == "7"
    assert "2 entreprises à ajouter" in page and "2 doublons ignorés" in page
    assert "déjà dans l&#x27;annuaire : Ancienne" in page and "même entreprise que la ligne 4" in page
    assert not DirectoryCompany.objects.filter(name="Boulangerie du Lac").exists()  # nothing before confirming

    response = coordinator.post(preview_url, {**guessed, "confirm": ""})
    assert response.status_code == 302
    bakery = DirectoryCompany.objects.get(name="Boulangerie du Lac")
    assert bakery.sector == "Industrie manufacturière" and bakery.town == "Annecy" and bakery.hiring
    assert bakery.contacts.get().phone == "06 12 34 56 78"
    assert bakery.lat is None  # the tests' geocoder does not answer: « à localiser »
    assert DirectoryCompany.objects.filter(name__iexact="camping des pins").count() == 1
    assert "ligne 2" in DirectoryChange.objects.get(company=bakery).summary
    listing = coordinator.get(reverse("companies:list")).content.decode()
    assert "2 entreprises ajoutées" in listing and "2 doublons ignorés" in listing


def test_errors_import_nothing_and_name_line_and_column(coordinator: Client) -> None:
    rows = [*ROWS[:1], ["", "123", "", "", "", "", "abc", "peut-être"]]
    response = upload(coordinator, "suivi.xlsx", xlsx_bytes(rows))
    page = coordinator.get(response["Location"]).content.decode()
    guessed = mapping_of(page)
    assert "Rien ne sera importé" in page
    assert (
        "suivi.xlsx, feuille « Suivi », ligne 3, colonne « Raison sociale » : le nom de l&#x27;entreprise manque"
        in page
    )
    assert "ligne 3, colonne « SIRET » : un SIRET compte 14 chiffres" in page
    assert "colonne « Téléphone »" in page and "colonne « Recrute ? »" in page
    response = coordinator.post(response["Location"], {**guessed, "confirm": ""})
    assert response.status_code == 400
    assert not DirectoryCompany.objects.filter(name="Boulangerie du Lac").exists()


def test_the_user_maps_columns_the_guess_missed(coordinator: Client) -> None:
    content = "Qui;Où\nFromagerie Alpine;Thônes\n".encode()
    response = upload(coordinator, "liste.csv", content)
    url = response["Location"]
    page = coordinator.get(url).content.decode()
    assert "Aperçu" not in page.split("<h2")[-1] or "entreprise" in page
    response = coordinator.post(url, {"name": "", "preview": ""})
    assert "Choisissez la colonne qui donne le nom" in response.content.decode()
    response = coordinator.post(url, {"name": "0", "town": "1", "preview": ""})
    assert "1 entreprise à ajouter" in response.content.decode()
    response = coordinator.post(url, {"name": "0", "town": "0", "preview": ""})
    assert "Cette colonne donne déjà" in response.content.decode()
    coordinator.post(url, {"name": "0", "town": "1", "confirm": ""})
    assert DirectoryCompany.objects.get(name="Fromagerie Alpine").town == "Thônes"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("vide.xlsx", b"", "est vide"),
        ("faux.xlsx", b"PK\x03\x04 broken", "incomplet ou abîmé"),
        ("vide.csv", b"\n\n", "aucune ligne remplie"),
        ("binaire.csv", b"\x00\x01\x02", "n&#x27;est pas un texte CSV"),
    ],
)
def test_broken_files_are_refused_in_french(coordinator: Client, name: str, content: bytes, message: str) -> None:
    response = upload(coordinator, name, content)
    page = coordinator.get(response["Location"]) if response.status_code == 302 else response
    assert page.status_code == 400
    assert message in page.content.decode()


def test_a_file_of_another_kind_is_refused_at_once(coordinator: Client) -> None:
    response = upload(coordinator, "suivi.pdf", b"%PDF-1.4")
    assert response.status_code == 400
    assert "ni un classeur .xlsx ni un fichier .csv" in response.content.decode()


def test_too_many_rows_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_text("Nom\n" + "Entreprise\n" * (MAX_ROWS + 1), encoding="utf-8")
    with pytest.raises(InvalidInput, match="lignes remplies"):
        read_table(path, "long.csv")


def test_readers_cannot_import(reader: Client) -> None:
    assert upload(reader, "suivi.csv", csv_bytes(ROWS)).status_code == 403


def test_imported_addresses_are_located_when_the_service_is_sure(coordinator: Client, settings: Any) -> None:
    from tests.geocoder_stub import running_stub

    content = "Entreprise;Adresse\nLibrairie;12 rue de la Paix 74000 Annecy\nInconnue;1 chemin de nulle part\n"
    with running_stub() as stub:
        settings.RALLYE_GEOCODER_URL = stub.url
        response = upload(coordinator, "adresses.csv", content.encode())
        url = response["Location"]
        coordinator.post(url, {"name": "0", "address": "1", "confirm": ""})
    bookshop = DirectoryCompany.objects.get(name="Librairie")
    assert bookshop.lat == pytest.approx(45.9010) and bookshop.town == "Annecy"
    assert DirectoryCompany.objects.get(name="Inconnue").lat is None  # left « à localiser »
