"""Every change of a rally and its data is one entry of its history: who, when, what changed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextlib import AbstractContextManager
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from rallye.domain.outcomes import Outcome
from rallye.domain.questionnaires import Phase
from rallye.evaluation.models import Funder, Questionnaire
from rallye.evaluation.services import (
    FollowUpEntry,
    fund_rally,
    prepare_questionnaires,
    record_follow_ups,
    remove_funding,
    submit_answers,
)
from rallye.history.models import Action, HistoryEntry, ObjectKind
from rallye.history.services import record, when
from rallye.organisations.models import User
from rallye.plans.services import request_plan, toggle_lock
from rallye.plans.versions import current_plan
from rallye.rallies.models import Company, Participant, Rally, Vehicle
from tests.conftest import demo_loaded
from tests.logins import MIFE
from tests.www.evaluation.test_questionnaire_pages import ANSWERS
from tests.www.rallies.helpers import EXAMPLE_JSON, text
from tests.www.rallies.test_stale_edits import loaded_form

pytestmark = pytest.mark.django_db
OnCommit = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]
PERSON = {
    "code": "P40",
    "first_name": "Awa",
    "last_name": "Traoré",
    "gender": "F",
    "birth_year": "1990",
    "diploma_level": "4",
    "background_sector": "Commerce",
    "status_category": "RSA",
    "prescriber": "Département",
    "phone": "06 00 00 00 40",
    "email": "awa@example.fr",
    "consent": "on",
    "present": "on",
}


def entries(rally: Rally) -> list[HistoryEntry]:
    return list(HistoryEntry.objects.filter(rally=rally).order_by("pk"))


def changed(entry: HistoryEntry) -> dict[str, tuple[str, str]]:
    return {change["label"]: (change["before"], change["after"]) for change in entry.changes}


def test_french_moment() -> None:
    assert when(dt.datetime(2026, 12, 7, 13, 5, tzinfo=dt.UTC)) == "le 7 décembre 2026 à 14 h 05"
    assert when(dt.datetime(2027, 3, 1, 8, 0, tzinfo=dt.UTC)) == "le 1er mars 2027 à 9 h 00"


def test_participant_added_changed_and_deleted_with_its_author(coordinator: Client, annecy: Rally) -> None:
    author = User.objects.get(email=MIFE)
    added = coordinator.post(reverse("rallies:participant_add", args=[annecy.pk]), PERSON)
    assert added.status_code == 302
    person = Participant.objects.get(rally=annecy, code="P40")
    url = reverse("rallies:participant_edit", args=[annecy.pk, person.pk])
    form = loaded_form(coordinator, url)
    coordinator.post(url, {**form, "first_name": "Aïcha", "present": "", "diploma_level": "5"})
    coordinator.post(reverse("rallies:participant_delete", args=[annecy.pk, person.pk]))

    creation, change, deletion = entries(annecy)
    assert [e.action for e in (creation, change, deletion)] == [Action.CREATED, Action.CHANGED, Action.DELETED]
    assert {e.object_kind for e in (creation, change, deletion)} == {ObjectKind.PARTICIPANT}
    assert all(e.author == author and e.author_name == (author.get_full_name() or MIFE) for e in entries(annecy))
    assert changed(creation)["Prénom"] == ("—", "Awa")
    assert changed(change) == {
        "Prénom": ("Awa", "Aïcha"),
        "Niveau de diplôme": ("Niveau 4 — baccalauréat", "Niveau 5 — bac+2 (BTS, DUT)"),
        "Présent": ("Oui", "Non"),
    }
    assert deletion.object_label == "Aïcha Traoré (P40)" and deletion.changes == []


def test_saving_an_unchanged_form_records_nothing(coordinator: Client, annecy: Rally) -> None:
    vehicle = Vehicle.objects.filter(rally=annecy).first()
    assert vehicle is not None
    url = reverse("rallies:vehicle_edit", args=[annecy.pk, vehicle.pk])
    assert coordinator.post(url, loaded_form(coordinator, url)).status_code == 302
    assert entries(annecy) == []


def test_rally_programme_and_company_changes(coordinator: Client, annecy: Rally) -> None:
    edit = reverse("rallies:edit", args=[annecy.pk])
    coordinator.post(edit, {**loaded_form(coordinator, edit), "visit_minutes": "45"})
    programme = reverse("rallies:programme", args=[annecy.pk])
    coordinator.post(programme, {**loaded_form(coordinator, programme), "sessions-0-start": "08:15"})
    company = Company.objects.filter(rally=annecy).order_by("code").first()
    assert company is not None
    url = reverse("rallies:company_edit", args=[annecy.pk, company.pk])
    form = loaded_form(coordinator, url)
    new_window = {"availability-0-date": "2027-03-16", "availability-0-start": "09:00", "availability-0-end": "12:00"}
    coordinator.post(url, {**form, "contact_phone": "04 50 00 00 01", **new_window})

    rally, sessions, firm = entries(annecy)
    assert (rally.object_kind, changed(rally)) == (ObjectKind.RALLY, {"Durée d'une visite (minutes)": ("60", "45")})
    assert sessions.object_kind == ObjectKind.PROGRAMME
    before, after = changed(sessions)["Programme"]
    assert before.startswith("Temps d'accueil (brise-glace), 16 mars 2027, 08:30-09:00")
    assert after.startswith("Temps d'accueil (brise-glace), 16 mars 2027, 08:15-09:00")
    assert firm.object_label == str(company)
    assert changed(firm)["Téléphone du contact"][1] == "04 50 00 00 01"
    assert "16 mars 2027, 09:00-12:00" in changed(firm)["Disponibilités"][1]


def test_plan_lock_funding_and_follow_up_are_recorded(mife: Any, django_capture_on_commit_callbacks: OnCommit) -> None:

    demo_loaded()
    rally = Rally.objects.get(name="Rallye pour l'emploi — Annecy, mars 2027")
    user = User.objects.get(email=MIFE)
    current = current_plan(rally)
    assert current is not None and current.content is not None
    team = current.content["teams"][0]
    toggle_lock(current, team["id"], user=user)
    funder = Funder.objects.create(structure=rally.structure, name="Conseil départemental")
    funding = fund_rally(rally, funder, Decimal("1500"), user)
    fund_rally(rally, funder, Decimal("2000.50"), user)
    remove_funding(rally, funding.pk, user)
    person = rally.participants.filter(present=True).order_by("code").first()
    assert person is not None
    record_follow_ups(rally, {person.pk: FollowUpEntry(Outcome.CDI, "")}, user, dt.date(2027, 10, 1))
    Vehicle.objects.filter(rally=rally).exclude(code="V1").delete()  # too few seats: the solve fails
    with django_capture_on_commit_callbacks(execute=True):
        request_plan(rally, user, time_limit=3)

    found = [(e.action, e.object_kind, e.author_name != "", e.summary or e.object_label) for e in entries(rally)]
    assert found[:4] == [
        (Action.LOCKED, ObjectKind.PLAN, True, f"équipe {team['name']}"),
        (Action.CREATED, ObjectKind.FUNDING, True, "Conseil départemental"),
        (Action.CHANGED, ObjectKind.FUNDING, True, "Conseil départemental"),
        (Action.DELETED, ObjectKind.FUNDING, True, "Conseil départemental"),
    ]
    assert changed(entries(rally)[2]) == {"Montant": ("1500 €", "2000,5 €")}
    follow_up = entries(rally)[4]
    assert follow_up.action == Action.FOLLOW_UP
    assert changed(follow_up) == {f"Situation de {person.code}": ("—", Outcome.CDI.label)}
    requested, failed = entries(rally)[5:]
    assert (requested.action, requested.author, requested.summary) == (
        Action.PLAN_REQUESTED,
        user,
        "Calcul du planning",
    )
    assert (failed.action, failed.author, failed.summary) == (Action.PLAN_FAILED, None, "Aucun planning possible :")


def test_history_tab_lists_entries_in_french_for_every_role(coordinator: Client, reader: Client, annecy: Rally) -> None:
    person = Participant.objects.filter(rally=annecy).order_by("code").first()
    assert person is not None
    url = reverse("rallies:participant_edit", args=[annecy.pk, person.pk])
    coordinator.post(url, {**loaded_form(coordinator, url), "phone": "06 12 34 56 78"})
    entry = HistoryEntry.objects.get(rally=annecy)

    for client in (coordinator, reader):
        page = text(client.get(reverse("rallies:history", args=[annecy.pk])))
        assert 'aria-current="page">Historique</a>' in page
        assert when(entry.at).capitalize() in page
        assert entry.author_name in page
        assert f"Modification · Participant « {person} »" in page
        assert "Téléphone : " in page and "→ 06 12 34 56 78" in page


def test_history_is_paginated_by_fifty(coordinator: Client, annecy: Rally) -> None:
    for number in range(51):
        record(annecy, None, Action.IMPORTED, annecy, summary=f"fichier {number}.xlsx")
    url = reverse("rallies:history", args=[annecy.pk])
    first, second = text(coordinator.get(url)), text(coordinator.get(url, {"page": 2}))
    assert "Page 1 sur 2" in first and "fichier 50.xlsx" in first and "fichier 0.xlsx" not in first
    assert "fichier 0.xlsx" in second and "fichier 1.xlsx" not in second
    assert "Rallye (automatique)" in first


def test_history_is_deleted_with_its_rally(annecy: Rally) -> None:
    record(annecy, None, Action.CHANGED, annecy)
    annecy.delete()
    assert not HistoryEntry.objects.exists()


def test_answers_typed_by_staff_are_recorded_not_those_of_the_person(annecy: Rally) -> None:
    prepare_questionnaires(annecy)
    user = User.objects.get(email=MIFE)
    first, second = Questionnaire.objects.filter(rally=annecy, phase=Phase.BEFORE).order_by("participant__code")[:2]
    submit_answers(first, ANSWERS, entered_by=user)
    submit_answers(second, ANSWERS)  # through the person's private link

    (entry,) = entries(annecy)
    assert (entry.action, entry.author, entry.object_id) == (Action.ANSWERS_ENTERED, user, first.participant_id)
    assert entry.summary == "Questionnaire avant le rallye : réponses saisies par l'équipe"


def test_an_import_is_one_entry_and_makes_open_forms_stale(coordinator: Client, annecy: Rally) -> None:
    person = Participant.objects.get(rally=annecy, code="P01")
    url = reverse("rallies:participant_edit", args=[annecy.pk, person.pk])
    opened = loaded_form(coordinator, url)
    upload = SimpleUploadedFile("rally.json", EXAMPLE_JSON.read_bytes())
    preview = coordinator.post(reverse("rallies:import", args=[annecy.pk]), {"file": upload})
    assert coordinator.post(preview["Location"], {"action": "confirm"}).status_code == 302

    (entry,) = entries(annecy)
    assert entry.action == Action.IMPORTED and entry.author == User.objects.get(email=MIFE)
    counts = f"{annecy.sessions.count()} sessions, {annecy.companies.count()} entreprises"
    assert entry.summary.startswith(f"rally.json : tout le contenu du rallye remplacé ({counts}")
    assert coordinator.post(url, {**opened, "first_name": "Ancienne saisie"}).status_code == 409
