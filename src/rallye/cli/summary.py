"""The readable French summary of a plan, as printed by ``rallye plan`` and ``rallye replan``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from rallye.domain import french
from rallye.domain.changes import PlanChanges
from rallye.domain.clock import duration_fr, hhmm
from rallye.domain.metrics import PlanMetrics, day_bounds, routes, team_day_lengths
from rallye.domain.plan import Plan, PlanStatus, Team
from rallye.domain.rally import Rally
from rallye.domain.travel import TravelTimes
from rallye.wording import changes_lines


def plan_summary(rally: Rally, plan: Plan, metrics: PlanMetrics, travel: TravelTimes) -> list[str]:
    return [
        *_header(rally, plan, metrics),
        *_teams(rally, plan, travel),
        *_totals(rally, plan, metrics, travel),
    ]


def _header(rally: Rally, plan: Plan, metrics: PlanMetrics) -> Iterator[str]:
    yield rally.name
    yield "=" * len(rally.name)
    solver = plan.solver
    status = "optimal (prouvé)" if plan.status is PlanStatus.OPTIMAL else "réalisable (optimalité non prouvée)"
    if "seconds" in solver:
        yield f"Planning {status}, calculé en {french.number(float(solver['seconds']))} s."
    else:
        yield f"Planning {status}."
    people = sum(len(t.members) for t in plan.teams)
    absent = len(plan.absent)
    yield (
        f"{len(plan.teams)} équipes, {people} participants"
        + (f" ({absent} absent{'s' if absent > 1 else ''})" if absent else "")
        + f", {metrics.companies_visited} entreprises visitées sur {len(rally.companies)}, "
        f"{metrics.visits} visites dont {french.count(metrics.grouped_visits, 'créneau groupé', 'créneaux groupés')}."
    )
    yield ""


def _teams(rally: Rally, plan: Plan, travel: TravelTimes) -> Iterator[str]:
    for team in plan.teams:
        yield from _team(rally, team, travel)
        yield ""


def _team(rally: Rally, team: Team, travel: TravelTimes) -> Iterator[str]:
    vehicle = next((v for v in rally.vehicles if v.id == team.vehicle), None)
    heading = f"{team.name} — véhicule {team.vehicle}"
    if vehicle is not None:
        heading += f" ({vehicle.seats} places)"
        if vehicle.accompanier is not None:
            phone = f", {vehicle.accompanier.phone}" if vehicle.accompanier.phone else ""
            heading += f", accompagnateur : {vehicle.accompanier.name}{phone}"
        else:
            heading += ", accompagnateur à désigner"
    yield heading
    yield "-" * len(heading)
    people = {p.id: p for p in rally.participants}
    names = [f"{people[m].full_name} ({m})" if m in people else m for m in team.members]
    yield f"Membres ({len(names)}) : " + ", ".join(names)
    lengths = team_day_lengths(rally, team, travel)
    for route in routes(rally, team, travel):
        if not route.visits:
            continue
        yield f"  {french.day_month(route.session.date).capitalize()}"
        clock = route.session.start
        yield f"    {hhmm(clock)}        départ de {rally.base.name}"
        for visit, leg in zip(route.visits, route.legs, strict=False):
            drive = leg.minutes
            company = next((c for c in rally.companies if c.id == visit.company), None)
            name = f"{company.name} ({company.sector})" if company else visit.company
            place = f", {company.address}" if company and company.address else ""
            yield f"    {hhmm(clock)}-{hhmm(clock + drive)}  trajet {duration_fr(drive)}"
            yield f"    {hhmm(visit.start)}-{hhmm(visit.end)}  visite : {name}{place}"
            clock = visit.end
        back = route.legs[-1].minutes
        yield (f"    {hhmm(clock)}-{hhmm(clock + back)}  trajet {duration_fr(back)}, retour à {rally.base.name}")
        day = route.session.date
        start, _ = day_bounds(rally, day)
        if day in lengths and route.session == _last_session(rally, team, travel, day):
            yield f"    Journée de {duration_fr(lengths[day])} ({hhmm(start)}-{hhmm(start + lengths[day])})"


def _last_session(rally: Rally, team: Team, travel: TravelTimes, day: dt.date) -> object:
    used = [r.session for r in routes(rally, team, travel) if r.visits and r.session.date == day]
    return used[-1] if used else None


def _totals(rally: Rally, plan: Plan, metrics: PlanMetrics, travel: TravelTimes) -> Iterator[str]:
    longest = max(
        ((n, team, day) for team in plan.teams for day, n in team_day_lengths(rally, team, travel).items()),
        key=lambda item: item[0],
        default=None,
    )
    if longest is not None:
        n, team, day = longest
        start, _ = day_bounds(rally, day)
        yield (
            f"Journée la plus longue : {duration_fr(n)} ({team.name}, {french.day_month(day)}, "
            f"{hhmm(start)}-{hhmm(start + n)})"
        )
    yield f"Trajets : {duration_fr(metrics.travel_minutes)} au total"
    teams = max(len(plan.teams), 1)
    yield (
        f"Mixité : écart moyen de {french.count(metrics.mixity_gap / teams, 'personne')} par équipe avec la "
        "composition du groupe (somme des écarts de genre, d'âge, de diplôme et de parcours)"
    )
    if metrics.unvisited_companies:
        names = ", ".join(f"{c.name} ({c.id})" for c in rally.companies if c.id in metrics.unvisited_companies)
        yield f"Entreprises mobilisées sans visite : {names}"
    hiring = metrics.visits - metrics.non_hiring_visits
    yield f"Visites d'entreprises qui recrutent : {hiring} sur {metrics.visits}"


def changes_summary(rally: Rally, changes: PlanChanges, team_names: dict[str, str]) -> list[str]:
    """What an organiser must announce after a re-planning (``team_names``: team id → name)."""
    return ["Changements par rapport au planning précédent :"] + [
        "  " + line for line in changes_lines(rally, changes, team_names)
    ]
