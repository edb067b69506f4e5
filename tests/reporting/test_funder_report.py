"""A funder's report: the amounts it gave when recorded, and its sentence on the six-month
outcomes, whether the rate is known yet or not."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook

from rallye.reporting.content import Euros, Report
from rallye.reporting.records import RallyRecord
from rallye.reporting.reports import funder_report, report_pdf, report_xlsx
from tests.documents.conftest import flat
from tests.reporting.pdf_text import layout_text
from tests.reporting.season import ALPHA, season

TODAY = dt.date(2026, 11, 2)
AMOUNTS = {"1": Decimal("6000.00"), "3": Decimal("2500.50"), "2": Decimal("999.00")}
"""R2 is Beta's: its amount is not the amount of Alpha's « Département »."""


def department(records: list[RallyRecord] | None = None, amounts: Mapping[str, Decimal | None] | None = None) -> Report:
    """The report of Alpha's « Département » (R1 and R3)."""
    chosen = season() if records is None else records
    return funder_report(chosen, funder="Département", structure=ALPHA, year=None, today=TODAY, amounts=amounts)


def test_amounts_are_shown_when_recorded(tmp_path: Path) -> None:
    report = department(amounts=AMOUNTS)
    figures = {figure.label: figure.value for figure in report.key_figures}
    assert figures["Montant du soutien"] == Euros(Decimal("8500.50"))  # R1 and R3 only
    assert report.rallies.headers[-1] == "Soutien de Département"
    assert [row[-1] for row in report.rallies.rows] == [Euros(Decimal("6000.00")), Euros(Decimal("2500.50"))]
    assert any(
        "Département a soutenu 2 rallyes menés par une structure, pour un montant de 8 500,50 €."
        in p.replace("\u00a0", " ")
        for p in report.introduction
    )

    path = tmp_path / "bilan.pdf"
    path.write_bytes(report_pdf(report))
    text = layout_text(path)
    assert flat("Montant du soutien 8 500,50 €") in text
    assert flat("6 000 €") in text and flat("2 500,50 €") in text

    rallies = load_workbook(io.BytesIO(report_xlsx(report)))["Rallyes"]
    cells = [row[-1] for row in rallies.iter_rows(min_row=2)]
    assert [c.value for c in cells] == [6000, 2500.5]
    assert all("€" in c.number_format for c in cells)


def test_an_amount_missing_for_some_rallies_is_said() -> None:
    report = department(amounts={"1": Decimal("6000"), "3": None})
    assert any(
        "pour un montant de 6\u00a0000\u00a0€ (montant renseigné pour 1 rallye sur 2)" in p for p in report.introduction
    )
    assert [row[-1] for row in report.rallies.rows] == [Euros(Decimal("6000")), None]


def test_no_amount_recorded_shows_no_amount() -> None:
    for report in (department(), department(amounts={"1": None, "3": None})):
        assert "Montant du soutien" not in [figure.label for figure in report.key_figures]
        assert report.rallies.headers[-1] == "Solution à 6 mois"
        assert not any("montant" in p for p in report.introduction)


def test_outcome_sentence_with_a_rate() -> None:
    # R1: CDI, interim, lost; R3: short CDD, no solution: 3 solutions of 5 situations recorded.
    sentence = department().introduction[-1]
    assert sentence == (
        "Solution professionnelle six mois après : 60 % des personnes dont la situation à 6 mois a été "
        "recherchée (emploi, alternance, formation qualifiante, contrat d'insertion ou création d'entreprise ; "
        "les personnes perdues de vue comptent sans solution)."
    )


def test_outcome_sentence_without_a_rate(tmp_path: Path) -> None:
    unrecorded = [
        dataclasses.replace(r, people=tuple(dataclasses.replace(p, outcome=None) for p in r.people)) for r in season()
    ]
    report = department(unrecorded)
    assert report.introduction[-1] == (
        "La situation des participants six mois après le rallye n'est pas encore renseignée : le taux de "
        "solution professionnelle sera donné dans un prochain bilan."
    )
    path = tmp_path / "bilan.pdf"
    path.write_bytes(report_pdf(report))
    text = layout_text(path)
    assert "non disponible des personnes" not in text
    assert flat("Aucune situation à 6 mois n'est encore renseignée") in text
