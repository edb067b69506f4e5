"""Creating a rally with its programme, changing its settings and its programme."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import QuerySet
from django.test import Client
from django.urls import reverse

from rallye.organisations.models import Structure
from rallye.rallies.models import Rally, Session
from tests.logins import FEDERATION, logged_in
from tests.www.rallies.helpers import ANNECY_PROGRAMME, RALLY_FIELDS, programme_data, text

pytestmark = pytest.mark.django_db


def create(client: Client, structure: Structure) -> Any:
    """The response to the creation form, filled with the Annecy example."""
    return client.post(reverse("rallies:create"), {"structure": str(structure.pk), **RALLY_FIELDS, **programme_data()})


def new_rallies(before: set[int]) -> QuerySet[Rally]:
    return Rally.objects.exclude(pk__in=before)


def test_coordinator_creates_a_rally_with_its_programme(coordinator: Client, mife: Structure, before: set[int]) -> None:
    page = text(coordinator.get(reverse("rallies:create")))
    assert "MIFE de Haute-Savoie" in page and "Isère" not in page  # only the structures they may edit
    assert 'value="icebreaker" selected' in page  # the usual shape of a rally is offered
    assert 'name="visit_minutes" value="60"' in page and 'name="visits_max" value="8"' in page
    response = create(coordinator, mife)
    rally = new_rallies(before).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("rallies:detail", args=[rally.pk])
    assert rally.structure == mife and rally.base_lat == 45.8993 and rally.base_lon == 6.1289
    assert [s.kind for s in Session.objects.filter(rally=rally)] == [
        "icebreaker",
        "visits",
        "visits",
        "feedback",
        "closing",
    ]
    visits = Session.objects.get(rally=rally, kind="visits", date="2027-03-16")
    assert visits.lunch_start is not None and visits.lunch_start.strftime("%H:%M") == "12:15"
    detail = text(coordinator.get(response["Location"]))
    assert "Le rallye « Rallye pour l'emploi — Annecy, mars 2027 » est créé." in detail
    assert "F2</strong> Jours de visites : 1,5 (attendu 1,5 à 2)" in detail
    assert "K1</strong> Participants : 0 (attendu 15 à 30)" in detail


def test_rows_without_a_date_are_left_out(coordinator: Client, mife: Structure, before: set[int]) -> None:
    rows = [dict(ANNECY_PROGRAMME[0]), {**ANNECY_PROGRAMME[1], "date": ""}]
    data = {"structure": str(mife.pk), **RALLY_FIELDS, **programme_data(rows)}
    assert coordinator.post(reverse("rallies:create"), data).status_code == 302
    assert Session.objects.filter(rally__in=new_rallies(before)).count() == 1


def test_form_errors_are_in_french_and_nothing_is_saved(coordinator: Client, mife: Structure, before: set[int]) -> None:
    rows = [
        {"kind": "visits", "date": "2027-03-16", "start": "09:00", "end": "08:00"},
        {"kind": "visits", "date": "2027-03-17", "start": "09:00", "end": "12:00", "lunch_start": "12:00"},
        {
            "kind": "visits",
            "date": "2027-03-18",
            "start": "09:00",
            "end": "12:00",
            "lunch_start": "11:00",
            "lunch_end": "14:00",
        },
    ]
    data = {
        "structure": str(mife.pk),
        **RALLY_FIELDS,
        "name": "",
        "base_lat": "quarante-cinq",
        "base_lon": "200",
        "visits_min": "9",
        "visits_max": "6",
        **programme_data(rows),
    }
    response = coordinator.post(reverse("rallies:create"), data)
    page = text(response)
    assert response.status_code == 200
    assert "Le rallye n'est pas encore créé : corrigez les champs signalés ci-dessous." in page
    assert "Ce champ est obligatoire." in page
    assert "Saisissez un nombre." in page
    assert "Assurez-vous que cette valeur est inférieure ou égale à 180." in page
    assert "Le nombre de visites au plus (6) est inférieur au nombre au moins (9)." in page
    assert "La fin (08:00) doit être après le début (09:00)." in page
    assert "Indiquez le début et la fin du déjeuner, ou aucun des deux." in page
    assert "Le déjeuner (11:00-14:00) doit être compris dans la session (09:00-12:00)." in page
    assert not new_rallies(before).exists()


def test_a_rally_is_created_only_in_an_editable_structure(
    coordinator: Client, isere: Structure, before: set[int]
) -> None:
    response = create(coordinator, isere)
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in text(response)
    assert not new_rallies(before).exists()


def test_federation_admin_chooses_among_every_structure(isere: Structure, before: set[int]) -> None:
    admin = logged_in(FEDERATION)
    page = text(admin.get(reverse("rallies:create")))
    assert "MIFE de Haute-Savoie" in page and "Isère" in page
    response = create(admin, isere)
    assert response.status_code == 302
    assert new_rallies(before).get().structure == isere


def test_read_only_member_cannot_create(reader: Client) -> None:
    assert reader.get(reverse("rallies:create")).status_code == 403
    assert reader.post(reverse("rallies:create"), {}).status_code == 403
    assert "Créer un rallye" not in text(reader.get(reverse("rallies:list")))


def test_settings_are_changed(coordinator: Client, annecy: Rally) -> None:
    url = reverse("rallies:edit", args=[annecy.pk])
    assert "Annecy" in text(coordinator.get(url))
    response = coordinator.post(url, {**RALLY_FIELDS, "name": "Rallye d'automne", "visit_minutes": "45"})
    assert response.status_code == 302
    annecy.refresh_from_db()
    assert annecy.name == "Rallye d'automne" and annecy.visit_minutes == 45
    error = text(coordinator.post(url, {**RALLY_FIELDS, "visit_minutes": "5"}))
    assert "Assurez-vous que cette valeur est supérieure ou égale à 10." in error


def test_programme_is_edited_in_one_form(coordinator: Client, annecy: Rally) -> None:
    url = reverse("rallies:programme", args=[annecy.pk])
    sessions = list(Session.objects.filter(rally=annecy))
    rows = [
        {"id": s.pk, "kind": s.kind, "date": s.date.isoformat(), "start": f"{s.start:%H:%M}", "end": f"{s.end:%H:%M}"}
        for s in sessions
    ]
    rows[1].update({"lunch_start": "12:15", "lunch_end": "13:30"})
    rows[4]["DELETE"] = "on"  # no closing any more
    rows[3]["end"] = "17:00"  # a whole day of feedback
    rows.append({"kind": "visits", "date": "2027-03-17", "start": "13:30", "end": "17:00"})
    response = coordinator.post(url, programme_data(rows, initial=len(sessions)))
    assert response.status_code == 302
    page = text(coordinator.get(url))
    assert "Le programme est enregistré." in page
    assert Session.objects.filter(rally=annecy).count() == 5
    assert not Session.objects.filter(rally=annecy, kind="closing").exists()
    assert "F2</strong> Jours de visites : 2 (attendu 1,5 à 2)" in page
    assert "F3</strong> Jours de retours d'expérience : 1 (attendu 0,5 à 1)" in page
    assert "aucun temps de clôture au programme" in page


def test_programme_errors_keep_the_programme(coordinator: Client, annecy: Rally) -> None:
    first = Session.objects.filter(rally=annecy).first()
    assert first is not None
    row = {"id": first.pk, "kind": first.kind, "date": "", "start": "09:00", "end": "08:00"}
    response = coordinator.post(
        reverse("rallies:programme", args=[annecy.pk]), programme_data([row], initial=1, total=1)
    )
    page = text(response)
    assert response.status_code == 200
    assert "Le programme n'est pas enregistré" in page and "Ce champ est obligatoire." in page
    first.refresh_from_db()
    assert first.date.isoformat() == "2027-03-16"
