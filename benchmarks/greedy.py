"""The plan a careful organiser makes by hand: the baseline the benchmarks compare against.

Teams are filled in order (the fewest vehicles that seat everyone, people in the order of the
list, sizes as even as the seats allow). Then, session after session and slot after slot, each
team in turn goes to the nearest company it can still visit: a sector it has not seen, free at
that time (or hosting a team at that very slot, with room left), open then, and leaving time to
get back to the base. Each session takes its share of the visits each team needs.

No search, no look-ahead: the plan may break a rule (a team short of visits); the benchmarks
check it with ``rallye check`` like any other plan.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

from rallye.domain.charter import TEAM_SIZE
from rallye.domain.plan import Plan, PlanStatus, Team, Visit
from rallye.domain.rally import BASE, Rally, Vehicle
from rallye.domain.travel import TravelTimes
from rallye.engine.candidates import GRID_MINUTES, Candidate, all_candidates


@dataclass
class _Team:
    vehicle: Vehicle
    members: list[str]
    visits: list[Visit] = field(default_factory=list)
    sectors: set[str] = field(default_factory=set)
    companies: set[str] = field(default_factory=set)


def greedy_plan(rally: Rally, travel: TravelTimes | None = None) -> Plan:
    travel = travel or TravelTimes(rally)
    teams = _fill_teams(rally)
    candidates = all_candidates(rally, travel)
    booked: dict[tuple[str, int], list[tuple[int, int]]] = defaultdict(list)
    """(company, session) → (start, people) of each booked team visit."""
    total_minutes = sum(s.end - s.start for s in rally.visit_sessions) or 1
    needed = rally.visits_per_team.min
    done_minutes = 0
    for index, session in enumerate(rally.visit_sessions):
        done_minutes += session.end - session.start
        quota = math.ceil(needed * done_minutes / total_minutes)
        here = [c for c in candidates if c.session_index == index]
        position = {id(t): BASE for t in teams}
        clock = {id(t): session.start for t in teams}
        moving = list(teams)
        while moving:
            for team in list(moving):
                if len(team.visits) >= quota:
                    moving.remove(team)
                    continue
                choice = _nearest(rally, travel, team, here, booked, position[id(team)], clock[id(team)])
                if choice is None:
                    moving.remove(team)
                    continue
                option, start = choice
                visit = Visit(option.company.id, session.date, start, start + option.duration)
                team.visits.append(visit)
                team.sectors.add(option.company.sector)
                team.companies.add(option.company.id)
                booked[(option.company.id, index)].append((start, len(team.members) + 1))
                position[id(team)], clock[id(team)] = option.company.id, visit.end
    plan_teams = tuple(
        Team(f"T{n}", f"Équipe {n}", t.vehicle.id, tuple(t.members), tuple(t.visits))
        for n, t in enumerate(teams, start=1)
    )
    absent = tuple(p.id for p in rally.participants if not p.present)
    return Plan(rally.name, plan_teams, PlanStatus.FEASIBLE, absent, solver={"method": "greedy"})


def _fill_teams(rally: Rally) -> list[_Team]:
    people = [p.id for p in rally.present_participants]
    vehicles = [v for v in rally.vehicles if v.max_members >= TEAM_SIZE.min]
    chosen: list[Vehicle] = []
    for vehicle in vehicles:
        if sum(min(TEAM_SIZE.max, v.max_members) for v in chosen) >= len(people):
            break
        chosen.append(vehicle)
    sizes = [0] * len(chosen)
    for _ in people:  # one more person to the smallest team that has a free seat
        open_teams = [i for i, v in enumerate(chosen) if sizes[i] < min(TEAM_SIZE.max, v.max_members)]
        if not open_teams:
            break
        sizes[min(open_teams, key=lambda i: (sizes[i], i))] += 1
    teams, offset = [], 0
    for vehicle, size in zip(chosen, sizes, strict=True):
        teams.append(_Team(vehicle, people[offset : offset + size]))
        offset += size
    return teams


def _nearest(
    rally: Rally,
    travel: TravelTimes,
    team: _Team,
    options: list[Candidate],
    booked: dict[tuple[str, int], list[tuple[int, int]]],
    here: str,
    free_at: int,
) -> tuple[Candidate, int] | None:
    best: tuple[int, int, Candidate] | None = None
    people = len(team.members) + 1
    for option in options:
        company = option.company
        if company.id in team.companies or company.sector in team.sectors:
            continue
        drive = travel(here, company.id)
        slots_elsewhere = sum(
            len({s for s, _ in booked[(company.id, i)]})
            for i in range(len(rally.visit_sessions))
            if i != option.session_index
        )
        start = _first_start(
            option, free_at + drive, booked[(company.id, option.session_index)], people, slots_elsewhere
        )
        if start is None:
            continue
        key = (drive, start)
        if best is None or key < best[:2]:
            best = (drive, start, option)
    return (best[2], best[1]) if best is not None else None


def _first_start(
    option: Candidate, earliest: int, bookings: list[tuple[int, int]], people: int, slots_elsewhere: int
) -> int | None:
    """The first allowed start from ``earliest`` where the company is free, or hosts a team at
    that very slot with room left, and within its maximum of visits (``slots_elsewhere``: the
    slots it already hosts in other sessions)."""
    company = option.company
    slots = {start for start, _ in bookings}
    earliest = -(-earliest // GRID_MINUTES) * GRID_MINUTES
    for lo, hi in option.starts:
        for start in range(max(lo, earliest), hi + 1, GRID_MINUTES):
            if start in slots:
                if sum(n for s, n in bookings if s == start) + people <= company.capacity:
                    return start
                continue
            overlaps = any(abs(start - s) < option.duration for s, _ in bookings)
            full = company.max_visits is not None and len(slots) + slots_elsewhere >= company.max_visits
            if not overlaps and not full and people <= company.capacity:
                return start
    return None
