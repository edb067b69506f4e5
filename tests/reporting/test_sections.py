"""What the sections of every report say: outcomes whose chart and table agree, follow-ups late
or not due yet, the population of the intentions table, companies counted once per rally, and
how many fidelity scores nobody has confirmed."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

import pytest

from rallye.reporting.content import Report, Share, cell_text
from rallye.reporting.figures import season_figures
from rallye.reporting.reports import ansa_report, federation_report, report_pdf
from rallye.reporting.sections import outcomes_section
from tests.documents.conftest import flat
from tests.reporting.pdf_text import layout_text
from tests.reporting.season import ALPHA, FEDERATION, season

TODAY = dt.date(2026, 11, 2)
"""P5's follow-up (R2, October 2025, not recorded) fell due on 2 April 2026: it is late."""


def key(report: Report) -> dict[str, object]:
    return {figure.label: figure.value for figure in report.key_figures}


def test_outcome_chart_and_table_give_the_same_shares() -> None:
    section = outcomes_section(season_figures(season(), TODAY))
    (table,) = section.tables
    chart = html.unescape(section.charts[0])
    # 6 situations recorded: CDI, interim, lost (R1), training (R2), short CDD, no solution (R3).
    assert [(row[0], row[1], row[2]) for row in table.rows if row[1]] == [
        ("CDI", 1, Share(1 / 6)),
        ("CDD de moins de 6 mois", 1, Share(1 / 6)),
        ("Intérim", 1, Share(1 / 6)),
        ("Formation qualifiante", 1, Share(1 / 6)),
        ("Sans solution", 1, Share(1 / 6)),
        ("Perdu de vue", 1, Share(1 / 6)),
    ]
    for label, n, part in table.rows:
        assert f"{label} : {n} ({cell_text(part)})" in chart  # « CDI : 1 (17 %) » in both
    assert "Pas encore renseigné" not in chart
    assert section.paragraphs == (
        "Solution professionnelle à 6 mois : 67 % (4 sur 6 situations renseignées, dont 1 personne perdue de vue).",
        "1 suivi en retard (date passée, situation pas encore renseignée) n'est pas compté.",
    )


def test_follow_ups_not_recorded_are_late_or_not_due_yet() -> None:
    late = season_figures(season(), TODAY)
    assert (late.solution.not_recorded, late.follow_ups_late, late.follow_ups_not_due) == (1, 1, 0)
    early = season_figures(season(), dt.date(2026, 4, 2))  # P5's follow-up falls due that day
    assert (early.follow_ups_late, early.follow_ups_not_due) == (0, 1)
    assert outcomes_section(early).paragraphs[-1] == "1 suivi pas encore dû n'est pas compté."

    report = federation_report(season(), federation=FEDERATION, year=None, today=TODAY)
    assert key(report)["Suivis à 6 mois en retard (date passée, non renseignés)"] == 1
    assert key(report)["Suivis à 6 mois pas encore dus"] == 0
    assert "Suivis à 6 mois pas encore renseignés" not in key(report)


def test_intentions_say_whom_they_count() -> None:
    report = federation_report(season(), federation=FEDERATION, year=None, today=TODAY)
    titles = [table.title for table in report.tables]
    # P1 and P6 answered both times (P5 before only, P7 after only): the table counts them only.
    assert "Ce que les personnes comptent faire dans le mois (2 personnes ayant répondu avant et après)" in titles


def test_companies_are_counted_once_per_rally(tmp_path: Path) -> None:
    report = federation_report(season(), federation=FEDERATION, year=None, today=TODAY)
    assert key(report)["Entreprises visitées (chacune comptée une fois)"] == 6
    companies = next(s for s in report.sections if s.heading.startswith("Les entreprises"))
    assert companies.paragraphs[0].startswith("6 entreprises visitées (chacune comptée une fois), dont")
    path = tmp_path / "bilan.pdf"
    path.write_bytes(report_pdf(report))
    text = layout_text(path)
    assert flat("Entreprises visitées (chacune comptée une fois) 6") in text
    assert flat("Chaque entreprise compte une fois, même venue à plusieurs rallyes") in text


@pytest.mark.parametrize(
    ("confirmed", "proposed", "sentence"),
    [
        # Scores: R1 O1 F1 F2 K1 (R2 not assessable), R3 O1 F1 F2 K1 P1: 9 in the means.
        (
            {"1": {"O1", "F1", "R2"}, "3": {"P1"}},
            6,
            "6 notes sur 9 sont proposées par les données des rallyes et pas encore confirmées",
        ),
        (
            {"1": {"O1", "F1", "F2", "K1"}, "3": {"O1", "F1", "F2", "K1"}},
            1,
            "1 note sur 9 est proposée par les données du rallye et pas encore confirmée",
        ),
        (
            {"1": {"O1", "F1", "F2", "K1"}, "3": {"O1", "F1", "F2", "K1", "P1"}},
            0,
            "Toutes ces notes ont été confirmées par la fédération ou un évaluateur.",
        ),
        ({}, 9, "9 notes sur 9 sont proposées"),
    ],
)
def test_fidelity_says_how_many_scores_nobody_confirmed(
    confirmed: dict[str, set[str]], proposed: int, sentence: str
) -> None:
    report = federation_report(season(), federation=FEDERATION, year=None, today=TODAY, confirmed=confirmed)
    assert key(report)["Notes de fidélité proposées par les données, non confirmées"] == proposed
    fidelity = next(s for s in report.sections if s.heading == "La fidélité au modèle")
    assert sentence in fidelity.paragraphs[0]


def test_ansa_report_counts_the_scores_of_the_first_rally_only() -> None:
    report = ansa_report(season(), federation=FEDERATION, structure=ALPHA, today=TODAY, confirmed={"1": {"O1"}})
    assert key(report)["Notes de fidélité proposées par les données, non confirmées"] == 3  # F1 F2 K1 of R1


def test_without_knowing_which_scores_were_confirmed_nothing_is_claimed() -> None:
    report = federation_report(season(), federation=FEDERATION, year=None, today=TODAY)
    fidelity = next(s for s in report.sections if s.heading == "La fidélité au modèle")
    assert "confirmé" not in fidelity.paragraphs[0]
    assert "Notes de fidélité proposées par les données, non confirmées" not in key(report)
