"""The organiser's hand-made plan, used as the benchmarks' baseline."""

from __future__ import annotations

import pytest
from benchmarks.generator import STANDARD, generate_rally
from benchmarks.greedy import greedy_plan

from rallye.domain.compliance import check_plan


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_greedy_plan_keeps_the_rules_it_does_not_gamble_on(seed: int) -> None:
    rally = generate_rally(STANDARD, seed)
    plan = greedy_plan(rally)
    report = check_plan(rally, plan)
    # People, teams, times, travel and company capacity always hold; only the number of visits
    # per team (H3) depends on the luck of the greedy choices.
    for code in ("H1", "H2", "H4", "H5", "H6"):
        assert report.result(code).ok, "\n".join(report.lines())


def test_greedy_teams_are_filled_in_order() -> None:
    rally = generate_rally(STANDARD, 1)
    plan = greedy_plan(rally)
    members = [m for team in plan.teams for m in team.members]
    assert members == [p.id for p in rally.present_participants]
    sizes = [len(t.members) for t in plan.teams]
    assert max(sizes) - min(sizes) <= 2
