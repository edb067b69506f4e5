"""The plan as a board: for each visits session, a grid of teams × quarter hours, with visits
as blocks and the drives between them."""

from __future__ import annotations

from dataclasses import dataclass

from rallye.domain import french
from rallye.domain.clock import hhmm
from rallye.domain.metrics import legs, session_visits
from rallye.domain.plan import Plan, Team
from rallye.domain.rally import BASE, Rally, Session
from rallye.domain.travel import TravelTimes

SLOT_MINUTES = 15


@dataclass(frozen=True)
class Cell:
    span: int
    kind: str  # "visit", "drive", "lunch" or "free"
    text: str = ""
    detail: str = ""


@dataclass(frozen=True)
class Row:
    team: Team
    cells: list[Cell]


@dataclass(frozen=True)
class SessionBoard:
    title: str
    times: list[str]
    rows: list[Row]


def board(rally: Rally, plan: Plan) -> list[SessionBoard]:
    travel = TravelTimes(rally)
    return [_session_board(rally, plan, session, travel) for session in rally.visit_sessions]


def _slot(session: Session, minutes: int) -> int:
    return max(0, (minutes - session.start) // SLOT_MINUTES)


def _session_board(rally: Rally, plan: Plan, session: Session, travel: TravelTimes) -> SessionBoard:
    slots = -(-(session.end - session.start) // SLOT_MINUTES)
    times = [hhmm(session.start + i * SLOT_MINUTES) for i in range(slots)]
    names = {c.id: c.name for c in rally.companies}
    rows = []
    for team in plan.teams:
        kinds: list[Cell | None] = [None] * slots
        visits = session_visits(team, session)
        for leg in legs(session, visits, travel):
            first, last = _slot(session, leg.start), _slot(session, max(leg.end - 1, leg.start))
            where = rally.base.name if leg.destination == BASE else names.get(leg.destination, leg.destination)
            for i in range(first, min(last + 1, slots)):
                kinds[i] = kinds[i] or Cell(1, "drive", "", f"trajet {leg.minutes} min vers {where}")
        for visit in visits:
            first, last = _slot(session, visit.start), _slot(session, visit.end - 1)
            cell = Cell(
                last - first + 1,
                "visit",
                names.get(visit.company, visit.company),
                f"{hhmm(visit.start)}-{hhmm(visit.end)}",
            )
            kinds[first] = cell
            for i in range(first + 1, min(last + 1, slots)):
                kinds[i] = Cell(0, "covered")
        if session.lunch is not None:
            for i in range(_slot(session, session.lunch[0]), min(_slot(session, session.lunch[1] - 1) + 1, slots)):
                kinds[i] = kinds[i] or Cell(1, "lunch", "", "pause déjeuner")
        rows.append(Row(team, [c or Cell(1, "free") for c in kinds if c is None or c.kind != "covered"]))
    title = f"{french.day_long(session.date).capitalize()}, {hhmm(session.start)}-{hhmm(session.end)}"
    return SessionBoard(title, times, rows)
