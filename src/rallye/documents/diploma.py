"""Closing diploma: one per participant, with the team's name, what the team achieved (the
challenges it took up, its points and rank when scores were recorded), the companies it visited,
and the partners who gave the prizes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rallye.documents.common import members_of
from rallye.domain.challenges import Playful, TeamScore
from rallye.domain.plan import Plan
from rallye.domain.rally import Rally


@dataclass(frozen=True)
class Diploma:
    name: str
    team: str
    companies: list[str]
    score: TeamScore | None = None
    prizes: tuple[str, ...] = ()
    """What the team won (« Un panier garni, offert par … »)."""


def context(rally: Rally, plan: Plan, playful: Playful | None = None) -> dict[str, Any]:
    playful = playful or Playful()
    names = {c.id: c.name for c in rally.companies}
    diplomas = []
    for team in plan.teams:
        visited = [names[v.company] for v in sorted(team.visits, key=lambda v: (v.date, v.start)) if v.company in names]
        score = playful.score_of(team.id)
        prizes = tuple(
            f"{p.name}, offert par {p.donor}" if p.donor else p.name for p in playful.prizes if p.team == team.id
        )
        for person in members_of(rally, team):
            diplomas.append(Diploma(person.full_name, team.name, visited, score, prizes))
    return {"diplomas": diplomas, "donors": playful.donors, "teams": len(plan.teams)}
