"""Sending one message, and what happens when the mail server does not take it.

A message waits (« en attente d'envoi ») until a worker sends it. When the server refuses it or
does not answer, the message keeps waiting, with the reason and the time of the next try
(after 1, 5, 15 then 60 minutes); after ``MAX_ATTEMPTS`` tries it is marked failed, and staff
may send it again. The periodic sweep (``rallye sweep``) queues the tries that are due."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from rallye.messaging.attachments import NoAttachment, attachments
from rallye.messaging.models import Channel, Message, State
from rallye.messaging.sms import SmsRefused, provider

logger = logging.getLogger(__name__)

RETRY_AFTER = (dt.timedelta(minutes=1), dt.timedelta(minutes=5), dt.timedelta(minutes=15), dt.timedelta(hours=1))
MAX_ATTEMPTS = len(RETRY_AFTER) + 1


def deliver(message_id: int, now: dt.datetime | None = None) -> State | None:
    """Try to send the message once; its new state (``None``: no message to send any more)."""
    with transaction.atomic():
        message = Message.objects.select_for_update().filter(pk=message_id, state=State.WAITING).first()
        if message is None:
            return None
        message.attempts += 1
        try:
            if message.channel == Channel.SMS:
                provider().send(message.recipient, message.body)
            else:
                email = EmailMessage(message.subject, message.body, settings.DEFAULT_FROM_EMAIL, [message.recipient])
                for name, content, kind in attachments(message):
                    email.attach(name, content, kind)
                email.send()
        except Exception as error:  # refusals are of many kinds (SMTP, socket, TLS, the SMS gateway)
            logger.warning("message %d not sent (attempt %d): %s", message.pk, message.attempts, error)
            message.last_error = _reason(error)
            if message.attempts >= MAX_ATTEMPTS:
                message.state = State.FAILED
                message.next_attempt_at = None
            else:
                message.next_attempt_at = (now or timezone.now()) + RETRY_AFTER[message.attempts - 1]
        else:
            message.state = State.SENT
            message.sent_at = now or timezone.now()
            message.next_attempt_at = None
            message.last_error = ""
            logger.info("message %d sent (%s)", message.pk, message.purpose)
        message.save(update_fields=["attempts", "last_error", "state", "next_attempt_at", "sent_at"])
        return State(message.state)


def _reason(error: Exception) -> str:
    """The error in words staff can pass on to whoever runs the mail server."""
    if isinstance(error, SmsRefused | NoAttachment):
        return str(error)[:500]
    if isinstance(error, ConnectionRefusedError | TimeoutError | OSError) and not str(error).strip():
        return "le serveur d'e-mail ne répond pas"
    text = str(error).strip() or type(error).__name__
    return f"le serveur d'e-mail a refusé le message ({text})"[:500]
