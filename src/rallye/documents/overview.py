"""Planning overview: one landscape page with, for each day of visits, the grid of teams × time,
and every useful phone number (accompaniers, companies, emergencies)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rallye.documents.common import EMERGENCY_NUMBER, accompanier_of, or_missing, rally_days
from rallye.domain import french
from rallye.domain.clock import hhmm
from rallye.domain.plan import Plan
from rallye.domain.rally import Rally, SessionKind


@dataclass(frozen=True)
class Block:
    """A visit in the grid; ``left`` and ``width`` in percent of the day's span."""

    label: str
    times: str
    left: float
    width: float


@dataclass(frozen=True)
class Row:
    team: str
    blocks: list[Block]


@dataclass(frozen=True)
class Tick:
    label: str
    left: float


@dataclass(frozen=True)
class Grid:
    day: str
    ticks: list[Tick]
    rows: list[Row]


@dataclass(frozen=True)
class Phone:
    who: str
    role: str
    phone: str


def _grid(rally: Rally, plan: Plan, day: Any, codes: dict[str, str]) -> Grid | None:
    sessions = [s for s in rally.schedule if s.date == day and s.kind is SessionKind.VISITS]
    if not sessions:
        return None
    start = min(s.start for s in sessions)
    end = max(s.end for s in sessions)
    span = max(end - start, 1)

    def pos(minute: int) -> float:
        return round((minute - start) * 100 / span, 2)

    rows = []
    for team in plan.teams:
        blocks = [
            Block(
                codes.get(v.company, v.company),
                f"{hhmm(v.start)}–{hhmm(v.end)}",
                pos(v.start),
                pos(v.end) - pos(v.start),
            )
            for v in team.visits_on(day)
            if start <= v.start < end
        ]
        rows.append(Row(team.name, blocks))
    first_hour = -(-start // 60) * 60
    ticks = [Tick(hhmm(m), pos(m)) for m in range(first_hour, end + 1, 60)]
    return Grid(french.day_long(day).capitalize(), ticks, rows)


def context(rally: Rally, plan: Plan) -> dict[str, Any]:
    # Short codes keep the grid readable; the legend gives the company behind each one.
    codes = {c.id: c.id for c in rally.companies}
    grids = [g for day in rally_days(rally) if (g := _grid(rally, plan, day, codes)) is not None]
    phones = [Phone("Urgences", "secours (SAMU, pompiers, police)", EMERGENCY_NUMBER)]
    for team in plan.teams:
        accompanier = accompanier_of(rally, team)
        if accompanier is not None:
            phones.append(Phone(accompanier.name, f"accompagnateur, {team.name}", or_missing(accompanier.phone)))
    legend = []
    for company in rally.companies:
        contact = company.contact
        who = contact.name if contact and contact.name else "contact non renseigné"
        legend.append(Phone(f"{company.id} · {company.name}", who, or_missing(contact.phone if contact else None)))
    # Keep the page to one sheet: the rows share a fixed height, within readable bounds.
    rows = sum(len(g.rows) + 1 for g in grids)
    row_mm = min(_ROW_MM[1], max(_ROW_MM[0], (_GRIDS_MM - _DAY_TITLE_MM * len(grids)) / max(rows, 1)))
    return {"grids": grids, "phones": phones, "legend": legend, "row_mm": round(row_mm, 1)}


_GRIDS_MM = 112.0
"""Height of the page given to the grids (the rest: the letterhead, the title and the phones)."""
_DAY_TITLE_MM = 6.0
_ROW_MM = (4.2, 8.0)
