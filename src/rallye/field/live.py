"""Where each team stands, for the organiser's live view: at a company or on its way, its delay,
the visits checked in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from rallye.domain.clock import hhmm
from rallye.field.services import LATE_MINUTES, Stop, TeamDay, clock_fr, local_minutes, planned_vehicles, team_day
from rallye.rallies.models import Rally


@dataclass(frozen=True)
class TeamState:
    day: TeamDay
    where: str
    delay: int | None
    """Minutes behind the plan at the visit it is at or expected at (``None``: not known)."""
    done: int
    """Visits checked in (arrival entered), all days."""
    planned: int

    @property
    def late(self) -> bool:
        return self.delay is not None and self.delay >= LATE_MINUTES

    @property
    def delay_words(self) -> str:
        if self.delay is None:
            return ""
        if self.delay <= 0:
            return "à l'heure"
        return f"{self.delay} min de retard"


def team_state(day: TeamDay, now: dt.datetime) -> TeamState:
    today, minutes = local_minutes(now)
    stops = day.stops
    done = sum(1 for s in stops if s.arrived)
    todays = [s for s in stops if s.visit.date == today]
    here = next((s for s in todays if s.arrived and not s.left), None)
    if here is not None:
        assert here.made is not None and here.made.arrived_at is not None
        since = clock_fr(here.made.arrived_at)
        where = f"chez {here.company.name} depuis {since} (arrivée prévue {hhmm(here.visit.start)})"
        return TeamState(day, where, here.delay, done, len(stops))
    expected: Stop | None = next((s for s in todays if not s.arrived and not s.left), None)
    if expected is not None:
        delay = minutes - expected.visit.start
        if delay < 0:
            where = f"en route ou en attente : {expected.company.name} à {hhmm(expected.visit.start)}"
            return TeamState(day, where, None, done, len(stops))
        where = f"attendue chez {expected.company.name} depuis {hhmm(expected.visit.start)}, arrivée pas encore pointée"
        return TeamState(day, where, delay, done, len(stops))
    if todays:
        return TeamState(day, "visites du jour terminées", None, done, len(stops))
    coming = [s for s in stops if s.visit.date > today]
    where = "pas de visite aujourd'hui" if coming or not stops else "toutes ses visites sont faites"
    return TeamState(day, where, None, done, len(stops))


def live_states(rally: Rally, now: dt.datetime | None = None) -> list[TeamState]:
    """Every team of the current plan, late teams first."""
    now = now or timezone.now()
    days = [
        day for vehicle in planned_vehicles(rally) if (day := team_day(rally, vehicle, timezone.localtime(now).date()))
    ]
    states = [team_state(day, now) for day in days]
    return sorted(states, key=lambda s: (not s.late, -(s.delay or 0)))
