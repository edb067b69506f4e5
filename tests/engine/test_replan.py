"""Re-planning on the morning: the smallest change that keeps every hard rule."""

from __future__ import annotations

import dataclasses

import pytest

from rallye.domain.compliance import check_plan
from rallye.domain.plan import Plan
from rallye.domain.rally import Rally
from rallye.engine.params import SolveParams
from rallye.engine.replan import replan
from rallye.engine.results import NoPlanFound, UnknownIds
from rallye.engine.solve import solve
from tests.factories import build, rally_content

PLAN = SolveParams(time_limit=3, workers=1, seed=3)
QUICK = SolveParams(time_limit=2, workers=1, seed=3)


@pytest.fixture(scope="module")
def planned() -> tuple[Rally, Plan]:
    """Seventeen people (teams of 4 and 5), planned once."""
    content = rally_content(people=16)
    content["participants"].append(
        {"id": "P17", "first_name": "Léa", "last_name": "Michel", "gender": "F", "birth_year": 1995}
    )
    rally = build(content)
    return rally, solve(rally, PLAN).plan


def hard_rules_hold(rally: Rally, plan: Plan) -> None:
    report = check_plan(rally.with_changes(absent=frozenset(plan.absent)), plan)
    assert report.hard_ok, "\n".join(report.lines())


def test_absence_that_keeps_teams_large_enough_moves_nobody(planned: tuple[Rally, Plan]) -> None:
    rally, plan = planned
    team = max(plan.teams, key=lambda t: len(t.members))
    absent = team.members[0]
    result = replan(rally, plan, absent=frozenset({absent}), params=QUICK)
    assert result.changes is not None
    assert result.changes.moves == ()
    assert result.changes.removed_visits == result.changes.added_visits == ()
    assert result.changes.retimed_visits == ()
    new_team = result.plan.team(team.id)
    assert set(new_team.members) == set(team.members) - {absent}
    assert new_team.visits == team.visits
    assert result.plan.changes is not None and result.plan.changes["absent"] == [absent]
    hard_rules_hold(rally, result.plan)


def test_absences_that_break_a_team_move_the_fewest_people(planned: tuple[Rally, Plan]) -> None:
    rally, plan = planned
    team = min(plan.teams, key=lambda t: len(t.members))
    absent = frozenset(team.members[: len(team.members) - 2])  # two people are left
    result = replan(rally, plan, absent=absent, params=QUICK)
    assert result.changes is not None
    # Either one person joins the two who are left, or the two join other teams: one move is enough.
    assert result.changes.moved_people == 1
    hard_rules_hold(rally, result.plan)
    for other in plan.teams:
        if other.id != team.id and result.plan.team(other.id).members == other.members:
            assert result.plan.team(other.id).visits == other.visits


def test_withdrawn_company_loses_its_visits_and_nothing_else_changes_needlessly(
    planned: tuple[Rally, Plan],
) -> None:
    rally, plan = planned
    company = plan.teams[0].visits[0].company
    result = replan(rally, plan, cancelled=frozenset({company}), params=QUICK)
    assert result.changes is not None
    assert {v.company for v in result.changes.removed_visits} == {company}
    assert company not in {v.company for t in result.plan.teams for v in t.visits}
    assert result.changes.moves == ()
    assert len(result.changes.added_visits) <= len(result.changes.removed_visits)
    hard_rules_hold(rally.with_changes(cancelled=frozenset({company})), result.plan)


def test_locked_visits_are_kept_exactly(planned: tuple[Rally, Plan]) -> None:
    rally, plan = planned
    first = plan.teams[0]
    locked_visit = dataclasses.replace(first.visits[1], locked=True)
    locked_team = dataclasses.replace(plan.teams[1], locked=True)
    teams = (
        dataclasses.replace(first, visits=(first.visits[0], locked_visit, *first.visits[2:])),
        locked_team,
        *plan.teams[2:],
    )
    company = first.visits[0].company
    result = replan(rally, dataclasses.replace(plan, teams=teams), cancelled=frozenset({company}), params=QUICK)
    kept = result.plan.team(first.id)
    assert any(
        (v.company, v.date, v.start) == (locked_visit.company, locked_visit.date, locked_visit.start)
        for v in kept.visits
    )
    assert result.plan.team(locked_team.id).visits == locked_team.visits
    assert result.plan.team(locked_team.id).members == locked_team.members
    assert result.plan.team(locked_team.id).locked


def test_locked_visit_at_a_withdrawn_company_is_impossible(planned: tuple[Rally, Plan]) -> None:
    rally, plan = planned
    first = plan.teams[0]
    locked = dataclasses.replace(first.visits[0], locked=True)
    teams = (dataclasses.replace(first, visits=(locked, *first.visits[1:])), *plan.teams[1:])
    with pytest.raises(NoPlanFound) as caught:
        replan(rally, dataclasses.replace(plan, teams=teams), cancelled=frozenset({locked.company}), params=QUICK)
    assert caught.value.proven
    assert "verrouillée" in caught.value.sentences[0] and "s'est retirée" in caught.value.sentences[0]


def test_replan_that_is_impossible_says_why(planned: tuple[Rally, Plan]) -> None:
    rally, plan = planned
    withdrawn = frozenset(c.id for c in rally.companies[:7])
    with pytest.raises(NoPlanFound) as caught:
        replan(rally, plan, cancelled=withdrawn, params=QUICK)
    assert any("Seulement 5 entreprises" in reason for reason in caught.value.sentences)


def test_unknown_ids_fail_before_any_search(planned: tuple[Rally, Plan]) -> None:
    rally, plan = planned
    with pytest.raises(UnknownIds) as caught:
        replan(rally, plan, absent=frozenset({"P99"}), cancelled=frozenset({"C99"}), params=QUICK)
    assert (caught.value.absent, caught.value.cancelled, caught.value.plan) == (("P99",), ("C99",), ())


def test_reoptimising_keeps_only_what_is_locked(planned: tuple[Rally, Plan]) -> None:
    rally, plan = planned
    locked_team = dataclasses.replace(plan.teams[0], locked=True)
    teams = (locked_team, *plan.teams[1:])
    result = replan(rally, dataclasses.replace(plan, teams=teams), params=QUICK, stay_close=False)
    kept = result.plan.team(locked_team.id)
    assert kept.members == locked_team.members and kept.visits == locked_team.visits and kept.locked
    assert "stability" not in result.plan.solver["stages"][0]["stage"]
    hard_rules_hold(rally, result.plan)


def test_recorded_stability_figures_are_those_of_the_plan_written(planned: tuple[Rally, Plan]) -> None:
    rally, plan = planned
    company = plan.teams[0].visits[0].company
    absent = frozenset({plan.teams[1].members[0]})
    result = replan(rally, plan, absent=absent, cancelled=frozenset({company}), params=QUICK)
    assert result.changes is not None and result.plan.changes is not None
    stability = result.plan.changes["stability"]
    assert stability["visit_changes"] == len(result.changes.removed_visits) + len(result.changes.added_visits)
    assert stability["shifted_minutes"] == result.changes.shifted_minutes
    assert stability["moved_people"] == result.changes.moved_people
