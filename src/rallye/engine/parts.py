"""Rallies beyond the charter's size (a regional rally of 120 people and 60 companies), planned
by parts.

One CP-SAT model of the whole rally is too large to find a first plan in a minute. Such a rally
is split into parts of charter size (at most 30 people each), each with its own vehicles and its
own companies, so that no company is shared between parts and their plans never conflict:

- companies are grouped around geographic centres (so that each part drives little), while each
  sector is spread evenly over the parts (so that each part has enough different sectors);
- vehicles are dealt out largest first to the part with the fewest seats, and people are
  counted out in proportion to the seats of each part.

Every part first gets a plan (the first complete plan of the rally, announced as a progress
event), then each part improves its own within its share of the time. Teams are composed for
the whole group at the end, as for any rally: who goes in which team does not depend on routes.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from dataclasses import replace

from rallye.domain.charter import PARTICIPANTS, TEAM_SIZE
from rallye.domain.rally import Company, Rally, Vehicle
from rallye.domain.travel import TravelTimes
from rallye.engine.params import Progress, SolveParams
from rallye.engine.results import NoPlanFound, Reason, SolveResult
from rallye.engine.routing import RoutingModel
from rallye.engine.stages import RoutePlanner, TeamRoute, assemble, check_plain_reasons, composition_reserve

PART_PEOPLE = PARTICIPANTS.max
PART_COMPANIES = 18
_FIRST_PLAN_SHARE = 0.4


def needs_parts(rally: Rally) -> bool:
    return len(rally.present_participants) > PART_PEOPLE or len(rally.companies) > PART_COMPANIES


def part_count(rally: Rally) -> int:
    return max(
        math.ceil(len(rally.present_participants) / PART_PEOPLE),
        math.ceil(len(rally.companies) / PART_COMPANIES),
    )


def split(rally: Rally) -> list[Rally]:
    """Sub-rallies of charter size that share no company and no vehicle."""
    people = sorted(rally.present_participants, key=lambda p: p.id)
    parts = part_count(rally)
    while True:
        vehicles = _deal_vehicles(rally.vehicles, parts)
        room = [min(PART_PEOPLE, sum(min(TEAM_SIZE.max, v.max_members) for v in group)) for group in vehicles]
        if sum(room) >= len(people) or parts >= len(rally.vehicles):
            break
        parts += 1  # some parts have few seats: one more part
    counts = _proportional(len(people), room)
    companies = _group_companies(rally, parts)
    result, offset = [], 0
    for index in range(parts):
        members = people[offset : offset + counts[index]]
        offset += counts[index]
        result.append(
            replace(
                rally,
                name=f"{rally.name} — partie {index + 1}/{parts}",
                companies=tuple(companies[index]),
                vehicles=tuple(vehicles[index]),
                participants=tuple(members),
            )
        )
    return result


def _deal_vehicles(vehicles: tuple[Vehicle, ...], parts: int) -> list[list[Vehicle]]:
    """Largest vehicles first, each to the part with the fewest seats so far."""
    groups: list[list[Vehicle]] = [[] for _ in range(parts)]
    for vehicle in sorted(vehicles, key=lambda v: (-v.max_members, v.id)):
        emptiest = min(range(parts), key=lambda i: (sum(min(TEAM_SIZE.max, v.max_members) for v in groups[i]), i))
        groups[emptiest].append(vehicle)
    return groups


def _proportional(total: int, weights: list[int]) -> list[int]:
    """``total`` split in proportion to ``weights`` (largest remainders), never above a weight."""
    whole = sum(weights) or 1
    shares = [total * w / whole for w in weights]
    counts = [min(math.floor(s), w) for s, w in zip(shares, weights, strict=True)]
    order = sorted(range(len(weights)), key=lambda i: shares[i] - counts[i], reverse=True)
    for index in order:
        if sum(counts) >= total:
            break
        if counts[index] < weights[index]:
            counts[index] += 1
    return counts


def _group_companies(rally: Rally, parts: int) -> list[list[Company]]:
    """Companies grouped around ``parts`` geographic centres, each sector spread evenly."""
    centres = _centres(list(rally.companies), parts)
    by_sector: dict[str, list[Company]] = defaultdict(list)
    for company in rally.companies:
        by_sector[company.sector].append(company)
    groups: list[list[Company]] = [[] for _ in range(parts)]
    for sector in sorted(by_sector, key=lambda s: (-len(by_sector[s]), s)):
        for company in sorted(by_sector[sector], key=lambda c: c.id):
            in_sector = [sum(1 for c in g if c.sector == sector) for g in groups]
            fewest = min(in_sector)
            candidates = [i for i in range(parts) if in_sector[i] == fewest]
            best = min(candidates, key=lambda i: (_distance(company, centres[i]), len(groups[i])))
            groups[best].append(company)
    return groups


def _distance(company: Company, centre: tuple[float, float]) -> float:
    dx = (company.lon - centre[1]) * math.cos(math.radians(company.lat))
    return math.hypot(company.lat - centre[0], dx)


def _centres(companies: list[Company], parts: int) -> list[tuple[float, float]]:
    """k-means (deterministic: farthest-point start, a few rounds) on company positions."""
    ordered = sorted(companies, key=lambda c: c.id)
    centres = [(ordered[0].lat, ordered[0].lon)]
    while len(centres) < parts:
        far = max(ordered, key=lambda c: min(_distance(c, centre) for centre in centres))
        centres.append((far.lat, far.lon))
    for _ in range(10):
        clusters: list[list[Company]] = [[] for _ in centres]
        for company in ordered:
            clusters[min(range(parts), key=lambda i: _distance(company, centres[i]))].append(company)
        centres = [
            (sum(c.lat for c in cluster) / len(cluster), sum(c.lon for c in cluster) / len(cluster))
            if cluster
            else centre
            for cluster, centre in zip(clusters, centres, strict=True)
        ]
    return centres


def solve_by_parts(rally: Rally, travel: TravelTimes, params: SolveParams, started: float) -> SolveResult:
    sub_rallies = split(rally)
    budget = (params.time_limit - composition_reserve(params)) / len(sub_rallies)
    planners = []
    for index, part in enumerate(sub_rallies, start=1):
        part_travel = TravelTimes(part)
        try:
            check_plain_reasons(part, part_travel)
        except NoPlanFound as no_plan:
            split_up = Reason(
                f"Ce rallye dépasse la taille de la charte : Rallye le planifie en {len(sub_rallies)} parties "
                f"d'au plus {PART_PEOPLE} personnes, chacune avec ses entreprises et ses véhicules, et la "
                f"partie {index} n'a pas de planning possible :",
                ("K1",),
            )
            raise NoPlanFound((split_up, *no_plan.reasons), proven=False, time_limit=params.time_limit) from None
        routing = RoutingModel(part, part_travel, len(part.participants))
        planners.append(RoutePlanner(routing, params, budget, started, label=f"partie {index}/{len(sub_rallies)}"))
    for planner in planners:
        planner.open(_FIRST_PLAN_SHARE)
    if params.on_progress is not None:
        params.on_progress(Progress("first_plan", 0, 0, time.monotonic() - started, {"parts": len(planners)}))
    for planner in planners:
        planner.improve()
    routes: list[TeamRoute] = [route for planner in planners for route in planner.routes()]
    reports = [report for planner in planners for report in planner.reports]
    result = assemble(rally, travel, routes, reports, params, started)
    solver = dict(result.plan.solver) | {"parts": len(planners)}
    return replace(result, plan=replace(result.plan, solver=solver))
