"""Rallies that have not taken place yet are not counted as run: the dashboard leaves them out and
says how many, the reports count the rallies held, a structure whose first rally is still to
come gets its Ansa report afterwards, and a download with nothing to report goes back to
« Bilans », which says why, instead of giving an empty file. The comparison of the grids keeps
rallies to come (their grid is being prepared), marked « à venir »."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from django.db.models import Max, Min
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rallye.evaluation.models import Funder, Funding
from rallye.organisations.models import Structure, StructureKind
from rallye.rallies.models import Rally
from tests.www.network.conftest import PAST_YEAR, planned_rally
from tests.www.network.helpers import get_ok, text

pytestmark = pytest.mark.django_db
NEWCOMER = "Club des nouveaux venus"


@pytest.fixture
def newcomer(mife: Structure) -> Rally:
    """The first rally (May 2027, still to come) of a structure new to the federation."""
    structure = Structure.objects.create(federation=mife.federation, name=NEWCOMER, kind=StructureKind.CREPI)
    return planned_rally(structure, "voiron-2027")


def rally_names(content: bytes) -> list[str]:
    sheet = openpyxl.load_workbook(io.BytesIO(content))["Rallyes"]
    return [str(row[0].value) for row in sheet.iter_rows(min_row=2)]


def held_names() -> list[str]:
    rallies = Rally.objects.annotate(first=Min("sessions__date"), last=Max("sessions__date"))
    return [r.name for r in rallies.filter(last__lt=timezone.localdate()).order_by("first", "pk")]


def followed(client: Client, url: str) -> tuple[str, str]:
    """Where a download sent the user, and what the page says."""
    response = client.get(url, follow=True)
    assert response.redirect_chain, f"{url} gave a file"
    return response.redirect_chain[-1][0], text(response)


def test_the_federation_report_counts_rallies_held(admin: Client, annecy: Rally, past: Rally) -> None:
    response = admin.get(reverse("network:federation_report", args=["xlsx"]))
    assert response.status_code == 200
    names = rally_names(response.content)
    assert names == held_names() and past.name in names
    assert annecy.name not in names  # March 2027: to come


def test_a_year_without_any_rally_held_gives_no_empty_report(admin: Client, annecy: Rally) -> None:
    for year in (2031, 2027):  # nothing at all; rallies to come only
        url = reverse("network:federation_report", args=["pdf"]) + f"?annee={year}"
        where, page = followed(admin, url)
        assert where == reverse("network:reports")
        assert f"Pas de bilan à télécharger : aucun rallye n'a eu lieu en {year}." in page


def test_a_first_rally_to_come_has_no_ansa_report_yet(admin: Client, newcomer: Rally) -> None:
    structure = newcomer.structure
    ansa_pdf = reverse("network:ansa_report", args=[structure.pk, "pdf"])
    waiting = (
        f"le premier rallye de {NEWCOMER} (« {newcomer.name} », du 18 au 21 mai 2027) n'a pas encore eu lieu : "
        "son bilan pour l'Ansa sera prêt après le rallye"
    )
    page = get_ok(admin, reverse("network:reports"))
    assert f"{waiting}." in page and ansa_pdf not in page
    where, page = followed(admin, ansa_pdf)
    assert where == reverse("network:reports")
    assert f"Pas de bilan à télécharger : {waiting}." in page

    dashboard = get_ok(admin, reverse("network:dashboard"))
    row = re.search(rf'<th scope="row">{NEWCOMER}</th>.*?</tr>', dashboard, re.S)
    assert row is not None
    assert "(à venir)" in row.group(0) and "à faire après le premier rallye" in row.group(0)
    assert ansa_pdf not in dashboard


def test_the_dashboard_says_how_many_rallies_are_to_come(admin: Client, annecy: Rally, newcomer: Rally) -> None:
    page = get_ok(admin, reverse("network:dashboard") + "?annee=2027")
    starting_2027 = Rally.objects.annotate(first=Min("sessions__date")).filter(first__year=2027).count()
    assert starting_2027 >= 3  # the demo's two, annecy, the newcomer's
    assert f"Les chiffres comptent les rallyes qui ont eu lieu : {starting_2027} rallyes à venir, non comptés." in page
    assert re.search(r'<span class="label">Rallyes</span> <strong class="value">0</strong>', page)
    assert "Aucun rallye n'a eu lieu en 2027." in page


def test_rallies_without_dates_are_said_in_correct_french(admin: Client, past: Rally, annecy: Rally) -> None:
    past.sessions.all().delete()
    page = get_ok(admin, reverse("network:dashboard"))
    assert "1 rallye sans programme daté n'est pas compté." in page
    annecy.sessions.all().delete()
    page = get_ok(admin, reverse("network:dashboard"))
    assert "2 rallyes sans programme daté ne sont pas comptés." in page
    assert "n'sont" not in page


def test_a_funder_without_rally_held_that_year_gives_no_empty_report(
    coordinator: Client, mife: Structure, annecy: Rally
) -> None:
    region = Funder.objects.get(structure=mife, name="Région Auvergne-Rhône-Alpes")
    where, page = followed(
        coordinator, reverse("network:funder_report", args=[region.pk, "pdf"]) + f"?annee={PAST_YEAR}"
    )
    assert where == reverse("network:reports")
    nothing = f"Région Auvergne-Rhône-Alpes n'a financé aucun rallye qui a eu lieu en {PAST_YEAR}."
    assert f"Pas de bilan à télécharger : {nothing}" in page

    newcomer = Funder.objects.create(structure=mife, name="Mécène de 2027")
    Funding.objects.create(rally=annecy, funder=newcomer)
    page = get_ok(coordinator, reverse("network:reports"))
    assert "Mécène de 2027 :" in page and "aucun rallye financé n'a encore eu lieu." in page
    where, page = followed(coordinator, reverse("network:funder_report", args=[newcomer.pk, "xlsx"]))
    assert "Mécène de 2027 n'a financé aucun rallye qui a eu lieu pour l'instant." in page


def test_each_structures_funder_has_its_own_report_with_its_amounts(
    admin: Client, mife: Structure, isere: Structure
) -> None:
    # The demo: « Région Auvergne-Rhône-Alpes » funds two rallies of the MIFE (4 000 € each) and one
    # of the Isère network (3 500 €).
    reports = {}
    for structure in (mife, isere):
        region = Funder.objects.get(structure=structure, name="Région Auvergne-Rhône-Alpes")
        response = admin.get(reverse("network:funder_report", args=[region.pk, "xlsx"]))
        assert response.status_code == 200
        reports[structure.name] = (
            response["Content-Disposition"],
            openpyxl.load_workbook(io.BytesIO(response.content)),
        )
    disposition, book = reports[mife.name]
    assert "bilan-financeur-mife-de-haute-savoie-region-auvergne-rhone-alpes-2025-2026.xlsx" in disposition
    rallies = [tuple(c.value for c in row) for row in book["Rallyes"].iter_rows(min_row=2)]
    assert [(r[0], r[-1]) for r in rallies] == [
        ("Rallye pour l'emploi — Annecy, octobre 2025", 4000),
        ("Rallye pour l'emploi — Annecy, mai 2026", 4000),
    ]
    summary = {row[0].value: row[1].value for row in book["Synthèse"].iter_rows() if row[0].value}
    assert summary["Montant du soutien"] == 8000

    disposition, book = reports[isere.name]
    assert "bilan-financeur-reseau-territoires-d-insertion-isere-region-auvergne-rhone-alpes-2026.xlsx" in disposition
    rallies = [tuple(c.value for c in row) for row in book["Rallyes"].iter_rows(min_row=2)]
    assert [(r[0], r[-1]) for r in rallies] == [("Rallye pour l'emploi — Voiron, mars 2026", 3500)]


def row_header(page: str, rally: Rally) -> str:
    """The row header of ``rally`` in the comparison table."""
    found = re.search(rf'<a href="{reverse("network:fidelity", args=[rally.pk])}">.*?</th>', page, re.S)
    assert found, f"{rally.name} absent du tableau"
    return found.group(0)


def test_the_comparison_marks_rallies_to_come(evaluator: Client, annecy: Rally, past: Rally) -> None:
    page = get_ok(evaluator, reverse("network:fidelity_compare"))
    assert "à venir" in row_header(page, annecy) and "du 16 au 19 mars 2027" in row_header(page, annecy)
    assert "à venir" not in row_header(page, past)
