"""Team composition: mixed teams, and a valid answer even when time runs out."""

from __future__ import annotations

from rallye.engine.composition import _in_order, compose_teams
from tests.factories import build, rally_content


def test_composition_mirrors_the_group_and_fills_every_team() -> None:
    rally = build(rally_content())
    people = list(rally.participants)
    result = compose_teams(people, [4, 4, 4, 4], rally.year, time_limit=0.5, seed=1, workers=1, deterministic=True)
    assert sorted(m for team in result.members for m in team) == sorted(p.id for p in people)
    assert [len(team) for team in result.members] == [4, 4, 4, 4]
    genders = [{rally.participant(m).gender for m in team} for team in result.members]
    assert all(len(g) == 2 for g in genders)  # 10 women and 6 men: every team mixes both


def test_fallback_keeps_previous_members_then_fills_in_order() -> None:
    rally = build(rally_content(people=8))
    people = list(rally.participants)
    teams = _in_order(people, [3, 5], keep=[("P05", "P06", "P07", "P08"), ("P01",)])
    assert teams[0] == ("P05", "P06", "P07")
    assert teams[1] == ("P01", "P02", "P03", "P04", "P08")
