"""The reminder of the tasks due: once a day, to the assignee or else the coordinators."""

from __future__ import annotations

import datetime as dt

import pytest

from rallye.messaging.models import Message
from rallye.messaging.reminders import REMINDERS, queue_reminders
from rallye.organisations.models import User
from rallye.preparation.models import RallyTask
from rallye.preparation.reminders import TASKS_DUE, tasks_due
from rallye.preparation.services import prepare
from rallye.rallies.models import Rally
from tests.logins import MIFE

pytestmark = pytest.mark.django_db

DUE = dt.date(2027, 2, 23)
"""The Annecy rally's information session (three weeks before the 16 March)."""


@pytest.fixture
def prepared(annecy: Rally, immediate_tasks: None) -> Rally:
    prepare(annecy, None)
    return annecy


def test_the_reminder_is_registered() -> None:
    assert tasks_due in REMINDERS


def test_tasks_due_go_to_the_coordinators_once(prepared: Rally) -> None:
    assert tasks_due(DUE) == 1
    message = Message.objects.get(purpose=TASKS_DUE, rally=prepared)
    assert message.recipient == MIFE
    assert message.subject == "Préparation à faire le 23 février 2027 : Rallye pour l'emploi — Annecy, mars 2027"
    assert "- Information collective" in message.body and "- Réserver les véhicules" in message.body
    assert "mardi 23 février 2027" in message.body
    assert tasks_due(DUE) == 0  # never twice the same day
    assert tasks_due(DUE - dt.timedelta(days=1)) == 0  # nothing due that day


def test_an_assigned_task_goes_to_its_assignee_and_done_tasks_to_nobody(prepared: Rally) -> None:
    helper = User.objects.create_user("aide@mife74.test", "x", first_name="Nadia")
    RallyTask.objects.filter(rally=prepared, key="information_session").update(assignee=helper)
    RallyTask.objects.filter(rally=prepared, key="vehicles_booked").update(
        done_at=dt.datetime(2027, 2, 1, tzinfo=dt.UTC)
    )
    assert tasks_due(DUE) == 1
    message = Message.objects.get(purpose=TASKS_DUE, rally=prepared)
    assert message.recipient == "aide@mife74.test" and "Réserver les véhicules" not in message.body


def test_queue_reminders_counts_them(prepared: Rally) -> None:
    done = {r.name: r.queued for r in queue_reminders(DUE)}
    assert done["tasks_due"] == 1
