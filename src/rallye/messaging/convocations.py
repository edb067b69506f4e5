"""Sending the convocations of a planned rally: one message per participant of the plan who may
be reached (``reach``), by e-mail with their convocation attached (made when it is sent, from the
current plan), or by SMS with the essentials. Everyone else is listed with the reason, to be
given the printed convocation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.http import HttpRequest

from rallye.documents.convocation import meetings
from rallye.links.services import link_url
from rallye.messaging.attachments import CONVOCATION
from rallye.messaging.models import Channel, Message, State
from rallye.messaging.reach import Reach, reach, stop_link
from rallye.messaging.services import queue_message
from rallye.messaging.texts import render
from rallye.plans.reading import planned_rally
from rallye.rallies.models import Participant, Rally

PURPOSE = "convocation"


class NotPlanned(Exception):
    """The rally has no plan yet: convocations name each person's team."""


@dataclass(frozen=True)
class ConvocationRecipient:
    person: Participant
    reach: Reach
    message: Message | None
    """The last convocation sent to them (or waiting), if any."""


def convocation_recipients(rally: Rally) -> list[ConvocationRecipient]:
    """The participants of the current plan (present, in a team), with how they are reached."""
    planned = planned_rally(rally)
    if planned.plan is None:
        raise NotPlanned
    in_teams = {member for team in planned.plan.teams for member in team.members}
    people = [p for p in rally.participants.order_by("code") if p.code in in_teams]
    last: dict[int, Message] = {}
    for message in Message.objects.filter(rally=rally, purpose=PURPOSE).order_by("created_at", "pk"):
        if message.participant_id is not None:
            last[message.participant_id] = message
    return [ConvocationRecipient(p, reach(p), last.get(p.pk)) for p in people]


@dataclass(frozen=True)
class ConvocationSending:
    queued: int
    already: int
    not_reached: list[ConvocationRecipient]


def send_convocations(rally: Rally, by: Any, request: HttpRequest | None = None) -> ConvocationSending:
    """One click: a convocation to each reachable participant who has none sent or waiting."""
    everyone = convocation_recipients(rally)
    planned = planned_rally(rally)
    data = planned.rally
    assert data is not None
    days = meetings(data)
    when = " ; ".join(f"{m.day}, rendez-vous à {m.start}" for m in days)
    queued = already = 0
    with transaction.atomic():
        for recipient in everyone:
            channel = recipient.reach.channel
            if channel is None:
                continue
            if recipient.message is not None and recipient.message.state != State.FAILED:
                already += 1
                continue
            person = recipient.person
            values = {
                "prenom": person.first_name,
                "rallye": rally.name,
                "structure": rally.structure.name,
                "quand": when,
                "lieu": ", ".join(x for x in (rally.base_name, rally.base_address) if x),
                "arret": link_url(stop_link(person), request),
            }
            subject, body = render(rally.structure, "convocation", channel, values)
            queue_message(
                channel=channel,
                recipient=recipient.reach.address,
                subject=subject,
                body=body,
                purpose=PURPOSE,
                structure=rally.structure,
                created_by=by,
                participant=person,
                rally=rally,
                attachment=CONVOCATION if channel is Channel.EMAIL else "",
            )
            queued += 1
    return ConvocationSending(queued, already, [r for r in everyone if r.reach.channel is None])
