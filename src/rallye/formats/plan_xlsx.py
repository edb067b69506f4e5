"""The planning workbook (XLSX, in French) of a plan, for organisers, accompaniers and companies.

Sheets:
- « Planning »: one block per visits session, a grid of teams (rows) × quarters of an hour
  (columns); each visit is one merged cell with the company's name and times, coloured by
  sector; travel is shown lightly (grey, with its minutes); a legend of the sectors follows.
- « Équipes »: each team with its vehicle, accompanier and members, then the absent people.
- one sheet per team (« Équipe 1 »…): its day-by-day timeline, from the departure from the
  meeting point to the return, with every trip and every visit (company, address, times, contact).
- one sheet per company: who comes when, how many people (accompanier included), and the
  accompanier's phone number.

Sheet names are made valid for Excel (at most 31 characters, no ``[]:*?/\\``, unique whatever the
case): a long or repeated company name is cut and numbered (« Boulangerie … (2) »).
Grid cells are quarters of an hour: a visit takes the quarters nearest to its start and end, so
the exact times are written in the cell.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from rallye.domain import french
from rallye.domain.clock import duration_fr, hhmm
from rallye.domain.metrics import legs, session_visits
from rallye.domain.plan import Plan, Team, Visit
from rallye.domain.rally import BASE, Company, Rally, Session, Vehicle
from rallye.domain.travel import TravelTimes
from rallye.formats.rally_xlsx import HEADER_FILL, HEADER_FONT, set_cell

SLOT_MINUTES = 15
SHEET_NAME_MAX = 31
SECTOR_COLOURS = (
    "BDD7EE",
    "C6EFCE",
    "FFE699",
    "F8CBAD",
    "D9C3E9",
    "B4E5E1",
    "FFD1DC",
    "DDEBB4",
    "F4D8A8",
    "C9D1F0",
    "E2EFDA",
    "FCE4D6",
)
TRAVEL_FILL = PatternFill("solid", fgColor="F2F2F2")
LUNCH_FILL = PatternFill("solid", fgColor="FFF2CC")
TRAVEL_FONT = Font(italic=True, size=8, color="808080")
VISIT_FONT = Font(size=9)
TITLE_FONT = Font(bold=True, size=14)
BOLD = Font(bold=True)
THIN = Side(style="thin", color="A6A6A6")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTRED = Alignment(horizontal="center", vertical="center", wrap_text=True)


def write_plan_xlsx(rally: Rally, plan: Plan, travel: TravelTimes, path: Path) -> None:
    """Write the planning workbook of ``plan`` (made for ``rally``) to ``path``."""
    workbook = Workbook()
    names = SheetNames()
    planning = workbook.active
    assert planning is not None
    planning.title = names.take("Planning")
    _write_planning(planning, rally, plan, travel)
    _write_teams(workbook.create_sheet(names.take("Équipes")), rally, plan)
    for team in plan.teams:
        _write_team(workbook.create_sheet(names.take(team.name, fallback=team.id)), rally, team, travel)
    for company in rally.companies:
        sheet = workbook.create_sheet(names.take(company.name, fallback=company.id))
        _write_company(sheet, rally, plan, company)
    for ws in workbook.worksheets:
        _printable(ws)
    workbook.save(path)


def _printable(ws: Worksheet) -> None:
    """Landscape, as wide as one page: sheets are printed for the accompaniers and companies."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)


class SheetNames:
    """Hands out valid, unique sheet names (Excel compares them whatever the case)."""

    _FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
    _RESERVED = frozenset({"history"})

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def take(self, wanted: str, fallback: str = "Feuille") -> str:
        base = self._FORBIDDEN.sub("-", wanted).strip().strip("'").strip() or fallback
        name, number = base[:SHEET_NAME_MAX].rstrip(), 1
        while name.casefold() in self._taken or name.casefold() in self._RESERVED:
            number += 1
            suffix = f" ({number})"
            name = base[: SHEET_NAME_MAX - len(suffix)].rstrip() + suffix
        self._taken.add(name.casefold())
        return name


# -- what a team does, session by session ----------------------------------------------------
@dataclass(frozen=True)
class Step:
    """One line of a team's timeline."""

    date: dt.date
    start: int
    end: int | None
    what: str
    place: str = ""
    address: str = ""
    detail: str = ""


def timeline(rally: Rally, session: Session, visits: Sequence[Visit], travel: TravelTimes) -> list[Step]:
    """Departure from the meeting point at the session start, trips and visits, lunch, return."""
    base, day = rally.base, session.date
    steps = [Step(day, session.start, None, "Départ", base.name, base.address)]
    trips = legs(session, visits, travel)
    for leg, visit in itertools.zip_longest(trips, visits):
        place = base.name if leg.destination == BASE else rally.company(leg.destination).name
        steps.append(Step(day, leg.start, leg.end, "Trajet", f"vers {place}", detail=duration_fr(leg.minutes)))
        if visit is not None:
            company = rally.company(visit.company)
            steps.append(Step(day, visit.start, visit.end, "Visite", company.name, company.address, _contact(company)))
    steps.append(Step(day, trips[-1].end, None, "Retour", base.name, base.address))
    if session.lunch is not None:
        steps.append(Step(day, session.lunch[0], session.lunch[1], "Pause déjeuner"))
    return sorted(steps, key=lambda s: s.start)


def _contact(company: Company) -> str:
    contact = company.contact
    if contact is None:
        return ""
    return ", ".join(part for part in (contact.name, contact.phone, contact.email) if part)


# -- « Planning » ----------------------------------------------------------------------------
def _write_planning(ws: Worksheet, rally: Rally, plan: Plan, travel: TravelTimes) -> None:
    set_cell(ws, 1, 1, f"Planning — {rally.name}").font = TITLE_FONT
    ws["A2"] = f"Plan {plan.status.label}"
    colours = sector_colours(rally)
    row, widest = 4, 0
    for session in rally.visit_sessions:
        slots = _slots(session)
        widest = max(widest, len(slots))
        row = _write_session_block(ws, row, rally, plan, session, slots, colours, travel) + 1
    _write_legend(ws, row, colours)
    ws.column_dimensions["A"].width = 16
    for index in range(widest):
        ws.column_dimensions[get_column_letter(index + 2)].width = 6.5
    ws.freeze_panes = "B4"


def sector_colours(rally: Rally) -> dict[str, PatternFill]:
    """One pastel fill per sector, in alphabetical order of the sectors (stable across runs)."""
    return {
        sector: PatternFill("solid", fgColor=SECTOR_COLOURS[index % len(SECTOR_COLOURS)])
        for index, sector in enumerate(sorted(rally.sectors()))
    }


def _slots(session: Session) -> list[int]:
    first = session.start - session.start % SLOT_MINUTES
    return list(range(first, session.end, SLOT_MINUTES))


def _write_session_block(
    ws: Worksheet,
    row: int,
    rally: Rally,
    plan: Plan,
    session: Session,
    slots: list[int],
    colours: dict[str, PatternFill],
    travel: TravelTimes,
) -> int:
    """Write one session's grid from ``row``; return the first row after it."""
    title = f"{french.day_long(session.date).capitalize()} — visites de {hhmm(session.start)} à {hhmm(session.end)}"
    if session.lunch is not None:
        title += f" (déjeuner {hhmm(session.lunch[0])}-{hhmm(session.lunch[1])})"
    set_cell(ws, row, 1, title).font = BOLD
    header = set_cell(ws, row + 1, 1, "Équipe")
    header.font, header.fill = HEADER_FONT, HEADER_FILL
    for index, minute in enumerate(slots):
        cell = set_cell(ws, row + 1, index + 2, hhmm(minute))
        cell.font, cell.alignment = Font(size=8, bold=True), CENTRED
        if session.lunch is not None and session.lunch[0] <= minute < session.lunch[1]:
            cell.fill = LUNCH_FILL
    for offset, team in enumerate(plan.teams, start=row + 2):
        set_cell(ws, offset, 1, team.name).font = BOLD
        ws.row_dimensions[offset].height = 34
        _write_team_row(ws, offset, rally, session, slots[0], team, colours, travel)
    return row + 2 + len(plan.teams)


def _write_team_row(
    ws: Worksheet,
    row: int,
    rally: Rally,
    session: Session,
    origin: int,
    team: Team,
    colours: dict[str, PatternFill],
    travel: TravelTimes,
) -> None:
    def column(minute: int) -> int:  # the nearest quarter, as a sheet column
        return 2 + (minute - origin + SLOT_MINUTES // 2) // SLOT_MINUTES

    visits = session_visits(team, session)
    taken: set[int] = set()
    for visit in visits:
        company = rally.company(visit.company)
        text = f"{company.name}\n{hhmm(visit.start)}-{hhmm(visit.end)}"
        cells = _free(column(visit.start), column(visit.end), taken)
        _paint(ws, row, cells, text, colours[company.sector], VISIT_FONT)
    for leg in legs(session, visits, travel):
        if leg.minutes:
            cells = _free(column(leg.start), column(leg.end), taken)
            _paint(ws, row, cells, f"{leg.minutes} min", TRAVEL_FILL, TRAVEL_FONT)


def _free(first: int, last: int, taken: set[int]) -> list[int]:
    """The free columns from ``first`` to ``last`` (at least one), now taken."""
    cells = [c for c in range(first, max(last, first + 1)) if c not in taken]
    taken.update(cells)
    return cells


def _paint(ws: Worksheet, row: int, cells: list[int], text: str, fill: PatternFill, font: Font) -> None:
    if not cells:
        return
    for index in cells:
        cell = ws.cell(row, index)
        cell.fill, cell.border = fill, BOX
    first = set_cell(ws, row, cells[0], text)
    first.font, first.alignment = font, CENTRED
    if len(cells) > 1 and cells[-1] - cells[0] == len(cells) - 1:
        ws.merge_cells(start_row=row, start_column=cells[0], end_row=row, end_column=cells[-1])


def _write_legend(ws: Worksheet, row: int, colours: dict[str, PatternFill]) -> None:
    set_cell(ws, row, 1, "Secteurs").font = BOLD
    for offset, (sector, fill) in enumerate(colours.items(), start=1):
        ws.cell(row + offset, 1).fill = fill
        set_cell(ws, row + offset, 2, sector)
    last = row + len(colours) + 1
    set_cell(ws, last, 1, "12 min").font = TRAVEL_FONT
    ws.cell(last, 1).fill = TRAVEL_FILL
    set_cell(ws, last, 2, "trajet (en minutes)")
    ws.cell(last + 1, 1).fill = LUNCH_FILL
    set_cell(ws, last + 1, 2, "pause déjeuner")


# -- « Équipes » -----------------------------------------------------------------------------
def _write_teams(ws: Worksheet, rally: Rally, plan: Plan) -> None:
    headers = (
        ("Équipe", 14),
        ("Véhicule", 16),
        ("Places", 8),
        ("Accompagnateur", 24),
        ("Téléphone accompagnateur", 18),
        ("Participants (nombre)", 12),
        ("Participants", 32),
        ("Visites", 8),
    )
    _write_headers(ws, 1, headers)
    for row, team in enumerate(plan.teams, start=2):
        vehicle = rally.vehicle(team.vehicle)
        names = [rally.participant(p).full_name for p in team.members]
        values = (
            team.name,
            _vehicle_name(vehicle),
            vehicle.seats,
            *_accompanier(vehicle),
            len(team.members),
            "\n".join(names),
            len(team.visits),
        )
        for index, value in enumerate(values, start=1):
            set_cell(ws, row, index, value).alignment = WRAP
    if plan.absent:
        row = len(plan.teams) + 3
        set_cell(ws, row, 1, "Absents").font = BOLD
        set_cell(ws, row, 2, ", ".join(rally.participant(p).full_name for p in plan.absent))


def _vehicle_name(vehicle: Vehicle) -> str:
    return f"{vehicle.id} — {vehicle.label}" if vehicle.label else vehicle.id


def _accompanier(vehicle: Vehicle) -> tuple[str, str]:
    if vehicle.accompanier is None:
        return ("(à désigner)", "")
    return (vehicle.accompanier.name, vehicle.accompanier.phone)


def _write_headers(ws: Worksheet, row: int, headers: Sequence[tuple[str, float]]) -> None:
    for index, (title, width) in enumerate(headers, start=1):
        cell = set_cell(ws, row, index, title)
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, CENTRED
        ws.column_dimensions[get_column_letter(index)].width = width


# -- one sheet per team ----------------------------------------------------------------------
TIMELINE_HEADERS = (
    ("Date", 12),
    ("Début", 8),
    ("Fin", 8),
    ("Étape", 14),
    ("Lieu", 30),
    ("Adresse", 36),
    ("Précisions", 36),
)


def _write_team(ws: Worksheet, rally: Rally, team: Team, travel: TravelTimes) -> None:
    vehicle = rally.vehicle(team.vehicle)
    name, phone = _accompanier(vehicle)
    set_cell(ws, 1, 1, team.name).font = TITLE_FONT
    ws["A2"] = f"Véhicule : {_vehicle_name(vehicle)} ({vehicle.seats} places)"
    ws["A3"] = f"Accompagnateur : {name}" + (f", tél. {phone}" if phone else "")
    ws["A4"] = "Participants : " + ", ".join(rally.participant(p).full_name for p in team.members)
    _write_headers(ws, 6, TIMELINE_HEADERS)
    row = 7
    for session in rally.visit_sessions:
        title = f"{french.day_long(session.date).capitalize()} ({hhmm(session.start)}-{hhmm(session.end)})"
        set_cell(ws, row, 1, title).font = BOLD
        row += 1
        visits = session_visits(team, session)
        if not visits:
            set_cell(ws, row, 4, "Aucune visite pendant cette session")
            row += 2
            continue
        for step in timeline(rally, session, visits, travel):
            _write_step(ws, row, step)
            row += 1
        row += 1
    ws.freeze_panes = "A7"


def _write_step(ws: Worksheet, row: int, step: Step) -> None:
    end = hhmm(step.end) if step.end is not None else ""
    values = (
        step.date,
        hhmm(step.start),
        end,
        step.what,
        step.place,
        step.address,
        step.detail,
    )
    faint = step.what == "Trajet"
    for index, value in enumerate(values, start=1):
        cell = set_cell(ws, row, index, value)
        cell.alignment = WRAP
        cell.font = TRAVEL_FONT if faint else (BOLD if step.what == "Visite" and index == 5 else Font())


# -- one sheet per company -------------------------------------------------------------------
def _write_company(ws: Worksheet, rally: Rally, plan: Plan, company: Company) -> None:
    set_cell(ws, 1, 1, company.name).font = TITLE_FONT
    ws["A2"] = f"Secteur : {company.sector}" + (f" — {company.address}" if company.address else "")
    ws["A3"] = f"Accueil simultané : {company.capacity} personnes au plus"
    if company.contact is not None:
        ws["A4"] = f"Contact : {_contact(company)}"
    headers = (
        ("Date", 12),
        ("Début", 8),
        ("Fin", 8),
        ("Équipe", 14),
        ("Personnes", 10),
        ("Accompagnateur", 24),
        ("Téléphone accompagnateur", 18),
    )
    _write_headers(ws, 6, headers)
    visits = sorted(
        ((visit, team) for team in plan.teams for visit in team.visits if visit.company == company.id),
        key=lambda pair: (pair[0].date, pair[0].start, pair[1].name),
    )
    if not visits:
        set_cell(ws, 7, 1, "Aucune visite prévue")
    for row, (visit, team) in enumerate(visits, start=7):
        values = (
            visit.date,
            hhmm(visit.start),
            hhmm(visit.end),
            team.name,
            len(team.members) + 1,  # the accompanier comes in too
            *_accompanier(rally.vehicle(team.vehicle)),
        )
        for index, value in enumerate(values, start=1):
            set_cell(ws, row, index, value)
    ws.freeze_panes = "A7"
