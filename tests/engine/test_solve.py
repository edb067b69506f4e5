"""The solver returns plans that keep every rule, optimises its named terms, and is reproducible."""

from __future__ import annotations

import pytest

from rallye.domain.compliance import check_plan
from rallye.domain.metrics import plan_metrics
from rallye.domain.plan import PlanStatus
from rallye.domain.rally import Rally
from rallye.domain.travel import TravelTimes
from rallye.engine.params import SolveParams
from rallye.engine.results import SolveResult
from rallye.engine.solve import solve
from tests.factories import build, rally_content

DETERMINISTIC = SolveParams(time_limit=2, workers=1, seed=7)
SHORT = SolveParams(time_limit=1, workers=1, seed=7)
"""Cut short in the middle of the search: what the plan found by then proves is reproducible."""


@pytest.fixture(scope="module")
def solved() -> tuple[Rally, SolveResult]:
    """The small rally, solved once for the tests that only read its plan."""
    rally = build(rally_content())
    return rally, solve(rally, DETERMINISTIC)


def test_plan_keeps_every_rule(solved: tuple[Rally, SolveResult]) -> None:
    small_rally, result = solved
    report = check_plan(small_rally, result.plan)
    assert report.ok, "\n".join(report.lines())
    members = sorted(m for t in result.plan.teams for m in t.members)
    assert members == sorted(p.id for p in small_rally.participants)


def test_metrics_name_every_objective_term(solved: tuple[Rally, SolveResult]) -> None:
    small_rally, result = solved
    plan = result.plan
    for term in (
        "unvisited_companies",
        "longest_day_minutes",
        "total_day_minutes",
        "travel_minutes",
        "team_size_spread",
        "mixity_gap",
        "non_hiring_visits",
    ):
        assert term in plan.metrics
    assert plan.metrics == plan_metrics(small_rally, plan, TravelTimes(small_rally)).as_dict()
    assert plan.solver["bound"] <= plan.solver["objective"]
    assert [s["stage"] for s in plan.solver["stages"]] == ["coverage", "longest_day", "days_travel", "mixity"]


def test_every_company_is_visited_when_possible(solved: tuple[Rally, SolveResult]) -> None:
    assert solved[1].plan.metrics["unvisited_companies"] == []


def test_same_seed_same_plan(small_rally: Rally) -> None:
    first = solve(small_rally, SHORT).plan
    assert first.status is not PlanStatus.OPTIMAL  # the search was cut short, not finished
    assert solve(small_rally, SHORT).plan.teams == first.teams


def test_absent_participants_are_in_no_team() -> None:
    content = rally_content()
    content["participants"][0]["present"] = False
    content["participants"][5]["present"] = False
    rally = build(content)
    plan = solve(rally, SHORT).plan
    assert set(plan.absent) == {"P01", "P06"}
    assert not {"P01", "P06"} & {m for t in plan.teams for m in t.members}
    assert check_plan(rally, plan).hard_ok  # 14 participants: only the charter's K1 fails


def test_small_rally_is_solved_to_proven_optimality() -> None:
    """Six people, two cars, six companies of six sectors: small enough to prove the optimum."""
    rally = build(rally_content(people=6, companies=6, vehicles=(5, 5)))
    result = solve(rally, SolveParams(time_limit=20, workers=1))
    assert result.plan.status is PlanStatus.OPTIMAL
    assert result.plan.solver["objective"] == result.plan.solver["bound"]
    assert check_plan(rally, result.plan).hard_ok


def test_a_short_deterministic_solve_still_finds_a_plan() -> None:
    """The first plan may use all the time there is, not only the first stage's share."""
    from benchmarks.generator import STANDARD, generate_rally

    rally = generate_rally(STANDARD, 3)  # its first plan takes longer than the first stage's share
    result = solve(rally, SolveParams(time_limit=5, workers=1))
    assert check_plan(rally, result.plan).hard_ok
