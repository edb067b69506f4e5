"""The RSA beneficiaries counted for the département (people in insertion do not count), in the
report of a département that funds the rallies."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from rallye.domain.statuses import counts_for_rsa_target
from rallye.reporting.records import RallyRecord
from rallye.reporting.reports import funder_report
from tests.reporting.season import ALPHA, season

TODAY = dt.date(2026, 11, 2)


def test_people_in_insertion_who_had_the_rsa_do_not_count() -> None:
    assert counts_for_rsa_target(True, "DELD")
    assert counts_for_rsa_target(False, "BRSA")
    assert counts_for_rsa_target(False, "DE/BRSA")
    assert not counts_for_rsa_target(True, "salarié en insertion")
    assert not counts_for_rsa_target(True, "INSERTION")
    assert not counts_for_rsa_target(False, "DELD")


def with_targets(records: list[RallyRecord]) -> list[RallyRecord]:
    """Rally « 1 » with a target of 3; P-8 (RSA ticked) in an insertion contract."""
    changed = []
    for record in records:
        people = tuple(replace(p, status="INSERTION") if p.pseudonym == "P-8" else p for p in record.people)
        changed.append(replace(record, people=people, rsa_target=3 if record.key == "1" else None))
    return changed


def key(report: object) -> dict[str, object]:
    return {figure.label: figure.value for figure in report.key_figures}  # type: ignore[attr-defined]


def test_a_departement_report_counts_its_rsa_beneficiaries_against_the_target() -> None:
    records = with_targets(season())
    report = funder_report(records, funder="Département", structure=ALPHA, year=None, today=TODAY, rsa_target=True)
    # Alpha's rallies funded by the département: P-2 (BRSA, present) counts; P-4 is absent; P-8 is in insertion.
    assert key(report)["Bénéficiaires du RSA comptés pour le département"] == 1
    assert key(report)["Objectif de bénéficiaires du RSA"] == 3
    words = " ".join(report.introduction)
    assert "1 bénéficiaire du RSA compté, pour un objectif de 3." in words
    assert "les salariés en insertion qui touchaient le RSA avant d'entrer dans la SIAE ne comptent pas" in words
    other = funder_report(records, funder="Fondation Emploi", structure=ALPHA, year=None, today=TODAY)
    assert "Bénéficiaires du RSA comptés pour le département" not in key(other)
