"""Where and when each company can receive a visit, session by session.

A visit at a company lies inside a visits session, outside its lunch, inside one of the
company's availability windows, and leaves time to come from the base and go back. The start
times that remain are the *candidate starts*, on a grid of ``GRID_MINUTES``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ortools.sat.python import cp_model

from rallye.domain.charter import TEAM_SIZE
from rallye.domain.rally import BASE, Company, Rally, Session, Window
from rallye.domain.travel import TravelTimes

GRID_MINUTES = 5
"""Visits start on a 5-minute grid: times an organiser can announce (09:25, not 09:23)."""


@dataclass(frozen=True)
class Candidate:
    """A company that can be visited during one visits session."""

    company: Company
    session_index: int
    duration: int
    starts: tuple[tuple[int, int], ...]
    """Intervals of allowed start times (inclusive bounds, on the grid)."""

    @property
    def earliest_start(self) -> int:
        return self.starts[0][0]

    @property
    def latest_start(self) -> int:
        return self.starts[-1][1]

    def domain(self) -> cp_model.Domain:
        """The allowed start times, on the grid."""
        return cp_model.Domain.from_values([t for lo, hi in self.starts for t in range(lo, hi + 1, GRID_MINUTES)])

    def slot_count(self) -> int:
        """How many back-to-back visits fit in this session (ignoring travel)."""
        return sum((hi - lo) // self.duration + 1 for lo, hi in self.starts)


def _intersect(a: Window, b: Window) -> Window | None:
    if a.date != b.date:
        return None
    start, end = max(a.start, b.start), min(a.end, b.end)
    return Window(a.date, start, end) if end > start else None


def _ceil_grid(minutes: int) -> int:
    return -(-minutes // GRID_MINUTES) * GRID_MINUTES


def _floor_grid(minutes: int) -> int:
    return minutes // GRID_MINUTES * GRID_MINUTES


def company_windows(
    company: Company, session: Session, *, availability: bool = True, lunch: bool = True
) -> list[Window]:
    """The parts of the session where this company can host (lunch and availability applied,
    unless turned off to find out which of them makes planning impossible)."""
    parts = session.visit_windows() if lunch else [session.window]
    if not company.availability or not availability:
        return parts
    return [w for part in parts for a in company.availability if (w := _intersect(part, a)) is not None]


def can_host_a_team(company: Company) -> bool:
    return company.capacity >= TEAM_SIZE.min + 1 and company.max_visits != 0


def candidate(
    rally: Rally,
    travel: TravelTimes,
    company: Company,
    session_index: int,
    *,
    availability: bool = True,
    lunch: bool = True,
) -> Candidate | None:
    session = rally.visit_sessions[session_index]
    duration = rally.visit_minutes_of(company)
    earliest = session.start + travel(BASE, company.id)
    latest_end = session.end - travel(company.id, BASE)
    starts: list[tuple[int, int]] = []
    for window in company_windows(company, session, availability=availability, lunch=lunch):
        lo = _ceil_grid(max(window.start, earliest))
        hi = _floor_grid(min(window.end, latest_end) - duration)
        if lo <= hi:
            starts.append((lo, hi))
    if not starts or not can_host_a_team(company):
        return None
    return Candidate(company, session_index, duration, tuple(starts))


def all_candidates(
    rally: Rally, travel: TravelTimes, *, availability: bool = True, lunch: bool = True
) -> list[Candidate]:
    return [
        c
        for index in range(len(rally.visit_sessions))
        for company in rally.companies
        if (c := candidate(rally, travel, company, index, availability=availability, lunch=lunch)) is not None
    ]
