"""Sending the questionnaires' private links to a rally's participants, in one click per phase.

Who receives a message: a participant who agreed to receive messages (``contact_agreed``), has
not asked to stop (``contact_stopped_at``), whose questionnaire of that phase waits for answers
and whose link opens; by their preferred channel, or the other one when the preferred has no
address. Everyone else is listed with the reason, so that staff hand them the QR code or enter
their answers. Each message carries a link to stop receiving messages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from rallye.domain.questionnaires import Phase
from rallye.evaluation.models import Questionnaire
from rallye.evaluation.services import questionnaire_closed
from rallye.links.models import PrivateLink
from rallye.links.services import current, link_url
from rallye.messaging.models import Channel, Message, State
from rallye.messaging.reach import reach, stop_link
from rallye.messaging.services import queue_message
from rallye.messaging.texts import render
from rallye.rallies.models import Participant, Rally

PURPOSE = "questionnaire_link"
PHASE_WORDS = {Phase.BEFORE: "avant le rallye", Phase.AFTER: "après le rallye"}
"""How a message names the questionnaire it sends."""


@dataclass(frozen=True)
class Recipient:
    questionnaire: Questionnaire
    channel: Channel | None
    """``None``: not sent, for :attr:`reason`."""
    address: str
    reason: str
    link: PrivateLink | None
    """The questionnaire's link while it opens (to hand out on paper otherwise)."""

    @property
    def participant(self) -> Participant:
        assert self.questionnaire.participant is not None
        return self.questionnaire.participant


def recipients(rally: Rally, phase: Phase, today: dt.date | None = None) -> list[Recipient]:
    """Everyone whose questionnaire of ``phase`` waits for answers, with how it would be sent."""
    today = today or timezone.localdate()
    waiting = (
        Questionnaire.objects.filter(rally=rally, phase=phase, answers__isnull=True, participant__isnull=False)
        .select_related("participant", "rally")
        .prefetch_related("links")
        .order_by("participant__code")
    )
    found = []
    now = timezone.now()
    for questionnaire in waiting:
        person = questionnaire.participant
        assert person is not None
        link = current(questionnaire.links.all())
        if link is not None and (link.revoked or link.expired(now)):
            link = None
        reached = reach(person)
        channel, address, reason = reached.channel, reached.address, reached.reason
        if person.anonymised_at is not None:
            link = None
        elif channel is not None and link is None:
            channel, reason = None, "pas de lien valable (préparez ou recréez le lien)"
        elif channel is not None and questionnaire_closed(questionnaire, today) is not None:
            channel, reason = None, "questionnaire pas encore ouvert ou fermé"
        found.append(Recipient(questionnaire, channel, address if channel else "", reason, link))
    return found


@dataclass(frozen=True)
class Sending:
    queued: int
    not_sent: list[Recipient]
    already: int
    """Sent before (or waiting to be): not sent twice."""


def send_links(
    rally: Rally,
    phase: Phase,
    by: Any,
    request: HttpRequest | None = None,
    *,
    retry_failed: bool = True,
    today: dt.date | None = None,
) -> Sending:
    """Queue one message per reachable participant whose link was never sent (one click); a
    failed one is sent again unless ``retry_failed`` is off (the automatic reminders)."""
    everyone = recipients(rally, phase, today)
    earlier = Message.objects.filter(questionnaire__in=[r.questionnaire for r in everyone])
    if retry_failed:
        earlier = earlier.exclude(state=State.FAILED)
    sent_before = set(earlier.values_list("questionnaire_id", flat=True))
    queued = already = 0
    with transaction.atomic():
        for recipient in everyone:
            if recipient.channel is None:
                continue
            if recipient.questionnaire.pk in sent_before:
                already += 1
                continue
            send_link(recipient, by, request)
            queued += 1
    return Sending(queued, [r for r in everyone if r.channel is None], already)


def send_link(recipient: Recipient, by: Any, request: HttpRequest | None = None) -> Message:
    questionnaire, person = recipient.questionnaire, recipient.participant
    assert recipient.channel is not None
    link = recipient.link
    assert link is not None
    values = {
        "prenom": person.first_name,
        "rallye": questionnaire.rally.name,
        "structure": questionnaire.rally.structure.name,
        "questionnaire": PHASE_WORDS[Phase(questionnaire.phase)],
        "lien": link_url(link, request),
        "arret": link_url(stop_link(person), request),
    }
    subject, body = render(questionnaire.rally.structure, "questionnaire_link", recipient.channel, values)
    return queue_message(
        channel=recipient.channel,
        recipient=recipient.address,
        subject=subject,
        body=body,
        purpose=PURPOSE,
        structure=questionnaire.rally.structure,
        created_by=by,
        participant=person,
        questionnaire=questionnaire,
    )
