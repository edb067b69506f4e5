"""The reminder of the retro-planning's tasks (``rallye.messaging.reminders``): on the day a
task falls due and is not done, its assignee (else the coordinators of the rally's structure)
receives one e-mail per rally listing the tasks due that day. Sent once per person, rally and
day."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from rallye.domain import french
from rallye.messaging.models import Message
from rallye.messaging.services import queue_message
from rallye.organisations.models import Membership, Role
from rallye.preparation.models import RallyTask
from rallye.web.absolute import NoBaseUrl, absolute_url

TASKS_DUE = "preparation_tasks_due"

TASKS_DUE_BODY = """Bonjour,

Dans la préparation du {rallye}, à faire pour aujourd'hui ({jour}) :
{taches}

Cochez-les quand elles sont faites, ou changez leur date, sur {page}.

--
Rallye
"""


def subject(rally_name: str, today: dt.date) -> str:
    return f"Préparation à faire le {french.date(today)} : {rally_name}"[:200]


def tasks_due(today: dt.date) -> int:
    due = (
        RallyTask.objects.filter(due=today, done_at=None)
        .select_related("rally__structure", "assignee")
        .order_by("rally_id", "pk")
    )
    letters: dict[tuple[int, str], list[RallyTask]] = {}
    for task in due:
        assignee = task.assignee
        if assignee is not None and assignee.is_active and assignee.email:
            recipients = [assignee.email]
        else:
            recipients = list(
                Membership.objects.filter(
                    structure_id=task.rally.structure_id, role=Role.COORDINATOR, user__is_active=True
                ).values_list("user__email", flat=True)
            )
        for email in recipients:
            letters.setdefault((task.rally_id, email), []).append(task)
    queued = 0
    for (_, email), tasks in letters.items():
        rally = tasks[0].rally
        title = subject(rally.name, today)
        if Message.objects.filter(purpose=TASKS_DUE, rally=rally, recipient=email, subject=title).exists():
            continue
        try:
            page = absolute_url(reverse("preparation:tasks", args=[rally.pk]))
        except NoBaseUrl:
            page = "la page « Préparation » du rallye dans Rallye"
        queue_message(
            recipient=email,
            subject=title,
            body=TASKS_DUE_BODY.format(
                rallye=rally.name,
                jour=french.day_long(today),
                taches="\n".join(f"- {task.title}" for task in tasks),
                page=page,
            ),
            purpose=TASKS_DUE,
            structure=rally.structure,
            rally=rally,
        )
        queued += 1
    return queued
