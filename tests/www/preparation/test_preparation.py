"""A rally's preparation in the workspace: tasks laid out from the template, ticked, moved,
added, assigned (each change in the history); the rally moved; late and next on the overview;
the tips where they matter; the private calendar feed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import icalendar
import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from rallye.history.models import HistoryEntry, ObjectKind
from rallye.links.models import PrivateLink, Purpose
from rallye.organisations.models import Structure, User
from rallye.preparation.models import Preparation, RallyTask
from rallye.preparation.services import prepare
from rallye.rallies.models import Rally, Session
from tests.logins import MIFE
from tests.www.rallies.helpers import RALLY_FIELDS, programme_data, text

pytestmark = pytest.mark.django_db

FIRST = dt.date(2027, 3, 16)
TODAY = dt.datetime(2027, 2, 1, 10, tzinfo=dt.UTC)
"""Six weeks before the Annecy rally: the funders should have been met, the programme is next."""


@pytest.fixture(autouse=True)
def fixed_clock() -> Iterator[None]:
    """Every test of this module runs on ``TODAY`` (signing in included)."""
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def prepared(annecy: Rally) -> Rally:
    prepare(annecy, None)
    return annecy


def task(rally: Rally, key: str) -> RallyTask:
    return RallyTask.objects.get(rally=rally, key=key)


def history(rally: Rally) -> list[HistoryEntry]:
    return list(HistoryEntry.objects.filter(rally=rally, object_kind=ObjectKind.PREPARATION).order_by("pk"))


def test_a_new_rally_is_laid_out_from_its_first_day(coordinator: Client, mife: Structure) -> None:
    before = set(Rally.objects.values_list("pk", flat=True))
    response = coordinator.post(
        reverse("rallies:create"), {"structure": str(mife.pk), **RALLY_FIELDS, **programme_data()}
    )
    assert response.status_code == 302
    rally = Rally.objects.exclude(pk__in=before).get()
    assert Preparation.objects.get(rally=rally).first_day == FIRST
    assert task(rally, "information_session").due == dt.date(2027, 2, 23)
    assert not RallyTask.objects.filter(rally=rally, pathway_only=True).exists()
    page = text(coordinator.get(reverse("preparation:tasks", args=[rally.pk])))
    assert "1. Sensibiliser les financeurs, obtenir des financements" in page
    assert "8. Faire le bilan de l'action" in page
    assert "En retard (8)" in page  # the tasks due 45 days ahead or more
    assert "Financeurs rencontrés" in page and "en retard · pour le vendredi 15 janvier 2027" in page
    assert [e.summary for e in history(rally)] == ["26 tâches datées à partir du 16 mars 2027"]


def test_an_unprepared_rally_is_prepared_when_asked(coordinator: Client, annecy: Rally) -> None:
    url = reverse("preparation:tasks", args=[annecy.pk])
    page = text(coordinator.get(url))
    assert "Préparer le rétroplanning" in page and 'value="2027-03-16"' in page
    bad = coordinator.post(url, {"action": "prepare", "first_day": "16/03/27x"})
    assert bad.status_code == 400 and not RallyTask.objects.filter(rally=annecy).exists()
    response = coordinator.post(url, {"action": "prepare", "first_day": "2027-03-23", "pathway": "on"})
    assert response.status_code == 302
    assert task(annecy, "information_session").due == dt.date(2027, 3, 2)
    assert task(annecy, "pathway_intensive_support").due == dt.date(2027, 3, 28)
    assert "rallye inscrit dans un parcours" in history(annecy)[0].summary


def post_task(client: Client, rally: Rally, row: RallyTask, **data: Any) -> Any:
    return client.post(reverse("preparation:task", args=[rally.pk, row.pk]), data)


def test_tick_move_and_assign_a_task(coordinator: Client, prepared: Rally) -> None:
    row = task(prepared, "programme_set")
    assert post_task(coordinator, prepared, row, action="done").status_code == 302
    row.refresh_from_db()
    assert row.done and row.done_by is not None and row.done_by.email == MIFE
    assert post_task(coordinator, prepared, row, action="move", due="2027-02-01").status_code == 302
    row.refresh_from_db()
    assert row.due == dt.date(2027, 2, 1)
    bad = post_task(coordinator, prepared, row, action="move", due="demain")
    assert bad.status_code == 400 and "Saisissez une date valide." in text(bad)
    member = User.objects.get(email=MIFE)
    assert post_task(coordinator, prepared, row, action="assign", assignee=str(member.pk)).status_code == 302
    row.refresh_from_db()
    assert row.assignee == member
    stranger = User.objects.get(email="coordination@ti38.demo")
    refused = post_task(coordinator, prepared, row, action="assign", assignee=str(stranger.pk))
    assert refused.status_code == 400
    row.refresh_from_db()
    assert row.assignee == member  # someone of another structure cannot be given the task
    assert post_task(coordinator, prepared, row, action="undone").status_code == 302
    row.refresh_from_db()
    assert not row.done
    entries = history(prepared)[1:]
    assert [(e.object_label, e.summary) for e in entries] == [
        ("Fixer le programme : journées, horaires, retours d'expérience, clôture", "tâche faite"),
        ("Fixer le programme : journées, horaires, retours d'expérience, clôture", "date changée"),
        ("Fixer le programme : journées, horaires, retours d'expérience, clôture", "responsable"),
        ("Fixer le programme : journées, horaires, retours d'expérience, clôture", "tâche rouverte"),
    ]
    assert entries[1].changes[0]["before"] == "30 janvier 2027" and entries[1].changes[0]["after"] == "1er février 2027"
    page = text(coordinator.get(reverse("rallies:history", args=[prepared.pk])))
    assert "tâche rouverte" in page


def test_add_a_task(coordinator: Client, prepared: Rally) -> None:
    url = reverse("preparation:tasks", args=[prepared.pk])
    data = {
        "action": "add",
        "title": "Réserver le traiteur",
        "phase": "convivial",
        "due": "2027-03-01",
        "fixed_date": "on",
    }
    assert coordinator.post(url, data).status_code == 302
    row = RallyTask.objects.get(rally=prepared, title="Réserver le traiteur")
    assert row.key == "" and row.fixed_date and row.due == dt.date(2027, 3, 1)
    bad = coordinator.post(url, {**data, "title": "", "due": ""})
    assert bad.status_code == 400 and RallyTask.objects.filter(rally=prepared, title="").count() == 0
    assert history(prepared)[-1].summary == "tâche ajoutée"


def test_a_reader_sees_but_cannot_change(reader: Client, prepared: Rally) -> None:
    row = task(prepared, "funders_met")
    page = text(reader.get(reverse("preparation:task", args=[prepared.pk, row.pk])))
    assert "Financeurs rencontrés" in page and "Marquer comme faite" not in page
    assert post_task(reader, prepared, row, action="done").status_code == 403
    row.refresh_from_db()
    assert not row.done


def test_a_task_of_another_rally_is_not_found(coordinator: Client, prepared: Rally, foreign: Rally) -> None:
    prepare(foreign, None)
    other = task(foreign, "funders_met")
    assert coordinator.get(reverse("preparation:task", args=[prepared.pk, other.pk])).status_code == 404
    assert post_task(coordinator, prepared, other, action="done").status_code == 404
    other.refresh_from_db()
    assert not other.done


def test_moving_the_rally_moves_tasks_not_done_and_names_fixed_dates(coordinator: Client, prepared: Rally) -> None:
    done = task(prepared, "funders_met")
    done.done_at = TODAY
    done.save()
    room = task(prepared, "room_booked")
    sessions = list(Session.objects.filter(rally=prepared))
    rows = [
        {
            "id": s.pk,
            "kind": s.kind,
            "date": (s.date + dt.timedelta(days=7)).isoformat(),
            "start": f"{s.start:%H:%M}",
            "end": f"{s.end:%H:%M}",
            **(
                {"lunch_start": f"{s.lunch_start:%H:%M}", "lunch_end": f"{s.lunch_end:%H:%M}"}
                if s.lunch_start and s.lunch_end
                else {}
            ),
        }
        for s in sessions
    ]
    url = reverse("rallies:programme", args=[prepared.pk])
    assert coordinator.post(url, programme_data(rows, initial=len(sessions))).status_code == 302
    page = text(coordinator.get(url))
    assert "Le rallye commence 7 jours plus tard : 24 tâches non faites décalées d'autant." in page
    assert "« Réserver la salle d'accueil, des retours et de la clôture » (4 février 2027)" in page
    assert task(prepared, "information_session").due == dt.date(2027, 3, 2)
    assert task(prepared, "funders_met").due == dt.date(2027, 1, 15)  # done: it stays
    room.refresh_from_db()
    assert room.due == dt.date(2027, 2, 4) and room.to_check
    assert Preparation.objects.get(rally=prepared).first_day == dt.date(2027, 3, 23)
    prep_page = text(coordinator.get(reverse("preparation:tasks", args=[prepared.pk])))
    assert "Dates fixes à vérifier" in prep_page
    post_task(coordinator, prepared, room, action="move", due="2027-02-11")
    room.refresh_from_db()
    assert not room.to_check
    assert "Dates fixes à vérifier" not in text(coordinator.get(reverse("preparation:tasks", args=[prepared.pk])))
    # Saving the programme again without a move changes no task.
    assert coordinator.post(
        url, programme_data([{**r, "id": r["id"]} for r in rows], initial=len(sessions))
    ).status_code in (302, 200)


def test_overview_shows_late_and_next(coordinator: Client, prepared: Rally) -> None:
    identified = task(prepared, "funders_identified")
    identified.done_at = TODAY
    identified.save()
    page = text(coordinator.get(reverse("rallies:detail", args=[prepared.pk])))
    late_part = page.split("En retard (7)")[1].split("À venir")[0]
    assert "Financeurs rencontrés" in late_part and "— pour le 15 janvier 2027" in late_part
    coming_part = page.split("À venir")[1].split("Voir toute la préparation")[0]
    assert "Rédiger la fiche action" not in coming_part
    assert "Réserver la salle d'accueil, des retours et de la clôture" in coming_part
    assert "Entreprises engagées, en nombre suffisant pour le planning" in coming_part


def test_tips_show_on_the_overview_the_programme_and_the_task(coordinator: Client, prepared: Rally) -> None:
    Session.objects.filter(rally=prepared, kind="icebreaker").delete()
    Session.objects.filter(rally=prepared, kind__in=("feedback", "closing")).update(date=dt.date(2027, 3, 18))
    overview = text(coordinator.get(reverse("rallies:detail", args=[prepared.pk])))
    assert "Un brise-glace le premier jour" in overview
    assert "les retours d'expérience ont lieu le lendemain de la dernière journée de visites" in overview
    programme = text(coordinator.get(reverse("rallies:programme", args=[prepared.pk])))
    assert "Conseils pour le programme" in programme and "Un brise-glace le premier jour" in programme
    row = task(prepared, "icebreaker_prepared")
    page = text(coordinator.get(reverse("preparation:task", args=[prepared.pk, row.pk])))
    assert "Un brise-glace le premier jour" in page and "Laisser quelques jours" not in page


def test_email_only_companies_come_from_the_mobilisation_log(coordinator: Client, mife_rally: Rally) -> None:
    from rallye.companies.models import Channel, ContactLog

    log = ContactLog.objects.filter(mobilisation__rally=mife_rally).select_related("mobilisation__company").first()
    assert log is not None
    log.channel = Channel.EMAIL
    log.save()
    prepare(mife_rally, None)
    row = task(mife_rally, "companies_contacted")
    page = text(coordinator.get(reverse("preparation:task", args=[mife_rally.pk, row.pk])))
    assert "Des entreprises jointes par e-mail seulement" in page
    assert f"1 entreprise jointe par e-mail seulement : {log.mobilisation.company.name}" in page


def test_pathway_adds_and_removes_its_steps(coordinator: Client, prepared: Rally) -> None:
    url = reverse("preparation:tasks", args=[prepared.pk])
    assert coordinator.post(url, {"action": "pathway", "pathway": "on"}).status_code == 302
    keys = set(RallyTask.objects.filter(rally=prepared, pathway_only=True).values_list("key", flat=True))
    assert keys == {"pathway_support_before", "pathway_intensive_support", "pathway_review"}
    assert coordinator.post(url, {"action": "pathway"}).status_code == 302
    assert not RallyTask.objects.filter(rally=prepared, pathway_only=True).exists()
    assert [e.summary for e in history(prepared)[-2:]] == [
        "rallye inscrit dans un parcours : 3 tâches ajoutées",
        "rallye hors parcours : 3 tâches retirées",
    ]


def test_the_calendar_feed_opens_until_it_is_revoked(coordinator: Client, prepared: Rally) -> None:
    url = reverse("preparation:calendar", args=[prepared.pk])
    assert "Créer le lien de l'agenda" in text(coordinator.get(url))
    assert coordinator.post(url, {"action": "issue"}).status_code == 302
    link = PrivateLink.objects.get(rally=prepared, purpose=Purpose.CALENDAR)
    feed_url = reverse("preparation:feed", args=[link.token])
    assert feed_url in text(coordinator.get(url))
    response = Client().get(feed_url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    events = list(icalendar.Calendar.from_ical(response.content).walk("VEVENT"))
    assert len(events) == RallyTask.objects.filter(rally=prepared).count()
    assert any(e.decoded("DTSTART") == dt.date(2027, 2, 23) for e in events)
    assert coordinator.post(url, {"action": "revoke"}).status_code == 302
    refused = Client().get(feed_url)
    assert refused.status_code == 410 and "Lien désactivé" in text(refused)
    assert Client().get(reverse("preparation:feed", args=["x" * 43])).status_code == 404
    assert [e.summary for e in history(prepared)[-2:]] == ["lien de l'agenda créé", "lien de l'agenda désactivé"]


def test_a_template_change_never_changes_a_prepared_rally(prepared: Rally, mife: Structure) -> None:
    from rallye.preparation.models import FederationTask, StructureTask
    from rallye.preparation.templates import federation_rows

    before = list(RallyTask.objects.filter(rally=prepared).values_list("key", "title", "due"))
    rows = federation_rows(mife.federation)
    FederationTask.objects.filter(pk=rows[0].pk).update(title="Autre titre", offset_days=-120)
    StructureTask.objects.create(
        structure=mife, key="funders_met", title="Retirée", phase="funding", offset_days=0, removed=True
    )
    assert list(RallyTask.objects.filter(rally=prepared).values_list("key", "title", "due")) == before


def test_an_information_session_moved_too_early_triggers_its_tip(coordinator: Client, prepared: Rally) -> None:
    row = task(prepared, "information_session")
    assert "Information collective ni trop tôt ni trop tard" not in text(
        coordinator.get(reverse("rallies:detail", args=[prepared.pk]))
    )
    post_task(coordinator, prepared, row, action="move", due="2027-01-20")
    page = text(coordinator.get(reverse("preparation:task", args=[prepared.pk, row.pk])))
    assert "l'information collective du 20 janvier 2027 a lieu 55 jours avant le rallye : trop tôt" in page
    assert "Placez l'information collective entre 14 et 35 jours avant le premier jour" in page


def test_the_retroplanning_downloads_as_a_workbook(coordinator: Client, prepared: Rally) -> None:
    from io import BytesIO

    from openpyxl import load_workbook

    response = coordinator.get(reverse("preparation:xlsx", args=[prepared.pk]))
    assert response.status_code == 200 and response["Content-Disposition"].endswith('filename="retroplanning.xlsx"')
    rows = list(load_workbook(BytesIO(response.content))["Rétroplanning"].iter_rows(min_row=3, values_only=True))
    assert len(rows) == RallyTask.objects.filter(rally=prepared).count()
    assert ("J-21", "Information collective") in {(r[2], r[4]) for r in rows}
