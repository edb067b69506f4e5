"""The planner's advice on a rally's companies page.

What limits the plan is counted on each request (``rallye.engine.advice.limits``: no search,
a few milliseconds). What one more answer would bring takes bounded what-if solves: an organiser
asks for it (``request_advice``), the background worker runs them (``run_advice``, through
``rallye.companies.tasks``), and the page shows the sentences as long as the rally's data are
those they were computed for (``fingerprint``).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from rallye.advice_wording import answer_sentence, limit_sentence
from rallye.companies.models import AdviceState, PlannerAdvice
from rallye.engine.advice import limits, what_if
from rallye.engine.params import SolveParams
from rallye.formats.problems import InvalidInput
from rallye.rallies.conversion import domain_rally, rally_content, to_content, to_domain
from rallye.rallies.models import Rally

WHAT_IFS = 6
"""At most this many answers tried, besides the rally as it is: the worker is busy a minute at most."""


def fingerprint(content: dict[str, object]) -> str:
    return hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()


@dataclass(frozen=True)
class PageAdvice:
    limits: list[str] = field(default_factory=list)
    answers: list[str] = field(default_factory=list)
    state: str = ""
    """The what-if solves: "" (never asked, or the data changed since), queued, running, done, failed."""


def page_advice(rally: Rally) -> PageAdvice:
    """What the companies page shows; nothing while the rally's data have problems."""
    try:
        data = domain_rally(rally)
    except InvalidInput:
        return PageAdvice()
    found = [limit_sentence(data, limit) for limit in limits(data)]
    stored = PlannerAdvice.objects.filter(rally=rally, fingerprint=fingerprint(rally_content(rally))).first()
    if stored is None:
        return PageAdvice(found)
    answers = list(stored.lines) if stored.state == AdviceState.DONE else []
    return PageAdvice(found, answers, stored.state)


def request_advice(rally: Rally) -> None:
    """Queue the what-if solves for the rally's current data (once: asked again while they wait
    or run, nothing more is queued)."""
    from rallye.companies.tasks import compute_advice

    current = fingerprint(rally_content(rally))
    with transaction.atomic():
        advice, created = PlannerAdvice.objects.select_for_update().get_or_create(
            rally=rally, defaults={"fingerprint": current}
        )
        busy = advice.state in (AdviceState.QUEUED, AdviceState.RUNNING) and advice.fingerprint == current
        if busy and not created:
            return
        advice.fingerprint, advice.state, advice.lines, advice.finished_at = current, AdviceState.QUEUED, [], None
        advice.save()
        transaction.on_commit(lambda: compute_advice.enqueue(rally.pk))


def run_advice(rally_id: int) -> None:
    """The what-if solves of one rally (the worker's part); the sentences stored with the data's
    fingerprint they were computed for."""
    rally = Rally.objects.get(pk=rally_id)
    content = to_content(rally)
    PlannerAdvice.objects.filter(rally=rally).update(state=AdviceState.RUNNING, fingerprint=fingerprint(content))
    params = SolveParams(
        time_limit=settings.RALLYE_ADVICE_SECONDS,
        workers=settings.RALLYE_SOLVER_WORKERS,
        seed=settings.RALLYE_SOLVER_SEED,
    )
    try:
        data = to_domain(rally)
        lines = [answer_sentence(data, answer) for answer in what_if(data, params, most=WHAT_IFS)]
    except InvalidInput:
        PlannerAdvice.objects.filter(rally=rally).update(state=AdviceState.FAILED, finished_at=timezone.now())
        return
    except Exception:
        PlannerAdvice.objects.filter(rally=rally).update(state=AdviceState.FAILED, finished_at=timezone.now())
        raise
    PlannerAdvice.objects.filter(rally=rally).update(state=AdviceState.DONE, lines=lines, finished_at=timezone.now())
