"""The planner's advice on a rally's companies page.

What limits the plan is counted on each request (``rallye.engine.advice.limits``: no search,
a few milliseconds). What one more answer would bring takes bounded what-if solves: an organiser
asks for it (``request_advice``), the background worker runs them (``rallye.companies.what_if``,
through ``rallye.companies.tasks``), and the page shows the sentences as long as the rally's data are
those they were computed for (``fingerprint``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from rallye.advice_wording import limit_sentence
from rallye.companies.models import AdviceState, PlannerAdvice
from rallye.companies.tasks import compute_advice
from rallye.companies.what_if import fingerprint
from rallye.engine.advice import limits
from rallye.formats.problems import InvalidInput
from rallye.rallies.conversion import domain_rally, rally_content
from rallye.rallies.models import Rally


@dataclass(frozen=True)
class PageAdvice:
    ready: bool = True
    """False while the rally's data have problems: no advice then."""
    limits: list[str] = field(default_factory=list)
    answers: list[str] = field(default_factory=list)
    state: str = ""
    """The what-if solves: "" (never asked, or the data changed since), queued, running, done, failed."""


STUCK_AFTER = dt.timedelta(minutes=15)
"""Solves still waiting or running after this long were lost (a worker stopped): asked again."""


def _state(advice: PlannerAdvice) -> str:
    busy = advice.state in (AdviceState.QUEUED, AdviceState.RUNNING)
    if busy and advice.requested_at < timezone.now() - STUCK_AFTER:
        return AdviceState.FAILED
    return str(advice.state)


def page_advice(rally: Rally) -> PageAdvice:
    """What the companies page shows; nothing while the rally's data have problems."""
    try:
        data = domain_rally(rally)
    except InvalidInput:
        return PageAdvice(ready=False)
    found = [limit_sentence(data, limit) for limit in limits(data)]
    stored = PlannerAdvice.objects.filter(rally=rally, fingerprint=fingerprint(rally_content(rally))).first()
    if stored is None:
        return PageAdvice(limits=found)
    answers = list(stored.lines) if stored.state == AdviceState.DONE else []
    return PageAdvice(limits=found, answers=answers, state=_state(stored))


def request_advice(rally: Rally) -> None:
    """Queue the what-if solves for the rally's current data (once: asked again while they wait
    or run, nothing more is queued)."""
    current = fingerprint(rally_content(rally))
    with transaction.atomic():
        advice, created = PlannerAdvice.objects.select_for_update().get_or_create(
            rally=rally, defaults={"fingerprint": current}
        )
        busy = _state(advice) in (AdviceState.QUEUED, AdviceState.RUNNING) and advice.fingerprint == current
        if busy and not created:
            return
        advice.fingerprint, advice.state, advice.lines, advice.finished_at = current, AdviceState.QUEUED, [], None
        advice.save()
        transaction.on_commit(lambda: compute_advice.enqueue(rally.pk))
