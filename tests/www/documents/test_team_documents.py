"""Documents per team (roadbook, convocations, diplomas of one team, under French file names) and
the printable sheet of the companies' availability links."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from rallye.documents import TEAM_FILES, team_file
from rallye.history.models import HistoryEntry
from rallye.links.models import PrivateLink, Purpose
from rallye.plans.reading import planned_rally
from rallye.rallies.models import Company, Rally
from tests.documents.conftest import flat, read_pdf

pytestmark = pytest.mark.django_db


def test_file_names_are_french_and_plain() -> None:
    assert team_file("roadbook", "Équipe 1") == "carnet-de-route-equipe-1.pdf"
    assert team_file("convocation", "Les Aigles d'Annecy") == "convocations-les-aigles-d-annecy.pdf"
    assert team_file("diploma", "  ") == "diplomes-equipe.pdf"


def test_each_team_has_its_own_documents(coordinator: Client, mife_rally: Rally, tmp_path: Path) -> None:
    plan = planned_rally(mife_rally).plan
    assert plan is not None
    page = coordinator.get(reverse("documents:documents", args=[mife_rally.pk])).content.decode()
    for team in plan.teams:
        for kind in TEAM_FILES:
            url = reverse("documents:team_document", args=[mife_rally.pk, team.id, kind])
            assert f'<a href="{url}">{team_file(kind, team.name)}</a>' in page
    first, second = plan.teams[0], plan.teams[1]
    response = coordinator.get(reverse("documents:team_document", args=[mife_rally.pk, first.id, "roadbook"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert f'filename="{team_file("roadbook", first.name)}"' in response["Content-Disposition"]
    (tmp_path / "team.pdf").write_bytes(response.content)
    text = read_pdf(tmp_path / "team.pdf").text
    assert flat(f"Carnet de route — {first.name}") in text and flat(f"Carnet de route — {second.name}") not in text


def test_an_unknown_team_or_kind_is_not_found(coordinator: Client, mife_rally: Rally) -> None:
    for team, kind in (("T99", "roadbook"), ("T1", "overview")):
        url = reverse("documents:team_document", args=[mife_rally.pk, team, kind])
        assert coordinator.get(url).status_code == 404, url


def test_the_links_sheet_makes_missing_links_on_request_only(coordinator: Client, mife_rally: Rally) -> None:
    url = reverse("documents:links_sheet", args=[mife_rally.pk])
    links = PrivateLink.objects.filter(company__rally=mife_rally, purpose=Purpose.AVAILABILITY)
    before = links.count()
    page = coordinator.get(url).content.decode()
    assert links.count() == before  # showing the sheet makes nothing
    companies = Company.objects.filter(rally=mife_rally)
    for company in companies:
        assert escape(company.name) in page
    response = coordinator.post(url)
    assert response.status_code == 302
    assert links.filter(revoked_at=None).values("company").distinct().count() == companies.count()
    assert HistoryEntry.objects.filter(rally=mife_rally, summary__startswith="Liens de disponibilités créés").exists()
    sheet = coordinator.get(url).content.decode()
    assert sheet.count('alt="QR code du lien de disponibilités de ') == companies.count()
    assert "Créer les liens manquants" not in sheet


def test_readers_do_not_get_the_links_sheet(reader: Client, mife_rally: Rally) -> None:
    assert reader.get(reverse("documents:links_sheet", args=[mife_rally.pk])).status_code == 403
    page = reader.get(reverse("documents:documents", args=[mife_rally.pk])).content.decode()
    assert "liens-prives" not in page
