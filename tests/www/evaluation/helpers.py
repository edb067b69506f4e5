"""Reading pages as a person does (the words shown, without the markup), moving a rally in time,
and ticking people absent on the day."""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

from django.db.models import F, Max
from django.utils import timezone

from rallye.evaluation.models import Questionnaire
from rallye.links.services import current
from rallye.plans.models import PlanState, PlanVersion
from rallye.rallies.models import Rally, Session

HELD_LAST_DAY = dt.date(2026, 3, 19)
"""The last day of a rally already held whatever the day the tests run (Annecy: 16 to 19 March 2026)."""


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


def tick_absent_on_the_day(rally: Rally, *codes: str) -> None:
    """Record ``codes`` as absent in the rally's current plan, as re-planning on the day does."""
    PlanVersion.objects.create(
        rally=rally,
        number=1,
        state=PlanState.SUCCEEDED,
        is_current=True,
        absent=list(codes),
        content={"absent": list(codes)},
    )


def token_of(questionnaire: Questionnaire) -> str:
    """The token of the questionnaire's private link (the one handed out)."""
    link = current(questionnaire.links.all())
    assert link is not None, "the questionnaire has no private link"
    return link.token


def end_rally_days_ago(rally: Rally, days: int) -> dt.date:
    """Move ``rally`` so that it ended ``days`` days before today; its last day."""
    last_day = timezone.localdate() - dt.timedelta(days=days)
    end_rally_on(rally, last_day)
    return last_day
