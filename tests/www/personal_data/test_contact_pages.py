"""A directory contact's data from the directory's page: export and erasure on request, editors of
the structure only; the retention page says until when the directory's contacts are kept."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from rallye.companies.models import CompanyContact
from rallye.evaluation.models import DataAction, PersonalDataLog
from rallye.organisations.models import Structure
from rallye.rallies.models import Company
from tests.evaluation.directory_contacts import EMAIL, NAME, Contacted, contacted
from tests.logins import TI38, logged_in
from tests.www.rallies.helpers import text

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(mife: Structure) -> Contacted:
    return contacted(mife)


def _urls(held: Contacted) -> tuple[str, str]:
    args = [held.entry.pk, held.contact.pk]
    return reverse("personal_data:contact_export", args=args), reverse("personal_data:contact_erase", args=args)


def test_the_directory_page_offers_export_and_erasure(coordinator: Client, held: Contacted) -> None:
    page = coordinator.get(reverse("companies:detail", args=[held.entry.pk])).content.decode()
    export, erase = _urls(held)
    assert f'action="{export}"' in page and f'href="{erase}"' in page


def test_export_of_a_contact_s_data(coordinator: Client, held: Contacted) -> None:
    export, _ = _urls(held)
    response = coordinator.post(export)
    assert response["Content-Type"].startswith("application/json")
    data = json.loads(response.content)
    assert data["contact"]["nom"] == NAME and data["contact"]["e-mail"] == EMAIL
    assert PersonalDataLog.objects.latest("pk").action == DataAction.PERSON_EXPORT
    assert coordinator.get(export).status_code == 405  # a deliberate act, never an address opened


def test_erasure_after_confirmation(coordinator: Client, held: Contacted) -> None:
    _, erase = _urls(held)
    confirm = text(coordinator.get(erase))
    assert f"Effacer les données de {NAME} ?" in confirm and "Ce qui est gardé" in confirm
    response = coordinator.post(erase, follow=True)
    assert "Les données de ce contact sont effacées" in text(response)
    assert not CompanyContact.objects.filter(pk=held.contact.pk).exists()
    assert Company.objects.get(pk=held.row.pk).contact_name == ""


def test_a_reader_and_another_structure_cannot(reader: Client, held: Contacted) -> None:
    export, erase = _urls(held)
    assert reader.post(export).status_code == 403
    assert reader.post(erase).status_code == 403
    other = logged_in(TI38)
    assert other.post(export).status_code == 404
    assert other.get(erase).status_code == 404
    assert CompanyContact.objects.filter(pk=held.contact.pk).exists() and not PersonalDataLog.objects.exists()


def test_the_retention_page_lists_the_directory(coordinator: Client, held: Contacted, mife: Structure) -> None:
    page = text(coordinator.get(reverse("personal_data:retention", kwargs={"structure": mife.pk})))
    assert "Annuaire des entreprises" in page
    assert "Boulangerie Fournier" in page and "19 septembre 2029" in page
