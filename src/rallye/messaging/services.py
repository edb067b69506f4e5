"""Queueing messages, sending again, and the sweep's retries."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from rallye.messaging.models import Channel, Message, State
from rallye.messaging.tasks import send_message
from rallye.organisations.models import Structure


def queue_message(
    *,
    channel: Channel = Channel.EMAIL,
    recipient: str,
    subject: str,
    body: str,
    purpose: str,
    structure: Structure | None,
    created_by: Any = None,
    **about: Any,
) -> Message:
    """Record the message and have a worker send it once the current transaction commits.
    ``about``: the participant or questionnaire it concerns."""
    message = Message.objects.create(
        channel=channel,
        structure=structure,
        recipient=recipient,
        subject=subject,
        body=body,
        purpose=purpose,
        created_by=created_by if getattr(created_by, "pk", None) else None,
        **about,
    )
    transaction.on_commit(lambda: send_message.enqueue(message.pk))
    return message


def queue_email(
    *,
    recipient: str,
    subject: str,
    body: str,
    purpose: str,
    structure: Structure | None,
    created_by: Any = None,
) -> Message:
    return queue_message(
        recipient=recipient, subject=subject, body=body, purpose=purpose, structure=structure, created_by=created_by
    )


def send_again(message: Message) -> bool:
    """A failed message waits again and is sent by a worker; ``False`` if it was not failed."""
    changed = Message.objects.filter(pk=message.pk, state=State.FAILED).update(
        state=State.WAITING, attempts=0, next_attempt_at=None
    )
    if changed:
        transaction.on_commit(lambda: send_message.enqueue(message.pk))
    return bool(changed)


def queue_due_retries(now: dt.datetime | None = None) -> int:
    """Queue the messages whose next try is due (``rallye sweep``); how many."""
    due = list(
        Message.objects.filter(state=State.WAITING)
        .filter(Q(next_attempt_at__lte=now or timezone.now()))
        .values_list("pk", flat=True)
    )
    for pk in due:
        send_message.enqueue(pk)
    return len(due)
