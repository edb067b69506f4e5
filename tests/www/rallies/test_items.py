"""Companies (with their availability windows), participants and vehicles: add, change, delete."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from rallye.rallies.conversion import to_domain
from rallye.rallies.models import Availability, Company, Participant, Rally, TravelTime, Vehicle
from tests.www.rallies.helpers import formset_data, text

pytestmark = pytest.mark.django_db

COMPANY = {
    "code": "C20",
    "name": "Camping du Lac Bleu",
    "siret": "",
    "sector": "Hébergement et restauration",
    "address": "Route du lac, 74320 Sévrier",
    "lat": "45,8642",
    "lon": "6,1411",
    "capacity": "12",
    "hiring": "on",
    "visit_minutes": "",
    "max_visits": "",
    "contact_name": "Lucie Favre",
    "contact_phone": "06 00 00 00 20",
    "contact_email": "lucie.favre@example.fr",
}
PERSON = {
    "code": "P40",
    "first_name": "Awa",
    "last_name": "Traoré",
    "gender": "F",
    "birth_year": "1990",
    "diploma_level": "4",
    "background_sector": "Commerce",
    "status": "BRSA",
    "prescriber": "Département",
    "rsa_beneficiary": "on",
    "phone": "06 00 00 00 40",
    "email": "awa@example.fr",
    "consent": "on",
    "present": "on",
}
VEHICLE = {"code": "V9", "seats": "7", "label": "Minibus blanc", "accompanier_name": "Paul", "accompanier_phone": ""}


def windows(*rows: dict[str, str], initial: int = 0) -> dict[str, str]:
    return formset_data("availability", rows, initial=initial)


def test_company_is_added_with_its_availability(coordinator: Client, annecy: Rally) -> None:
    url = reverse("rallies:company_add", args=[annecy.pk])
    page = text(coordinator.get(url))
    assert '<datalist id="id_sector-suggestions">' in page
    assert '<option value="Hébergement et restauration">' in page  # NAF sections offered
    data = {**COMPANY, "siret": "123 456 789 00012"}
    data |= windows({"date": "2027-03-16", "start": "09:00", "end": "12:00"}, {"date": "", "start": "", "end": ""})
    response = coordinator.post(url, data)
    assert response.status_code == 302, text(response)
    assert response["Location"] == reverse("rallies:companies", args=[annecy.pk])
    company = Company.objects.get(rally=annecy, code="C20")
    assert company.siret == "12345678900012" and company.lat == 45.8642 and company.hiring
    assert [(w.start.hour, w.end.hour) for w in Availability.objects.filter(company=company)] == [(9, 12)]
    listing = text(coordinator.get(response["Location"]))
    assert "L'entreprise « Camping du Lac Bleu (C20) » est enregistrée." in listing
    assert "1 créneau" in listing
    assert any(c.id == "C20" and c.availability for c in to_domain(annecy).companies)


def test_company_errors_are_in_french(coordinator: Client, annecy: Rally) -> None:
    url = reverse("rallies:company_add", args=[annecy.pk])
    cases = {
        "siret": ("1234", "Un SIRET compte 14 chiffres ; « 1234 » en a 4."),
        "code": ("C01", "L'identifiant « C01 » est déjà utilisé dans ce rallye"),
        "capacity": ("0", "Assurez-vous que cette valeur est supérieure ou égale à 1."),
        "lat": ("nord", "Saisissez un nombre."),
        "contact_email": ("pas-un-mail", "Saisissez une adresse de courriel valide."),
    }
    for field, (value, message) in cases.items():
        response = coordinator.post(url, {**COMPANY, field: value, **windows()})
        assert response.status_code == 200
        assert message in text(response), field
    for code, message in (
        ("base", "« base » désigne le lieu de rendez-vous"),
        ("EX-C1", "Les identifiants commençant par « EX- » sont réservés"),
    ):
        assert message in text(coordinator.post(url, {**COMPANY, "code": code, **windows()}))
    window = {"date": "2027-03-16", "start": "12:00", "end": "09:00"}
    page = text(coordinator.post(url, {**COMPANY, **windows(window)}))
    assert "La fin (09:00) doit être après le début (12:00)." in page
    assert not Company.objects.filter(rally=annecy, code="C20").exists()


def test_renaming_a_company_moves_its_travel_times(coordinator: Client, annecy: Rally) -> None:
    company = Company.objects.get(rally=annecy, code="C01")
    TravelTime.objects.create(rally=annecy, origin="base", destination="C01", minutes=14)
    TravelTime.objects.create(rally=annecy, origin="C01", destination="base", minutes=15)
    data = {**COMPANY, "code": "C01B", "name": company.name, **windows()}
    response = coordinator.post(reverse("rallies:company_edit", args=[annecy.pk, company.pk]), data)
    assert response.status_code == 302
    assert set(TravelTime.objects.filter(rally=annecy).values_list("origin", "destination")) == {
        ("base", "C01B"),
        ("C01B", "base"),
    }
    assert to_domain(annecy).travel_minutes[("base", "C01B")] == 14


def test_availability_windows_are_changed_and_removed(coordinator: Client, annecy: Rally) -> None:
    company = Company.objects.filter(rally=annecy, availabilities__isnull=False).distinct().first()
    assert company is not None
    existing = list(Availability.objects.filter(company=company))
    rows = [
        {"id": w.pk, "date": w.date.isoformat(), "start": f"{w.start:%H:%M}", "end": f"{w.end:%H:%M}", "DELETE": "on"}
        for w in existing
    ]
    rows.append({"date": "2027-03-17", "start": "08:30", "end": "12:30"})
    data = {
        **{f: getattr(company, f) for f in ("code", "name", "sector", "address", "capacity")},
        "lat": str(company.lat),
        "lon": str(company.lon),
        **windows(*rows, initial=len(existing)),
    }
    response = coordinator.post(reverse("rallies:company_edit", args=[annecy.pk, company.pk]), data)
    assert response.status_code == 302, text(response)
    assert [(w.date.day, w.start.hour) for w in Availability.objects.filter(company=company)] == [(17, 8)]


def test_deleting_a_company_removes_its_travel_times(coordinator: Client, annecy: Rally) -> None:
    company = Company.objects.get(rally=annecy, code="C02")
    TravelTime.objects.create(rally=annecy, origin="C02", destination="C03", minutes=9)
    url = reverse("rallies:company_delete", args=[annecy.pk, company.pk])
    assert "Supprimer « " in text(coordinator.get(url))
    response = coordinator.post(url)
    assert response.status_code == 302
    assert not Company.objects.filter(pk=company.pk).exists()
    assert not TravelTime.objects.filter(rally=annecy).exists()
    assert "est supprimée" in text(coordinator.get(response["Location"]))
    to_domain(annecy)  # still a valid rally


def test_participant_is_added_with_prescriber_and_consent(coordinator: Client, annecy: Rally) -> None:
    url = reverse("rallies:participant_add", args=[annecy.pk])
    page = text(coordinator.get(url))
    assert '<option value="Mission locale">Mission locale</option>' in page
    assert "Niveau 3 — CAP, BEP" in page
    response = coordinator.post(url, PERSON)
    assert response.status_code == 302
    person = Participant.objects.get(rally=annecy, code="P40")
    assert person.prescriber == "Département" and person.rsa_beneficiary and person.consent and person.present
    assert person.diploma_level == 4 and person.email == "awa@example.fr"
    assert "Le participant « Awa Traoré (P40) » est enregistré." in text(coordinator.get(response["Location"]))
    assert "K1</strong> Participants : 27" in text(coordinator.get(reverse("rallies:detail", args=[annecy.pk])))


def test_participant_errors_are_in_french(coordinator: Client, annecy: Rally) -> None:
    url = reverse("rallies:participant_add", args=[annecy.pk])
    page = text(coordinator.post(url, {**PERSON, "birth_year": "1930", "gender": "", "prescriber": "Voisin"}))
    assert "1930 donnerait 97 ans en 2027 ; un participant a de 16 à 80 ans." in page
    assert "Ce champ est obligatoire." in page
    assert "Sélectionnez un choix valide. Voisin n’en fait pas partie." in page
    assert not Participant.objects.filter(rally=annecy, code="P40").exists()


def test_an_imported_prescriber_stays_selectable(coordinator: Client, annecy: Rally) -> None:
    person = Participant.objects.get(rally=annecy, code="P01")
    person.prescriber = "Pôle emploi"
    person.save()
    url = reverse("rallies:participant_edit", args=[annecy.pk, person.pk])
    assert '<option value="Pôle emploi" selected>Pôle emploi</option>' in text(coordinator.get(url))
    data = {**PERSON, "code": "P01", "prescriber": "Pôle emploi", "present": ""}
    assert coordinator.post(url, data).status_code == 302
    person.refresh_from_db()
    assert person.prescriber == "Pôle emploi" and not person.present


def test_participant_is_deleted(coordinator: Client, annecy: Rally) -> None:
    person = Participant.objects.get(rally=annecy, code="P02")
    response = coordinator.post(reverse("rallies:participant_delete", args=[annecy.pk, person.pk]))
    assert response.status_code == 302 and not Participant.objects.filter(pk=person.pk).exists()


def test_vehicles_are_added_changed_and_deleted(coordinator: Client, annecy: Rally) -> None:
    add = reverse("rallies:vehicle_add", args=[annecy.pk])
    page = text(coordinator.post(add, {**VEHICLE, "seats": "12", "accompanier_name": "", "accompanier_phone": "06"}))
    assert "Assurez-vous que cette valeur est inférieure ou égale à 9." in page
    assert "Indiquez le nom de l'accompagnateur, ou effacez son téléphone." in page
    assert coordinator.post(add, VEHICLE).status_code == 302
    vehicle = Vehicle.objects.get(rally=annecy, code="V9")
    assert vehicle.seats == 7 and vehicle.accompanier_name == "Paul"
    edit = reverse("rallies:vehicle_edit", args=[annecy.pk, vehicle.pk])
    assert coordinator.post(edit, {**VEHICLE, "accompanier_phone": "0611223344"}).status_code == 302
    vehicle.refresh_from_db()
    assert vehicle.accompanier_phone == "06 11 22 33 44"
    nameless = {**VEHICLE, "accompanier_name": "", "accompanier_email": "paul@example.org"}
    assert "Indiquez le nom de l'accompagnateur, ou effacez son e-mail." in text(coordinator.post(edit, nameless))
    bad = text(coordinator.post(edit, {**VEHICLE, "accompanier_email": "paul@"}))
    assert "Saisissez une adresse de courriel valide." in bad
    assert coordinator.post(edit, {**VEHICLE, "accompanier_email": "paul@example.org"}).status_code == 302
    vehicle.refresh_from_db()
    assert vehicle.accompanier_email == "paul@example.org"
    assert coordinator.post(reverse("rallies:vehicle_delete", args=[annecy.pk, vehicle.pk])).status_code == 302
    assert not Vehicle.objects.filter(pk=vehicle.pk).exists()


def test_lists_show_every_item(coordinator: Client, annecy: Rally) -> None:
    companies = text(coordinator.get(reverse("rallies:companies", args=[annecy.pk])))
    assert companies.count("Modifier</a>") == 15 and "Usinage Fier Précision" in companies
    people = text(coordinator.get(reverse("rallies:participants", args=[annecy.pk])))
    assert "Nadia Benali" in people and "Participants (26)" in people
    vehicles = text(coordinator.get(reverse("rallies:vehicles", args=[annecy.pk])))
    assert "Berline grise" in vehicles and "Marc Dufour" in vehicles
