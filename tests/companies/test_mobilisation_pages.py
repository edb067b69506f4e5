"""The mobilisation log as an organiser meets it: companies of the directory put on the rally's
list, calls logged with the next action, a warning for a company reached by e-mail only, the
state moved to « engagée », the company added to the rally with what the planner needs, and the
list showing engaged companies against what the rally needs."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.test import Client
from django.urls import reverse

from rallye.companies.models import ContactLog, DirectoryCompany, Mobilisation, Status
from rallye.domain import charter
from rallye.history.models import HistoryEntry
from rallye.organisations.models import Structure
from rallye.rallies.models import Company, Rally

pytestmark = pytest.mark.django_db


@pytest.fixture
def bakery(mife: Structure) -> DirectoryCompany:
    entry = DirectoryCompany.objects.create(
        structure=mife,
        name="Boulangerie du Lac",
        siret="73282932000074",
        sector="Industrie manufacturière",
        address="12 rue de la Paix 74000 Annecy",
        town="Annecy",
        lat=45.901,
        lon=6.125,
        hiring=True,
        grouped_visits=True,
        parking="Parking du lac",
    )
    entry.contacts.create(name="Lucie Martin", role="RH", phone="06 12 34 56 78", email="lucie@example.org")
    return entry


def test_an_organiser_mobilises_logs_engages_and_adds_a_company(
    coordinator: Client, mife_rally: Rally, bakery: DirectoryCompany
) -> None:
    url = reverse("companies:mobilisation", args=[mife_rally.pk])
    page = coordinator.get(url).content.decode()
    assert "Boulangerie du Lac" in page  # offered from the directory
    coordinator.post(url, {"companies": [str(bakery.pk)]})
    m = Mobilisation.objects.get(rally=mife_rally, company=bakery)
    assert m.status == Status.TO_CONTACT
    detail = reverse("companies:mobilisation_detail", args=[mife_rally.pk, m.pk])

    response = coordinator.post(
        detail,
        {
            "action": "contact",
            "date": "2026-12-01",
            "channel": "email",
            "who": "Lucie Martin",
            "note": "Plaquette envoyée",
            "next_action": "Rappeler",
            "next_date": "2026-12-04",
        },
    )
    assert response.status_code == 302
    m.refresh_from_db()
    assert m.status == Status.CONTACTED
    log = ContactLog.objects.get(mobilisation=m)
    assert log.author_name and log.next_date == dt.date(2026, 12, 4)
    listing = coordinator.get(url).content.decode()
    assert "Jointe par e-mail seulement" in listing and "Rappeler" in listing

    coordinator.post(
        detail, {"action": "contact", "date": "2026-12-04", "channel": "phone", "who": "Lucie Martin", "note": ""}
    )
    assert "Jointe par e-mail seulement" not in coordinator.get(url).content.decode()

    response = coordinator.post(detail, {"action": "add"}, follow=True)
    assert "Seule une entreprise engagée" in response.content.decode()
    assert not Company.objects.filter(rally=mife_rally, directory=bakery).exists()

    coordinator.post(detail, {"action": "status", "status": "engaged"})
    m.refresh_from_db()
    assert m.status == Status.ENGAGED
    response = coordinator.post(detail, {"action": "add"})
    company = Company.objects.get(rally=mife_rally, directory=bakery)
    assert response["Location"] == reverse("rallies:company_edit", args=[mife_rally.pk, company.pk])
    assert (company.name, company.siret, company.sector, company.hiring) == (
        "Boulangerie du Lac",
        "73282932000074",
        "Industrie manufacturière",
        True,
    )
    assert (company.lat, company.lon, company.contact_phone) == (45.901, 6.125, "06 12 34 56 78")
    assert company.capacity >= 8  # a grouped visit
    coordinator.post(detail, {"action": "add"})
    assert Company.objects.filter(rally=mife_rally, directory=bakery).count() == 1

    history = list(HistoryEntry.objects.filter(rally=mife_rally).values_list("summary", flat=True))
    assert "Ajoutée depuis l'annuaire" in history and any("Contact par e-mail" in s for s in history)
    card = coordinator.get(reverse("companies:detail", args=[bakery.pk])).content.decode()
    assert html.escape(mife_rally.name) in card  # the history of its rallies


def test_the_list_counts_engaged_companies_against_the_rally_needs(
    coordinator: Client, mife_rally: Rally, mife: Structure
) -> None:
    Mobilisation.objects.filter(rally=mife_rally).delete()  # the demo's companies are all confirmed
    for number in range(2):
        entry = DirectoryCompany.objects.create(structure=mife, name=f"Entreprise {number}", sector=f"Secteur {number}")
        Mobilisation.objects.create(rally=mife_rally, company=entry, status=Status.CONFIRMED)
    withdrawn = DirectoryCompany.objects.create(structure=mife, name="Partie", sector="Autre")
    Mobilisation.objects.create(rally=mife_rally, company=withdrawn, status=Status.WITHDRAWN)
    page = coordinator.get(reverse("companies:mobilisation", args=[mife_rally.pk])).content.decode()
    assert f"Entreprises engagées : 2 sur {charter.MIN_COMPANIES}" in page
    assert f"il en manque {charter.MIN_COMPANIES - 2}" in page
    assert f"Secteurs différents : 2 sur {mife_rally.visits_min}" in page
    assert "Visites à accueillir" in page
    assert "Confirmée : 2" in page and "Désistée : 1" in page


def test_a_missing_field_keeps_what_was_typed(coordinator: Client, mife_rally: Rally, bakery: DirectoryCompany) -> None:
    m = Mobilisation.objects.create(rally=mife_rally, company=bakery)
    detail = reverse("companies:mobilisation_detail", args=[mife_rally.pk, m.pk])
    response = coordinator.post(
        detail, {"action": "contact", "date": "", "channel": "phone", "who": "Lucie", "next_date": "2026-12-10"}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert 'value="Lucie"' in page and "Dites quelle action est prévue" in page
    assert not ContactLog.objects.filter(mobilisation=m).exists()


def test_readers_see_but_do_not_change(reader: Client, mife_rally: Rally, bakery: DirectoryCompany) -> None:
    m = Mobilisation.objects.create(rally=mife_rally, company=bakery)
    assert reader.get(reverse("companies:mobilisation", args=[mife_rally.pk])).status_code == 200
    detail = reverse("companies:mobilisation_detail", args=[mife_rally.pk, m.pk])
    assert reader.get(detail).status_code == 200
    assert reader.post(detail, {"action": "status", "status": "engaged"}).status_code == 403


def test_another_structures_rally_is_not_found(coordinator: Client, isere: Structure) -> None:
    rally = Rally.objects.filter(structure=isere).first()
    assert rally is not None
    assert coordinator.get(reverse("companies:mobilisation", args=[rally.pk])).status_code == 404


def test_the_demo_rally_was_built_from_the_directory(coordinator: Client, mife_rally: Rally) -> None:
    companies = Company.objects.filter(rally=mife_rally)
    assert companies.exists() and not companies.filter(directory__isnull=True).exists()
    page = coordinator.get(reverse("companies:mobilisation", args=[mife_rally.pk])).content.decode()
    assert f"Entreprises engagées : {companies.count()} sur {charter.MIN_COMPANIES}" in page
    assert "Jointe par e-mail seulement" not in page


def test_cards_name_companies_never_by_code(coordinator: Client, mife_rally: Rally) -> None:
    page = coordinator.get(reverse("companies:mobilisation", args=[mife_rally.pk])).content.decode()
    cards = page.split('<ul class="cards mobilisations">')[1].split("</ul>")[0]
    for company in Company.objects.filter(rally=mife_rally):
        assert f"({company.code})" not in cards and f">{company.code}<" not in cards
        edit = reverse("rallies:company_edit", args=[mife_rally.pk, company.pk])
        assert f'<a href="{edit}">dans les entreprises du rallye' in cards
