"""The team's day and what the accompanier enters on it.

- The team's private link (purpose ``team``, target its vehicle): one per vehicle, handed out
  again until staff replace it (the old one is then deactivated), valid until the end of the
  rally's last day.
- The team's day: its visits in the current plan, each with what was entered (arrival,
  departure, the challenge's result and score, a photo); the day with the next visit on top.
- An entry from the phone (:func:`record_entry`) carries a key the phone made: a key already
  received changes nothing (a retry after a lost connection counts once), and a second arrival
  at the same company keeps the first one.
- Lateness: a team that reaches a company :data:`LATE_MINUTES` or more after the planned time,
  or has not reached it that long after, is late (flagged on the organiser's live view)."""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from rallye import phones
from rallye.documents.common import directions_url
from rallye.domain import french
from rallye.domain.changes import PlanChanges, changes_from_dict
from rallye.domain.clock import hhmm
from rallye.domain.plan import Plan, Team, Visit
from rallye.domain.rally import Company as DomainCompany
from rallye.domain.rally import Rally as DomainRally
from rallye.field.challenges import ResultRefused, VisitChallenge, count_result, score_max, visit_challenges
from rallye.field.models import DaySettings, EntryKind, FieldEntry, VisitMade
from rallye.history.models import Action, ObjectKind
from rallye.history.services import record
from rallye.links.models import PrivateLink, Purpose
from rallye.links.services import current, issue_link, issue_links, link_url, revoke
from rallye.plans.reading import planned_rally
from rallye.rallies.models import Company, Rally, Session, Vehicle
from rallye.web.absolute import NoBaseUrl
from rallye.wording import changes_lines

logger = logging.getLogger("rallye.field")

LATE_MINUTES = 15
"""From this delay on, a team is flagged late to the organiser."""
PHOTO_MAX_BYTES = 8 * 1024 * 1024
"""The largest photo a phone may send (a phone's full-size photo is 2 to 6 Mo)."""
PHOTO_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
KEY_SHAPE = re.compile(r"[A-Za-z0-9_-]{8,64}")
"""What an entry's key may look like (the phone makes a random UUID)."""
CLOCK_AHEAD = dt.timedelta(minutes=5)
"""How far ahead of the server a phone's clock may be before its times are refused."""
OFFLINE_AT_MOST = dt.timedelta(hours=18)
"""How long an entry may have waited on a phone without network: an older time is a phone's clock
set wrong, not the day's."""


class EntryRefused(ValueError):
    """What is wrong with an entry, in French: nothing was changed."""


# --- The team's link -------------------------------------------------------------------------


def link_end(rally_id: int) -> dt.datetime | None:
    """The link works until the end of the rally's last day (``None`` while it has no session)."""
    last = Session.objects.filter(rally_id=rally_id).order_by("-date").values_list("date", flat=True).first()
    if last is None:
        return None
    return timezone.make_aware(dt.datetime.combine(last + dt.timedelta(days=1), dt.time()))


def end_of_purpose(link: PrivateLink) -> dt.datetime | None:
    assert link.vehicle is not None
    return link_end(link.vehicle.rally_id)


def team_link(vehicle: Vehicle) -> PrivateLink:
    """The vehicle's current link (a deactivated one is not handed out again), else a new one."""
    found = current(PrivateLink.objects.filter(vehicle=vehicle, purpose=Purpose.TEAM, revoked_at=None))
    return found or issue_link(vehicle, Purpose.TEAM, link_end(vehicle.rally_id))


def replace_team_link(vehicle: Vehicle, user: Any) -> PrivateLink:
    """Deactivate the vehicle's link (lost phone, accompanier replaced) and make a new one."""
    with transaction.atomic():
        for old in PrivateLink.objects.filter(vehicle=vehicle, purpose=Purpose.TEAM, revoked_at=None):
            revoke(old, user)
        link = issue_link(vehicle, Purpose.TEAM, link_end(vehicle.rally_id))
        record(
            vehicle.rally, user, Action.CHANGED, vehicle, summary="lien du jour J remplacé (l'ancien ne s'ouvre plus)"
        )
    return link


def planned_vehicles(rally: Rally) -> list[Vehicle]:
    """The vehicles of the current plan's teams, in the plan's order of teams."""
    plan = planned_rally(rally).plan
    if plan is None:
        return []
    by_code = {v.code: v for v in rally.vehicles.all()}
    return [by_code[team.vehicle] for team in plan.teams if team.vehicle in by_code]


def team_links(rally: Rally) -> dict[str, PrivateLink]:
    """Vehicle code → the team's link, for every team of the current plan (made when missing),
    in a fixed number of queries."""
    vehicles = planned_vehicles(rally)
    found: dict[int, PrivateLink] = {}
    for link in PrivateLink.objects.filter(vehicle__in=vehicles, purpose=Purpose.TEAM, revoked_at=None).order_by(
        "created_at", "pk"
    ):
        if link.vehicle_id is not None:
            found[link.vehicle_id] = link  # the newest last
    missing = [vehicle for vehicle in vehicles if vehicle.pk not in found]
    if missing:
        found |= {link.vehicle_id: link for link in issue_links(missing, Purpose.TEAM, link_end(rally.pk))}  # type: ignore[misc]
    return {vehicle.code: found[vehicle.pk] for vehicle in vehicles}


def team_link_urls(rally: Rally, request: HttpRequest | None = None) -> dict[str, str]:
    """Vehicle code → the address of its team's page, for the roadbooks' QR codes; empty when no
    full address can be made (no request and no ``RALLYE_BASE_URL``)."""
    links = team_links(rally)
    try:
        return {code: link_url(link, request) for code, link in links.items()}
    except NoBaseUrl:
        return {}


# --- The team's day --------------------------------------------------------------------------


def local_minutes(moment: dt.datetime) -> tuple[dt.date, int]:
    local = timezone.localtime(moment)
    return local.date(), local.hour * 60 + local.minute


def clock_fr(moment: dt.datetime) -> str:
    return hhmm(local_minutes(moment)[1])


@dataclass(frozen=True)
class Stop:
    """A visit of the team's plan and what was entered about it."""

    visit: Visit
    company: DomainCompany
    made: VisitMade | None
    challenge: VisitChallenge | None

    @property
    def key(self) -> str:
        return self.company.id

    @property
    def arrived(self) -> bool:
        return self.made is not None and self.made.arrived_at is not None

    @property
    def left(self) -> bool:
        return self.made is not None and self.made.left_at is not None

    @property
    def delay(self) -> int | None:
        """Minutes between the planned arrival and the actual one (negative: early)."""
        if self.made is None or self.made.arrived_at is None:
            return None
        day, minutes = local_minutes(self.made.arrived_at)
        return minutes - self.visit.start + (day - self.visit.date).days * 24 * 60

    @property
    def late(self) -> bool:
        return self.delay is not None and self.delay >= LATE_MINUTES

    @property
    def route_url(self) -> str:
        return directions_url(self.company.lat, self.company.lon)

    @property
    def contact_tel(self) -> str:
        """The ``tel:`` link of the company's contact, « » without a number."""
        contact = self.company.contact
        return (phones.tel_uri(contact.phone) or "") if contact is not None and contact.phone else ""

    @property
    def contact_name(self) -> str:
        contact = self.company.contact
        return contact.name if contact is not None and contact.name else "l'entreprise"

    @property
    def score_max(self) -> int:
        return score_max(self.challenge)

    @property
    def wants_photo(self) -> bool:
        return self.challenge is None or self.challenge.wants_photo

    @property
    def arrival_words(self) -> str:
        """« arrivée à 09:12 (prévue 09:00, 12 min de retard) »."""
        if self.made is None or self.made.arrived_at is None:
            return ""
        delay = self.delay or 0
        gap = f", {delay} min de retard" if delay > 0 else (f", {-delay} min d'avance" if delay < 0 else ", à l'heure")
        return f"arrivée à {clock_fr(self.made.arrived_at)} (prévue {hhmm(self.visit.start)}{gap})"

    @property
    def departure_words(self) -> str:
        if self.made is None or self.made.left_at is None:
            return ""
        return f"départ à {clock_fr(self.made.left_at)} (prévu {hhmm(self.visit.end)})"


@dataclass(frozen=True)
class Day:
    date: dt.date
    stops: list[Stop]

    @property
    def label(self) -> str:
        return french.day_long(self.date).capitalize()


@dataclass(frozen=True)
class TeamDay:
    rally: Rally
    vehicle: Vehicle
    team: Team
    data: DomainRally
    days: list[Day]
    """The day with the next visit first, then the others in order."""
    next_stop: Stop | None
    changes: list[str] = field(default_factory=list)
    """What the last re-plan changed for this team, in words."""
    version: int | None = None

    @property
    def members(self) -> list[str]:
        return [self.data.participant(m).full_name for m in self.team.members if m in self._people]

    @property
    def _people(self) -> set[str]:
        return {p.id for p in self.data.participants}

    @property
    def stops(self) -> list[Stop]:
        return [stop for day in self.days for stop in day.stops]


def team_day(rally: Rally, vehicle: Vehicle, today: dt.date | None = None) -> TeamDay | None:
    """The team of ``vehicle`` in the current plan and its visits; ``None`` without a plan or
    when the vehicle carries no team."""
    planned = planned_rally(rally)
    plan, data = planned.plan, planned.rally
    if plan is None or data is None:
        return None
    team = next((t for t in plan.teams if t.vehicle == vehicle.code), None)
    if team is None:
        return None
    made = {m.company.code: m for m in VisitMade.objects.filter(vehicle=vehicle).select_related("company")}
    challenges = visit_challenges(rally)
    companies = {c.id: c for c in (planned.entered or data).companies}
    visits = list(team.visits)
    planned_companies = {v.company for v in visits}
    # A visit made stays on the team's day even when a later plan dropped it (its company withdrew
    # for the rest of the rally): nothing of the day is lost.
    visits += [
        Visit(code, m.date, m.planned_start, m.planned_end)
        for code, m in made.items()
        if code not in planned_companies and m.arrived_at is not None
    ]
    stops = [
        Stop(visit, companies[visit.company], made.get(visit.company), challenges.get((vehicle.code, visit.company)))
        for visit in sorted(visits, key=lambda v: (v.date, v.start))
        if visit.company in companies
    ]
    today = today or timezone.localdate()
    upcoming = [s for s in stops if not s.left and s.visit.date >= today]
    next_stop = upcoming[0] if upcoming else None
    dates = sorted({s.visit.date for s in stops})
    if next_stop is not None:
        dates.remove(next_stop.visit.date)
        dates.insert(0, next_stop.visit.date)
    days = [Day(day, [s for s in stops if s.visit.date == day]) for day in dates]
    changes = _team_changes(planned.entered or data, plan, team)
    version = planned.version.number if planned.version is not None else None
    return TeamDay(rally, vehicle, team, data, days, next_stop, changes, version)


def _team_changes(data: DomainRally, plan: Plan, team: Team) -> list[str]:
    """What the last re-plan changed for ``team`` (its moves, visits cancelled, added, moved)."""
    if not plan.changes:
        return []
    every = changes_from_dict(plan.changes)
    own = PlanChanges(
        moves=tuple(m for m in every.moves if team.id in (m.from_team, m.to_team)),
        removed_visits=tuple(v for v in every.removed_visits if v.team == team.id),
        added_visits=tuple(v for v in every.added_visits if v.team == team.id),
        retimed_visits=tuple(r for r in every.retimed_visits if r.team == team.id),
        new_teams=tuple(t for t in every.new_teams if t == team.id),
    )
    return changes_lines(data, own, {t.id: t.name for t in plan.teams})


def organiser_contact(rally: Rally) -> DaySettings | None:
    return DaySettings.objects.filter(rally=rally).first()


# --- What the phone sends --------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    key: str
    kind: EntryKind
    company: str
    """The company's code."""
    at: dt.datetime
    """When the accompanier entered it (the phone's clock)."""
    result: str = ""
    score: int | None = None


def record_entry(
    rally: Rally, vehicle: Vehicle, entry: Entry, *, now: dt.datetime | None = None, photo: UploadedFile | None = None
) -> bool:
    """Apply one entry of the team's phone; ``False`` when its key was already received (nothing
    changes). Raises :class:`EntryRefused` with what to do when the entry cannot be taken."""
    now = now or timezone.now()
    if not KEY_SHAPE.fullmatch(entry.key):
        raise EntryRefused("Cette saisie n'a pas de clé valable : rechargez la page, puis saisissez-la de nouveau.")
    if FieldEntry.objects.filter(rally=rally, key=entry.key).exists():
        return False
    if entry.at > now + CLOCK_AHEAD:
        raise EntryRefused(
            "L'heure du téléphone est en avance sur l'heure réelle : réglez l'heure du téléphone, "
            "puis saisissez de nouveau."
        )
    if entry.at < now - OFFLINE_AT_MOST:
        raise EntryRefused(
            "L'heure du téléphone est en retard sur l'heure réelle (la saisie daterait d'hier) : "
            "réglez l'heure du téléphone, puis saisissez de nouveau."
        )
    day = team_day(rally, vehicle)
    if day is None:
        raise EntryRefused("Votre équipe ne fait pas partie du planning en vigueur : appelez l'organisateur.")
    stop = next((s for s in day.stops if s.company.id == entry.company), None)
    if stop is None:
        raise EntryRefused(
            "Cette entreprise n'est plus au programme de votre équipe (le planning a changé) : rechargez la page."
        )
    if entry.kind is EntryKind.CHALLENGE and entry.score is not None and not 0 <= entry.score <= stop.score_max:
        raise EntryRefused(f"Les points du défi vont de 0 à {stop.score_max} : corrigez le nombre de points.")
    if entry.kind is EntryKind.PHOTO:
        if photo is None:
            raise EntryRefused("Aucune photo n'a été choisie : prenez ou choisissez une photo, puis envoyez-la.")
        extension = check_photo(photo)
    try:
        with transaction.atomic():
            made = _visit_made(rally, vehicle, day, stop)
            summary = _apply(made, entry, min(entry.at, now), stop)
            if entry.kind is EntryKind.PHOTO:
                assert photo is not None
                old = made.photo.name if made.photo else ""
                made.photo.save(f"photo.{extension}", photo, save=False)
                made.save(update_fields=["photo", "updated_at"])
                if old:
                    made.photo.storage.delete(old)
                summary = f"photo du défi chez {stop.company.name}"
            FieldEntry.objects.create(rally=rally, key=entry.key, kind=entry.kind, visit=made, entered_at=entry.at)
            record(rally, None, Action.CHANGED, vehicle, summary=f"Jour J, {day.team.name} : {summary}")
    except IntegrityError:  # the same key received twice at once: the other request applied it
        return False
    logger.info("field entry %s (%s) for vehicle %d", entry.kind, entry.company, vehicle.pk)
    return True


def _visit_made(rally: Rally, vehicle: Vehicle, day: TeamDay, stop: Stop) -> VisitMade:
    if stop.made is not None:
        locked: VisitMade = VisitMade.objects.select_for_update().get(pk=stop.made.pk)
        return locked
    company = Company.objects.get(rally=rally, code=stop.company.id)
    made, _ = VisitMade.objects.get_or_create(
        vehicle=vehicle,
        company=company,
        defaults={
            "rally": rally,
            "team_name": day.team.name,
            "members": list(day.team.members),
            "date": stop.visit.date,
            "planned_start": stop.visit.start,
            "planned_end": stop.visit.end,
        },
    )
    return made


def _apply(made: VisitMade, entry: Entry, at: dt.datetime, stop: Stop) -> str:
    """Write the entry on the visit made; what it did, in words."""
    name = stop.company.name
    if entry.kind is EntryKind.ARRIVAL:
        if made.arrived_at is not None:
            return f"arrivée chez {name} déjà pointée à {clock_fr(made.arrived_at)}, gardée"
        made.arrived_at = at
        made.save(update_fields=["arrived_at", "updated_at"])
        return f"arrivée chez {name} à {clock_fr(at)} (prévue {hhmm(stop.visit.start)})"
    if entry.kind is EntryKind.DEPARTURE:
        if made.left_at is not None:
            return f"départ de chez {name} déjà pointé à {clock_fr(made.left_at)}, gardé"
        made.left_at = at
        made.save(update_fields=["left_at", "updated_at"])
        return f"départ de chez {name} à {clock_fr(at)} (prévu {hhmm(stop.visit.end)})"
    if entry.kind is EntryKind.CHALLENGE:
        if stop.challenge is not None:
            try:
                count_result(made.rally, made.vehicle.code, stop.company.id, entry.score, entry.result.strip(), at)
            except ResultRefused as refused:
                raise EntryRefused(str(refused)) from refused
        made.result = entry.result.strip()[:2000]
        made.score = entry.score
        made.save(update_fields=["result", "score", "updated_at"])
        points = (
            f"{entry.score} point{'s' if (entry.score or 0) > 1 else ''}" if entry.score is not None else "sans points"
        )
        return f"défi chez {name} : {points}"
    return ""


def check_photo(photo: UploadedFile) -> str:
    """The extension of an acceptable photo; :class:`EntryRefused` when it is too large or not an
    image (Pillow reads it: its name and announced type are not trusted)."""
    from PIL import Image, UnidentifiedImageError

    size = photo.size or 0
    if size > PHOTO_MAX_BYTES:
        raise EntryRefused(
            f"La photo est trop lourde ({french.number(size / 1024 / 1024)} Mo ; "
            f"{PHOTO_MAX_BYTES // 1024 // 1024} Mo au plus) : reprenez-la en qualité moindre, puis envoyez-la."
        )
    if size == 0:
        raise EntryRefused("Le fichier envoyé est vide : prenez ou choisissez une photo, puis envoyez-la.")
    try:
        photo.seek(0)
        with Image.open(photo) as image:
            kind = image.format or ""
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        kind = ""
    finally:
        photo.seek(0)
    if kind not in PHOTO_FORMATS:
        raise EntryRefused("Ce fichier n'est pas une photo que Rallye sait lire : envoyez une image JPEG, PNG ou WebP.")
    return PHOTO_FORMATS[kind]


# --- Re-planning from now --------------------------------------------------------------------


def keep_visits_made(rally: Rally, version: Any, user: Any, cancelled: Iterable[str] = ()) -> int:
    """Lock, on the plan ``version`` a re-plan starts from, every visit a team has checked in:
    the engine keeps locked visits exactly as they are (``engine.replan``), so re-planning
    « à partir de maintenant » never moves a visit already made. A visit made at a company that
    withdraws now is not locked (the planner drops the company): the visit made is kept all the
    same (:class:`VisitMade`, shown on the team's day and counted by the evaluation). How many
    were locked."""
    withdrawn = set(cancelled)
    made = set(
        VisitMade.objects.filter(rally=rally, arrived_at__isnull=False).values_list("vehicle__code", "company__code")
    )
    content = dict(version.content or {})
    locked = []
    for team in content.get("teams", []):
        for visit in team.get("visits", []):
            if visit.get("company") in withdrawn:
                continue
            if (team.get("vehicle"), visit.get("company")) in made and not visit.get("locked", False):
                visit["locked"] = True
                locked.append(f"{team.get('name', team.get('id'))} chez {visit.get('company')}")
    if locked:
        version.content = content
        version.save(update_fields=["content"])
        record(
            rally,
            user,
            Action.LOCKED,
            kind=ObjectKind.PLAN,
            label=f"version {version.number}",
            summary=f"visites déjà faites gardées telles quelles : {', '.join(locked)}"[:500],
        )
    return len(locked)


def visits_made_count(rally: Rally) -> int:
    """Visits checked in (an arrival entered) in the rally."""
    return VisitMade.objects.filter(rally=rally, arrived_at__isnull=False).count()
