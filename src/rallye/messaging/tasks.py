"""The background task that sends one message (Django's tasks API; it takes a primary key)."""

from __future__ import annotations

from django_tasks import task

from rallye.messaging.delivery import deliver


@task()
def send_message(message_id: int) -> None:
    deliver(message_id)
