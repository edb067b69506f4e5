"""What every document shares: the letterhead (rally name, organiser, logo), French wording of
missing fields, the people of a team and the navigation QR codes."""

from __future__ import annotations

import base64
import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path

import segno

from rallye.domain import french
from rallye.domain.plan import Plan, Team
from rallye.domain.rally import Accompanier, Participant, Rally, Vehicle

MISSING = "non renseigné"
EMERGENCY_NUMBER = "112"
"""The European emergency number: it works from any phone, even without a SIM card."""

_IMAGE_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".svg": "image/svg+xml",
    ".webp": "image/webp",
}


@dataclass(frozen=True)
class Letterhead:
    rally: str
    organiser: str
    logo: str | None
    """The logo as a ``data:`` URI, or ``None``: a missing file never prints a broken image."""
    dates: str


def logo_uri(path: Path | None) -> str | None:
    """The logo file as a data URI; ``None`` when absent, unreadable or not an image we know."""
    if path is None:
        return None
    mime = _IMAGE_TYPES.get(path.suffix.lower())
    if mime is None:
        return None
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if not data:
        return None
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def letterhead(rally: Rally, logo: Path | None) -> Letterhead:
    return Letterhead(rally.name, rally.organiser, logo_uri(logo), rally_dates(rally))


def rally_days(rally: Rally) -> list[dt.date]:
    return sorted({s.date for s in rally.schedule})


def rally_dates(rally: Rally) -> str:
    """``du mardi 16 mars 2027 au vendredi 19 mars 2027``, or ``le mardi 16 mars 2027``."""
    days = rally_days(rally)
    if not days:
        return ""
    if len(days) == 1:
        return f"le {french.day_long(days[0])}"
    return f"du {french.day_long(days[0])} au {french.day_long(days[-1])}"


def or_missing(text: str | None) -> str:
    return text.strip() if text and text.strip() else MISSING


def vehicle_of(rally: Rally, team: Team) -> Vehicle | None:
    return next((v for v in rally.vehicles if v.id == team.vehicle), None)


def accompanier_of(rally: Rally, team: Team) -> Accompanier | None:
    vehicle = vehicle_of(rally, team)
    return vehicle.accompanier if vehicle else None


def members_of(rally: Rally, team: Team) -> list[Participant]:
    people = {p.id: p for p in rally.participants}
    return [people[m] for m in team.members if m in people]


def team_people(plan: Plan) -> list[tuple[Team, str]]:
    """Every (team, participant id) of the plan, in team order."""
    return [(team, member) for team in plan.teams for member in team.members]


def directions_url(lat: float, lon: float) -> str:
    """A link that opens the route to a place on any phone.

    An https link rather than a ``geo:`` URI: the camera of every phone opens it (iOS does not
    handle ``geo:``), and OpenStreetMap needs no account nor any installed application."""
    return f"https://www.openstreetmap.org/directions?to={lat:.5f},{lon:.5f}"


@functools.lru_cache(maxsize=512)
def qr_svg_uri(text: str) -> str:
    """A QR code as an inline SVG data URI (no file, no network). Drawing one takes about 10 ms
    and a page of links shows dozens, seen again at each visit: the latest are kept (a few kB
    each)."""
    return str(segno.make(text, error="m", micro=False).svg_data_uri(scale=4, border=2, title=None))
