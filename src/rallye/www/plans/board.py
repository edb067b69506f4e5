"""The plan as people read it: for each visits session, a grid of teams × quarter hours (visits
as blocks coloured by sector and named, the drives between them, lunch, the free time after the
return), the same day as a list per team for a phone, and the team cards; names and French dates,
never codes."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from rallye.domain import french
from rallye.domain.clock import hhmm
from rallye.domain.metrics import legs, session_visits
from rallye.domain.plan import Plan, Team
from rallye.domain.rally import BASE, Rally, Session
from rallye.domain.travel import TravelTimes

SLOT_MINUTES = 15
SECTOR_STYLES = 16
"""The stylesheet's sector styles: ``.sector-1`` … ``.sector-8`` are its palette, ``.sector-9`` …
``.sector-16`` the same colours dotted; beyond 16 (the NAF has 21 sections), they repeat and the
sector's name, always written, tells them apart."""


@dataclass(frozen=True)
class Cell:
    span: int
    kind: str  # "visit", "drive", "lunch", "free", "after" (free time after the return) or "covered"
    text: str = ""
    detail: str = ""
    sector: str = ""
    colour: int = 0
    grouped_with: tuple[str, ...] = ()

    @property
    def css(self) -> str:
        return f"{self.kind} sector-{self.colour}" if self.colour else self.kind


@dataclass(frozen=True)
class Row:
    team: Team
    cells: list[Cell]
    items: list[str] = field(default_factory=list)
    """The same day in sentences, in order (the phone's list)."""


@dataclass(frozen=True)
class Hour:
    label: str
    span: int


@dataclass(frozen=True)
class SessionBoard:
    title: str
    hours: list[Hour]
    rows: list[Row]
    end: str


@dataclass(frozen=True)
class Legend:
    sectors: list[tuple[str, int]]
    grouped: bool


@dataclass(frozen=True)
class VisitLine:
    company: str
    name: str
    when: str
    sector: str
    colour: int
    locked: bool
    grouped_with: tuple[str, ...]


@dataclass(frozen=True)
class TeamCard:
    team: Team
    vehicle: str
    members: list[tuple[str, str]]
    visits: list[VisitLine]


def sector_colours(rally: Rally) -> dict[str, int]:
    """Each sector's colour: the most represented sectors first, so that they differ."""
    counts = Counter(company.sector for company in rally.companies)
    ordered = sorted(counts, key=lambda sector: (-counts[sector], sector))
    return {sector: index % SECTOR_STYLES + 1 for index, sector in enumerate(ordered)}


def groups(plan: Plan) -> dict[tuple[str, object, int], list[str]]:
    """Teams received together: (company, date, start) → the names of the teams there."""
    found: dict[tuple[str, object, int], list[str]] = {}
    for team in plan.teams:
        for visit in team.visits:
            found.setdefault((visit.company, visit.date, visit.start), []).append(team.name)
    return found


def legend(rally: Rally, plan: Plan) -> Legend:
    colours = sector_colours(rally)
    companies = {company.id: company for company in rally.companies}
    visited = sorted({companies[v.company].sector for t in plan.teams for v in t.visits if v.company in companies})
    grouped = any(len(names) > 1 for names in groups(plan).values())
    return Legend([(sector, colours[sector]) for sector in visited], grouped)


def board(rally: Rally, plan: Plan) -> list[SessionBoard]:
    travel = TravelTimes(rally)
    together = groups(plan)
    return [_session_board(rally, plan, session, travel, together) for session in rally.visit_sessions]


def team_cards(rally: Rally, plan: Plan) -> list[TeamCard]:
    people = {p.id: p.full_name for p in rally.participants}
    companies = {c.id: c for c in rally.companies}
    vehicles = {v.id: v for v in rally.vehicles}
    colours = sector_colours(rally)
    together = groups(plan)
    cards = []
    for team in plan.teams:
        vehicle = vehicles.get(team.vehicle)
        described = f"véhicule {vehicle.label}" if vehicle is not None and vehicle.label else f"véhicule {team.vehicle}"
        if vehicle is not None and vehicle.accompanier is not None:
            described += f", conduit par {vehicle.accompanier.name}"
        visits = []
        for visit in sorted(team.visits, key=lambda v: (v.date, v.start)):
            company = companies.get(visit.company)
            others = tuple(n for n in together.get((visit.company, visit.date, visit.start), []) if n != team.name)
            visits.append(
                VisitLine(
                    visit.company,
                    company.name if company else visit.company,
                    f"{french.day_month(visit.date)}, {hhmm(visit.start)}-{hhmm(visit.end)}",
                    company.sector if company else "",
                    colours.get(company.sector, 0) if company else 0,
                    visit.locked,
                    others,
                )
            )
        members = [(member, people.get(member, member)) for member in team.members]
        cards.append(TeamCard(team, described, members, visits))
    return cards


def _slot(session: Session, minutes: int) -> int:
    return max(0, (minutes - session.start) // SLOT_MINUTES)


def _hours(session: Session, slots: int) -> list[Hour]:
    """Column headings: one per hour (the first and last may be shorter), so that the grid's
    heading covers the whole session."""
    hours: list[Hour] = []
    slot = 0
    while slot < slots:
        minute = session.start + slot * SLOT_MINUTES
        to_hour = (60 - minute % 60) // SLOT_MINUTES or 60 // SLOT_MINUTES
        span = min(to_hour, slots - slot)
        hours.append(Hour(hhmm(minute) if span > 1 else "", span))
        slot += span
    return hours


def _session_board(
    rally: Rally, plan: Plan, session: Session, travel: TravelTimes, together: dict[tuple[str, object, int], list[str]]
) -> SessionBoard:
    slots = -(-(session.end - session.start) // SLOT_MINUTES)
    companies = {c.id: c for c in rally.companies}
    colours = sector_colours(rally)
    rows = []
    for team in plan.teams:
        kinds: list[Cell | None] = [None] * slots
        items: list[str] = []
        visits = session_visits(team, session)
        route = legs(session, visits, travel)
        for leg in route:
            first, last = _slot(session, leg.start), _slot(session, max(leg.end - 1, leg.start))
            company = companies.get(leg.destination)
            where = rally.base.name if leg.destination == BASE else (company.name if company else leg.destination)
            for i in range(first, min(last + 1, slots)):
                kinds[i] = kinds[i] or Cell(1, "drive", "", f"trajet de {french.duration(leg.minutes)} vers {where}")
        free_from = 0  # two visits may share a quarter hour (one ends at 10:10, the next starts at 10:10)
        for visit in sorted(visits, key=lambda v: v.start):
            first = max(_slot(session, visit.start), free_from)
            last = min(max(first, _slot(session, visit.end - 1)), slots - 1)
            if first >= slots:
                continue
            free_from = last + 1
            company = companies.get(visit.company)
            others = tuple(n for n in together.get((visit.company, visit.date, visit.start), []) if n != team.name)
            cell = Cell(
                last - first + 1,
                "visit",
                company.name if company else visit.company,
                f"{hhmm(visit.start)}-{hhmm(visit.end)}",
                company.sector if company else "",
                colours.get(company.sector, 0) if company else 0,
                others,
            )
            kinds[first] = cell
            for i in range(first + 1, min(last + 1, slots)):
                kinds[i] = Cell(0, "covered")
            grouped = f" (visite groupée avec {', '.join(others)})" if others else ""
            items.append(f"{hhmm(visit.start)}-{hhmm(visit.end)} : {cell.text}, {cell.sector}{grouped}")
        if session.lunch is not None:
            for i in range(_slot(session, session.lunch[0]), min(_slot(session, session.lunch[1] - 1) + 1, slots)):
                kinds[i] = kinds[i] or Cell(1, "lunch", "", "pause déjeuner")
        back = route[-1].end if route else None
        if back is not None and back < session.end:
            first = _slot(session, back) + (1 if (back - session.start) % SLOT_MINUTES else 0)
            free = f"libre de {hhmm(back)} à {hhmm(session.end)} : retour au lieu de rendez-vous, puis fin de la séance"
            items.append(f"retour au lieu de rendez-vous à {hhmm(back)}, libre ensuite jusqu'à {hhmm(session.end)}")
            if first < slots and all(kinds[i] is None for i in range(first, slots)):
                kinds[first] = Cell(slots - first, "after", "libre", free)
                for i in range(first + 1, slots):
                    kinds[i] = Cell(0, "covered")
        if session.lunch is not None:
            items.append(f"pause déjeuner {hhmm(session.lunch[0])}-{hhmm(session.lunch[1])}")
        rows.append(
            Row(team, [c or Cell(1, "free") for c in kinds if c is None or c.kind != "covered"], _ordered(items))
        )
    title = f"{french.day_long(session.date).capitalize()}, {hhmm(session.start)}-{hhmm(session.end)}"
    return SessionBoard(title, _hours(session, slots), rows, hhmm(session.end))


def _ordered(items: list[str]) -> list[str]:
    """The day's sentences in the order of their times (« 09:10-10:10 … », « pause déjeuner 12:15… »)."""

    def key(item: str) -> str:
        for word in item.split():
            if len(word) >= 5 and word[:2].isdigit() and word[2] == ":":
                return word[:5]
        return "99:99"

    return sorted(items, key=key)
