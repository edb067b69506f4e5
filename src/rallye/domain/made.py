"""The plan as it was made on the day: each team's visits replaced by the visits it actually
made (checked in on the accompanier's phone), so that the charter's checks, the fidelity grid
and the reports count what happened rather than what was planned."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from rallye.domain.plan import Plan, Team, Visit


@dataclass(frozen=True)
class MadeVisit:
    """A visit a team made: the team's vehicle, the company, and the slot it was planned in."""

    vehicle: str
    visit: Visit


def plan_as_made(plan: Plan, made: Sequence[MadeVisit]) -> Plan:
    """``plan`` with every team's visits replaced by those it made (a team that made none keeps
    none), each in the slot it was planned in; teams keep the plan's members."""
    by_vehicle: dict[str, list[MadeVisit]] = {}
    for item in made:
        by_vehicle.setdefault(item.vehicle, []).append(item)
    teams = []
    for team in plan.teams:
        own = sorted(by_vehicle.get(team.vehicle, []), key=lambda m: (m.visit.date, m.visit.start))
        teams.append(replace(team, visits=tuple(m.visit for m in own)))
    return replace(plan, teams=tuple(teams), changes=None)


def team_of_vehicle(plan: Plan, vehicle: str) -> Team | None:
    return next((team for team in plan.teams if team.vehicle == vehicle), None)
