"""Reading pages as a person does (the words shown, without the markup), and moving a rally in time."""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

from django.db.models import F, Max

from rallye.rallies.models import Rally, Session


def words(response: Any) -> str:
    """The page's visible text (tags removed, entities decoded, spaces collapsed)."""
    content: bytes = response.content
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", content.decode(), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split()).replace(" .", ".").replace(" ,", ",")


def end_rally_on(rally: Rally, last_day: dt.date) -> None:
    """Shift the rally's programme so that its last day is ``last_day`` (same gaps between days)."""
    current = Session.objects.filter(rally=rally).aggregate(last=Max("date"))["last"]
    assert current is not None
    Session.objects.filter(rally=rally).update(date=F("date") - (current - last_day))
