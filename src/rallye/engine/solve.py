"""Solve a rally: the best plan that keeps every hard rule, in lexicographic order of priority.

The entry point of the engine. Counting first (``rallye.engine.feasibility``): a rally that
cannot have a plan fails at once with plain reasons. A rally beyond the charter's size is
planned by parts (``rallye.engine.parts``); any other goes through the stages of
``rallye.engine.stages`` on one model. Failures are :class:`~rallye.engine.results.NoPlanFound`.
"""

from __future__ import annotations

import time

from rallye.domain.rally import Rally
from rallye.domain.travel import TravelTimes
from rallye.engine.params import SolveParams
from rallye.engine.parts import needs_parts, solve_by_parts
from rallye.engine.results import SolveResult
from rallye.engine.routing import RoutingModel
from rallye.engine.stages import check_plain_reasons, optimise


def solve(rally: Rally, params: SolveParams | None = None) -> SolveResult:
    """The best plan for the rally, or :class:`~rallye.engine.results.NoPlanFound` with the reasons."""
    params = params or SolveParams()
    started = time.monotonic()
    travel = TravelTimes(rally)
    check_plain_reasons(rally, travel)
    if needs_parts(rally):
        return solve_by_parts(rally, travel, params, started)
    routing = RoutingModel(rally, travel, len(rally.present_participants))
    return optimise(routing, params, started)
