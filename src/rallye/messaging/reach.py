"""Whether and how a participant may be reached: the one rule every message to a participant
follows (questionnaire links, convocations, reminders)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from rallye.links.models import PrivateLink, Purpose
from rallye.links.services import current, issue_link
from rallye.messaging.models import Channel
from rallye.rallies.models import Participant


@dataclass(frozen=True)
class Reach:
    channel: Channel | None
    """``None``: nothing may be sent, for :attr:`reason`."""
    address: str
    reason: str


def reach(person: Participant) -> Reach:
    """Nothing to a person who did not agree, asked to stop, or was erased; otherwise by their
    preferred channel, or the other one when the preferred has no address."""
    if person.anonymised_at is not None:
        return Reach(None, "", "données effacées")
    if not person.contact_agreed:
        return Reach(None, "", "n'a pas accepté de recevoir des messages")
    if person.contact_stopped_at is not None:
        return Reach(None, "", "a demandé à ne plus recevoir de messages")
    addresses = {Channel.EMAIL: person.email.strip(), Channel.SMS: person.phone.strip()}
    preferred = Channel(person.contact_channel)
    other = Channel.SMS if preferred is Channel.EMAIL else Channel.EMAIL
    for channel in (preferred, other):
        if addresses[channel]:
            return Reach(channel, addresses[channel], "")
    return Reach(None, "", "ni e-mail ni téléphone")


def stop_link(person: Participant) -> PrivateLink:
    """The person's « ne plus recevoir de messages » link (one per person, kept)."""
    found = current(person.links.filter(purpose=Purpose.STOP_MESSAGES))
    return found or issue_link(person, Purpose.STOP_MESSAGES, None)


def stop_messages(person: Participant, now: dt.datetime | None = None) -> bool:
    """The person asked to receive nothing more (their « ne plus recevoir » link); ``False`` if
    they already had."""
    return bool(
        Participant.objects.filter(pk=person.pk, contact_stopped_at=None).update(
            contact_stopped_at=now or timezone.now()
        )
    )
