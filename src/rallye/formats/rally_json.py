"""Write rally files (format ``rallye/1``): the inverse of ``rally_input.validate_rally``.

``validate_rally(rally_to_content(rally), …) == rally`` for any rally the validator can produce
(texts stripped, schedule in time order, accompaniers named). Optional fields equal to their
default are left out, so a written file reads like one an organiser would type; the rally's
``visit_minutes`` is always written, as it tells the reader how long a visit lasts.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from rallye.domain.clock import hhmm
from rallye.domain.rally import (
    Company,
    Participant,
    Place,
    Rally,
    Session,
    TravelSettings,
    Vehicle,
    VisitsPerTeam,
    Window,
)
from rallye.formats.rally_input import FORMAT


def rally_to_content(rally: Rally) -> dict[str, Any]:
    """The content of ``rally.json`` for ``rally`` (plain dicts and lists, ready for ``json.dumps``)."""
    header: dict[str, Any] = {"name": rally.name}
    if rally.organiser:
        header["organiser"] = rally.organiser
    if rally.logo is not None:
        header["logo"] = rally.logo
    header["base"] = _place(rally.base)
    header["schedule"] = [_session(s) for s in rally.schedule]
    header["visit_minutes"] = rally.visit_minutes
    if rally.visits_per_team != VisitsPerTeam():
        header["visits_per_team"] = {"min": rally.visits_per_team.min, "max": rally.visits_per_team.max}
    if rally.travel != TravelSettings():
        header["travel"] = {
            "speed_kmh": rally.travel.speed_kmh,
            "detour": rally.travel.detour,
            "min_minutes": rally.travel.min_minutes,
        }
    content: dict[str, Any] = {
        "format": FORMAT,
        "rally": header,
        "companies": [_company(c) for c in rally.companies],
        "participants": [_participant(p) for p in rally.participants],
        "vehicles": [_vehicle(v) for v in rally.vehicles],
    }
    if rally.travel_minutes:
        table: dict[str, dict[str, int]] = {}
        for (origin, destination), minutes in rally.travel_minutes.items():
            table.setdefault(origin, {})[destination] = minutes
        content["travel_minutes"] = table
    return content


def dump_rally(rally: Rally) -> str:
    """The text of ``rally.json``: UTF-8 friendly (accents kept), indented, ending with a newline."""
    return json.dumps(rally_to_content(rally), ensure_ascii=False, indent=2) + "\n"


def _place(place: Place) -> dict[str, Any]:
    content: dict[str, Any] = {"name": place.name}
    if place.address:
        content["address"] = place.address
    content.update(lat=place.lat, lon=place.lon)
    return content


def _session(session: Session) -> dict[str, Any]:
    content: dict[str, Any] = {
        "kind": session.kind.value,
        "date": session.date.isoformat(),
        "start": hhmm(session.start),
        "end": hhmm(session.end),
    }
    if session.lunch is not None:
        content["lunch"] = {"start": hhmm(session.lunch[0]), "end": hhmm(session.lunch[1])}
    return content


def _windows(windows: Iterable[Window]) -> list[dict[str, str]]:
    return [{"date": w.date.isoformat(), "start": hhmm(w.start), "end": hhmm(w.end)} for w in windows]


def _company(company: Company) -> dict[str, Any]:
    content: dict[str, Any] = {"id": company.id, "name": company.name, "sector": company.sector}
    if company.address:
        content["address"] = company.address
    content.update(lat=company.lat, lon=company.lon, capacity=company.capacity)
    if company.hiring:
        content["hiring"] = True
    if company.visit_minutes is not None:
        content["visit_minutes"] = company.visit_minutes
    if company.max_visits is not None:
        content["max_visits"] = company.max_visits
    if company.availability:
        content["availability"] = _windows(company.availability)
    if company.contact is not None:
        contact = company.contact
        fields = {"name": contact.name, "phone": contact.phone, "email": contact.email}
        content["contact"] = {key: value for key, value in fields.items() if value}
    return content


def _participant(participant: Participant) -> dict[str, Any]:
    content: dict[str, Any] = {
        "id": participant.id,
        "first_name": participant.first_name,
        "last_name": participant.last_name,
        "gender": participant.gender.value,
        "birth_year": participant.birth_year,
    }
    optional = {
        "diploma_level": participant.diploma_level,
        "background_sector": participant.background_sector,
        "status": participant.status,
        "prescriber": participant.prescriber,
    }
    content.update({key: value for key, value in optional.items() if value not in (None, "")})
    if not participant.present:
        content["present"] = False
    return content


def _vehicle(vehicle: Vehicle) -> dict[str, Any]:
    content: dict[str, Any] = {"id": vehicle.id, "seats": vehicle.seats}
    if vehicle.label:
        content["label"] = vehicle.label
    if vehicle.accompanier is not None:
        accompanier: dict[str, str] = {"name": vehicle.accompanier.name}
        if vehicle.accompanier.phone:
            accompanier["phone"] = vehicle.accompanier.phone
        content["accompanier"] = accompanier
    return content
