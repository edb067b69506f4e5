"""The federation, Ansa and funder reports of the fixture season: their figures, their PDF (read
back with pdftotext) and their workbook (read back with openpyxl)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from rallye.reporting.content import Report, Share
from rallye.reporting.reports import (
    ansa_report,
    federation_report,
    funder_report,
    report_filename,
    report_pdf,
    report_xlsx,
    slug,
)
from tests.documents.conftest import flat, pdf_objects
from tests.reporting.pdf_text import layout_text
from tests.reporting.season import ALPHA, BETA, FEDERATION, season

TODAY = dt.date(2026, 11, 2)


@pytest.fixture(scope="module")
def report() -> Report:
    return federation_report(season(), federation=FEDERATION, year=None, today=TODAY)


@pytest.fixture(scope="module")
def pdf(report: Report, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("reports") / report_filename(report, "pdf")
    path.write_bytes(report_pdf(report))
    return path


@pytest.fixture(scope="module")
def workbook(report: Report) -> dict[str, Worksheet]:
    book = load_workbook(io.BytesIO(report_xlsx(report)))
    return {sheet.title: sheet for sheet in book.worksheets}


def key(report: Report) -> dict[str, object]:
    return {figure.label: figure.value for figure in report.key_figures}


def test_federation_report_key_figures(report: Report) -> None:
    assert report.title == "Bilan des Rallyes pour l'emploi — années 2025 à 2026"
    assert report.period == "années 2025 à 2026"
    figures = key(report)
    assert figures["Rallyes"] == 3
    assert figures["Participants"] == 7
    assert figures["Part des femmes"] == Share(4 / 7)
    assert figures["Âge moyen"] == 34.3
    assert figures["Bénéficiaires du RSA"] == 3
    assert figures["Entreprises visitées (chacune comptée une fois)"] == 6
    assert figures["Solution professionnelle à 6 mois"] == Share(4 / 6)
    assert figures["Note moyenne de fidélité au modèle (sur 4)"] == pytest.approx(2.95)
    headings = [s.heading for s in report.sections]
    assert headings == [
        "Les participants",
        "Les entreprises, les équipes et les visites",
        "Les financeurs",
        "La situation six mois après le rallye",
        "Les questionnaires avant et après le rallye",
        "La fidélité au modèle",
        "Par structure",
        "Par année",
    ]
    assert all(chart.startswith("<svg") for s in report.sections for chart in s.charts)


def test_rallies_table(report: Report) -> None:
    assert report.rallies.headers[-2:] == ("Solution à 6 mois", "Fidélité (sur 4)")
    assert [row[:2] + row[4:7] for row in report.rallies.rows] == [
        # R1: P1 CDI, P2 interim, P3 lost: 2 of 3; R2: P6 training (P5 not recorded); R3: 1 of 2.
        ("Rallye pour l'emploi Alpha 2025", ALPHA, 3, 2, Share(2 / 3)),
        ("Rallye Beta 2025", BETA, 2, 2, Share(1.0)),
        ("Rallye Alpha 2026", ALPHA, 2, 2, Share(0.5)),
    ]
    assert [row[-1] for row in report.rallies.rows] == [2.5, None, pytest.approx(3.4)]


def test_year_keeps_the_rallies_of_that_year() -> None:
    report = federation_report(season(), federation=FEDERATION, year=2026, today=TODAY)
    assert [row[0] for row in report.rallies.rows] == ["Rallye Alpha 2026"]
    assert key(report)["Participants"] == 2
    assert report.period == "année 2026"
    assert report_filename(report, "pdf") == "bilan-federation-2026.pdf"
    assert "Par structure" not in [s.heading for s in report.sections]


def test_ansa_report_is_about_the_first_rally_of_the_structure() -> None:
    alpha = ansa_report(season(), federation=FEDERATION, structure=ALPHA, today=TODAY)
    assert [row[0] for row in alpha.rallies.rows] == ["Rallye pour l'emploi Alpha 2025"]
    assert key(alpha)["Participants"] == 3
    assert alpha.period == "du 10 au 12 mars 2025"
    assert alpha.subtitle == f"Bilan adressé à l'Ansa · {FEDERATION}"
    beta = ansa_report(season(), federation=FEDERATION, structure=BETA, today=TODAY)
    assert [row[0] for row in beta.rallies.rows] == ["Rallye Beta 2025"]
    assert report_filename(beta, "xlsx") == "bilan-ansa-reseau-beta-2025.xlsx"


def test_funder_report_covers_the_rallies_it_financed() -> None:
    foundation = funder_report(season(), funder="Fondation Emploi", structure=ALPHA, year=None, today=TODAY)
    assert [row[0] for row in foundation.rallies.rows] == ["Rallye Alpha 2026"]
    assert foundation.title == "Bilan pour Fondation Emploi"
    assert foundation.subtitle == f"{ALPHA} · Les Rallyes pour l'emploi soutenus par Fondation Emploi"
    assert "Fidélité (sur 4)" not in foundation.rallies.headers
    assert not any("fidélité" in label for label in key(foundation))
    assert any("Fondation Emploi a soutenu 1 rallye mené par une structure." in p for p in foundation.introduction)
    assert report_filename(foundation, "pdf") == "bilan-financeur-mife-alpha-fondation-emploi-2026.pdf"


def test_funders_of_the_same_name_in_two_structures_are_two_reports() -> None:
    # « Département » funds R1 and R3 of Alpha, and R2 of Beta: each structure's funder has its report.
    alpha = funder_report(season(), funder="Département", structure=ALPHA, year=None, today=TODAY)
    beta = funder_report(season(), funder="Département", structure=BETA, year=None, today=TODAY)
    assert [row[0] for row in alpha.rallies.rows] == ["Rallye pour l'emploi Alpha 2025", "Rallye Alpha 2026"]
    assert [row[0] for row in beta.rallies.rows] == ["Rallye Beta 2025"]
    assert (key(alpha)["Participants"], key(beta)["Participants"]) == (5, 2)
    assert report_filename(alpha, "pdf") == "bilan-financeur-mife-alpha-departement-2025-2026.pdf"
    assert report_filename(beta, "pdf") == "bilan-financeur-reseau-beta-departement-2025.pdf"


def test_file_names_are_ascii_slugs() -> None:
    assert slug("Département de l'Isère") == "departement-de-l-isere"
    assert slug("« ! »") == "sans-nom"


def test_pdf_holds_the_key_figures_and_the_charts(pdf: Path) -> None:
    text = layout_text(pdf)
    for expected in (
        "Bilan adressé à la fédération · Fédération d'essai · Années 2025 à 2026 · établi le 2 novembre 2026",
        "Rallyes 3",
        "Participants 7",
        "Part des femmes 57 %",
        "Âge moyen 34,3",
        "Bénéficiaires du RSA 3",
        "Solution professionnelle à 6 mois 67 %",
        "7 personnes ont participé (2 inscrits absents), dont 4 femmes et 2 hommes.",
        "Âge moyen : 34,3 ans (de 19 à 52 ans).",
        "Solution professionnelle à 6 mois : 67 % (4 sur 6 situations renseignées, dont 1 personne perdue de vue).",
        # The charts' own text: the legend of the stacked gender bar, a bar's value.
        "Femmes : 4 (57 %) Hommes : 2 (29 %)",
        "26 à 49 ans 3 pers.",
        # The rallies table, first line of each row.
        "MIFE Alpha 10/03/2025 12/03/2025 3 2 67 % 2,5",
        "06/10/2025 07/10/2025 2 2 100 % non",
        "MIFE Alpha 09/03/2026 11/03/2026 2 2 50 % 3,4",
    ):
        assert flat(expected) in text, expected
    assert flat("Part des participants dont la situation à 6 mois a été recherchée") in text
    objects = pdf_objects(pdf.read_bytes())
    assert b"/Lang (fr)" in objects and b"/StructTreeRoot" in objects


def test_pdf_holds_no_pseudonym_nor_free_answer(pdf: Path) -> None:
    text = layout_text(pdf)
    for person in ("P-1", "P-6"):
        assert person not in text
    assert "Merci pour tout" not in text


def test_workbook_holds_the_same_numbers(workbook: dict[str, Worksheet]) -> None:
    assert next(iter(workbook)) == "Synthèse"
    assert {"Rallyes", "Genre", "Âge", "Diplômes", "Statuts", "Prescripteurs", "Secteurs", "Financeurs"} <= set(
        workbook
    )
    assert {"Situation à 6 mois", "Questionnaires", "Fidélité principes", "Par structure", "Par année"} <= set(workbook)
    summary = {row[0].value: row[1] for row in workbook["Synthèse"].iter_rows(min_row=7) if row[0].value}
    assert summary["Participants"].value == 7
    assert summary["Âge moyen"].value == 34.3
    assert summary["Part des femmes"].value == pytest.approx(4 / 7)
    assert summary["Part des femmes"].number_format == "0%"
    assert summary["Solution professionnelle à 6 mois"].value == pytest.approx(4 / 6)
    rallies = [tuple(c.value for c in row) for row in workbook["Rallyes"].iter_rows(min_row=2)]
    assert [r[:2] + r[4:6] for r in rallies] == [
        ("Rallye pour l'emploi Alpha 2025", ALPHA, 3, 2),
        ("Rallye Beta 2025", BETA, 2, 2),
        ("Rallye Alpha 2026", ALPHA, 2, 2),
    ]
    assert rallies[0][2] == dt.datetime(2025, 3, 10)
    assert rallies[1][6:] == (1.0, None)  # R2: 1 solution of 1, no fidelity score
    headers = [c.value for c in workbook["Secteurs"][1]]
    assert headers == ["Secteurs", "Entreprises", "Part"]
    sectors = {row[0].value: row[1].value for row in workbook["Secteurs"].iter_rows(min_row=2)}
    assert sectors == {"Commerce": 2, "Industrie": 2, "Hôtellerie": 1, "Santé": 1}
    by_year = {row[0].value: row[2].value for row in workbook["Par année"].iter_rows(min_row=2)}
    assert by_year == {"2025": 5, "2026": 2}


def test_empty_report_still_renders(tmp_path: Path) -> None:
    report = federation_report([], federation=FEDERATION, year=2030, today=TODAY)
    assert key(report)["Participants"] == 0
    path = tmp_path / "vide.pdf"
    path.write_bytes(report_pdf(report))
    assert "Solution professionnelle à 6 mois non disponible" in layout_text(path)
    assert load_workbook(io.BytesIO(report_xlsx(report)))["Rallyes"].max_row == 1


def test_text_typed_by_users_is_never_a_formula_in_the_workbook() -> None:
    from dataclasses import replace

    first, *others = season()
    typed = replace(first, people=tuple(replace(p, prescriber='=HYPERLINK("http://x","y")') for p in first.people))
    report = federation_report([typed, *others], federation=FEDERATION, year=None, today=TODAY)
    statuses = load_workbook(io.BytesIO(report_xlsx(report)))["Prescripteurs"]
    cells = [row[0] for row in statuses.iter_rows(min_row=2) if str(row[0].value).startswith("=")]
    assert cells and all(cell.data_type == "s" for cell in cells)
