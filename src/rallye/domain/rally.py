"""The rally input: what an organiser gives the planner (format ``rallye/1``).

Plain frozen dataclasses, already validated (see ``rallye.formats.rally_input``).
Times are minutes since midnight, dates are ``datetime.date``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import cached_property

from rallye.domain.charter import VISITS_PER_PARTICIPANT


class SessionKind(StrEnum):
    ICEBREAKER = "icebreaker"
    VISITS = "visits"
    FEEDBACK = "feedback"
    CLOSING = "closing"

    @property
    def label(self) -> str:
        return _SESSION_LABELS[self]


_SESSION_LABELS = {
    SessionKind.ICEBREAKER: "Temps d'accueil (brise-glace)",
    SessionKind.VISITS: "Visites d'entreprises",
    SessionKind.FEEDBACK: "Retours d'expérience",
    SessionKind.CLOSING: "Temps de clôture",
}


@dataclass(frozen=True)
class Window:
    """A time window on one date, ``start`` and ``end`` in minutes since midnight."""

    date: dt.date
    start: int
    end: int

    @property
    def minutes(self) -> int:
        return self.end - self.start

    def contains(self, date_: dt.date, start: int, end: int) -> bool:
        return date_ == self.date and self.start <= start and end <= self.end


@dataclass(frozen=True)
class Session:
    kind: SessionKind
    date: dt.date
    start: int
    end: int
    lunch: tuple[int, int] | None = None

    @property
    def window(self) -> Window:
        return Window(self.date, self.start, self.end)

    def visit_windows(self) -> list[Window]:
        """The parts of the session where a visit may take place (lunch removed)."""
        if self.lunch is None:
            return [self.window]
        lunch_start, lunch_end = self.lunch
        parts = [Window(self.date, self.start, lunch_start), Window(self.date, lunch_end, self.end)]
        return [part for part in parts if part.end > part.start]


@dataclass(frozen=True)
class Place:
    name: str
    lat: float
    lon: float
    address: str = ""


@dataclass(frozen=True)
class Contact:
    name: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class VisitsPerTeam:
    """Visits each team makes; the charter's companies per participant (K4) by default."""

    min: int = VISITS_PER_PARTICIPANT.min
    max: int = VISITS_PER_PARTICIPANT.max


@dataclass(frozen=True)
class TravelSettings:
    speed_kmh: float = 40.0
    detour: float = 1.3
    min_minutes: int = 5


@dataclass(frozen=True)
class Company:
    id: str
    name: str
    sector: str
    lat: float
    lon: float
    capacity: int
    address: str = ""
    hiring: bool = False
    visit_minutes: int | None = None
    max_visits: int | None = None
    availability: tuple[Window, ...] = ()
    contact: Contact | None = None

    @property
    def place(self) -> Place:
        return Place(self.name, self.lat, self.lon, self.address)


class Gender(StrEnum):
    F = "F"
    M = "M"
    X = "X"


@dataclass(frozen=True)
class Participant:
    id: str
    first_name: str
    last_name: str
    gender: Gender
    birth_year: int
    diploma_level: int | None = None
    background_sector: str | None = None
    status: str | None = None
    prescriber: str | None = None
    present: bool = True

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass(frozen=True)
class Accompanier:
    name: str
    phone: str = ""


@dataclass(frozen=True)
class Vehicle:
    id: str
    seats: int
    accompanier: Accompanier | None = None
    label: str = ""

    @property
    def max_members(self) -> int:
        """The accompanier drives: every other seat is for a team member."""
        return self.seats - 1


GROUPED_VISIT = (8, 12)
"""The people a company hosts in a grouped visit: what organisers ask companies when a slot lacks
a company (a good practice of the organisers, not a rule of the charter)."""

DEFAULT_VISIT_MINUTES = 60
PARTICIPANT_AGES = (16, 75)
"""A plausible participant's age in the rally's year (a birth year outside is a typing slip)."""
"""A visit's length when neither the rally nor the company says otherwise."""

BASE = "base"
"""Id of the rally's base in travel tables (companies use their own ids)."""


@dataclass(frozen=True)
class Rally:
    name: str
    organiser: str
    base: Place
    schedule: tuple[Session, ...]
    companies: tuple[Company, ...]
    participants: tuple[Participant, ...]
    vehicles: tuple[Vehicle, ...]
    visit_minutes: int = DEFAULT_VISIT_MINUTES
    visits_per_team: VisitsPerTeam = field(default_factory=VisitsPerTeam)
    travel: TravelSettings = field(default_factory=TravelSettings)
    travel_minutes: dict[tuple[str, str], int] = field(default_factory=dict)
    logo: str | None = None

    @property
    def visit_sessions(self) -> tuple[Session, ...]:
        return tuple(s for s in self.schedule if s.kind is SessionKind.VISITS)

    @property
    def present_participants(self) -> tuple[Participant, ...]:
        return tuple(p for p in self.participants if p.present)

    @property
    def year(self) -> int:
        return min(s.date for s in self.schedule).year

    def company(self, company_id: str) -> Company:
        return self._companies_by_id[company_id]

    def participant(self, participant_id: str) -> Participant:
        return self._participants_by_id[participant_id]

    def vehicle(self, vehicle_id: str) -> Vehicle:
        return self._vehicles_by_id[vehicle_id]

    def visit_minutes_of(self, company: Company) -> int:
        return company.visit_minutes or self.visit_minutes

    def sectors(self) -> set[str]:
        return {c.sector for c in self.companies}

    def with_changes(self, *, absent: frozenset[str] = frozenset(), cancelled: frozenset[str] = frozenset()) -> Rally:
        """The same rally once ``absent`` people stay home and ``cancelled`` companies withdraw."""
        return replace(
            self,
            participants=tuple(replace(p, present=False) if p.id in absent else p for p in self.participants),
            companies=tuple(c for c in self.companies if c.id not in cancelled),
        )

    @cached_property
    def _companies_by_id(self) -> dict[str, Company]:
        return {c.id: c for c in self.companies}

    @cached_property
    def _participants_by_id(self) -> dict[str, Participant]:
        return {p.id: p for p in self.participants}

    @cached_property
    def _vehicles_by_id(self) -> dict[str, Vehicle]:
        return {v.id: v for v in self.vehicles}
