"""Closing diploma: one per participant, with the companies the participant's team visited."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rallye.documents.common import members_of
from rallye.domain.plan import Plan
from rallye.domain.rally import Rally


@dataclass(frozen=True)
class Diploma:
    name: str
    team: str
    companies: list[str]


def context(rally: Rally, plan: Plan) -> dict[str, Any]:
    names = {c.id: c.name for c in rally.companies}
    diplomas = []
    for team in plan.teams:
        visited = [names[v.company] for v in sorted(team.visits, key=lambda v: (v.date, v.start)) if v.company in names]
        for person in members_of(rally, team):
            diplomas.append(Diploma(person.full_name, team.name, visited))
    return {"diplomas": diplomas}
