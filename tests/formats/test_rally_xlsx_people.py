"""The « Participants » sheet's columns beyond the rally content, the template's lists and words,
rows named by their item, and implausible birth years."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from rallye.domain.statuses import StatusCategory
from rallye.formats.problems import InvalidInput
from rallye.formats.rally_xlsx import INSTRUCTIONS_SHEET, PersonDetails, read_rally_workbook, write_rally_xlsx
from tests.factories import build, rally_content
from tests.formats.test_rally_xlsx import edit


@pytest.fixture
def path(tmp_path: Path) -> Path:
    path = tmp_path / "rally.xlsx"
    write_rally_xlsx(build(rally_content(people=15, companies=6)), path)
    return path


def test_the_template_offers_the_columns_people_need_with_lists(tmp_path: Path) -> None:
    path = tmp_path / "modele.xlsx"
    write_rally_xlsx(None, path)
    workbook = openpyxl.load_workbook(path)
    headers = [cell.value for cell in workbook["Participants"][1]]
    for header in ("Statut", "RSA (oui/non)", "Téléphone", "E-mail", "Adresse", "Consentement (oui/non)"):
        assert header in headers
    assert "Attestation de responsabilité civile (oui/non)" in headers
    validations = workbook["Participants"].data_validations.dataValidation
    status_column = openpyxl.utils.get_column_letter(headers.index("Statut") + 1)
    [status_list] = [dv for dv in validations if str(dv.sqref).startswith(f"{status_column}2")]
    assert "BRSA" in status_list.formula1 and "RQTH" in status_list.formula1
    words = "\n".join(str(c.value) for c in workbook[INSTRUCTIONS_SHEET]["A"] if c.value)
    assert "avant d'entrer dans la SIAE n'est pas comptée" in words and "de 16 à 75 ans" in words


def test_details_are_read_beside_the_rally(path: Path) -> None:
    edit(
        path,
        "Participants",
        {
            (2, "RSA (oui/non)"): "oui",
            (2, "Téléphone"): "0612345678",
            (2, "E-mail"): "nadia@example.fr",
            (2, "Consentement (oui/non)"): "Oui",
            (2, "Attestation de responsabilité civile (oui/non)"): "non",
            (2, "Adresse"): "3 rue du Lac, 74000 Annecy",
            (2, "Statut"): StatusCategory.JEUNE.short,
        },
    )
    read = read_rally_workbook(path)
    first = read.rally.participants[0]
    assert first.status == "Jeune -26 ans"  # as written; the database keeps its category
    assert read.people[first.id] == PersonDetails(
        True, "06 12 34 56 78", "nadia@example.fr", "3 rue du Lac, 74000 Annecy", True, False
    )
    assert read.rally.participants[1].id not in read.people  # nothing written: nothing changes


def test_unreadable_details_are_located_on_the_named_row(path: Path) -> None:
    edit(
        path,
        "Participants",
        {(3, "RSA (oui/non)"): "peut-être", (3, "E-mail"): "pas une adresse", (3, "Téléphone"): "appeler"},
    )
    with pytest.raises(InvalidInput) as raised:
        read_rally_workbook(path)
    problems = [str(p) for p in raised.value.problems]
    person = openpyxl.load_workbook(path)["Participants"]
    ident, first, last = (person.cell(3, column).value for column in (1, 2, 3))
    named = f"ligne 3 ({ident}, {first} {str(last)[:1]}.)"
    assert len(problems) == 3 and all(named in p for p in problems)
    assert any("colonne « RSA (oui/non) » : « peut-être » n'est ni « oui » ni « non »" in p for p in problems)
    assert any("colonne « E-mail » : « pas une adresse » n'est pas une adresse e-mail" in p for p in problems)
    assert any("colonne « Téléphone » : « appeler » n'est pas un numéro de téléphone" in p for p in problems)


def test_company_rows_are_named_by_their_code_and_name(path: Path) -> None:
    edit(path, "Entreprises", {(3, "Capacité"): "beaucoup"})
    with pytest.raises(InvalidInput) as raised:
        read_rally_workbook(path)
    sheet = openpyxl.load_workbook(path)["Entreprises"]
    code, name = sheet.cell(3, 1).value, sheet.cell(3, 2).value
    [problem] = raised.value.problems
    assert problem.where == f"rally.xlsx, feuille « Entreprises », ligne 3 ({code}, {name}), colonne « Capacité »"


@pytest.mark.parametrize(("age", "refused"), [(15, True), (16, False), (75, False), (76, True)])
def test_implausible_birth_years_are_refused(path: Path, age: int, refused: bool) -> None:
    year = read_rally_workbook(path).rally.schedule[0].date.year
    edit(path, "Participants", {(2, "Année de naissance"): year - age})
    if not refused:
        assert read_rally_workbook(path).rally.participants[0].birth_year == year - age
        return
    with pytest.raises(InvalidInput) as raised:
        read_rally_workbook(path)
    [problem] = raised.value.problems
    assert f"donnerait {age} ans" in problem.message and "de 16 à 75 ans" in problem.message
