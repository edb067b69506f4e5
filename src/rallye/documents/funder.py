"""Funder action sheet (« fiche action »): three pages for the funders: the action, this rally in
figures, the partners."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from rallye.documents.common import rally_days
from rallye.domain import french
from rallye.domain.challenges import Playful
from rallye.domain.clock import duration_fr, hhmm
from rallye.domain.metrics import routes
from rallye.domain.plan import Plan
from rallye.domain.rally import Gender, Rally, SessionKind
from rallye.domain.travel import TravelTimes


@dataclass(frozen=True)
class Figure:
    label: str
    value: str


def context(rally: Rally, plan: Plan, playful: Playful | None = None) -> dict[str, Any]:
    playful = playful or Playful()
    travel = TravelTimes(rally)
    in_teams = {m for t in plan.teams for m in t.members}
    people = [p for p in rally.participants if p.id in in_teams]
    genders = Counter(p.gender for p in people)
    visited = {v.company for t in plan.teams for v in t.visits}
    companies = [c for c in rally.companies if c.id in visited] or list(rally.companies)
    sectors = sorted(Counter(c.sector for c in companies).items(), key=lambda item: (-item[1], item[0]))
    visits = sum(len(t.visits) for t in plan.teams)
    drive = sum(r.travel_minutes for t in plan.teams for r in routes(rally, t, travel))
    figures = [
        Figure("Participants", str(len(people))),
        Figure("dont femmes", str(genders.get(Gender.F, 0))),
        Figure("dont hommes", str(genders.get(Gender.M, 0))),
        Figure("Entreprises visitées", str(len(companies))),
        Figure("dont entreprises qui recrutent", str(sum(1 for c in companies if c.hiring))),
        Figure("Équipes", str(len(plan.teams))),
        Figure("Visites d'entreprises", str(visits)),
        Figure("Jours de rallye", str(len(rally_days(rally)))),
        Figure("Temps de route cumulé des équipes", duration_fr(drive)),
    ]
    prescribers = sorted(Counter(p.prescriber for p in people if p.prescriber).items())
    days = rally_days(rally)
    return {
        "participants": len(people),
        "figures": figures,
        "sectors": sectors,
        "companies": sorted(companies, key=lambda c: c.name),
        "prescribers": prescribers,
        "programme": [
            f"{french.day_long(s.date).capitalize()}, {hhmm(s.start)} : {s.kind.label}"
            for s in sorted(rally.schedule, key=lambda s: (s.date, s.start))
        ],
        "visit_sessions": sum(1 for s in rally.schedule if s.kind is SessionKind.VISITS),
        "first_day": french.day_long(days[0]) if days else "",
        "donors": playful.donors,
    }
