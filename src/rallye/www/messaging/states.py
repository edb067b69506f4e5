"""Where a message stands, in the words every page that lists messages uses."""

from __future__ import annotations

from django.utils import timezone

from rallye.domain import french
from rallye.messaging.models import Channel, Message, State


def message_state(message: Message | None, sent: str) -> str:
    """Where a message stands, in words: « {sent} par e-mail le 7 décembre 2026 » (``sent``:
    « envoyée », « lien envoyé »…), « envoi par SMS en attente (…) », « échec de l'envoi par
    e-mail : … »; « » without a message. Shared by every page that lists messages."""
    if message is None:
        return ""
    by = Channel(message.channel).label
    if message.state == State.SENT and message.sent_at is not None:
        return f"{sent} par {by} le {french.date(timezone.localdate(message.sent_at))}"
    if message.state == State.FAILED:
        return f"échec de l'envoi par {by} : {message.last_error}"
    return f"envoi par {by} en attente" + (f" ({message.last_error})" if message.last_error else "")
