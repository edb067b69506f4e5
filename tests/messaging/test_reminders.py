"""Reminders sent by themselves, each once: the convocation two days before, the « après »
questionnaire from the last day, the six-month follow-ups to the coordinators when they fall due;
none of them without the site's address for their links."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Max, Min
from pytest_django.fixtures import Settings

from rallye.cli.main import main
from rallye.domain.outcomes import follow_up_due
from rallye.evaluation.services import prepare_questionnaires
from rallye.messaging.models import Message
from rallye.messaging.reminders import CONVOCATION_REMINDER, FOLLOW_UPS_DUE, queue_reminders
from rallye.plans.reading import planned_rally
from rallye.rallies.models import Participant, Rally

pytestmark = pytest.mark.django_db
UPCOMING = "Rallye pour l'emploi — Annecy, mars 2027"
RECENT = "Rallye pour l'emploi — Voiron, octobre 2026"
"""Held, its six-month follow-ups not recorded yet."""


@pytest.fixture
def site(settings: Settings) -> None:
    settings.BASE_URL = "https://rallye.example.org"


def days(rally: Rally) -> tuple[dt.date, dt.date]:
    found = Rally.objects.filter(pk=rally.pk).aggregate(first=Min("sessions__date"), last=Max("sessions__date"))
    return found["first"], found["last"]


def reachable(rally: Rally, count: int) -> list[Participant]:
    plan = planned_rally(rally).plan
    assert plan is not None
    codes = [m for team in plan.teams for m in team.members][:count]
    Participant.objects.filter(rally=rally).update(contact_agreed=False)
    Participant.objects.filter(rally=rally, code__in=codes).update(contact_agreed=True, email="p@example.org")
    return list(Participant.objects.filter(rally=rally, code__in=codes))


def test_the_convocation_is_recalled_two_days_before_once(site: None) -> None:
    rally = Rally.objects.get(name=UPCOMING)
    people = reachable(rally, 3)
    first, _ = days(rally)
    assert {r.name: r.queued for r in queue_reminders(first - dt.timedelta(days=3))}["convocation_reminder"] == 0
    done = {r.name: r.queued for r in queue_reminders(first - dt.timedelta(days=2))}
    assert done["convocation_reminder"] == 3
    sent = Message.objects.filter(rally=rally, purpose=CONVOCATION_REMINDER)
    assert {m.participant_id for m in sent} == {p.pk for p in people}
    message = sent.first()
    assert message is not None
    assert "commence dans deux jours" in message.body and "https://rallye.example.org/arret/" in message.body
    assert {r.name: r.queued for r in queue_reminders(first - dt.timedelta(days=2))}["convocation_reminder"] == 0


def test_the_after_questionnaire_goes_out_from_the_last_day(site: None) -> None:
    rally = Rally.objects.get(name=UPCOMING)
    prepare_questionnaires(rally)
    reachable(rally, 2)
    _, last = days(rally)
    assert {r.name: r.queued for r in queue_reminders(last - dt.timedelta(days=1))}["after_questionnaire"] == 0
    assert {r.name: r.queued for r in queue_reminders(last)}["after_questionnaire"] == 2
    assert {r.name: r.queued for r in queue_reminders(last)}["after_questionnaire"] == 0
    assert all("après le rallye" in m.subject for m in Message.objects.filter(questionnaire__rally=rally))


def test_coordinators_are_told_when_follow_ups_fall_due(site: None) -> None:
    rally = Rally.objects.get(name=RECENT)
    _, last = days(rally)
    due = follow_up_due(last)
    queue_reminders(due - dt.timedelta(days=1))
    told = Message.objects.filter(rally=rally, purpose=FOLLOW_UPS_DUE)
    assert not told.exists()
    queue_reminders(due)
    assert [m.recipient for m in told] == ["coordination@ti38.demo"]
    message = told.get()
    assert "à joindre pour savoir où" in message.body
    assert f"https://rallye.example.org/rallyes/{rally.pk}/" in message.body
    queue_reminders(due + dt.timedelta(days=1))
    assert told.count() == 1


def test_without_the_sites_address_reminders_with_links_wait(capsys: pytest.CaptureFixture[str]) -> None:
    rally = Rally.objects.get(name=UPCOMING)
    reachable(rally, 1)
    first, _ = days(rally)
    done = {r.name: r for r in queue_reminders(first - dt.timedelta(days=2))}
    assert done["convocation_reminder"].queued == 0
    assert "RALLYE_BASE_URL n'est pas définie" in done["convocation_reminder"].problem
    assert main(["sweep"]) == 0
    out = capsys.readouterr().out
    assert "Rappels de convocation (deux jours avant) :" in out and "Suivis à 6 mois à faire" in out
