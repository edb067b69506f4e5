"""A company's availability given through its private link: the half-days of the rally's visit
sessions it ticks (or exact windows), how many people it hosts, grouped visits, the visit's
length, the most visits it accepts, hiring and practical information. The answer goes straight
into the rally's company row and its windows (what the planner reads), and into the directory
entry for the practical information; the rally's history records it, and a change made after a
plan was computed is flagged for the organiser to confirm."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from rallye.companies.models import GROUPED_VISIT_WORDS, AvailabilityAnswer
from rallye.domain import charter, french
from rallye.history.models import Action
from rallye.history.services import EMPTY, Change, display, lines_changed, record
from rallye.links.models import PrivateLink, Purpose
from rallye.links.services import current, issue_link
from rallye.plans.versions import current_plan
from rallye.rallies.models import Availability, Company, Session, SessionKind


@dataclass(frozen=True)
class HalfDay:
    key: str
    date: dt.date
    start: dt.time
    end: dt.time

    @property
    def label(self) -> str:
        part = "matin" if self.start.hour * 60 + self.start.minute < charter.AFTERNOON_STARTS else "après-midi"
        return f"{french.day_long(self.date)}, {part} ({_hm(self.start)} – {_hm(self.end)})"


def _hm(moment: dt.time) -> str:
    return f"{moment.hour} h {moment.minute:02d}" if moment.minute else f"{moment.hour} h"


def _minutes(moment: dt.time) -> int:
    return moment.hour * 60 + moment.minute


def _time(minutes: int) -> dt.time:
    return dt.time(minutes // 60, minutes % 60)


def half_days(company: Company) -> list[HalfDay]:
    """The half-days of the rally's visit sessions: split at the lunch break, else at the hour
    the charter counts afternoons from."""
    halves = []
    sessions = Session.objects.filter(rally_id=company.rally_id, kind=SessionKind.VISITS).order_by("date", "start")
    for session in sessions:
        if session.lunch_start and session.lunch_end:
            parts = [(session.start, session.lunch_start), (session.lunch_end, session.end)]
        elif _minutes(session.start) < charter.AFTERNOON_STARTS < _minutes(session.end):
            noon = _time(charter.AFTERNOON_STARTS)
            parts = [(session.start, noon), (noon, session.end)]
        else:
            parts = [(session.start, session.end)]
        for start, end in parts:
            if start < end:
                halves.append(HalfDay(f"{session.date.isoformat()}T{start:%H%M}-{end:%H%M}", session.date, start, end))
    return halves


def link_end(company: Company) -> dt.datetime | None:
    """The link works until the end of the rally's last day (``None`` while it has no session)."""
    last = Session.objects.filter(rally_id=company.rally_id).order_by("-date").values_list("date", flat=True).first()
    if last is None:
        return None
    return timezone.make_aware(dt.datetime.combine(last + dt.timedelta(days=1), dt.time()))


def end_of_purpose(link: PrivateLink) -> dt.datetime | None:
    assert link.company is not None
    return link_end(link.company)


def availability_link(company: Company) -> PrivateLink:
    """The company's current link (revoked ones are not handed out again), else a new one."""
    found = current(company.links.filter(purpose=Purpose.AVAILABILITY, revoked_at=None))
    return found or issue_link(company, Purpose.AVAILABILITY, link_end(company))


@dataclass(frozen=True)
class Answer:
    contact_name: str
    contact_phone: str
    contact_email: str
    windows: list[tuple[dt.date, dt.time, dt.time]]
    capacity: int
    grouped_visits: bool
    visit_minutes: int | None
    max_visits: int | None
    hiring: bool
    parking: str
    entrance: str
    accessibility: str
    safety_shoes: bool


def window_lines(company: Company) -> list[str]:
    return [
        f"{french.date(w.date)} {w.start:%H:%M}-{w.end:%H:%M}"
        for w in Availability.objects.filter(company=company).order_by("date", "start")
    ]


FIELD_LABELS = {
    "contact_name": "contact",
    "contact_phone": "téléphone du contact",
    "contact_email": "e-mail du contact",
    "capacity": "personnes accueillies en même temps",
    "visit_minutes": "durée de visite (min)",
    "max_visits": "visites au plus",
    "hiring": "recrute",
}


def apply_answer(company: Company, answer: Answer) -> AvailabilityAnswer:
    """Write the answer into the rally's company data (and the directory's practical
    information), record it in the rally's history, and keep who answered and what changed."""
    with transaction.atomic():
        before_windows = window_lines(company)
        changes: list[Change] = []
        for name, label in FIELD_LABELS.items():
            old, new = getattr(company, name), getattr(answer, name)
            if display(old) != display(new):
                changes.append({"field": name, "label": label, "before": display(old), "after": display(new)})
                setattr(company, name, new)
        company.save()
        Company.objects.filter(pk=company.pk).update(revision=F("revision") + 1)
        Availability.objects.filter(company=company).delete()
        Availability.objects.bulk_create(
            Availability(company=company, date=day, start=start, end=end) for day, start, end in answer.windows
        )
        changes += lines_changed("Disponibilités", before_windows, window_lines(company))
        entry = company.directory
        if entry is not None:
            practical: dict[str, tuple[str, Any]] = {
                "parking": ("stationnement", answer.parking),
                "entrance": ("entrée, accueil", answer.entrance),
                "accessibility": ("accessibilité du site", answer.accessibility),
                "safety_shoes": ("chaussures de sécurité demandées", answer.safety_shoes),
                "grouped_visits": (f"visites groupées de {GROUPED_VISIT_WORDS} personnes", answer.grouped_visits),
            }
            entry.hiring = answer.hiring
            for name, (label, value) in practical.items():
                old = getattr(entry, name)
                if old != value:
                    changes.append(
                        {"field": name, "label": label, "before": display(old) or EMPTY, "after": display(value)}
                    )
                    setattr(entry, name, value)
            entry.save()
        after_plan = current_plan(company.rally) is not None and bool(changes)
        record(
            company.rally,
            None,
            Action.CHANGED,
            company,
            summary=f"Réponse de l'entreprise par son lien ({answer.contact_name})",
            changes=changes,
        )
        return AvailabilityAnswer.objects.create(
            company=company, answered_by=answer.contact_name[:200], changes=changes, after_plan=after_plan
        )
