"""Changes that touch several rows at once, kept out of the views.

Measured travel times (``TravelTime``) name companies by their identifier: when a company's
identifier changes or the company is deleted, its travel times follow, so the rally stays
valid for the planner.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F, Q

from rallye.domain import french
from rallye.history.models import Action
from rallye.history.services import display, record
from rallye.rallies.models import Company, Participant, Rally, SessionKind, TravelTime, Vehicle


def rename_company(company: Company, old_code: str) -> None:
    """Point the travel times of ``old_code`` to the company's new identifier."""
    if old_code == company.code:
        return
    times = TravelTime.objects.filter(rally=company.rally)
    times.filter(origin=old_code).update(origin=company.code)
    times.filter(destination=old_code).update(destination=company.code)


@transaction.atomic
def delete_company(company: Company) -> None:
    """Delete the company, its availability windows and the travel times that name it."""
    TravelTime.objects.filter(rally=company.rally).filter(Q(origin=company.code) | Q(destination=company.code)).delete()
    company.delete()


def window_lines(company: Company) -> list[str]:
    """The company's availability windows as the history shows them, one line each."""
    return [
        f"{display(w.date)}, {display(w.start)}-{display(w.end)}"
        for w in company.availabilities.order_by("date", "start")
    ]


def session_line(kind: str, date: Any, start: Any, end: Any, lunch_start: Any = None, lunch_end: Any = None) -> str:
    """« Visites d'entreprises, 7 décembre 2026, 09:00-17:30 (déjeuner 12:15-13:30) »."""
    line = f"{SessionKind(kind).label}, {display(date)}, {display(start)}-{display(end)}"
    if lunch_start and lunch_end:
        line += f" (déjeuner {display(lunch_start)}-{display(lunch_end)})"
    return line


def programme_lines(rally: Rally) -> list[str]:
    """The rally's programme as stored, one line per session."""
    return [
        session_line(s.kind, s.date, s.start, s.end, s.lunch_start, s.lunch_end)
        for s in rally.sessions.order_by("date", "start")
    ]


@transaction.atomic
def record_import(rally: Rally, user: Any, file_name: str, *, created: bool) -> None:
    """After a file filled or replaced the rally: one history entry with what it holds, and every
    form opened before it is stale (its save would bring back what the file replaced)."""
    Rally.objects.filter(pk=rally.pk).update(revision=F("revision") + 1)
    for model in (Company, Participant, Vehicle):
        model.objects.filter(rally=rally).update(revision=F("revision") + 1)
    counts = ", ".join(
        [
            french.count(rally.sessions.count(), "session"),
            french.count(rally.companies.count(), "entreprise"),
            french.count(rally.participants.count(), "participant"),
            french.count(rally.vehicles.count(), "véhicule"),
        ]
    )
    what = "rallye créé" if created else "tout le contenu du rallye remplacé"
    record(rally, user, Action.IMPORTED, rally, summary=f"{file_name} : {what} ({counts})")
