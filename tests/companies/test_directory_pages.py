"""The directory as a coordinator meets it: add a company with its contacts (phones written the
usual way, SIRET checked, sector from the NAF code, address located or left « à localiser »),
open its card, change it; other structures' entries do not exist, readers only read."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from rallye.companies.models import DirectoryChange, DirectoryCompany
from rallye.organisations.models import Structure
from tests.geocoder_stub import running_stub

pytestmark = pytest.mark.django_db


def company_data(**changes: Any) -> dict[str, Any]:
    data = {
        "name": "Boulangerie du Lac",
        "siret": "732 829 320 00074",
        "naf_code": "1071c",
        "sector": "",
        "address": "12 rue de la Paix 74000 Annecy",
        "town": "Annecy",
        "lat": "",
        "lon": "",
        "hiring": "on",
        "hiring_needs": "Deux vendeurs en CDI",
        "grouped_visits": "on",
        "accessibility": "Plain-pied",
        "parking": "Parking du lac, gratuit",
        "safety_shoes": "",
        "entrance": "Porte de l'atelier, rue arrière",
        "notes": "",
        "contacts-TOTAL_FORMS": "1",
        "contacts-INITIAL_FORMS": "0",
        "contacts-0-name": "Lucie Martin",
        "contacts-0-role": "Responsable RH",
        "contacts-0-phone": "0612345678",
        "contacts-0-email": "lucie@example.org",
    }
    data.update(changes)
    return data


def test_a_company_is_added_with_its_contact_and_found_in_the_list(
    coordinator: Client, mife: Structure, settings: Settings
) -> None:
    with running_stub() as stub:
        settings.RALLYE_GEOCODER_URL = stub.url
        response = coordinator.post(reverse("companies:add"), company_data())
    entry = DirectoryCompany.objects.get(name="Boulangerie du Lac")
    assert response.status_code == 302
    assert response["Location"] == reverse("companies:detail", args=[entry.pk])
    assert entry.structure == mife
    assert (entry.siret, entry.naf_code, entry.sector) == ("73282932000074", "10.71C", "Industrie manufacturière")
    assert entry.lat == pytest.approx(45.9010)
    contact = entry.contacts.get()
    assert (contact.name, contact.role, contact.phone) == ("Lucie Martin", "Responsable RH", "06 12 34 56 78")
    change = DirectoryChange.objects.get(company=entry)
    assert change.author_name and change.summary == "Création"

    card = coordinator.get(response["Location"]).content.decode()
    assert "Parking du lac, gratuit" in card and "Porte de l&#x27;atelier" in card
    assert 'href="tel:+33612345678"' in card
    listing = coordinator.get(reverse("companies:list"), {"q": "boulang"}).content.decode()
    assert "Boulangerie du Lac" in listing and "Recrute" in listing


def test_an_unreachable_geocoder_leaves_the_company_to_locate(coordinator: Client) -> None:
    response = coordinator.post(reverse("companies:add"), company_data(), follow=True)
    page = response.content.decode()
    assert "à localiser" in page
    entry = DirectoryCompany.objects.get(name="Boulangerie du Lac")
    assert entry.lat is None and entry.address


def test_wrong_numbers_are_refused_with_what_to_do(coordinator: Client) -> None:
    response = coordinator.post(
        reverse("companies:add"),
        company_data(siret="73282932000075", naf_code="boulangerie", **{"contacts-0-phone": "06 12"}),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Rien n'est enregistré" in page
    assert "clé de contrôle est fausse" in page
    assert "n&#x27;est pas un code NAF" in page
    assert "n&#x27;est pas un numéro de téléphone" in page
    assert not DirectoryCompany.objects.filter(name="Boulangerie du Lac").exists()


def test_a_change_is_logged_with_its_author_and_fields(coordinator: Client, mife: Structure) -> None:
    entry = DirectoryCompany.objects.create(structure=mife, name="Garage Central", sector="Commerce", lat=45.9, lon=6.1)
    data = company_data(name="Garage Central", siret="", naf_code="", sector="Commerce", lat="45,9", lon="6,1")
    data.update({"contacts-TOTAL_FORMS": "1", "contacts-0-name": "Paul", "contacts-0-phone": ""})
    response = coordinator.post(reverse("companies:edit", args=[entry.pk]), data)
    assert response.status_code == 302
    change = DirectoryChange.objects.get(company=entry)
    labels = {c["label"] for c in change.changes}
    assert "stationnement" in {label.lower() for label in labels} and "Contacts" in labels


def test_other_structures_entries_do_not_exist_and_readers_only_read(
    coordinator: Client, reader: Client, isere: Structure, mife: Structure
) -> None:
    foreign = DirectoryCompany.objects.create(structure=isere, name="Scierie de Voiron", sector="Industrie")
    assert coordinator.get(reverse("companies:detail", args=[foreign.pk])).status_code == 404
    assert coordinator.get(reverse("companies:edit", args=[foreign.pk])).status_code == 404
    assert "Scierie de Voiron" not in coordinator.get(reverse("companies:list")).content.decode()
    own = DirectoryCompany.objects.create(structure=mife, name="Mairie d'Annecy", sector="Administration publique")
    assert reader.get(reverse("companies:detail", args=[own.pk])).status_code == 200
    assert reader.get(reverse("companies:edit", args=[own.pk])).status_code == 403
    assert reader.post(reverse("companies:add"), company_data()).status_code == 403


def test_the_directory_needs_a_login(client: Client, mife: Structure) -> None:
    response = client.get(reverse("companies:list"))
    assert response.status_code == 302 and "connexion" in response["Location"]
