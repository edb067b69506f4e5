"""``rallye report`` on the demo database: PDF and XLSX written, with the database's figures, for
the rallies that have taken place; the same reports as the web's « Bilans »."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.db.models import Max, Min
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from rallye.cli.main import EXIT_INVALID, EXIT_OK, main
from rallye.demo import DEMO_PASSWORD, FEDERATION_ADMIN
from rallye.domain.outcomes import Outcome
from rallye.evaluation.models import FollowUp, Funder, Funding
from rallye.organisations.models import Federation, Structure, StructureKind
from rallye.rallies.models import Participant, Rally
from rallye.reporting.reports import slug
from tests.conftest import demo_loaded
from tests.documents.conftest import flat
from tests.reporting.pdf_text import layout_text

pytestmark = pytest.mark.django_db
FUNDER = "Fondation d'essai pour l'emploi"


def held_rallies() -> list[tuple[Rally, int]]:
    """The rallies whose last day is over, oldest first, with the year of their first day."""
    dated = Rally.objects.annotate(first_day=Min("sessions__date"), last_day=Max("sessions__date"))
    return [
        (rally, rally.first_day.year)
        for rally in dated.filter(last_day__lt=timezone.localdate()).order_by("first_day", "pk")
    ]


def rallies_of(year: int) -> list[Rally]:
    return [rally for rally, first_year in held_rallies() if first_year == year]


def workbook_rows(path: Path, sheet: str) -> list[tuple[object, ...]]:
    book = load_workbook(io.BytesIO(path.read_bytes()))
    return [tuple(cell.value for cell in row) for row in book[sheet].iter_rows()]


@pytest.fixture
def year() -> int:
    """The demo, with two outcomes recorded and a funder on its latest rally held; that rally's year."""
    demo_loaded()
    rally, first_year = held_rallies()[-1]
    people = list(Participant.objects.filter(rally=rally, present=True).order_by("code")[:2])
    for person, outcome in zip(people, (Outcome.CDI, Outcome.LOST), strict=True):
        FollowUp.objects.update_or_create(
            participant=person, defaults={"outcome": outcome, "recorded_on": dt.date(2026, 1, 5)}
        )
    funder = Funder.objects.create(structure=rally.structure, name=FUNDER)
    Funding.objects.create(rally=rally, funder=funder)
    return first_year


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
    structure = slug(Rally.objects.get(fundings__funder__name=FUNDER).structure.name)
    funder_pdf = tmp_path / f"bilan-financeur-{structure}-fondation-d-essai-pour-l-emploi-{year}.pdf"
    assert funder_pdf.is_file() and (tmp_path / funder_pdf.name.replace(".pdf", ".xlsx")).is_file()
    assert flat(f"Bilan pour {FUNDER}") in layout_text(funder_pdf)
    capsys.readouterr()
    ansa_out = tmp_path / "ansa"
    assert main(["report", "ansa", "--out", str(ansa_out)]) == EXIT_OK
    names = sorted(p.name for p in ansa_out.iterdir())
    # One report per structure of the demo, each about the structure's first rally (held in 2025).
    assert names == [
        "bilan-ansa-mife-de-haute-savoie-2025.pdf",
        "bilan-ansa-mife-de-haute-savoie-2025.xlsx",
        "bilan-ansa-reseau-territoires-d-insertion-isere-2025.pdf",
        "bilan-ansa-reseau-territoires-d-insertion-isere-2025.xlsx",
    ]


def test_nothing_to_report_and_invalid_year(year: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    Federation.objects.create(name="Autre réseau")
    assert main(["report", "federation", "--year", str(year), "--out", str(tmp_path)]) == EXIT_OK
    out = capsys.readouterr().out
    # Two federations: each file name says whose report it is.
    assert (tmp_path / f"federation-des-crepi-demo-bilan-federation-{year}.pdf").is_file()
    assert f"Autre réseau : aucun rallye n'a eu lieu en {year} ; aucun bilan écrit." in out
    empty = tmp_path / "vide"
    assert main(["report", "federation", "--year", "2090", "--out", str(empty)]) == EXIT_OK
    assert "aucun rallye n'a eu lieu en 2090 ; aucun bilan écrit." in capsys.readouterr().out
    assert not empty.exists()
    assert main(["report", "federation", "--year", "26", "--out", str(empty)]) == EXIT_INVALID
    assert "Année invalide : 26." in capsys.readouterr().err
    assert not empty.exists()


def test_rallies_to_come_are_not_counted(year: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The demo plans a rally of each structure in 2027.
    to_come = Rally.objects.annotate(last=Max("sessions__date")).filter(last__gte=timezone.localdate())
    assert {r.first.year for r in to_come.annotate(first=Min("sessions__date"))} == {2027}
    assert main(["report", "federation", "--year", "2027", "--out", str(tmp_path)]) == EXIT_OK
    assert (
        "Fédération des CREPI (démo) : aucun rallye n'a eu lieu en 2027 ; aucun bilan écrit." in capsys.readouterr().out
    )
    assert not tmp_path.joinpath("bilan-federation-2027.pdf").exists()

    assert main(["report", "federation", "--out", str(tmp_path)]) == EXIT_OK
    rallies = workbook_rows(tmp_path / "bilan-federation-2025-2026.xlsx", "Rallyes")[1:]
    assert [row[0] for row in rallies] == [rally.name for rally, _ in held_rallies()]


def test_a_first_rally_to_come_gets_no_ansa_report(
    year: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    newcomer = Structure.objects.create(
        federation=Federation.objects.get(), name="Club des nouveaux venus", kind=StructureKind.CREPI
    )
    upcoming = Rally.objects.annotate(last=Max("sessions__date")).filter(last__gte=timezone.localdate()).first()
    assert upcoming is not None
    Rally.objects.filter(pk=upcoming.pk).update(structure=newcomer)
    assert main(["report", "ansa", "--out", str(tmp_path)]) == EXIT_OK
    out = capsys.readouterr().out
    assert f"Club des nouveaux venus : le premier rallye de Club des nouveaux venus (« {upcoming.name} »" in out
    assert "n'a pas encore eu lieu : son bilan pour l'Ansa sera prêt après le rallye ; pas de bilan." in out
    assert not any("nouveaux-venus" in p.name for p in tmp_path.iterdir())


def test_funders_of_the_same_name_get_one_report_per_structure_as_on_the_web(
    year: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The demo: « Région Auvergne-Rhône-Alpes » is a funder of both structures.
    assert main(["report", "funders", "--out", str(tmp_path)]) == EXIT_OK
    mife = tmp_path / "bilan-financeur-mife-de-haute-savoie-region-auvergne-rhone-alpes-2025-2026.xlsx"
    isere = tmp_path / "bilan-financeur-reseau-territoires-d-insertion-isere-region-auvergne-rhone-alpes-2026.xlsx"
    assert mife.is_file() and isere.is_file()
    assert [row[0] for row in workbook_rows(isere, "Rallyes")[1:]] == ["Rallye pour l'emploi — Voiron, mars 2026"]
    assert [(row[0], row[-1]) for row in workbook_rows(mife, "Rallyes")[1:]] == [
        ("Rallye pour l'emploi — Annecy, octobre 2025", 4000),
        ("Rallye pour l'emploi — Annecy, mai 2026", 4000),
    ]

    web = Client()
    assert web.login(email=FEDERATION_ADMIN, password=DEMO_PASSWORD)
    funder = Funder.objects.get(structure__name="MIFE de Haute-Savoie", name="Région Auvergne-Rhône-Alpes")
    response = web.get(reverse("network:funder_report", args=[funder.pk, "xlsx"]))
    assert mife.name in response["Content-Disposition"]
    downloaded = tmp_path / "web.xlsx"
    downloaded.write_bytes(response.content)
    for sheet in ("Synthèse", "Rallyes", "Situation à 6 mois", "Questionnaires"):
        assert workbook_rows(downloaded, sheet) == workbook_rows(mife, sheet), sheet
