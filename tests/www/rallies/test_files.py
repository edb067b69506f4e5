"""Workbooks and rally.json: template, import with a preview (all or nothing), export."""

from __future__ import annotations

import importlib
import io
import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import openpyxl
import pytest
from django.apps import apps as django_apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse

from rallye.domain.statuses import category_of
from rallye.formats.load import load_rally
from rallye.formats.problems import InvalidInput
from rallye.formats.rally_input import parse_rally_json
from rallye.formats.rally_json import dump_rally
from rallye.formats.rally_xlsx import read_rally_xlsx
from rallye.organisations.models import Structure
from rallye.rallies.conversion import to_domain
from rallye.rallies.models import Participant, Rally, Session
from rallye.www.rallies.uploads import uploads_dir
from tests.formats.malformed import CORPUS, Malformed
from tests.logins import MIFE, logged_in
from tests.rallies.test_conversion import categorised
from tests.www.rallies.helpers import EXAMPLE_JSON, EXAMPLE_XLSX, text

pytestmark = pytest.mark.django_db


def upload(path: Path, name: str | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name or path.name, path.read_bytes())


def broken_workbook(tmp_path: Path) -> Path:
    """The Annecy workbook with two mistakes: a birth year that is not a year, a missing capacity."""
    workbook = openpyxl.load_workbook(EXAMPLE_XLSX)
    workbook["Participants"].cell(row=2, column=5).value = "abc"
    workbook["Entreprises"].cell(row=3, column=7).value = None
    path = tmp_path / "rallye-annecy.xlsx"
    workbook.save(path)
    return path


def pending_files() -> list[Path]:
    return [p for p in uploads_dir().rglob("*") if p.is_file()] if uploads_dir().exists() else []


def test_empty_template_is_downloaded(coordinator: Client, tmp_path: Path) -> None:
    response = coordinator.get(reverse("rallies:template"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="modele-rallye.xlsx"'
    path = tmp_path / "modele.xlsx"
    path.write_bytes(response.content)
    assert "Participants" in openpyxl.load_workbook(path).sheetnames
    with pytest.raises(InvalidInput):
        read_rally_xlsx(path)  # the template is to be filled: its example rows are refused


def test_valid_workbook_is_previewed_then_imported(coordinator: Client, mife: Structure, before: set[int]) -> None:
    response = coordinator.post(reverse("rallies:import_new"), {"structure": mife.pk, "file": upload(EXAMPLE_XLSX)})
    assert response.status_code == 302
    preview_url = response["Location"]
    preview = text(coordinator.get(preview_url))
    assert "Le fichier « rally.xlsx » est valide." in preview
    for line in ("Sessions du programme</th><td>5", "Entreprises</th><td>15", "Participants</th><td>26"):
        assert line in preview
    assert "Véhicules</th><td>6" in preview and "Créer le rallye dans « MIFE de Haute-Savoie »" in preview
    assert not Rally.objects.exclude(pk__in=before).exists()  # nothing saved by the preview
    done = coordinator.post(preview_url, {"action": "confirm"})
    rally = Rally.objects.exclude(pk__in=before).get()
    assert done.status_code == 302 and done["Location"] == reverse("rallies:detail", args=[rally.pk])
    assert rally.structure == mife
    assert to_domain(rally) == categorised(load_rally(EXAMPLE_JSON))
    assert pending_files() == []
    assert coordinator.get(preview_url).status_code == 404  # a preview is used once


def test_preview_lists_every_problem_and_saves_nothing(
    coordinator: Client, mife: Structure, before: set[int], tmp_path: Path
) -> None:
    path = broken_workbook(tmp_path)
    response = coordinator.post(reverse("rallies:import_new"), {"structure": mife.pk, "file": upload(path)})
    preview = text(coordinator.get(response["Location"]))
    companies = [c.name for c in load_rally(EXAMPLE_JSON).companies]
    assert "Le fichier « rallye-annecy.xlsx » ne peut pas être importé tel quel</strong> : 2 problèmes" in preview
    assert (
        f"<td>rallye-annecy.xlsx, feuille « Entreprises », ligne 3 (C02, {companies[1]}), colonne « Capacité »</td>"
        "<td>valeur manquante ; indiquez le nombre de visiteurs accueillis en même temps (1 à 200)</td>"
    ) in preview
    assert (
        "<td>rallye-annecy.xlsx, feuille « Participants », ligne 2 (P01, Nadia B.), colonne « Année de naissance »</td>"
        "<td>« abc » n'est pas une année (attendu : une année de naissance, de 1900 à 2100)</td>"
    ) in preview
    assert 'value="confirm"' not in preview
    confirmed = coordinator.post(response["Location"], {"action": "confirm"})  # forced: still refused
    assert confirmed.status_code == 200 and "2 problèmes à corriger" in text(confirmed)
    assert not Rally.objects.exclude(pk__in=before).exists()


def test_reimport_replaces_the_rally(coordinator: Client, annecy: Rally, tmp_path: Path) -> None:
    Participant.objects.filter(rally=annecy, code="P01").update(phone="06 99 99 99 01", consent=True)
    content = json.loads(EXAMPLE_JSON.read_text(encoding="utf-8"))
    content["rally"]["name"] = "Rallye pour l'emploi — Annecy, avril 2027"
    content["participants"] = [p for p in content["participants"] if p["id"] != "P26"]
    content["participants"].append({**content["participants"][0], "id": "P30", "first_name": "Léa"})
    content["rally"]["schedule"] = content["rally"]["schedule"][:4]
    path = tmp_path / "annecy-avril.json"
    path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")

    response = coordinator.post(reverse("rallies:import", args=[annecy.pk]), {"file": upload(path)})
    assert response.status_code == 302
    preview = text(coordinator.get(response["Location"]))
    assert "Participants</th><td>26</td><td>26</td><td>P30</td><td>P26</td>" in preview
    assert "Sessions du programme</th><td>4</td><td>5</td>" in preview
    assert "Remplacer le contenu du rallye" in preview
    assert Session.objects.filter(rally=annecy).count() == 5  # not yet

    assert coordinator.post(response["Location"], {"action": "confirm"}).status_code == 302
    annecy.refresh_from_db()
    assert annecy.name == "Rallye pour l'emploi — Annecy, avril 2027"
    codes = set(Participant.objects.filter(rally=annecy).values_list("code", flat=True))
    assert "P26" not in codes and "P30" in codes and len(codes) == 26
    assert Session.objects.filter(rally=annecy).count() == 4
    kept = Participant.objects.get(rally=annecy, code="P01")
    assert kept.phone == "06 99 99 99 01" and kept.consent


def test_cancelled_import_changes_nothing(coordinator: Client, annecy: Rally) -> None:
    response = coordinator.post(reverse("rallies:import", args=[annecy.pk]), {"file": upload(EXAMPLE_JSON)})
    assert len(pending_files()) == 1
    cancelled = coordinator.post(response["Location"], {"action": "cancel"})
    assert cancelled["Location"] == reverse("rallies:detail", args=[annecy.pk])
    assert pending_files() == []
    assert coordinator.get(response["Location"]).status_code == 404


def test_preview_belongs_to_the_session_that_uploaded(coordinator: Client, annecy: Rally) -> None:
    response = coordinator.post(reverse("rallies:import", args=[annecy.pk]), {"file": upload(EXAMPLE_JSON)})
    other = logged_in(MIFE)  # the same person in another browser: another session
    assert other.get(response["Location"]).status_code == 404
    assert other.post(response["Location"], {"action": "confirm"}).status_code == 404


def test_upload_errors_are_in_french(coordinator: Client, mife: Structure, annecy: Rally) -> None:
    url = reverse("rallies:import", args=[annecy.pk])
    wrong = SimpleUploadedFile("participants.csv", b"id;nom\n")
    assert "Ce fichier n'est ni un classeur .xlsx ni un fichier .json" in text(coordinator.post(url, {"file": wrong}))
    heavy = SimpleUploadedFile("rally.json", b" " * (5 * 1024 * 1024 + 1))
    assert "Ce fichier pèse 5 Mo ; la limite est de 5 Mo." in text(coordinator.post(url, {"file": heavy}))
    assert "Ce champ est obligatoire." in text(coordinator.post(url, {}))
    garbage = coordinator.post(url, {"file": SimpleUploadedFile("rally.xlsx", b"pas un classeur")})
    assert "ce classeur est abîmé ou n'est pas au format Excel (.xlsx)" in text(coordinator.get(garbage["Location"]))


def test_export_json_is_the_example(coordinator: Client, annecy: Rally) -> None:
    response = coordinator.get(reverse("rallies:export_json", args=[annecy.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="rallye-pour-lemploi-annecy-mars-2027.json"'
    exported = response.content.decode()
    example = categorised(load_rally(EXAMPLE_JSON))
    assert exported == dump_rally(example)
    assert parse_rally_json(exported) == example
    # the example spells out two default sections that the writer leaves out; all else is equal
    written, original = json.loads(exported), json.loads(EXAMPLE_JSON.read_text(encoding="utf-8"))
    for section in ("visits_per_team", "travel"):
        original["rally"].pop(section)
    for person in original["participants"]:  # statuses written as their category's code
        person["status"] = category_of(person["status"]) or person["status"]
    assert written == original


def test_export_workbook_reads_back(coordinator: Client, annecy: Rally, tmp_path: Path) -> None:
    response = coordinator.get(reverse("rallies:export_xlsx", args=[annecy.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="rallye-pour-lemploi-annecy-mars-2027.xlsx"'
    path = tmp_path / "export.xlsx"
    path.write_bytes(response.content)
    assert read_rally_xlsx(path) == categorised(load_rally(EXAMPLE_JSON))
    assert openpyxl.load_workbook(io.BytesIO(response.content))["Rallye"] is not None


def test_export_of_an_incomplete_rally_lists_the_problems(coordinator: Client, annecy: Rally) -> None:
    Session.objects.filter(rally=annecy, kind="visits").delete()
    for name in ("rallies:export_json", "rallies:export_xlsx"):
        response = coordinator.get(reverse(name, args=[annecy.pk]))
        assert response.status_code == 200 and "Content-Disposition" not in response
        page = text(response)
        assert "impossible pour l'instant" in page
        assert "le programme n'a aucune session de visites" in page


# -- malformed files, lengths of the database's columns, logos -------------------------------
WEB_CORPUS = {name: case for name, case in CORPUS.items() if "size limit" not in name and name != "empty workbook"}
"""The corpus of malformed files, but those the upload form refuses already (by their size, or empty)."""


def test_an_empty_file_is_refused_by_the_form(coordinator: Client, mife: Structure, tmp_path: Path) -> None:
    empty = CORPUS["empty workbook"].build(tmp_path)
    response = coordinator.post(reverse("rallies:import_new"), {"structure": mife.pk, "file": upload(empty)})
    assert response.status_code == 200 and "Le fichier soumis est vide." in text(response)


@pytest.mark.parametrize("case", WEB_CORPUS.values(), ids=WEB_CORPUS.keys())
def test_a_malformed_file_is_explained_in_the_preview(
    case: Malformed, coordinator: Client, mife: Structure, before: set[int], tmp_path: Path
) -> None:
    path = case.build(tmp_path)
    response = coordinator.post(reverse("rallies:import_new"), {"structure": mife.pk, "file": upload(path)})

    preview = coordinator.get(response["Location"])
    confirmed = coordinator.post(response["Location"], {"action": "confirm"})

    assert preview.status_code == 200 and confirmed.status_code == 200
    page = text(preview)
    assert f"Le fichier « {path.name} » ne peut pas être importé tel quel" in page and case.says in page
    assert str(uploads_dir()) not in page and str(tmp_path) not in page and "Traceback" not in page
    assert not Rally.objects.exclude(pk__in=before).exists()


def test_a_text_longer_than_its_column_is_located_and_nothing_is_saved(
    coordinator: Client, annecy: Rally, tmp_path: Path
) -> None:
    workbook = openpyxl.load_workbook(EXAMPLE_XLSX)
    workbook["Entreprises"].cell(row=2, column=2).value = "Boulangerie " * 20
    path = tmp_path / "annecy.xlsx"
    workbook.save(path)
    name = annecy.companies.get(code="C01").name
    response = coordinator.post(reverse("rallies:import", args=[annecy.pk]), {"file": upload(path)})

    preview = text(coordinator.get(response["Location"]))
    confirmed = coordinator.post(response["Location"], {"action": "confirm"})

    assert (
        f"<td>annecy.xlsx, feuille « Entreprises », ligne 2 (C01, {'Boulangerie ' * 19}Boulangerie), "
        "colonne « Nom »</td>"
        "<td>texte trop long (239 caractères, 200 au plus) ; raccourcissez-le</td>"
    ) in preview
    assert 'value="confirm"' not in preview
    assert confirmed.status_code == 200 and "texte trop long" in text(confirmed)
    assert annecy.companies.get(code="C01").name == name


def test_a_long_list_of_problems_is_cut_and_counted(coordinator: Client, annecy: Rally, tmp_path: Path) -> None:
    content = json.loads(EXAMPLE_JSON.read_text(encoding="utf-8"))
    person = content["participants"][0]
    content["participants"] = [person | {"id": f"P{n}", "birth_year": "?"} for n in range(300)]
    path = tmp_path / "rally.json"
    path.write_text(json.dumps(content), encoding="utf-8")
    response = coordinator.post(reverse("rallies:import", args=[annecy.pk]), {"file": upload(path)})

    preview = text(coordinator.get(response["Location"]))

    assert "300 problèmes à corriger" in preview
    assert preview.count("n'est pas une année") == 200
    assert "… et 100 autres problèmes." in preview


def test_an_imported_file_never_sets_the_logo(
    coordinator: Client, mife: Structure, before: set[int], tmp_path: Path
) -> None:
    content = json.loads(EXAMPLE_JSON.read_text(encoding="utf-8"))
    content["rally"]["logo"] = "/etc/passwd"
    path = tmp_path / "rally.json"
    path.write_text(json.dumps(content), encoding="utf-8")
    response = coordinator.post(reverse("rallies:import_new"), {"structure": mife.pk, "file": upload(path)})

    assert coordinator.post(response["Location"], {"action": "confirm"}).status_code == 302

    assert Rally.objects.exclude(pk__in=before).get().logo.name == ""


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><image href="file:///etc/passwd"/></svg>',
            "Ce logo SVG fait appel à des fichiers ou des adresses extérieurs",
        ),
        (
            "logo.svg",
            b'<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>',
            "Ce fichier SVG est illisible ou contient des déclarations interdites",
        ),
        ("logo.png", b"%PDF-1.7\n%%EOF\n", "Ce fichier n'est pas une image PNG lisible"),
    ],
    ids=["outside image", "external entity", "PDF renamed .png"],
)
def test_a_logo_that_refers_outside_itself_is_refused(
    name: str, data: bytes, message: str, coordinator: Client, annecy: Rally
) -> None:
    response = coordinator.post(
        reverse("documents:logo", args=[annecy.pk]), {"logo": SimpleUploadedFile(name, data)}, follow=True
    )

    assert response.status_code == 200 and message in text(response)
    annecy.refresh_from_db()
    assert annecy.logo.name == ""


def test_the_migration_moves_uploaded_logos_into_the_storage(annecy: Rally, foreign: Rally, settings: Any) -> None:
    migration = importlib.import_module("rallye.rallies.migrations.0003_logo_in_storage")
    uploaded = Path(settings.DATA_DIR) / "logos"
    uploaded.mkdir()
    (uploaded / f"rallye-{annecy.pk}.PNG").write_bytes(b"logo")
    Rally.objects.filter(pk=annecy.pk).update(logo=str(uploaded / f"rallye-{annecy.pk}.PNG"))
    Rally.objects.filter(pk=foreign.pk).update(logo="/etc/passwd")  # once given by an imported file

    migration.logos_into_storage(django_apps, SimpleNamespace(connection=connection))  # what it uses of an editor

    annecy.refresh_from_db()
    foreign.refresh_from_db()
    assert annecy.logo.name == f"logos/rallye-{annecy.pk}.png" and Path(annecy.logo.path).read_bytes() == b"logo"
    assert foreign.logo.name == ""


def test_an_import_sets_rsa_and_contacts_and_a_corrected_file_is_sent_again_in_place(
    coordinator: Client, annecy: Rally, tmp_path: Path
) -> None:
    workbook = openpyxl.load_workbook(EXAMPLE_XLSX)
    sheet = workbook["Participants"]
    headers = [cell.value for cell in sheet[1]]
    rsa, email = headers.index("RSA (oui/non)") + 1, headers.index("E-mail") + 1
    sheet.cell(2, rsa).value = "peut-être"
    sheet.cell(2, email).value = "nadia@example.fr"
    path = tmp_path / "annecy.xlsx"
    workbook.save(path)
    response = coordinator.post(reverse("rallies:import", args=[annecy.pk]), {"file": upload(path)})
    preview = text(coordinator.get(response["Location"]))
    assert "ligne 2 (P01, Nadia B.), colonne « RSA (oui/non) »" in preview
    assert "Envoyer le fichier corrigé" in preview
    assert f'action="{reverse("rallies:import", args=[annecy.pk])}"' in preview

    sheet.cell(2, rsa).value = "oui"
    workbook.save(path)
    again = coordinator.post(reverse("rallies:import", args=[annecy.pk]), {"file": upload(path)})
    assert "ne peut pas être importé" not in text(coordinator.get(again["Location"]))
    assert coordinator.post(again["Location"], {"action": "confirm"}).status_code == 302
    nadia = Participant.objects.get(rally=annecy, code="P01")
    assert nadia.rsa_beneficiary and nadia.email == "nadia@example.fr"
    assert not Participant.objects.get(rally=annecy, code="P02").rsa_beneficiary


def test_the_upload_help_says_the_limit_in_force(monkeypatch: pytest.MonkeyPatch) -> None:
    """The size written beside the file fields comes from the limit itself."""
    from rallye.formats import limits
    from rallye.www.companies.forms import TableUploadForm
    from rallye.www.rallies.forms import UploadForm

    assert UploadForm().fields["file"].help_text.startswith("5 Mo au plus.")
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 2 * 1024 * 1024)
    assert UploadForm().fields["file"].help_text.startswith("2 Mo au plus.")
    assert TableUploadForm().fields["file"].help_text.startswith("2 Mo au plus ; la première feuille est lue.")
