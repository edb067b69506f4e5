"""Reminders Rallye sends by itself, each at most once, queued by the periodic sweep
(``rallye sweep``, run by the operator's timer every few minutes, and by ``rallye remind``).

Each reminder is a function of the day that queues its messages and returns how many: to add
one (the retro-planning's tasks due, a company's availability not given…), write it and append
it to :data:`REMINDERS`. A reminder never sends the same message twice: each looks for its own
earlier messages (same purpose, same rally, same person or address) before queueing.

- ``convocation_reminder``: two days before a rally's first day, each participant of the plan
  who may be reached (``reach``) is reminded of when and where to meet.
- ``after_questionnaire``: from a rally's last day, the « après » questionnaire link goes to the
  participants who took part and may be reached (``questionnaire_links.send_links``).
- ``follow_ups_due``: when a rally's six-month follow-ups fall due, its structure's coordinators
  are told by e-mail, with the number of people to follow up.
- ``tasks_due`` (``rallye.preparation.reminders``): on the day a task of a rally's retro-planning
  falls due and is not done, its assignee (else the coordinators) is told by e-mail.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max, Min
from django.urls import reverse

from rallye.documents.convocation import meetings
from rallye.domain import french
from rallye.domain.questionnaires import Phase
from rallye.evaluation.services import due_follow_ups
from rallye.links.services import link_url
from rallye.messaging.models import Message
from rallye.messaging.questionnaire_links import send_links
from rallye.messaging.reach import reach, stop_link
from rallye.messaging.services import queue_message
from rallye.messaging.texts import render
from rallye.organisations.models import Membership, Role
from rallye.plans.reading import planned_rally
from rallye.preparation.reminders import tasks_due
from rallye.rallies.models import Participant, Rally
from rallye.web.absolute import NoBaseUrl, absolute_url

CONVOCATION_REMINDER = "convocation_reminder"
FOLLOW_UPS_DUE = "follow_ups_due"
DAYS_BEFORE = 2


@dataclass(frozen=True)
class Reminded:
    name: str
    queued: int
    problem: str = ""


Reminder = Callable[[dt.date], int]


def convocation_reminder(today: dt.date) -> int:
    starting = dt.timedelta(days=DAYS_BEFORE)
    rallies = Rally.objects.annotate(first_day=Min("sessions__date")).filter(first_day=today + starting)
    queued = 0
    for rally in rallies.select_related("structure"):
        planned = planned_rally(rally)
        if planned.plan is None or planned.rally is None:
            continue
        in_teams = {m for team in planned.plan.teams for m in team.members}
        reminded = set(
            Message.objects.filter(rally=rally, purpose=CONVOCATION_REMINDER).values_list("participant_id", flat=True)
        )
        when = " ; ".join(f"{m.day}, rendez-vous à {m.start}" for m in meetings(planned.rally))
        place = ", ".join(x for x in (rally.base_name, rally.base_address) if x)
        with transaction.atomic():
            for person in Participant.objects.filter(rally=rally, code__in=in_teams).order_by("code"):
                reached = reach(person)
                if reached.channel is None or person.pk in reminded:
                    continue
                values = {
                    "prenom": person.first_name,
                    "rallye": rally.name,
                    "structure": rally.structure.name,
                    "quand": when,
                    "lieu": place,
                    "arret": link_url(stop_link(person)),
                }
                subject, body = render(rally.structure, CONVOCATION_REMINDER, reached.channel, values)
                queue_message(
                    channel=reached.channel,
                    recipient=reached.address,
                    subject=subject,
                    body=body,
                    purpose=CONVOCATION_REMINDER,
                    structure=rally.structure,
                    participant=person,
                    rally=rally,
                )
                queued += 1
    return queued


def after_questionnaire(today: dt.date) -> int:
    """From the last day, for a fortnight: later, staff send the links themselves if needed."""
    ended = Rally.objects.annotate(last_day=Max("sessions__date")).filter(
        last_day__lte=today, last_day__gt=today - dt.timedelta(days=14)
    )
    return sum(
        send_links(rally, Phase.AFTER, None, retry_failed=False, today=today).queued
        for rally in ended.select_related("structure")
    )


def follow_ups_due(today: dt.date) -> int:
    queued = 0
    for group in due_follow_ups(Rally.objects.all(), today, horizon_days=0):
        rally = group.rally
        coordinators = Membership.objects.filter(structure=rally.structure, role=Role.COORDINATOR, user__is_active=True)
        told = set(Message.objects.filter(rally=rally, purpose=FOLLOW_UPS_DUE).values_list("recipient", flat=True))
        try:
            page = absolute_url(reverse("evaluation:follow_up", args=[rally.pk]))
        except NoBaseUrl:
            page = "la page « Suivi à 6 mois » du rallye dans Rallye"
        for email in coordinators.values_list("user__email", flat=True):
            if email in told:
                continue
            queue_message(
                recipient=email,
                subject=f"Suivis à 6 mois à faire : {rally.name}",
                body=FOLLOW_UPS_BODY.format(
                    rallye=rally.name,
                    due=french.date(group.due),
                    people=french.count(len(group.participants), "personne", "personnes"),
                    page=page,
                ),
                purpose=FOLLOW_UPS_DUE,
                structure=rally.structure,
                rally=rally,
            )
            queued += 1
    return queued


FOLLOW_UPS_BODY = """Bonjour,

Les suivis à 6 mois du {rallye} sont à faire depuis le {due} : {people} à joindre pour savoir où
elles en sont (emploi, formation…).

Renseignez leur situation sur {page}.

--
Rallye
"""

REMINDERS: list[Reminder] = [convocation_reminder, after_questionnaire, follow_ups_due, tasks_due]
"""Every reminder, in the order they are queued; later features append theirs."""


LABELS = {
    "convocation_reminder": "Rappels de convocation (deux jours avant)",
    "after_questionnaire": "Liens du questionnaire après le rallye",
    "follow_ups_due": "Suivis à 6 mois à faire (aux coordinations)",
    "tasks_due": "Tâches de préparation à faire ce jour (aux responsables)",
}


def queue_reminders(today: dt.date) -> list[Reminded]:
    """Queue every reminder due ``today``. Messages to participants carry links, which need the
    site's address: without ``RALLYE_BASE_URL`` those reminders are not sent, and say why."""
    done = []
    for reminder in REMINDERS:
        try:
            done.append(Reminded(reminder.__name__, reminder(today)))
        except NoBaseUrl:
            done.append(Reminded(reminder.__name__, 0, "RALLYE_BASE_URL n'est pas définie : liens impossibles"))
    return done


def lines(done: list[Reminded]) -> list[str]:
    return [f"{LABELS.get(r.name, r.name)} : {r.queued}" + (f" ({r.problem})" if r.problem else "") for r in done]
