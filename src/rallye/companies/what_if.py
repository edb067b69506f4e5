"""What the background worker runs for the planner's advice: the what-if solves of one rally
(``rallye.engine.advice.what_if``), their sentences stored with the fingerprint of the data they
were computed for."""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.utils import timezone

from rallye.advice_wording import answer_sentence
from rallye.companies.models import AdviceState, PlannerAdvice
from rallye.engine.advice import what_if
from rallye.engine.params import SolveParams
from rallye.formats.problems import InvalidInput
from rallye.rallies.conversion import to_content, to_domain
from rallye.rallies.models import Rally

WHAT_IFS = 6
"""At most this many answers tried, besides the rally as it is: the worker is busy a minute at most."""


def fingerprint(content: dict[str, object]) -> str:
    return hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()


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
    except Exception as error:  # the page says the solves failed; a worker's error is logged as well
        PlannerAdvice.objects.filter(rally=rally).update(state=AdviceState.FAILED, finished_at=timezone.now())
        if not isinstance(error, InvalidInput):
            raise
        return
    PlannerAdvice.objects.filter(rally=rally).update(state=AdviceState.DONE, lines=lines, finished_at=timezone.now())
