"""The retro-planning as files: an ICS calendar (one all-day event per task, for a calendar
program or the staff's private feed) and an XLSX workbook (the tasks, then the tips)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import IO

import icalendar
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from rallye.domain import french
from rallye.retroplanning.schedule import Task
from rallye.retroplanning.tips import Triggered

PRODID = "-//Rallye pour l'emploi//Rétroplanning//FR"


def task_uid(task: Task, rally_uid: str) -> str:
    """A stable identifier, so that a calendar updates an event instead of adding another."""
    return f"{rally_uid}-{task.id if task.id is not None else task.key or task.title}@rallye"


def task_summary(task: Task) -> str:
    mark = "Jalon : " if task.milestone else ""
    done = " (fait)" if task.done else ""
    return f"{mark}{task.title}{done}"


def task_text(task: Task, triggered: Sequence[Triggered] = ()) -> str:
    """The event's description: the phase, what the task is about, who does it, its tips."""
    lines = [f"Phase {task.phase.number} : {task.phase.label}"]
    if task.description:
        lines.append(task.description)
    if task.assignee:
        lines.append(f"Responsable : {task.assignee}")
    if task.fixed_date:
        lines.append("Date fixe (réservation) : elle ne bouge pas avec le rallye.")
    for tip in triggered:
        if tip.key in task.tips:
            lines.append(f"Conseil — {tip.tip.title} : {tip.detail}. {tip.tip.todo}")
    return "\n".join(lines)


def calendar_ics(
    tasks: Sequence[Task],
    *,
    name: str,
    rally_uid: str,
    stamp: dt.datetime,
    triggered: Sequence[Triggered] = (),
) -> bytes:
    """The tasks as an iCalendar file: one all-day event per task, on its due date."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"Rétroplanning — {name}")
    for task in tasks:
        event = icalendar.Event()
        event.add("uid", task_uid(task, rally_uid))
        event.add("dtstamp", stamp)
        event.add("dtstart", task.due)
        event.add("dtend", task.due + dt.timedelta(days=1))
        event.add("summary", task_summary(task))
        event.add("description", task_text(task, triggered))
        event.add("categories", [task.phase.label])
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    ics: bytes = calendar.to_ical()
    return ics


HEADERS = ("Date", "Jour", "Par rapport au rallye", "Phase", "Tâche", "Jalon", "Date fixe", "Fait", "Responsable")
WIDTHS = (12, 22, 22, 44, 60, 8, 10, 8, 24)


def relative_day(due: dt.date, first_day: dt.date) -> str:
    """« J-21 », « J », « J+3 »."""
    days = (due - first_day).days
    return "J" if days == 0 else f"J{days:+d}"


def write_xlsx(
    tasks: Sequence[Task], path: Path | IO[bytes], *, name: str, first_day: dt.date, triggered: Sequence[Triggered] = ()
) -> None:
    """The workbook: « Rétroplanning » (one row per task, in date order) and « Conseils »."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Rétroplanning"
    sheet.append([f"Rétroplanning — {name} (premier jour : {french.day_long(first_day)})"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(list(HEADERS))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for task in tasks:
        sheet.append(
            [
                task.due,
                french.day_long(task.due),
                relative_day(task.due, first_day),
                f"{task.phase.number}. {task.phase.label}",
                task.title,
                "oui" if task.milestone else "",
                "oui" if task.fixed_date else "",
                "oui" if task.done else "",
                task.assignee,
            ]
        )
        sheet.cell(row=sheet.max_row, column=1).number_format = "DD/MM/YYYY"
    for index, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A3"

    advice = book.create_sheet("Conseils")
    advice.append(["Conseil", "Ce que montrent les données du rallye", "Pourquoi", "Que faire", "Tâches concernées"])
    for cell in advice[1]:
        cell.font = Font(bold=True)
    for tip in triggered:
        concerned = "; ".join(task.title for task in tasks if tip.key in task.tips)
        advice.append([tip.tip.title, tip.detail, tip.tip.why, tip.tip.todo, concerned])
    if not triggered:
        advice.append(["Aucun conseil déclenché par les données du rallye."])
    for index, width in enumerate((34, 50, 60, 60, 50)):
        advice.column_dimensions[chr(ord("A") + index)].width = width
    for row in advice.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    book.save(path)
