"""``rallye report`` on the demo database: PDF and XLSX written, with the database's figures."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.db.models import Min
from openpyxl import load_workbook

from rallye.cli.main import EXIT_INVALID, EXIT_OK, main
from rallye.demo import load_demo
from rallye.domain.outcomes import Outcome
from rallye.evaluation.models import FollowUp, Funder, Funding
from rallye.organisations.models import Federation
from rallye.rallies.models import Participant, Rally
from tests.documents.conftest import flat
from tests.reporting.pdf_text import layout_text

pytestmark = pytest.mark.django_db
FUNDER = "Fondation d'essai pour l'emploi"


def rallies_of(year: int) -> list[Rally]:
    dated = Rally.objects.annotate(first_day=Min("sessions__date")).exclude(first_day=None)
    return [r for r in dated if r.first_day.year == year]


@pytest.fixture
def year() -> int:
    """The demo, with two outcomes recorded and a funder on one rally; the year of that rally."""
    load_demo()
    rally = Rally.objects.annotate(first_day=Min("sessions__date")).exclude(first_day=None).order_by("-first_day")[0]
    people = list(Participant.objects.filter(rally=rally, present=True).order_by("code")[:2])
    for person, outcome in zip(people, (Outcome.CDI, Outcome.LOST), strict=True):
        FollowUp.objects.update_or_create(
            participant=person, defaults={"outcome": outcome, "recorded_on": dt.date(2026, 1, 5)}
        )
    funder = Funder.objects.create(structure=rally.structure, name=FUNDER)
    Funding.objects.create(rally=rally, funder=funder)
    return int(rally.first_day.year)


def test_federation_report_is_written_with_the_database_figures(
    year: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", "federation", "--year", str(year), "--out", str(tmp_path)]) == EXIT_OK
    pdf, xlsx = tmp_path / f"bilan-federation-{year}.pdf", tmp_path / f"bilan-federation-{year}.xlsx"
    out = capsys.readouterr().out
    assert f"  - {pdf} (PDF)" in out and f"  - {xlsx} (classeur)" in out
    rallies = rallies_of(year)
    present = Participant.objects.filter(rally__in=rallies, present=True)
    recorded = FollowUp.objects.filter(participant__in=present).count()
    assert recorded >= 2
    book = load_workbook(io.BytesIO(xlsx.read_bytes()))
    summary = {row[0].value: row[1].value for row in book["Synthèse"].rows}
    assert summary["Rallyes"] == len(rallies)
    assert summary["Participants"] == present.count()
    assert summary["Femmes"] == present.filter(gender="F").count()
    assert summary["Situations à 6 mois renseignées"] == recorded
    text = layout_text(pdf)
    assert flat(f"Bilan des Rallyes pour l'emploi — année {year}") in text
    assert flat(f"Participants {present.count()}") in text
    assert sorted(str(row[0].value) for row in book["Rallyes"].iter_rows(min_row=2)) == sorted(r.name for r in rallies)


def test_funder_and_ansa_reports(year: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "funders", "--year", str(year), "--out", str(tmp_path)]) == EXIT_OK
    funder_pdf = tmp_path / f"bilan-financeur-fondation-d-essai-pour-l-emploi-{year}.pdf"
    assert funder_pdf.is_file() and (tmp_path / funder_pdf.name.replace(".pdf", ".xlsx")).is_file()
    assert flat(f"Bilan pour {FUNDER}") in layout_text(funder_pdf)
    capsys.readouterr()
    ansa_out = tmp_path / "ansa"
    assert main(["report", "ansa", "--out", str(ansa_out)]) == EXIT_OK
    names = sorted(p.name for p in ansa_out.iterdir())
    # One report per structure of the demo, each about the structure's first rally.
    assert len(names) == 2 * Rally.objects.values("structure").distinct().count()
    assert all(name.startswith("bilan-ansa-") for name in names)


def test_nothing_to_report_and_invalid_year(year: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    Federation.objects.create(name="Autre réseau")
    assert main(["report", "federation", "--year", str(year), "--out", str(tmp_path)]) == EXIT_OK
    out = capsys.readouterr().out
    # Two federations: each file name says whose report it is.
    assert (tmp_path / f"federation-des-crepi-demo-bilan-federation-{year}.pdf").is_file()
    assert f"Autre réseau : aucun rallye en {year} ; aucun bilan écrit." in out
    empty = tmp_path / "vide"
    assert main(["report", "federation", "--year", "2090", "--out", str(empty)]) == EXIT_OK
    assert "aucun rallye en 2090 ; aucun bilan écrit." in capsys.readouterr().out
    assert not empty.exists()
    assert main(["report", "federation", "--year", "26", "--out", str(empty)]) == EXIT_INVALID
    assert "Année invalide : 26." in capsys.readouterr().err
    assert not empty.exists()
