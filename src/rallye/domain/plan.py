"""A plan (format ``rallye-plan/1``): teams, their vehicles and their timed visits."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any


class PlanStatus(StrEnum):
    OPTIMAL = "optimal"
    FEASIBLE = "feasible"

    @property
    def label(self) -> str:
        return "optimal (prouvé)" if self is PlanStatus.OPTIMAL else "réalisable (non prouvé optimal)"


@dataclass(frozen=True)
class Visit:
    company: str
    date: date
    start: int
    end: int
    locked: bool = False


@dataclass(frozen=True)
class Team:
    id: str
    name: str
    vehicle: str
    members: tuple[str, ...]
    visits: tuple[Visit, ...]
    locked: bool = False

    def visits_on(self, day: date) -> list[Visit]:
        return sorted((v for v in self.visits if v.date == day), key=lambda v: v.start)


@dataclass(frozen=True)
class Plan:
    rally: str
    teams: tuple[Team, ...]
    status: PlanStatus = PlanStatus.FEASIBLE
    absent: tuple[str, ...] = ()
    metrics: dict[str, Any] = field(default_factory=dict)
    solver: dict[str, Any] = field(default_factory=dict)
    changes: dict[str, Any] | None = None

    def team(self, team_id: str) -> Team:
        return next(t for t in self.teams if t.id == team_id)

    def team_of(self, participant_id: str) -> Team | None:
        return next((t for t in self.teams if participant_id in t.members), None)
