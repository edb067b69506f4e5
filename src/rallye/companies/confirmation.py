"""The organiser confirms a change of availability a company made after the plan was computed:
the answer is marked seen, the rally's history records it, and the company is told, by e-mail
to its contact and by SMS to its contact's mobile when SMS is configured, with the structure's
text (``messaging.texts``, kind ``availability_confirmation``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from rallye.companies.availability import window_lines
from rallye.companies.models import AvailabilityAnswer
from rallye.history.models import Action
from rallye.history.services import record
from rallye.messaging.models import Channel, Message
from rallye.messaging.services import queue_message
from rallye.messaging.texts import render
from rallye.phones import is_mobile

PURPOSE = "availability_confirmation"
TEXT_KIND = "availability_confirmation"
EVERY_SESSION = "toutes les sessions de visites"


def to_confirm(answer: AvailabilityAnswer) -> bool:
    return answer.after_plan and answer.seen_at is None


def confirm_answer(answer: AvailabilityAnswer, user: Any) -> list[Message] | None:
    """Confirm the change and tell the company; the messages queued (none when its contact has
    neither e-mail nor mobile), or ``None`` when someone confirmed it already."""
    company = answer.company
    rally = company.rally
    with transaction.atomic():
        if not AvailabilityAnswer.objects.filter(pk=answer.pk, seen_at=None).update(seen_at=timezone.now()):
            return None
        record(rally, user, Action.CHANGED, company, summary="Changement de disponibilités confirmé à l'entreprise")
        values = {
            "contact": company.contact_name or "Madame, Monsieur",
            "entreprise": company.name,
            "rallye": rally.name,
            "structure": rally.structure.name,
            "disponibilites": " ; ".join(window_lines(company)) or EVERY_SESSION,
        }
        queued = []
        if company.contact_email:
            subject, body = render(rally.structure, TEXT_KIND, Channel.EMAIL, values)
            queued.append(_queue(Channel.EMAIL, company.contact_email, subject, body, answer, user))
        if company.contact_phone and is_mobile(company.contact_phone) and settings.SMS_KEY:
            _, text = render(rally.structure, TEXT_KIND, Channel.SMS, values)
            queued.append(_queue(Channel.SMS, company.contact_phone, "", text, answer, user))
        return queued


def _queue(channel: Channel, recipient: str, subject: str, body: str, answer: AvailabilityAnswer, user: Any) -> Message:
    rally = answer.company.rally
    return queue_message(
        channel=channel,
        recipient=recipient,
        subject=subject,
        body=body,
        purpose=PURPOSE,
        structure=rally.structure,
        created_by=user,
        rally=rally,
    )
