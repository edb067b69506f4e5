"""Company sheet (« fiche entreprise »): one per company, for the person who hosts the visits:
which teams come and when, how many people, whom to call, and how to make the visit useful."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rallye.documents.common import accompanier_of, or_missing
from rallye.domain import french
from rallye.domain.challenges import Challenge, Playful
from rallye.domain.clock import hhmm
from rallye.domain.plan import Plan
from rallye.domain.rally import Company, Rally


@dataclass(frozen=True)
class Arrival:
    day: str
    start: str
    end: str
    team: str
    people: int
    accompanier: str
    phone: str
    challenge: Challenge | None = None


@dataclass(frozen=True)
class CompanySheet:
    id: str
    name: str
    sector: str
    address: str
    contact: str
    phone: str
    email: str
    hiring: bool
    arrivals: list[Arrival]
    people: int


def sheet(rally: Rally, plan: Plan, company: Company, playful: Playful | None = None) -> CompanySheet:
    challenges = playful.challenges if playful is not None else {}
    rows = sorted(
        ((visit, team) for team in plan.teams for visit in team.visits if visit.company == company.id),
        key=lambda row: (row[0].date, row[0].start, row[1].name),
    )
    arrivals = []
    for visit, team in rows:
        accompanier = accompanier_of(rally, team)
        arrivals.append(
            Arrival(
                day=french.day_long(visit.date),
                start=hhmm(visit.start),
                end=hhmm(visit.end),
                team=team.name,
                people=len(team.members) + (1 if accompanier else 0),
                accompanier=accompanier.name if accompanier else "non renseigné",
                phone=or_missing(accompanier.phone if accompanier else None),
                challenge=challenges.get((team.id, company.id)),
            )
        )
    contact = company.contact
    return CompanySheet(
        id=company.id,
        name=company.name,
        sector=company.sector,
        address=or_missing(company.address),
        contact=or_missing(contact.name if contact else None),
        phone=or_missing(contact.phone if contact else None),
        email=or_missing(contact.email if contact else None),
        hiring=company.hiring,
        arrivals=arrivals,
        people=sum(a.people for a in arrivals),
    )


def context(rally: Rally, plan: Plan, playful: Playful | None = None) -> dict[str, Any]:
    return {"sheets": [sheet(rally, plan, company, playful) for company in rally.companies]}
