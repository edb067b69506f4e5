"""Rally workbooks: round trip, every problem with its sheet/row/column, the template."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from rallye.domain.rally import Rally, Window
from rallye.domain.statuses import StatusCategory
from rallye.formats.problems import InvalidInput
from rallye.formats.rally_xlsx import INSTRUCTIONS_SHEET, read_rally_xlsx, write_rally_xlsx
from tests.factories import build, rally_content


# -- helpers ---------------------------------------------------------------------------------
def rich_rally() -> Rally:
    """A rally using every optional field, to prove nothing is lost in a workbook."""
    content = rally_content(people=6, companies=8, vehicles=(5, 7))
    content["rally"]["logo"] = "logos/rallye.png"
    content["rally"]["visits_per_team"] = {"min": 5, "max": 7}
    content["rally"]["travel"] = {"speed_kmh": 35.5, "detour": 1.45, "min_minutes": 7}
    content["rally"]["visit_minutes"] = 50
    first = content["companies"][0]
    first |= {
        "address": "3 rue du Fier, 74000 Annecy",
        "visit_minutes": 75,
        "max_visits": 2,
        "availability": [
            {"date": "2027-03-16", "start": "09:00", "end": "12:00"},
            {"date": "2027-03-17", "start": "08:30", "end": "12:30"},
        ],
        "contact": {"name": "Mme Durand", "phone": "04 50 12 34 56", "email": "durand@example.org"},
    }
    content["companies"][1]["name"] = "=Épicerie (formule ?)"
    content["companies"][2]["contact"] = {"phone": "0450000000"}
    content["participants"][0] |= {"status": "DELD", "prescriber": "France Travail", "present": False}
    content["participants"][1]["id"] = "007"
    content["vehicles"][0] |= {"label": "Minibus", "accompanier": {"name": "Paul", "phone": "06 11 22 33 44"}}
    del content["vehicles"][1]["accompanier"]
    content["travel_minutes"] = {"base": {"C01": 12, "C02": 9}, "C01": {"base": 14}}
    return build(content)


def write(rally: Rally | None, tmp_path: Path) -> Path:
    path = tmp_path / "rally.xlsx"
    write_rally_xlsx(rally, path)
    return path


def column_of(ws: Worksheet, header: str) -> int:
    return next(cell.column for cell in ws[1] if cell.value == header)


def edit(path: Path, sheet: str, changes: dict[tuple[int, str], Any]) -> None:
    """Set cells given as (row, column header) in one sheet."""
    workbook = openpyxl.load_workbook(path)
    ws = workbook[sheet]
    for (row, header), value in changes.items():
        ws.cell(row, column_of(ws, header)).value = value
    workbook.save(path)


def problems_of(path: Path) -> list[str]:
    with pytest.raises(InvalidInput) as caught:
        read_rally_xlsx(path)
    return [str(p) for p in caught.value.problems]


ROW_NAME = re.compile(r"(ligne \d+) \([^)]*\)")


def unnamed(problem: str) -> str:
    """The problem without the name of the row's item (« ligne 6 (C05, Boulangerie…) » → « ligne 6 »),
    which ``test_rows_are_named_by_their_item`` checks."""
    return ROW_NAME.sub(r"\1", problem)


def with_text(problems: list[str], *parts: str) -> list[str]:
    return [p for p in problems if all(part in unnamed(p) for part in parts)]


# -- round trip ------------------------------------------------------------------------------
def test_a_written_rally_reads_back_unchanged(small_rally: Rally, tmp_path: Path) -> None:
    assert read_rally_xlsx(write(small_rally, tmp_path)) == small_rally


def test_every_optional_field_survives_the_round_trip(tmp_path: Path) -> None:
    rally = rich_rally()
    again = read_rally_xlsx(write(rally, tmp_path))
    assert again == rally
    assert again.company("C01").availability[1] == Window(dt.date(2027, 3, 17), 8 * 60 + 30, 12 * 60 + 30)
    assert again.company("C02").name == "=Épicerie (formule ?)"


def test_written_workbook_has_french_sheets_with_dates_and_times_as_cells(small_rally: Rally, tmp_path: Path) -> None:
    workbook = openpyxl.load_workbook(write(small_rally, tmp_path))
    assert workbook.sheetnames == [
        INSTRUCTIONS_SHEET,
        "Rallye",
        "Programme",
        "Entreprises",
        "Participants",
        "Véhicules",
        "Temps de trajet",
    ]
    programme = workbook["Programme"]
    assert programme["B3"].value == dt.datetime(2027, 3, 16)
    assert programme["C3"].value == dt.time(9, 0)
    assert programme["A3"].value == "visites"
    assert programme.freeze_panes == "A2"
    assert workbook["Participants"]["J2"].value == "oui"


# -- every problem, with its place ------------------------------------------------------------
def test_all_problems_are_reported_with_sheet_row_and_column(small_rally: Rally, tmp_path: Path) -> None:
    path = write(small_rally, tmp_path)
    edit(path, "Participants", {(14, "Année de naissance"): "19845", (5, "Genre"): "Z"})
    edit(path, "Entreprises", {(3, "Capacité"): "beaucoup"})
    edit(path, "Véhicules", {(2, "Places (conducteur compris)"): 12})
    edit(path, "Programme", {(4, "Date"): "32/03/2027"})

    problems = problems_of(path)

    assert len(problems) == 5
    assert with_text(
        problems,
        "rally.xlsx, feuille « Participants », ligne 14, colonne « Année de naissance »",
        "« 19845 » n'est pas une année",
    )
    assert with_text(problems, "feuille « Participants », ligne 5, colonne « Genre »", "« Z »")
    assert with_text(problems, "feuille « Entreprises », ligne 3, colonne « Capacité »", "« beaucoup »")
    assert with_text(problems, "feuille « Véhicules », ligne 2, colonne « Places (conducteur compris) »")
    assert with_text(problems, "feuille « Programme », ligne 4, colonne « Date »", "n'est pas une date")
    # listed as the user walks the workbook: sheet by sheet, row by row
    assert [unnamed(p).split(", ")[1:3] for p in problems] == [
        ["feuille « Programme »", "ligne 4"],
        ["feuille « Entreprises »", "ligne 3"],
        ["feuille « Participants »", "ligne 5"],
        ["feuille « Participants »", "ligne 14"],
        ["feuille « Véhicules »", "ligne 2"],
    ]


def test_a_missing_sheet_is_named_once_and_the_rest_still_checked(small_rally: Rally, tmp_path: Path) -> None:
    path = write(small_rally, tmp_path)
    workbook = openpyxl.load_workbook(path)
    del workbook["Véhicules"]
    workbook["Participants"].cell(3, 5).value = "mil neuf cent"
    workbook.save(path)

    problems = problems_of(path)

    assert len(problems) == 2
    assert "la feuille « Véhicules » est introuvable" in problems[0]
    assert with_text(problems, "ligne 3, colonne « Année de naissance »", "« mil neuf cent » n'est pas une année")


def test_a_missing_required_column_is_reported_once(small_rally: Rally, tmp_path: Path) -> None:
    path = write(small_rally, tmp_path)
    workbook = openpyxl.load_workbook(path)
    ws = workbook["Participants"]
    ws.delete_cols(column_of(ws, "Année de naissance"))
    workbook.save(path)

    problems = problems_of(path)

    assert problems == [
        "rally.xlsx, feuille « Participants », ligne 1 : "
        "colonne obligatoire « Année de naissance » manquante dans la ligne des titres"
    ]


def test_unknown_and_repeated_columns_are_reported(small_rally: Rally, tmp_path: Path) -> None:
    path = write(small_rally, tmp_path)
    workbook = openpyxl.load_workbook(path)
    ws = workbook["Entreprises"]
    ws.cell(1, ws.max_column + 1).value = "Remarques"
    ws.cell(1, ws.max_column + 1).value = "secteur"
    workbook.save(path)

    problems = problems_of(path)

    assert with_text(problems, "feuille « Entreprises », ligne 1, colonne « Remarques »", "colonne inconnue")
    assert with_text(problems, "colonne « secteur »", "la colonne « Secteur » apparaît deux fois")


def test_headers_and_sheet_names_are_matched_loosely(small_rally: Rally, tmp_path: Path) -> None:
    path = write(small_rally, tmp_path)
    workbook = openpyxl.load_workbook(path)
    workbook["Véhicules"].title = "vehicules"
    workbook["vehicules"].cell(1, 2).value = "  PLACES "
    participants = workbook["Participants"]
    participants.cell(1, column_of(participants, "Année de naissance")).value = "annee  de naissance"
    participants.cell(1, column_of(participants, "Présent (oui/non)")).value = "Présent"
    workbook.save(path)

    assert read_rally_xlsx(path) == small_rally


def test_empty_rows_are_skipped_and_rows_keep_their_real_numbers(small_rally: Rally, tmp_path: Path) -> None:
    path = write(small_rally, tmp_path)
    workbook = openpyxl.load_workbook(path)
    workbook["Participants"].insert_rows(4, amount=2)
    workbook.save(path)
    assert read_rally_xlsx(path) == small_rally

    edit(path, "Participants", {(8, "Genre"): "?"})
    assert with_text(problems_of(path), "feuille « Participants », ligne 8, colonne « Genre »")


def test_an_unknown_field_of_the_rally_sheet_is_reported(small_rally: Rally, tmp_path: Path) -> None:
    path = write(small_rally, tmp_path)
    workbook = openpyxl.load_workbook(path)
    workbook["Rallye"].append(["Budget", 1000])
    workbook.save(path)

    assert with_text(problems_of(path), "feuille « Rallye », ligne 15", "champ inconnu « Budget »")


def test_a_rally_field_with_a_bad_value_is_located(small_rally: Rally, tmp_path: Path) -> None:
    path = write(small_rally, tmp_path)
    workbook = openpyxl.load_workbook(path)
    workbook["Rallye"]["B6"] = "nord"
    workbook.save(path)

    assert with_text(problems_of(path), "feuille « Rallye », ligne 6, champ « Latitude »", "« nord »")


def test_an_unreadable_file_is_one_clear_problem(tmp_path: Path) -> None:
    path = tmp_path / "rally.xlsx"
    path.write_text("ceci n'est pas un classeur")

    assert problems_of(path) == [
        "rally.xlsx : ce classeur est abîmé ou n'est pas au format Excel (.xlsx) ; ouvrez-le dans votre "
        "tableur, enregistrez-le au format « Classeur Excel (.xlsx) » puis envoyez-le à nouveau"
    ]


# -- the « Disponibilités » column -----------------------------------------------------------
def test_availability_windows_are_parsed_in_spreadsheet_forms(small_rally: Rally, tmp_path: Path) -> None:
    path = write(small_rally, tmp_path)
    edit(path, "Entreprises", {(2, "Disponibilités"): " 16/03/2027 9h00 - 12h00 ;\n2027-03-17 08:30–12:30 "})

    company = read_rally_xlsx(path).company("C01")

    assert company.availability == (
        Window(dt.date(2027, 3, 16), 9 * 60, 12 * 60),
        Window(dt.date(2027, 3, 17), 8 * 60 + 30, 12 * 60 + 30),
    )


def test_malformed_availability_is_reported_window_by_window(small_rally: Rally, tmp_path: Path) -> None:
    path = write(small_rally, tmp_path)
    edit(
        path,
        "Entreprises",
        {
            (2, "Disponibilités"): "16/03/2027 09:00-12:00; lundi matin",
            (3, "Disponibilités"): "31/02/2027 09:00-12:00",
            (4, "Disponibilités"): "16/03/2027 14:00-10:00",
        },
    )

    problems = problems_of(path)

    assert len(problems) == 3
    assert with_text(
        problems,
        "feuille « Entreprises », ligne 2, colonne « Disponibilités », créneau 2",
        "« lundi matin » n'est pas un créneau (attendu : JJ/MM/AAAA HH:MM-HH:MM",
    )
    assert with_text(problems, "ligne 3, colonne « Disponibilités », créneau 1", "n'est pas une date")
    assert with_text(problems, "ligne 4, colonne « Disponibilités », créneau 1", "doit être après le début")


# -- the « Temps de trajet » sheet -----------------------------------------------------------
def test_travel_rows_are_checked(tmp_path: Path) -> None:
    path = write(rich_rally(), tmp_path)
    workbook = openpyxl.load_workbook(path)
    ws = workbook["Temps de trajet"]
    ws.append(["BASE", "C99", 10])
    ws.append(["base", "C01", 15])
    ws.append([None, "C02", 15])
    ws.append(["C02", "base", "dix"])
    workbook.save(path)

    problems = problems_of(path)

    assert len(problems) == 4
    assert with_text(problems, "« Temps de trajet », ligne 5, colonne « Arrivée »", "« C99 » n'est ni")
    assert with_text(problems, "ligne 6 :", "le trajet de « base » à « C01 » est déjà donné ligne 2")
    assert with_text(problems, "ligne 7, colonne « Départ »", "valeur manquante")
    assert with_text(problems, "ligne 8, colonne « Minutes »", "« dix » n'est pas un nombre entier")


# -- the template ----------------------------------------------------------------------------
def test_the_template_explains_itself_and_offers_choices(tmp_path: Path) -> None:
    workbook = openpyxl.load_workbook(write(None, tmp_path))
    assert workbook.sheetnames[0] == INSTRUCTIONS_SHEET
    text = "\n".join(str(c.value) for c in workbook[INSTRUCTIONS_SHEET]["A"] if c.value)
    for words in ("conducteur", "Disponibilités", "16/03/2027 09:00-12:00", "EX-", "toutes les erreurs"):
        assert words in text
    lists = {dv.formula1 for dv in workbook["Participants"].data_validations.dataValidation}
    assert lists == {'"F,M,X"', '"oui,non"', '"' + ",".join(c.short for c in StatusCategory) + '"'}
    assert workbook["Entreprises"]["A2"].value == "EX-C1"
    assert workbook["Entreprises"]["A2"].font.italic


def test_reading_the_untouched_template_lists_what_to_fill_in(tmp_path: Path) -> None:
    problems = problems_of(write(None, tmp_path))

    assert not with_text(problems, "inconnu") and not with_text(problems, "introuvable")
    assert with_text(problems, "feuille « Rallye », ligne 2, champ « Nom »", "valeur manquante")
    assert len(with_text(problems, "feuille « Programme »", "colonne « Date »", "date manquante")) == 5
    examples = with_text(problems, "ligne d'exemple")
    assert len(examples) == 2 + 3 + 2 + 2
    assert len(problems) == 3 + 5 + len(examples)


def test_a_filled_in_template_reads_as_a_rally(tmp_path: Path) -> None:
    path = write(None, tmp_path)
    workbook = openpyxl.load_workbook(path)
    rally_sheet = workbook["Rallye"]
    rally_sheet["B2"], rally_sheet["B6"], rally_sheet["B7"] = "Rallye d'essai", 45.9, 6.12
    for row, day in zip(range(2, 7), (16, 16, 17, 19, 19), strict=True):
        workbook["Programme"].cell(row, 2).value = f"{day}/03/2027"
    for ws in workbook.worksheets[2:]:
        for cells in ws.iter_rows(min_row=2):
            for cell in cells:
                if isinstance(cell.value, str) and cell.value.startswith("EX-"):
                    cell.value = cell.value.removeprefix("EX-")
    workbook.save(path)

    rally = read_rally_xlsx(path)

    assert rally.name == "Rallye d'essai"
    assert [c.id for c in rally.companies] == ["C1", "C2"]
    assert [p.present for p in rally.participants] == [True, True, False]
    assert rally.travel_minutes == {("base", "C1"): 12, ("C1", "base"): 14}
    assert len(rally.visit_sessions) == 2
