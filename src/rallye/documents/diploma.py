"""Closing diplomas: for each team, the team's diploma (its name, its members' first names, what
it achieved: the challenges it took up, its points and rank when scores were recorded, its prizes),
then one per member (their name, the team, the companies visited); the partners who gave the
prizes on each."""

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


@dataclass(frozen=True)
class TeamDiploma:
    team: str
    first_names: list[str]
    companies: list[str]
    score: TeamScore | None
    prizes: tuple[str, ...]
    members: list[Diploma]


def context(rally: Rally, plan: Plan, playful: Playful | None = None) -> dict[str, Any]:
    playful = playful or Playful()
    names = {c.id: c.name for c in rally.companies}
    diplomas = []
    teams = []
    for team in plan.teams:
        visited = [names[v.company] for v in sorted(team.visits, key=lambda v: (v.date, v.start)) if v.company in names]
        score = playful.score_of(team.id)
        prizes = tuple(
            f"{p.name}, offert par {p.donor}" if p.donor else p.name for p in playful.prizes if p.team == team.id
        )
        members = [Diploma(p.full_name, team.name, visited, score, prizes) for p in members_of(rally, team)]
        diplomas += members
        first_names = [p.first_name for p in members_of(rally, team)]
        teams.append(TeamDiploma(team.name, first_names, visited, score, prizes, members))
    return {"team_diplomas": teams, "diplomas": diplomas, "donors": playful.donors, "teams": len(plan.teams)}
