"""The bound of a lexicographic stage, decoded into its terms.

The ``days_travel`` stage minimises one weighted sum of team size spread, total day minutes,
travel minutes and non-hiring visits, with weights that make the order strict (see
``rallye.engine.solve.Goal``). Its relative gap is measured on that sum, where the first term
weighs so much that a 2 % gap can hide a 17 % gap on the total of the days. Decoded with the
same weights, the bound says more: its terms are a lexicographic lower bound, so the first term
where the bound is below the plan is a lower bound on that term for every plan equal to this one
on the terms before it.

The weights depend on the rally (the number of teams, the session and day minutes), so they are
rebuilt from the model the solver builds: :meth:`RoutingModel.upper_bounds`.
"""

from __future__ import annotations

from typing import Any

from rallye.domain.rally import Rally
from rallye.domain.travel import TravelTimes
from rallye.engine.parts import needs_parts, split
from rallye.engine.routing import RoutingModel
from rallye.engine.stages import Goal

DAYS_TRAVEL = "days_travel"


def days_travel_goal(rally: Rally, participant_count: int) -> Goal:
    """The ``days_travel`` goal with the weights ``solve`` uses for this rally (expressions left
    out: only the upper bounds count for decoding)."""
    bounds = RoutingModel(rally, TravelTimes(rally), participant_count).upper_bounds()
    return Goal(
        (
            ("team_size_spread", 0, 0),
            ("total_day_minutes", 0, bounds["total_day_minutes"]),
            ("travel_minutes", 0, bounds["travel_minutes"]),
            ("non_hiring_visits", 0, bounds["non_hiring_visits"]),
        )
    )


def days_travel_goals(rally: Rally) -> dict[str, Goal]:
    """The goal of each part, by the label its stages carry (``""`` for a rally in one piece,
    ``"partie 1/4"``… for a rally planned by parts)."""
    if not needs_parts(rally):
        return {"": days_travel_goal(rally, len(rally.present_participants))}
    parts = split(rally)
    return {
        f"partie {index}/{len(parts)}": days_travel_goal(part, len(part.participants))
        for index, part in enumerate(parts, start=1)
    }


def decoded_bound(stage: dict[str, Any], goals: dict[str, Goal]) -> dict[str, int] | None:
    """The bound of a ``days_travel`` stage report, term by term; None for another stage, or
    when these weights do not give back the terms the stage reported for its objective."""
    base, _, label = str(stage.get("stage", "")).partition(" (")
    goal = goals.get(label.rstrip(")"))
    if base != DAYS_TRAVEL or goal is None or "bound" not in stage or "objective" not in stage:
        return None
    if goal.decode(int(stage["objective"])) != dict(stage.get("terms") or {}):
        return None
    return goal.decode(int(stage["bound"]))
