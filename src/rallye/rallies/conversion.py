"""Rallies in the database ↔ the domain's ``Rally``, both ways, through the rally content.

To the domain, a rally is written as ``rallye/1`` content and checked by the same validator as
files (``rallye.formats.rally_input``), so a rally entered in forms is held to the same rules.
From the domain (an imported workbook or ``rally.json``), everything is replaced in one
transaction: an import is all or nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction

from rallye.domain import rally as domain
from rallye.domain.statuses import StatusCategory
from rallye.formats.problems import InvalidInput, Locator, Path
from rallye.formats.rally_input import FORMAT, validate_rally
from rallye.organisations.models import Structure
from rallye.rallies.changes import data_changed

if TYPE_CHECKING:
    from rallye.formats.rally_xlsx import PersonDetails
from rallye.rallies.models import (
    Availability,
    Company,
    Participant,
    Rally,
    Session,
    TravelTime,
    Vehicle,
)


def _time(value: dt.time | None) -> str | None:
    return value.strftime("%H:%M") if value is not None else None


def _clock(minutes: int) -> dt.time:
    return dt.time(minutes // 60, minutes % 60)


def to_content(rally: Rally) -> dict[str, Any]:
    """The rally as ``rally.json`` content."""
    header: dict[str, Any] = {
        "name": rally.name,
        "organiser": rally.organiser or rally.structure.name,
        "base": {"name": rally.base_name, "address": rally.base_address, "lat": rally.base_lat, "lon": rally.base_lon},
        "schedule": [
            {
                "kind": s.kind,
                "date": s.date.isoformat(),
                "start": _time(s.start),
                "end": _time(s.end),
                **(
                    {"lunch": {"start": _time(s.lunch_start), "end": _time(s.lunch_end)}}
                    if s.lunch_start and s.lunch_end
                    else {}
                ),
            }
            for s in rally.sessions.all()
        ],
        "visit_minutes": rally.visit_minutes,
        "visits_per_team": {"min": rally.visits_min, "max": rally.visits_max},
        "travel": {"speed_kmh": rally.speed_kmh, "detour": rally.detour, "min_minutes": rally.min_travel_minutes},
    }
    if rally.logo:
        header["logo"] = rally.logo.name
    travel: dict[str, dict[str, int]] = {}
    for t in rally.travel_times.all():
        travel.setdefault(t.origin, {})[t.destination] = t.minutes
    return {
        "format": FORMAT,
        "rally": header,
        "companies": [_company(c) for c in _companies(rally)],
        "participants": [_participant(p) for p in rally.participants.all()],
        "vehicles": [
            {
                "id": v.code,
                "seats": v.seats,
                **({"label": v.label} if v.label else {}),
                **(
                    {"accompanier": {"name": v.accompanier_name, "phone": v.accompanier_phone}}
                    if v.accompanier_name
                    else {}
                ),
            }
            for v in rally.vehicles.all()
        ],
        **({"travel_minutes": travel} if travel else {}),
    }


def _companies(rally: Rally) -> Iterable[Company]:
    """The companies with their availabilities; those the caller prefetched when it did (the
    evaluation reads many rallies at once)."""
    if "companies" in getattr(rally, "_prefetched_objects_cache", {}):
        return rally.companies.all()
    return rally.companies.prefetch_related("availabilities")


def _company(c: Company) -> dict[str, Any]:
    content: dict[str, Any] = {
        "id": c.code,
        "name": c.name,
        "sector": c.sector,
        "address": c.address,
        **({"lat": c.lat, "lon": c.lon} if c.lat is not None and c.lon is not None else {}),
        "capacity": c.capacity,
        "hiring": c.hiring,
        "availability": [
            {"date": a.date.isoformat(), "start": _time(a.start), "end": _time(a.end)} for a in c.availabilities.all()
        ],
    }
    if c.visit_minutes is not None:
        content["visit_minutes"] = c.visit_minutes
    if c.max_visits is not None:
        content["max_visits"] = c.max_visits
    if c.contact_name or c.contact_phone or c.contact_email:
        content["contact"] = {"name": c.contact_name, "phone": c.contact_phone, "email": c.contact_email}
    return content


def _participant(p: Participant) -> dict[str, Any]:
    return {
        "id": p.code,
        "first_name": p.first_name,
        "last_name": p.last_name,
        "gender": p.gender,
        "birth_year": p.birth_year,
        "diploma_level": p.diploma_level,
        "background_sector": p.background_sector or None,
        "status": p.status_text or None,
        "prescriber": p.prescriber or None,
        "present": p.present,
    }


def to_domain(rally: Rally) -> domain.Rally:
    """The rally for the planner; :class:`~rallye.formats.problems.InvalidInput` says what to fix,
    in the words of the rally's pages (:func:`form_locator`). Each call converts and validates
    anew: pages read :func:`domain_rally` (or ``rallye.plans.reading``), which does it once."""
    content = to_content(rally)
    return validate_rally(content, form_locator(rally, content))


_DOMAIN = "_rallye_domain"
_CONTENT = "_rallye_content"


def rally_content(rally: Rally) -> dict[str, Any]:
    """:func:`to_content`, once per ``Rally`` instance (what a page reads to tell whether the
    rally changed, e.g. the fingerprint of its documents archive). Treat it as read-only."""
    found = rally.__dict__.get(_CONTENT)
    if found is None:
        found = rally.__dict__[_CONTENT] = to_content(rally)
    return cast(dict[str, Any], found)


def domain_rally(rally: Rally) -> domain.Rally:
    """:func:`to_domain`, once per ``Rally`` instance (a view loads its own instance per request,
    so a request converts and validates its rally once, however many parts of the page read it)."""
    found = rally.__dict__.get(_DOMAIN)
    if found is None:
        try:
            content = rally_content(rally)
            found = validate_rally(content, form_locator(rally, content))
        except InvalidInput as invalid:
            found = invalid
        rally.__dict__[_DOMAIN] = found
    if isinstance(found, InvalidInput):
        raise found
    return found


def forget(rally: Rally) -> None:
    """Drop what was read from this instance (after its data changed in the same request)."""
    for key in [key for key in rally.__dict__ if key.startswith("_rallye_")]:
        del rally.__dict__[key]


_SECTIONS: dict[str, tuple[type[models.Model], str]] = {
    "companies": (Company, "Entreprise"),
    "participants": (Participant, "Participant"),
    "vehicles": (Vehicle, "Véhicule"),
}
_FIELD_NAMES = {
    "id": "code",
    "visits_per_team_min": "visits_min",
    "visits_per_team_max": "visits_max",
    "travel_speed_kmh": "speed_kmh",
    "travel_detour": "detour",
    "travel_min_minutes": "min_travel_minutes",
}
"""Content keys (joined by ``_``) whose form field has another name."""


def _label(model: type[models.Model], keys: list[str | int]) -> str:
    """The field's label in the forms (the model's verbose name), from its content keys."""
    name = "_".join(str(key) for key in keys)
    try:
        field = model._meta.get_field(_FIELD_NAMES.get(name, name))
    except FieldDoesNotExist:
        return ""
    return str(getattr(field, "verbose_name", ""))


def _item(content: dict[str, Any], section: str, index: int) -> dict[str, Any]:
    items = content.get(section)
    item = items[index] if isinstance(items, list) and 0 <= index < len(items) else None
    return item if isinstance(item, dict) else {}


def _who(section: str, item: dict[str, Any], index: int) -> str:
    """Someone or something of the rally as its page lists it: « Participant Marie D. (P04) »."""
    code = item.get("id") or f"n° {index + 1}"
    if section == "participants":
        initial = f" {str(item['last_name'])[:1]}." if item.get("last_name") else ""
        name = f"{item.get('first_name') or ''}{initial}".strip()
        return f"Participant {name} ({code})" if name else f"Participant {code}"
    if section == "companies" and item.get("name"):
        return f"Entreprise « {item['name']} » ({code})"
    return f"{_SECTIONS[section][1]} {code}"


def form_locator(rally: Rally, content: dict[str, Any]) -> Locator:
    """Turns a content path (``participants[3].birth_year``) into the words of the rally's pages
    (« Participant Marie D. (P04), année de naissance »), never a JSON path."""

    def locate(path: Path) -> str:
        parts = list(path)
        if not parts:
            return f"Rallye « {rally.name} »"
        head, rest = parts[0], parts[1:]
        if head == "rally":
            if rest[:1] == ["schedule"]:
                where = "Programme"
                if len(rest) > 1 and isinstance(rest[1], int):
                    where += f", session n° {rest[1] + 1}"
                label = _label(Session, rest[2:])
                return f"{where}, {label}" if label else where
            label = _label(Rally, rest)
            return f"Réglages du rallye, {label}" if label else "Réglages du rallye"
        if head == "travel_minutes":
            ends = " → ".join(str(part) for part in rest)
            return f"Temps de trajet {ends}" if ends else "Temps de trajet"
        if head in _SECTIONS:
            model = _SECTIONS[str(head)][0]
            if not rest or not isinstance(rest[0], int):
                return f"{model._meta.verbose_name_plural}".capitalize()
            where = _who(str(head), _item(content, str(head), rest[0]), rest[0])
            if rest[1:2] == ["availability"]:
                slot = f", disponibilité n° {rest[2] + 1}" if len(rest) > 2 and isinstance(rest[2], int) else ""
                label = _label(Availability, rest[3:])
                return f"{where}{slot}" + (f", {label}" if label else "")
            label = _label(model, rest[1:])
            return f"{where}, {label}" if label else where
        return f"Rallye « {rally.name} »"

    return locate


@transaction.atomic
def save_domain_rally(
    structure: Structure,
    data: domain.Rally,
    rally: Rally | None = None,
    people: Mapping[str, PersonDetails] | None = None,
) -> Rally:
    """Create a rally from domain data, or replace everything a rally holds (all or nothing).

    People and companies whose identifier stays the same are updated in place: the fields that
    files do not carry (participants' phones, e-mails, RSA, consent; SIRET) and their evaluation
    (questionnaires, follow-up) are kept, and so is the anonymous name of an erased person.
    ``people`` (a workbook's « Participants » columns beyond the rally content) sets them where
    the workbook's cell is filled."""
    if rally is not None:
        forget(rally)
    kept_people = {p.code: p for p in rally.participants.all()} if rally else {}
    kept_companies = {c.code: c for c in rally.companies.all()} if rally else {}
    if rally is None:
        rally = Rally(structure=structure)
    rally.name, rally.organiser = data.name, data.organiser
    rally.base_name, rally.base_address = data.base.name, data.base.address
    rally.base_lat, rally.base_lon = data.base.lat, data.base.lon
    rally.visit_minutes = data.visit_minutes
    rally.visits_min, rally.visits_max = data.visits_per_team.min, data.visits_per_team.max
    rally.speed_kmh, rally.detour = data.travel.speed_kmh, data.travel.detour
    rally.min_travel_minutes = data.travel.min_minutes
    rally.logo = data.logo or ""
    rally.save()
    for related in (rally.sessions, rally.vehicles, rally.travel_times):
        related.all().delete()
    # Companies and participants whose identifier stays keep their row, and with it what hangs on
    # it (questionnaires, six-month follow-up): a workbook imported again loses no evaluation.
    rally.companies.exclude(code__in=[c.id for c in data.companies]).delete()
    rally.participants.exclude(code__in=[p.id for p in data.participants]).delete()
    Session.objects.bulk_create(
        Session(
            rally=rally,
            kind=s.kind.value,
            date=s.date,
            start=_clock(s.start),
            end=_clock(s.end),
            lunch_start=_clock(s.lunch[0]) if s.lunch else None,
            lunch_end=_clock(s.lunch[1]) if s.lunch else None,
        )
        for s in data.schedule
    )
    for c in data.companies:
        company = kept_companies.get(c.id) or Company(rally=rally, code=c.id)
        company.name, company.sector, company.address = c.name, c.sector, c.address
        company.lat, company.lon, company.capacity, company.hiring = c.lat, c.lon, c.capacity, c.hiring
        company.visit_minutes, company.max_visits = c.visit_minutes, c.max_visits
        company.contact_name = c.contact.name if c.contact else ""
        company.contact_phone = c.contact.phone if c.contact else ""
        company.contact_email = c.contact.email if c.contact else ""
        company.save()
        Availability.objects.filter(company=company).delete()
        Availability.objects.bulk_create(
            Availability(company=company, date=w.date, start=_clock(w.start), end=_clock(w.end)) for w in c.availability
        )
    for p in data.participants:
        person = kept_people.get(p.id) or Participant(rally=rally, code=p.id)
        if person.anonymised_at is None:  # an erased person's identity never comes back
            person.first_name, person.last_name = p.first_name, p.last_name
        person.gender, person.birth_year, person.diploma_level = p.gender.value, p.birth_year, p.diploma_level
        person.background_sector = p.background_sector or ""
        person.set_status(p.status)
        person.prescriber = p.prescriber or ""
        person.present = p.present
        details = (people or {}).get(p.id)
        if details is not None:
            _set_details(person, details)
        person.save()
    Vehicle.objects.bulk_create(
        Vehicle(
            rally=rally,
            code=v.id,
            seats=v.seats,
            label=v.label,
            accompanier_name=v.accompanier.name if v.accompanier else "",
            accompanier_phone=v.accompanier.phone if v.accompanier else "",
        )
        for v in data.vehicles
    )
    TravelTime.objects.bulk_create(
        TravelTime(rally=rally, origin=a, destination=b, minutes=m) for (a, b), m in data.travel_minutes.items()
    )
    data_changed([rally.pk])
    return rally


def _set_details(person: Participant, details: PersonDetails) -> None:
    """What a workbook's row says beyond the rally content; an empty cell keeps the value (an
    erased person's contact never comes back)."""
    if details.rsa is not None:
        person.rsa_beneficiary = details.rsa or person.category is StatusCategory.RSA
    if details.consent is not None:
        person.consent = details.consent
    if details.liability is not None:
        person.liability_attested = details.liability
    if person.anonymised_at is None:
        person.phone = details.phone or person.phone
        person.email = details.email or person.email
        person.address = details.address or person.address
