"""Validate rally content (format ``rallye/1``) into a :class:`~rallye.domain.rally.Rally`.

JSON files and XLSX workbooks are both read into the same plain content (dicts and lists, as
in ``rally.json``); this module checks that content once for both, and reports *every* problem
with its place in the user's file, through the ``Locator`` the reader provides.

Values are accepted in the forms spreadsheets produce too: ``"oui"``/``"non"`` for booleans,
``16/03/2027`` or a date cell for dates, ``9h30`` or a time cell for times, ``"1984"`` for numbers.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from rallye import phones
from rallye.domain import french
from rallye.domain.clock import hhmm, parse_hhmm
from rallye.domain.rally import (
    BASE,
    PARTICIPANT_AGES,
    Accompanier,
    Company,
    Contact,
    Gender,
    Participant,
    Place,
    Rally,
    Session,
    SessionKind,
    TravelSettings,
    Vehicle,
    VisitsPerTeam,
    Window,
)
from rallye.formats.json_text import parse_json
from rallye.formats.limits import MAX_ROWS, in_words
from rallye.formats.places import AddressBook
from rallye.formats.problems import InvalidInput, Locator, Path, Problem, json_locator
from rallye.geocoding import UNKNOWN_SCORE, GeocoderError

FORMAT = "rallye/1"
T = TypeVar("T")

TextLimits = Mapping[tuple[str, ...], int]
"""Longest text allowed at a content path, list positions written ``"*"``:
``{("companies", "*", "name"): 200}``. The web passes its database columns' lengths; files
themselves put no limit on texts."""

_TRUE = {"true", "oui", "o", "yes", "y", "vrai", "1", "x"}
_FALSE = {"false", "non", "n", "no", "faux", "0", ""}
_GENDERS = {
    "f": Gender.F,
    "femme": Gender.F,
    "m": Gender.M,
    "h": Gender.M,
    "homme": Gender.M,
    "x": Gender.X,
    "autre": Gender.X,
}


class _Missing:
    pass


MISSING = _Missing()


def shown(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.strftime("%d/%m/%Y %H:%M")
    elif isinstance(value, dt.date):
        value = value.strftime("%d/%m/%Y")
    return f"« {value} »"


class RallyValidator:
    """Collects every problem of one rally content, then builds the rally if there is none."""

    def __init__(
        self, locate: Locator, text_limits: TextLimits | None = None, places: AddressBook | None = None
    ) -> None:
        self.locate = locate
        self.text_limits: TextLimits = text_limits or {}
        self.places = places
        self.problems: list[Problem] = []

    # -- reporting ---------------------------------------------------------------------------
    def problem(self, path: Path, message: str) -> None:
        self.problems.append(Problem(self.locate(path), message))

    # -- field readers: each returns the converted value, or None after reporting ----------
    def get(self, obj: dict[str, Any], path: Path, key: str) -> Any:
        value = obj.get(key, MISSING)
        if value is None or (isinstance(value, str) and not value.strip()):
            return MISSING
        return value

    def text(
        self, obj: dict[str, Any], path: Path, key: str, *, required: bool = True, what: str = "un texte"
    ) -> str | None:
        value = self.get(obj, path, key)
        if value is MISSING:
            if required:
                self.problem((*path, key), f"valeur manquante ; indiquez {what}")
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.problem((*path, key), f"{shown(value)} n'est pas {what}")
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value).strip()
        limit = self.text_limits.get(tuple("*" if isinstance(p, int) else p for p in (*path, key)))
        if limit is not None and len(text) > limit:
            self.problem(
                (*path, key),
                f"texte trop long ({french.count(len(text), 'caractère')}, {limit} au plus) ; raccourcissez-le",
            )
            return None
        return text

    def integer(
        self,
        obj: dict[str, Any],
        path: Path,
        key: str,
        *,
        lo: int,
        hi: int,
        what: str,
        required: bool = True,
        default: int | None = None,
    ) -> int | None:
        value = self.get(obj, path, key)
        if value is MISSING:
            if required:
                self.problem((*path, key), f"valeur manquante ; indiquez {what} ({lo} à {hi})")
            return default
        number = _as_int(value)
        if number is None or not lo <= number <= hi:
            expected = f"attendu : {what}, de {lo} à {hi}"
            kind = "n'est pas un nombre entier" if number is None else "est hors limites"
            if what == "une année de naissance":
                kind = "n'est pas une année"
            self.problem((*path, key), f"{shown(value)} {kind} ({expected})")
            return None
        return number

    def number(
        self,
        obj: dict[str, Any],
        path: Path,
        key: str,
        *,
        lo: float,
        hi: float,
        what: str,
        required: bool = True,
        default: float | None = None,
    ) -> float | None:
        value = self.get(obj, path, key)
        if value is MISSING:
            if required:
                self.problem((*path, key), f"valeur manquante ; indiquez {what}")
            return default
        number = _as_float(value)
        if number is None or not lo <= number <= hi:
            kind = "n'est pas un nombre" if number is None else "est hors limites"
            self.problem((*path, key), f"{shown(value)} {kind} (attendu : {what}, de {lo} à {hi})")
            return None
        return number

    def boolean(self, obj: dict[str, Any], path: Path, key: str, *, default: bool) -> bool | None:
        value = self.get(obj, path, key)
        if value is MISSING:
            return default
        if isinstance(value, bool):
            return value
        if isinstance(value, int | float) and value in (0, 1):
            return bool(value)
        if isinstance(value, str):
            word = value.strip().lower()
            if word in _TRUE:
                return True
            if word in _FALSE:
                return False
        self.problem((*path, key), f"{shown(value)} n'est pas une réponse oui/non (attendu : oui ou non)")
        return None

    def date(self, obj: dict[str, Any], path: Path, key: str) -> dt.date | None:
        value = self.get(obj, path, key)
        if value is MISSING:
            self.problem((*path, key), "date manquante ; indiquez une date (AAAA-MM-JJ ou JJ/MM/AAAA)")
            return None
        parsed = parse_date(value)
        if parsed is None:
            self.problem((*path, key), f"{shown(value)} n'est pas une date (attendu : AAAA-MM-JJ ou JJ/MM/AAAA)")
        return parsed

    def time(self, obj: dict[str, Any], path: Path, key: str) -> int | None:
        value = self.get(obj, path, key)
        if value is MISSING:
            self.problem((*path, key), "heure manquante ; indiquez une heure (HH:MM)")
            return None
        parsed = parse_time(value)
        if parsed is None:
            self.problem((*path, key), f"{shown(value)} n'est pas une heure (attendu : HH:MM, ex. 09:30)")
        return parsed

    def mapping(self, obj: dict[str, Any], path: Path, key: str, *, required: bool) -> dict[str, Any] | None:
        value = obj.get(key)
        if value is None:
            if required:
                self.problem((*path, key), "section manquante")
            return None
        if not isinstance(value, dict):
            self.problem((*path, key), "doit être un objet JSON ({…})")
            return None
        return value

    def items(self, obj: dict[str, Any], path: Path, key: str, *, required: bool) -> list[Any]:
        value = obj.get(key)
        if value is None:
            if required:
                self.problem((*path, key), "liste manquante")
            return []
        if not isinstance(value, list):
            self.problem((*path, key), "doit être une liste ([…])")
            return []
        if len(value) > MAX_ROWS:
            self.problem(
                (*path, key),
                f"{in_words(len(value))} éléments ; un fichier de rallye en compte "
                f"{in_words(MAX_ROWS)} au plus par liste",
            )
            return []
        return value

    def each(
        self,
        obj: dict[str, Any],
        path: Path,
        key: str,
        build: Callable[[dict[str, Any], Path], T | None],
        *,
        required: bool,
    ) -> list[T]:
        built: list[T] = []
        for index, item in enumerate(self.items(obj, path, key, required=required)):
            item_path = (*path, key, index)
            if not isinstance(item, dict):
                self.problem(item_path, "doit être un objet JSON ({…})")
                continue
            result = build(item, item_path)
            if result is not None:
                built.append(result)
        return built

    def window(self, obj: dict[str, Any], path: Path) -> tuple[dt.date | None, int | None, int | None]:
        day = self.date(obj, path, "date")
        start, end = self.time(obj, path, "start"), self.time(obj, path, "end")
        if start is not None and end is not None and end <= start:
            self.problem((*path, "end"), f"la fin ({hhmm(end)}) doit être après le début ({hhmm(start)})")
            return day, None, None
        return day, start, end

    def unique_ids(self, items: Any, path: Path, key: str, what: str) -> None:
        seen: dict[str, int] = {}
        for index, item in enumerate(items):
            if not isinstance(item, dict) or item.get("id") in (None, ""):
                continue
            ident = str(item["id"]).strip()
            if ident in seen:
                self.problem(
                    (*path, key, index, "id"),
                    f"l'identifiant {shown(ident)} est déjà utilisé par {what} n° {seen[ident] + 1} ; "
                    "chaque identifiant doit être unique",
                )
            else:
                seen[ident] = index

    # -- sections ----------------------------------------------------------------------------
    def rally(self, content: Any) -> Rally | None:
        if not isinstance(content, dict):
            self.problem((), "le fichier doit contenir un objet JSON ({…})")
            return None
        fmt = content.get("format")
        if fmt != FORMAT:
            self.problem(("format",), f"{shown(fmt)} n'est pas un format connu (attendu : {FORMAT})")
        header = self.mapping(content, (), "rally", required=True) or {}
        rp: Path = ("rally",)
        name = self.text(header, rp, "name", what="le nom du rallye")
        organiser = self.text(header, rp, "organiser", required=False) or ""
        base = self.place(header, rp, "base")
        schedule = self.each(header, rp, "schedule", self.session, required=True)
        if (
            "schedule" in header
            and isinstance(header["schedule"], list)
            and not any(s.kind is SessionKind.VISITS for s in schedule)
            and len(schedule) == len(header["schedule"])
        ):
            self.problem((*rp, "schedule"), "le programme n'a aucune session de visites (kind « visits »)")
        visit_minutes = self.integer(
            header,
            rp,
            "visit_minutes",
            lo=10,
            hi=480,
            what="une durée de visite en minutes",
            required=False,
            default=60,
        )
        vpt = self.visits_per_team(header, rp)
        travel = self.travel_settings(header, rp)
        logo = self.text(header, rp, "logo", required=False)

        raw_companies = _raw_list(content, "companies")
        self.unique_ids(raw_companies, (), "companies", "l'entreprise")
        companies = self.each(content, (), "companies", self.company, required=True)
        raw_people = _raw_list(content, "participants")
        self.unique_ids(raw_people, (), "participants", "le participant")
        participants = self.each(content, (), "participants", self.participant, required=True)
        raw_vehicles = _raw_list(content, "vehicles")
        self.unique_ids(raw_vehicles, (), "vehicles", "le véhicule")
        vehicles = self.each(content, (), "vehicles", self.vehicle, required=True)
        travel_table = self.travel_table(content, {c.id for c in companies})
        self.check_birth_years(participants, raw_people, schedule)

        if self.problems or name is None or base is None or visit_minutes is None or vpt is None or travel is None:
            return None
        return Rally(
            name=name,
            organiser=organiser,
            base=base,
            schedule=tuple(sorted(schedule, key=_session_key)),
            companies=tuple(companies),
            participants=tuple(participants),
            vehicles=tuple(vehicles),
            visit_minutes=visit_minutes,
            visits_per_team=vpt,
            travel=travel,
            travel_minutes=travel_table,
            logo=logo,
        )

    def place(self, obj: dict[str, Any], path: Path, key: str) -> Place | None:
        raw = self.mapping(obj, path, key, required=True)
        if raw is None:
            return None
        p = (*path, key)
        name = self.text(raw, p, "name", required=False) or "Lieu de rendez-vous"
        address = self.text(raw, p, "address", required=False) or ""
        lat, lon = self.coordinates(raw, p, address)
        if lat is None or lon is None:
            return None
        return Place(name, lat, lon, address)

    def coordinates(self, raw: dict[str, Any], path: Path, address: str) -> tuple[float | None, float | None]:
        """A place's latitude and longitude: given, or found from its address (see ``places``)."""
        if self.get(raw, path, "lat") is MISSING and self.get(raw, path, "lon") is MISSING:
            if address:
                return self.located(path, address)
            for key, what in (("lat", "la latitude"), ("lon", "la longitude")):
                self.problem((*path, key), f"valeur manquante ; indiquez {what}, ou seulement l'adresse du lieu")
            return None, None
        lat = self.number(raw, path, "lat", lo=-90, hi=90, what="une latitude")
        lon = self.number(raw, path, "lon", lo=-180, hi=180, what="une longitude")
        return lat, lon

    def located(self, path: Path, address: str) -> tuple[float | None, float | None]:
        """The position of ``address``, or ``None, None`` after saying why it has none."""
        at = (*path, "address")
        if self.places is None:
            self.problem(
                at,
                f"{shown(address)} est à localiser (pas encore de coordonnées) ; choisissez l'adresse parmi "
                "les suggestions ou indiquez la latitude et la longitude",
            )
            return None, None
        answer = self.places.lookup(address)
        if isinstance(answer, GeocoderError):
            self.problem(
                at,
                f"{shown(address)} n'a pas de coordonnées et {answer.reason} ; {answer.advice}",
            )
            return None, None
        if not answer or answer[0].score < UNKNOWN_SCORE:
            closest = ", ".join(f"« {c.label} »" for c in answer[:3])
            self.problem(
                at,
                f"adresse {shown(address)} introuvable"
                + (f" (les plus proches : {closest})" if closest else "")
                + " ; corrigez l'adresse ou indiquez la latitude et la longitude",
            )
            return None, None
        best = answer[0]
        self.places.record(self.locate(path), path, address, best)
        return best.lat, best.lon

    def session(self, raw: dict[str, Any], path: Path) -> Session | None:
        kind_text = self.text(raw, path, "kind", what="le type de session")
        kind = None
        if kind_text is not None:
            kind = _session_kind(kind_text)
            if kind is None:
                allowed = ", ".join(k.value for k in SessionKind)
                self.problem((*path, "kind"), f"{shown(kind_text)} n'est pas un type de session (attendu : {allowed})")
        day, start, end = self.window(raw, path)
        lunch: tuple[int, int] | None = None
        lunch_raw = self.mapping(raw, path, "lunch", required=False)
        if lunch_raw is not None:
            lp = (*path, "lunch")
            lunch_start, lunch_end = self.time(lunch_raw, lp, "start"), self.time(lunch_raw, lp, "end")
            if lunch_start is not None and lunch_end is not None:
                if lunch_end <= lunch_start:
                    self.problem((*lp, "end"), "la fin du déjeuner doit être après son début")
                elif start is not None and end is not None and not start <= lunch_start < lunch_end <= end:
                    self.problem(
                        lp,
                        f"le déjeuner ({hhmm(lunch_start)}-{hhmm(lunch_end)}) doit être "
                        f"compris dans la session ({hhmm(start)}-{hhmm(end)})",
                    )
                else:
                    lunch = (lunch_start, lunch_end)
        if kind is None or day is None or start is None or end is None:
            return None
        return Session(kind, day, start, end, lunch)

    def visits_per_team(self, header: dict[str, Any], path: Path) -> VisitsPerTeam | None:
        raw = self.mapping(header, path, "visits_per_team", required=False)
        if raw is None:
            return VisitsPerTeam()
        p, charter = (*path, "visits_per_team"), VisitsPerTeam()
        lo = self.integer(raw, p, "min", lo=1, hi=20, what="un nombre de visites", required=False, default=charter.min)
        hi = self.integer(raw, p, "max", lo=1, hi=20, what="un nombre de visites", required=False, default=charter.max)
        if lo is None or hi is None:
            return None
        if hi < lo:
            self.problem((*p, "max"), f"le maximum ({hi}) est inférieur au minimum ({lo})")
            return None
        return VisitsPerTeam(lo, hi)

    def travel_settings(self, header: dict[str, Any], path: Path) -> TravelSettings | None:
        raw = self.mapping(header, path, "travel", required=False)
        if raw is None:
            return TravelSettings()
        p = (*path, "travel")
        speed = self.number(
            raw,
            p,
            "speed_kmh",
            lo=5,
            hi=130,
            what="une vitesse moyenne en km/h",
            required=False,
            default=40.0,
        )
        detour = self.number(raw, p, "detour", lo=1, hi=3, what="un coefficient de détour", required=False, default=1.3)
        minimum = self.integer(
            raw,
            p,
            "min_minutes",
            lo=0,
            hi=120,
            what="un temps de trajet minimum en minutes",
            required=False,
            default=5,
        )
        if speed is None or detour is None or minimum is None:
            return None
        return TravelSettings(speed, detour, minimum)

    def company(self, raw: dict[str, Any], path: Path) -> Company | None:
        before = len(self.problems)
        ident = self.text(raw, path, "id", what="un identifiant (ex. C01)")
        name = self.text(raw, path, "name", what="le nom de l'entreprise")
        sector = self.text(raw, path, "sector", what="le secteur d'activité")
        address = self.text(raw, path, "address", required=False) or ""
        lat, lon = self.coordinates(raw, path, address)
        capacity = self.integer(
            raw, path, "capacity", lo=1, hi=200, what="le nombre de visiteurs accueillis en même temps"
        )
        hiring = self.boolean(raw, path, "hiring", default=False)
        minutes = self.integer(
            raw, path, "visit_minutes", lo=10, hi=480, what="une durée de visite en minutes", required=False
        )
        max_visits = self.integer(
            raw, path, "max_visits", lo=0, hi=100, what="un nombre maximum de visites", required=False
        )
        windows: list[Window] = []
        for index, item in enumerate(self.items(raw, path, "availability", required=False)):
            wp = (*path, "availability", index)
            if not isinstance(item, dict):
                self.problem(wp, "doit être un créneau {date, start, end}")
                continue
            day, start, end = self.window(item, wp)
            if day is not None and start is not None and end is not None:
                windows.append(Window(day, start, end))
        contact = self.contact(raw, path)
        if len(self.problems) > before:
            return None
        assert ident and name and sector and lat is not None and lon is not None and capacity and hiring is not None
        return Company(
            ident,
            name,
            sector,
            lat,
            lon,
            capacity,
            address,
            hiring,
            minutes,
            max_visits,
            tuple(windows),
            contact,
        )

    def contact(self, raw: dict[str, Any], path: Path) -> Contact | None:
        data = self.mapping(raw, path, "contact", required=False)
        if data is None:
            return None
        p = (*path, "contact")
        return Contact(
            self.text(data, p, "name", required=False) or "",
            phones.tidy(self.text(data, p, "phone", required=False) or ""),
            self.text(data, p, "email", required=False) or "",
        )

    def participant(self, raw: dict[str, Any], path: Path) -> Participant | None:
        before = len(self.problems)
        ident = self.text(raw, path, "id", what="un identifiant (ex. P01)")
        first = self.text(raw, path, "first_name", what="le prénom")
        last = self.text(raw, path, "last_name", what="le nom")
        gender_text = self.text(raw, path, "gender", what="le genre (F, M ou X)")
        gender = None
        if gender_text is not None:
            gender = _GENDERS.get(gender_text.lower())
            if gender is None:
                self.problem((*path, "gender"), f"{shown(gender_text)} n'est pas un genre (attendu : F, M ou X)")
        birth_year = self.integer(raw, path, "birth_year", lo=1900, hi=2100, what="une année de naissance")
        diploma = self.integer(
            raw,
            path,
            "diploma_level",
            lo=1,
            hi=8,
            required=False,
            what="un niveau de diplôme (3 = CAP/BEP, 4 = bac, 5 = bac+2 … 8 = doctorat)",
        )
        background = self.text(raw, path, "background_sector", required=False)
        status = self.text(raw, path, "status", required=False)
        prescriber = self.text(raw, path, "prescriber", required=False)
        present = self.boolean(raw, path, "present", default=True)
        if len(self.problems) > before:
            return None
        assert ident and first is not None and last is not None and gender and birth_year and present is not None
        return Participant(ident, first, last, gender, birth_year, diploma, background, status, prescriber, present)

    def vehicle(self, raw: dict[str, Any], path: Path) -> Vehicle | None:
        ident = self.text(raw, path, "id", what="un identifiant (ex. V1)")
        seats = self.integer(raw, path, "seats", lo=2, hi=9, what="le nombre de places, conducteur compris")
        label = self.text(raw, path, "label", required=False) or ""
        accompanier = None
        data = self.mapping(raw, path, "accompanier", required=False)
        if data is not None:
            p = (*path, "accompanier")
            acc_name = self.text(data, p, "name", what="le nom de l'accompagnateur")
            if acc_name is not None:
                accompanier = Accompanier(acc_name, phones.tidy(self.text(data, p, "phone", required=False) or ""))
        if ident is None or seats is None:
            return None
        return Vehicle(ident, seats, accompanier, label)

    def travel_table(self, content: dict[str, Any], company_ids: set[str]) -> dict[tuple[str, str], int]:
        raw = self.mapping(content, (), "travel_minutes", required=False)
        table: dict[tuple[str, str], int] = {}
        if raw is None:
            return table
        known = company_ids | {BASE}
        for origin, row in raw.items():
            p: Path = ("travel_minutes", origin)
            if origin not in known:
                self.problem(p, f"{shown(origin)} n'est ni « base » ni l'identifiant d'une entreprise")
                continue
            if not isinstance(row, dict):
                self.problem(p, "doit être un objet {destination: minutes}")
                continue
            for destination in row:
                if destination not in known:
                    self.problem(
                        (*p, destination),
                        f"{shown(destination)} n'est ni « base » ni l'identifiant d'une entreprise",
                    )
                    continue
                minutes = self.integer(row, p, destination, lo=0, hi=600, what="un temps de trajet en minutes")
                if minutes is not None:
                    table[(origin, destination)] = minutes
        return table

    def check_birth_years(self, participants: list[Participant], raw: Any, schedule: list[Session]) -> None:
        if not schedule:
            return
        year = min(s.date for s in schedule).year
        for index, item in enumerate(raw):
            if not isinstance(item, dict):
                continue
            birth_year = _as_int(item.get("birth_year"))
            youngest, oldest = PARTICIPANT_AGES
            if birth_year is not None and 1900 <= birth_year <= 2100 and not youngest <= year - birth_year <= oldest:
                self.problem(
                    ("participants", index, "birth_year"),
                    f"{shown(birth_year)} donnerait {year - birth_year} ans en {year} "
                    f"(attendu : une personne de {youngest} à {oldest} ans ; vérifiez l'année)",
                )


def validate_rally(
    content: Any, locate: Locator, text_limits: TextLimits | None = None, places: AddressBook | None = None
) -> Rally:
    """Build the rally from its content, or raise :class:`InvalidInput` listing every problem.

    Places with an address and no coordinates are located with ``places`` (asked here, once per
    distinct address); without it they are problems (« à localiser »)."""
    if places is not None:
        places.prepare(content)
    validator = RallyValidator(locate, text_limits, places)
    rally = validator.rally(content)
    if rally is None:
        raise InvalidInput(validator.problems or [Problem(locate(()), "contenu invalide")])
    return rally


def parse_rally_json(
    text: str, file_name: str = "rally.json", text_limits: TextLimits | None = None, places: AddressBook | None = None
) -> Rally:
    return validate_rally(parse_json(text, file_name), json_locator(file_name), text_limits, places)


def _raw_list(content: dict[str, Any], key: str) -> list[Any]:
    """A list of the content as it is, for checks across items; empty when too long (reported once)."""
    value = content.get(key)
    return value if isinstance(value, list) and len(value) <= MAX_ROWS else []


# -- value parsers shared with the XLSX reader ---------------------------------------------
def parse_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def parse_time(value: Any) -> int | None:
    if isinstance(value, dt.datetime):
        value = value.time()
    if isinstance(value, dt.time):
        return value.hour * 60 + value.minute
    if isinstance(value, str):
        return parse_hhmm(value)
    return None


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, str):
        text = value.strip()
        if text.lstrip("-").isdigit():
            return int(text)
    return None


def _as_float(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, str):
        try:
            number = float(value.strip().replace(",", "."))
        except ValueError:
            return None
        return number if math.isfinite(number) else None
    return None


def _session_kind(text: str) -> SessionKind | None:
    aliases = {k.value: k for k in SessionKind} | {
        "brise-glace": SessionKind.ICEBREAKER,
        "accueil": SessionKind.ICEBREAKER,
        "visites": SessionKind.VISITS,
        "retours": SessionKind.FEEDBACK,
        "retours d'expérience": SessionKind.FEEDBACK,
        "restitution": SessionKind.FEEDBACK,
        "clôture": SessionKind.CLOSING,
        "cloture": SessionKind.CLOSING,
    }
    return aliases.get(text.strip().lower())


def _session_key(session: Session) -> tuple[dt.date, int]:
    return (session.date, session.start)
