"""The planner's advice: what limits a plan (counting) and what one more answer would bring
(bounded, deterministic what-if solves)."""

from __future__ import annotations

from typing import Any

from rallye.engine.advice import (
    GroupedVisitAnswer,
    OneMoreAnswer,
    SectorShort,
    SessionWithoutSector,
    Unreachable,
    limits,
    what_if,
)
from rallye.engine.params import SolveParams
from tests.factories import build, rally_content

DETERMINISTIC = SolveParams(time_limit=1, workers=1, seed=0)
MONDAY_MORNING = [{"date": "2027-03-16", "start": "09:00", "end": "10:15"}]
MONDAY_LATE = [{"date": "2027-03-16", "start": "15:30", "end": "17:30"}]


def _two_teams(companies: int, changed: str, **fields: Any) -> dict[str, Any]:
    """Eight people in two cars; ``changed`` is the one company given ``fields``."""
    content = rally_content(people=8, companies=companies, vehicles=(5, 5))
    next(c for c in content["companies"] if c["id"] == changed).update(fields)
    return content


def test_a_small_rally_has_no_limit() -> None:
    assert limits(build(rally_content())) == []


def test_a_sector_with_one_slot_for_two_teams_limits_the_plan() -> None:
    rally = build(_two_teams(6, "C03", availability=MONDAY_MORNING, capacity=5))
    assert limits(rally) == [SectorShort("Santé", 1, 2), SessionWithoutSector(1, "Santé")]


def test_a_company_too_far_for_any_session_is_unreachable() -> None:
    rally = build(_two_teams(7, "C07", lat=47.0))
    found = [f for f in limits(rally) if isinstance(f, Unreachable)]
    assert found == [Unreachable("C07", found[0].minutes)]
    assert found[0].minutes > 200


def test_one_more_answer_that_makes_a_plan_possible() -> None:
    rally = build(_two_teams(6, "C03", availability=MONDAY_MORNING, capacity=5))
    assert what_if(rally, DETERMINISTIC) == [
        OneMoreAnswer(1, "Santé", "C03", makes_plan=True),
        GroupedVisitAnswer("Santé", "C03", makes_plan=True),  # both teams in its one slot
    ]


def test_one_more_answer_that_shortens_the_longest_day() -> None:
    rally = build(_two_teams(7, "C06", availability=MONDAY_LATE, capacity=5))
    answers = what_if(rally, DETERMINISTIC)
    [answer] = [a for a in answers if isinstance(a, OneMoreAnswer)]
    assert (answer.session_index, answer.sector, answer.company_id, answer.makes_plan) == (1, "BTP", "C06", False)
    assert answer.shorter_by >= 60
    assert all(not a.makes_plan and a.shorter_by >= 10 for a in answers)


def test_no_answer_is_tried_when_every_company_hosts_every_session() -> None:
    assert what_if(build(rally_content(people=8, companies=7, vehicles=(5, 5))), DETERMINISTIC) == []


def test_what_if_is_bounded_by_most() -> None:
    rally = build(_two_teams(6, "C03", availability=MONDAY_MORNING, capacity=5))
    assert what_if(rally, DETERMINISTIC, most=0) == []
