"""Figures of a plan: travel, day lengths, coverage, mixity. Measured the same way for every
plan, whether the solver made it or someone made it by hand."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from rallye.domain.mixity import team_mixity
from rallye.domain.plan import Plan, Team, Visit
from rallye.domain.rally import BASE, Rally, Session, SessionKind
from rallye.domain.travel import TravelTimes


@dataclass(frozen=True)
class Leg:
    """A drive of a team from ``origin`` to ``destination`` (base or company ids), leaving at
    ``start`` (the session start, or the end of the previous visit)."""

    origin: str
    destination: str
    start: int
    minutes: int

    @property
    def end(self) -> int:
        return self.start + self.minutes


def session_visits(team: Team, session: Session) -> list[Visit]:
    """The team's visits during one visits session (those starting inside it), in order."""
    return [v for v in team.visits_on(session.date) if session.start <= v.start < session.end]


def legs(session: Session, visits: Sequence[Visit], travel: TravelTimes) -> list[Leg]:
    """The drives of a session: base → first visit → … → base, each leaving when the last stop
    ends (none when the team makes no visit)."""
    if not visits:
        return []
    stops = [BASE, *(v.company for v in visits), BASE]
    departures = [session.start, *(v.end for v in visits)]
    return [
        Leg(origin, destination, start, travel(origin, destination))
        for (origin, destination), start in zip(itertools.pairwise(stops), departures, strict=True)
    ]


@dataclass(frozen=True)
class Route:
    """A team's trip during one visits session: leaves the base at the session start."""

    team: Team
    session: Session
    visits: tuple[Visit, ...]
    legs: tuple[Leg, ...]

    @property
    def travel_minutes(self) -> int:
        return sum(leg.minutes for leg in self.legs)

    @property
    def back_at_base(self) -> int:
        return self.legs[-1].end if self.legs else self.session.start


def routes(rally: Rally, team: Team, travel: TravelTimes) -> list[Route]:
    result = []
    for session in rally.visit_sessions:
        visits = tuple(session_visits(team, session))
        result.append(Route(team, session, visits, tuple(legs(session, visits, travel))))
    return result


def day_bounds(rally: Rally, day: dt.date) -> tuple[int, int]:
    """A day starts with its first session (the ice-breaker too) and lasts at least until the
    end of its sessions that are not visits (feedback, closing)."""
    sessions = [s for s in rally.schedule if s.date == day]
    start = min(s.start for s in sessions)
    fixed = [s.end for s in sessions if s.kind is not SessionKind.VISITS]
    return start, max(fixed, default=start)


def team_day_lengths(rally: Rally, team: Team, travel: TravelTimes) -> dict[dt.date, int]:
    ends: dict[dt.date, int] = {}
    for route in routes(rally, team, travel):
        day = route.session.date
        start, fixed_end = day_bounds(rally, day)
        end = max(fixed_end, route.back_at_base if route.visits else start)
        ends[day] = max(ends.get(day, end), end)
    return {day: end - day_bounds(rally, day)[0] for day, end in ends.items()}


@dataclass(frozen=True)
class PlanMetrics:
    travel_minutes: int
    longest_day_minutes: int
    total_day_minutes: int
    unvisited_companies: tuple[str, ...]
    companies_visited: int
    visits: int
    grouped_visits: int
    non_hiring_visits: int
    team_size_spread: int
    mixity_gap: float
    team_mixity_gaps: dict[str, float]

    def as_dict(self) -> dict[str, object]:
        return {
            "unvisited_companies": list(self.unvisited_companies),
            "longest_day_minutes": self.longest_day_minutes,
            "total_day_minutes": self.total_day_minutes,
            "travel_minutes": self.travel_minutes,
            "team_size_spread": self.team_size_spread,
            "mixity_gap": round(self.mixity_gap, 2),
            "team_mixity_gaps": {k: round(v, 2) for k, v in self.team_mixity_gaps.items()},
            "non_hiring_visits": self.non_hiring_visits,
            "companies_visited": self.companies_visited,
            "visits": self.visits,
            "grouped_visits": self.grouped_visits,
        }


def plan_metrics(rally: Rally, plan: Plan, travel: TravelTimes) -> PlanMetrics:
    known = {c.id for c in rally.companies}
    visited = {v.company for t in plan.teams for v in t.visits}
    lengths = [n for t in plan.teams for n in team_day_lengths(rally, t, travel).values()]
    slots: dict[tuple[str, dt.date, int], int] = {}
    for team in plan.teams:
        for visit in team.visits:
            key = (visit.company, visit.date, visit.start)
            slots[key] = slots.get(key, 0) + 1
    hiring = {c.id for c in rally.companies if c.hiring}
    group = [p for p in rally.participants if p.present]
    people = {p.id: p for p in rally.participants}
    gaps = {
        t.id: team_mixity([people[m] for m in t.members if m in people], group, rally.year).total for t in plan.teams
    }
    sizes = [len(t.members) for t in plan.teams]
    return PlanMetrics(
        travel_minutes=sum(r.travel_minutes for t in plan.teams for r in routes(rally, t, travel)),
        longest_day_minutes=max(lengths, default=0),
        total_day_minutes=sum(lengths),
        unvisited_companies=tuple(c.id for c in rally.companies if c.id not in visited),
        companies_visited=len(visited & known),
        visits=sum(len(t.visits) for t in plan.teams),
        grouped_visits=sum(1 for n in slots.values() if n > 1),
        non_hiring_visits=sum(1 for t in plan.teams for v in t.visits if v.company not in hiring),
        team_size_spread=max(sizes, default=0) - min(sizes, default=0),
        mixity_gap=sum(gaps.values()),
        team_mixity_gaps=gaps,
    )
