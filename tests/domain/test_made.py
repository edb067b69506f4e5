"""The plan as made on the day: the teams' visits replaced by those they checked in."""

from __future__ import annotations

import datetime as dt

from rallye.domain.made import MadeVisit, plan_as_made, team_of_vehicle
from rallye.domain.plan import Plan, Team, Visit

DAY = dt.date(2027, 3, 16)


def test_each_team_keeps_only_the_visits_it_made_in_order() -> None:
    plan = Plan(
        "r",
        (
            Team("T1", "Équipe 1", "V1", ("P1", "P2", "P3"), (Visit("C1", DAY, 540, 600), Visit("C2", DAY, 620, 680))),
            Team("T2", "Équipe 2", "V2", ("P4", "P5", "P6"), (Visit("C3", DAY, 540, 600),)),
        ),
        changes={"moved": []},
    )
    made = [MadeVisit("V1", Visit("C2", DAY, 620, 680)), MadeVisit("V1", Visit("C9", DAY, 500, 530))]
    actual = plan_as_made(plan, made)
    assert [v.company for v in actual.team("T1").visits] == ["C9", "C2"]
    assert actual.team("T2").visits == ()
    assert actual.team("T1").members == ("P1", "P2", "P3") and actual.changes is None
    assert team_of_vehicle(actual, "V2") is not None and team_of_vehicle(actual, "V7") is None
