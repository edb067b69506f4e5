"""Sending a message: sent through the configured server, kept waiting with its reason while
the server does not take it, failed after the last try, sent again on request; and once for
real, through an SMTP server on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import logging
import socket
from collections.abc import Iterator
from email import message_from_bytes
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from pytest_django.fixtures import Settings

from rallye.messaging.delivery import MAX_ATTEMPTS, deliver
from rallye.messaging.models import Message, State
from rallye.messaging.services import queue_due_retries, queue_email, send_again

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)
# The SMTP server's own log, written from its thread after the test has ended (« connection
# lost »), would go to an output already closed.
logging.getLogger("mail.log").setLevel(logging.WARNING)


def a_message() -> Message:
    return queue_email(
        recipient="marie.dupont@example.org",
        subject="Invitation",
        body="Bonjour Marie,\nvoici votre lien.",
        purpose="invitation",
        structure=None,
    )


def test_a_message_is_sent_and_recorded(settings: Settings) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    message = a_message()
    assert message.state == State.WAITING
    assert deliver(message.pk, NOW) == State.SENT
    message.refresh_from_db()
    assert (message.state, message.sent_at, message.attempts) == (State.SENT, NOW, 1)
    (sent,) = mail.outbox
    assert sent.to == ["marie.dupont@example.org"] and sent.subject == "Invitation"
    assert deliver(message.pk, NOW) is None  # sent once only
    assert len(mail.outbox) == 1


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # nobody listens once the socket is closed


def test_a_message_waits_while_the_server_is_down_then_fails(settings: Settings) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", closed_port(), 2
    message = a_message()
    assert deliver(message.pk, NOW) == State.WAITING
    message.refresh_from_db()
    assert message.last_error.startswith("le serveur d'e-mail")
    assert message.next_attempt_at == NOW + dt.timedelta(minutes=1)
    assert queue_due_retries(NOW) == 0  # not due yet
    for _ in range(MAX_ATTEMPTS - 1):
        deliver(message.pk, NOW)
    message.refresh_from_db()
    assert message.state == State.FAILED
    assert message.attempts == MAX_ATTEMPTS and message.next_attempt_at is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_again(message)
    assert deliver(message.pk, NOW) == State.SENT
    assert not send_again(Message.objects.get(pk=message.pk))  # only a failed one is sent again


def test_the_sweep_queues_the_tries_that_are_due(settings: Settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    due, later = a_message(), a_message()
    Message.objects.filter(pk=due.pk).update(attempts=1, next_attempt_at=NOW - dt.timedelta(seconds=1))
    Message.objects.filter(pk=later.pk).update(attempts=1, next_attempt_at=NOW + dt.timedelta(minutes=4))
    assert queue_due_retries(NOW) == 1
    assert Message.objects.get(pk=due.pk).state == State.SENT
    assert Message.objects.get(pk=later.pk).state == State.WAITING


class Inbox:
    def __init__(self) -> None:
        self.received: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server() -> Iterator[tuple[Controller, Inbox]]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=closed_port())
    controller.start()
    yield controller, inbox
    controller.stop()


def test_a_message_goes_through_a_real_smtp_server(settings: Settings, smtp_server: tuple[Controller, Inbox]) -> None:
    controller, inbox = smtp_server
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = False
    settings.DEFAULT_FROM_EMAIL = "Rallye <rallye@mife74.example>"
    message = a_message()
    assert deliver(message.pk, NOW) == State.SENT
    ((sender, recipients, content),) = inbox.received
    assert sender == "rallye@mife74.example" and recipients == ["marie.dupont@example.org"]
    parsed = message_from_bytes(content)
    assert parsed["Subject"] == "Invitation"
    payload = parsed.get_payload(decode=True)
    assert isinstance(payload, bytes) and "voici votre lien" in payload.decode()
