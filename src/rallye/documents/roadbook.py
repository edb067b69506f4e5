"""Team roadbook (« carnet de route »): one section per team, read in the car by the team and its
accompanier: the crew, whom to call, and for each day the sessions and the visits in order."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rallye.documents.common import (
    EMERGENCY_NUMBER,
    accompanier_of,
    directions_url,
    members_of,
    or_missing,
    qr_svg_uri,
    rally_days,
    vehicle_of,
)
from rallye.domain import french
from rallye.domain.challenges import Challenge, Playful
from rallye.domain.clock import duration_fr, hhmm
from rallye.domain.metrics import legs, session_visits
from rallye.domain.plan import Plan, Team
from rallye.domain.rally import BASE, Rally, SessionKind
from rallye.domain.travel import TravelTimes


@dataclass(frozen=True)
class VisitStop:
    company: str
    company_id: str
    sector: str
    address: str
    contact: str
    phone: str
    arrival: str
    departure: str
    leave_at: str
    travel: str
    origin: str
    qr: str
    url: str
    challenge: Challenge | None = None


@dataclass(frozen=True)
class Entry:
    """A line of a day: a fixed session at the base, a lunch break, a visit, or the way back."""

    kind: str  # "session" | "lunch" | "visit" | "return"
    label: str = ""
    start: str = ""
    end: str = ""
    place: str = ""
    visit: VisitStop | None = None
    activity: Challenge | None = None
    """The ice-breaker's game, on the ice-breaker session."""


@dataclass(frozen=True)
class Day:
    label: str
    entries: list[Entry] = field(default_factory=list)


@dataclass(frozen=True)
class Roadbook:
    team: str
    vehicle_id: str
    members: list[str]
    accompanier: str
    accompanier_phone: str
    vehicle: str
    emergency: list[tuple[str, str]]
    days: list[Day]


def _place_names(rally: Rally) -> dict[str, str]:
    return {BASE: rally.base.name, **{c.id: c.name for c in rally.companies}}


def roadbook(rally: Rally, team: Team, travel: TravelTimes, playful: Playful | None = None) -> Roadbook:
    playful = playful or Playful()
    accompanier = accompanier_of(rally, team)
    vehicle = vehicle_of(rally, team)
    vehicle_text = "non renseigné"
    if vehicle is not None:
        label = vehicle.label or f"Véhicule {vehicle.id}"
        vehicle_text = f"{label} ({vehicle.seats} places)"
    base = f"{rally.base.name}, {rally.base.address}" if rally.base.address else rally.base.name
    emergency = [
        ("Urgences (depuis tout téléphone)", EMERGENCY_NUMBER),
        (
            f"Accompagnateur : {accompanier.name}" if accompanier else "Accompagnateur",
            or_missing(accompanier.phone if accompanier else None),
        ),
        ("Point de rencontre", base),
    ]
    return Roadbook(
        team=team.name,
        vehicle_id=team.vehicle,
        members=[p.full_name for p in members_of(rally, team)],
        accompanier=accompanier.name if accompanier else "non renseigné",
        accompanier_phone=or_missing(accompanier.phone if accompanier else None),
        vehicle=vehicle_text,
        emergency=emergency,
        days=[_day(rally, team, day, travel, base, playful) for day in rally_days(rally)],
    )


def _day(rally: Rally, team: Team, day: Any, travel: TravelTimes, base: str, playful: Playful) -> Day:
    names = _place_names(rally)
    entries: list[Entry] = []
    for session in sorted((s for s in rally.schedule if s.date == day), key=lambda s: s.start):
        if session.kind is not SessionKind.VISITS:
            activity = playful.icebreaker if session.kind is SessionKind.ICEBREAKER else None
            entries.append(
                Entry("session", session.kind.label, hhmm(session.start), hhmm(session.end), base, activity=activity)
            )
            continue
        visits = session_visits(team, session)
        if not visits:
            entries.append(Entry("session", "Pas de visite pour l'équipe", hhmm(session.start), hhmm(session.end)))
            continue
        drives = legs(session, visits, travel)
        lunch_done = session.lunch is None
        for visit, drive in zip(visits, drives, strict=False):
            if not lunch_done and session.lunch is not None and visit.start >= session.lunch[1]:
                entries.append(Entry("lunch", "Pause déjeuner", hhmm(session.lunch[0]), hhmm(session.lunch[1])))
                lunch_done = True
            company = rally.company(visit.company)
            contact = company.contact
            url = directions_url(company.lat, company.lon)
            stop = VisitStop(
                company=company.name,
                company_id=company.id,
                sector=company.sector,
                address=or_missing(company.address),
                contact=or_missing(contact.name if contact else None),
                phone=or_missing(contact.phone if contact else None),
                arrival=hhmm(visit.start),
                departure=hhmm(visit.end),
                leave_at=hhmm(drive.start),
                travel=duration_fr(drive.minutes),
                origin=names.get(drive.origin, drive.origin),
                qr=qr_svg_uri(url),
                url=url,
                challenge=playful.challenges.get((team.id, company.id)),
            )
            entries.append(Entry("visit", visit=stop))
        back = drives[-1]
        entries.append(
            Entry("return", f"Retour à {rally.base.name}", hhmm(back.start), hhmm(back.end), duration_fr(back.minutes))
        )
    return Day(french.day_long(day).capitalize(), entries)


def context(rally: Rally, plan: Plan, playful: Playful | None = None) -> dict[str, Any]:
    travel = TravelTimes(rally)
    return {"roadbooks": [roadbook(rally, team, travel, playful) for team in plan.teams]}
