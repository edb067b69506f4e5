"""A small hand-built rally, and a plan for it that keeps every rule (hard and charter).

The rally: 15 participants, 3 vehicles of 7 seats, 8 companies of 8 sectors, visits on
Tuesday 16/03/2027 (09:00-17:30, lunch 12:15-13:30) and Wednesday 17/03 (08:30-12:30), feedback
and closing on Thursday 18/03. Every trip takes exactly ``TRIP`` minutes (a full
``travel_minutes`` table), so tests know every time to the minute.

The plan: three teams of five, each making six one-hour visits in the ``SLOTS`` below; at slot
``k`` team ``t`` visits company number ``(k + 3t) % 8``, so no two teams meet at a company.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from rallye.domain.clock import parse_hhmm
from rallye.domain.plan import Plan, Team, Visit
from rallye.domain.rally import (
    BASE,
    Accompanier,
    Company,
    Gender,
    Participant,
    Place,
    Rally,
    Session,
    SessionKind,
    Vehicle,
)

DAY1 = dt.date(2027, 3, 16)  # a Tuesday
DAY2 = DAY1 + dt.timedelta(days=1)
DAY3 = DAY1 + dt.timedelta(days=2)
TRIP = 10
VISIT = 60


def hm(text: str) -> int:
    """``"09:10"`` → minutes since midnight."""
    minutes = parse_hhmm(text)
    assert minutes is not None, text
    return minutes


SLOTS = ((DAY1, "09:10"), (DAY1, "10:20"), (DAY1, "13:40"), (DAY1, "14:50"), (DAY2, "08:40"), (DAY2, "09:50"))
"""Six visit slots a team can chain with ``TRIP``-minute trips between them."""

COMPANIES = (
    ("C01", "Boulangerie Martin", "Commerce"),
    ("C02", "Fromagerie des Aravis", "Agroalimentaire"),
    ("C03", "Clinique du Lac", "Santé"),
    ("C04", "Transports Favre", "Transport et logistique"),
    ("C05", "Hôtel Les Cimes", "Hôtellerie-restauration"),
    ("C06", "Menuiserie Perrin", "BTP"),
    ("C07", "Camping du Semnoz", "Tourisme"),
    ("C08", "Cabinet Alpes Conseil", "Services aux entreprises"),
)

PEOPLE = (
    ("Amina", Gender.F),
    ("Bruno", Gender.M),
    ("Chloé", Gender.F),
    ("David", Gender.M),
    ("Emma", Gender.F),
    ("Farid", Gender.M),
    ("Gaëlle", Gender.F),
    ("Hugo", Gender.M),
    ("Inès", Gender.F),
    ("Julien", Gender.M),
    ("Karima", Gender.F),
    ("Louis", Gender.M),
    ("Manon", Gender.F),
    ("Nicolas", Gender.M),
    ("Océane", Gender.F),
)
BIRTH_YEARS = (2004, 1990, 1970)  # 23, 37 and 57 years old in 2027: three age bands


def make_rally() -> Rally:
    companies = tuple(
        Company(cid, name, sector, lat=45.90 + i / 1000, lon=6.12, capacity=8)
        for i, (cid, name, sector) in enumerate(COMPANIES)
    )
    places = [BASE, *(c.id for c in companies)]
    return Rally(
        name="Rallye pour l'emploi — test",
        organiser="MIFE de test",
        base=Place("MIFE", 45.90, 6.12),
        schedule=(
            Session(SessionKind.ICEBREAKER, DAY1, hm("08:30"), hm("09:00")),
            Session(SessionKind.VISITS, DAY1, hm("09:00"), hm("17:30"), lunch=(hm("12:15"), hm("13:30"))),
            Session(SessionKind.VISITS, DAY2, hm("08:30"), hm("12:30")),
            Session(SessionKind.FEEDBACK, DAY3, hm("09:00"), hm("12:00")),
            Session(SessionKind.CLOSING, DAY3, hm("14:00"), hm("16:00")),
        ),
        companies=companies,
        participants=tuple(
            Participant(f"P{i + 1:02d}", first, "Test", gender, BIRTH_YEARS[i % len(BIRTH_YEARS)])
            for i, (first, gender) in enumerate(PEOPLE)
        ),
        vehicles=tuple(Vehicle(f"V{i}", seats=7, accompanier=Accompanier(f"Accompagnateur {i}")) for i in (1, 2, 3)),
        visit_minutes=VISIT,
        travel_minutes={(a, b): TRIP for a, b in itertools.permutations(places, 2)},
    )


def make_plan(rally: Rally) -> Plan:
    ids = [p.id for p in rally.participants]
    teams = []
    for t in range(3):
        visits = tuple(
            Visit(rally.companies[(k + 3 * t) % len(rally.companies)].id, day, hm(start), hm(start) + VISIT)
            for k, (day, start) in enumerate(SLOTS)
        )
        teams.append(Team(f"T{t + 1}", f"Équipe {t + 1}", f"V{t + 1}", tuple(ids[5 * t : 5 * t + 5]), visits))
    return Plan(rally=rally.name, teams=tuple(teams))


@pytest.fixture
def rally() -> Rally:
    return make_rally()


@pytest.fixture
def plan(rally: Rally) -> Plan:
    return make_plan(rally)
