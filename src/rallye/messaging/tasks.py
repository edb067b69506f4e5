"""The background task that sends one message (Django's tasks API; it takes a primary key).

Sending is the operator's work, whoever queued the message (a signed-in user, someone who forgot
their password, the periodic sweep): it reads the message outside any user's scope."""

from __future__ import annotations

from django_tasks import task

from rallye.messaging.delivery import deliver
from rallye.organisations.scoping import scopes_disabled


@task()
def send_message(message_id: int) -> None:
    with scopes_disabled():
        deliver(message_id)
