"""Rally workbooks (XLSX): the content of ``rally.json``, in French sheets an organiser can fill.

Reading turns the workbook into the same plain content as ``rally.json`` (format ``rallye/1``)
and hands it to :func:`~rallye.formats.rally_input.validate_rally`, the one place where values
are checked, with a locator that names the sheet, the row and the column of each value
(« rally.xlsx, feuille « Participants », ligne 16, colonne « Année de naissance » »). The
reader itself reports only what the validator cannot see: an unreadable file, a missing sheet,
a missing, unknown or repeated column, an unknown field of « Rallye », a malformed
« Disponibilités » cell, a travel row without its places, and example rows left in place.
Every problem is raised together in one :class:`InvalidInput`. Empty rows are skipped, so is
the « Mode d'emploi » sheet (and any sheet with another name).

Headers are matched loosely: case, accents, spaces and punctuation do not count, and the hint
in brackets may be left out (« Places » for « Places (conducteur compris) »).

Decisions:
- Example rows of the template have identifiers starting with ``EX-`` (companies,
  participants, vehicles, places of the travel rows) and are shown in grey italics. The reader
  refuses such a row with one problem (« ligne d'exemple… »), so an example never reaches a plan.
- The template's « Programme » holds the usual shape of a rally (icebreaker, two visit sessions,
  feedback, closing) with typical times and empty dates; « Rallye » holds the charter's
  defaults with the name and the meeting point to fill in. Reading the untouched template
  therefore fails with a short list: the name and coordinates, the programme's dates, and one
  line per example row.
- « Véhicules » has an optional « Libellé » column (the vehicle's label) so that every rally
  read from JSON survives a round trip through a workbook. A company whose contact cells are
  all empty has no contact; a vehicle whose accompanier cells are empty has no accompanier.
"""

from __future__ import annotations

import datetime as dt
import gc
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from rallye import phones
from rallye.domain.charter import VISITS_PER_PARTICIPANT
from rallye.domain.clock import hhmm
from rallye.domain.rally import (
    BASE,
    DEFAULT_VISIT_MINUTES,
    PARTICIPANT_AGES,
    Company,
    Participant,
    Rally,
    Session,
    SessionKind,
    TravelSettings,
    Vehicle,
    VisitsPerTeam,
)
from rallye.domain.statuses import StatusCategory
from rallye.formats.json_text import what_file_is
from rallye.formats.limits import MAX_COLUMNS, MAX_PART_BYTES, MAX_ROWS, MAX_SCANNED_ROWS, MAX_SHEET_BYTES, in_words
from rallye.formats.places import AddressBook
from rallye.formats.problems import InvalidInput, Problem
from rallye.formats.problems import Path as ContentPath
from rallye.formats.rally_input import FORMAT, TextLimits, shown, validate_rally

Key = tuple[str, ...]
"""Where a column's value goes in one item of the content, e.g. ``("contact", "phone")``."""

INSTRUCTIONS_SHEET = "Mode d'emploi"
RALLY_SHEET = "Rallye"
EXAMPLE_PREFIX = "EX-"
AVAILABILITY: Key = ("availability",)
KIND: Key = ("kind",)
YES, NO = "oui", "non"
DETAILS = "details"
"""Participants' columns kept beside the rally content (files of format ``rallye/1`` do not carry
them): RSA, phone, e-mail, address, consent, civil liability attestation."""
STATUS_CHOICES = tuple(c.short for c in StatusCategory)

SESSION_WORDS = {
    SessionKind.ICEBREAKER: "brise-glace",
    SessionKind.VISITS: "visites",
    SessionKind.FEEDBACK: "retours d'expérience",
    SessionKind.CLOSING: "clôture",
}
"""The French word written in « Programme » for each kind (``_session_kind`` reads them back)."""


@dataclass(frozen=True)
class Column:
    """A column of a sheet (or a field of « Rallye ») and where its value goes in the content."""

    header: str
    key: Key
    required: bool = False
    width: int = 14
    choices: tuple[str, ...] = ()
    help: str = ""


@dataclass(frozen=True)
class Table:
    """A sheet with a header row and one item per row."""

    sheet: str
    content_key: str
    columns: tuple[Column, ...]
    what: str
    required: bool = True
    example_keys: tuple[Key, ...] = (("id",),)


RALLY_FIELDS = (
    Column("Nom", ("name",), required=True, help="Nom du rallye, ex. Rallye pour l'emploi — Annecy, mars 2027"),
    Column("Organisateur", ("organiser",), help="Structure qui organise, ex. MIFE de Haute-Savoie"),
    Column("Lieu de rendez-vous (nom)", ("base", "name"), help="Où les équipes partent et reviennent"),
    Column("Adresse du lieu", ("base", "address"), help="Adresse postale du lieu de rendez-vous"),
    Column("Latitude", ("base", "lat"), help="Du lieu de rendez-vous, ex. 45.9006 (vide : trouvée d'après l'adresse)"),
    Column("Longitude", ("base", "lon"), help="Du lieu de rendez-vous, ex. 6.1196 (vide : trouvée d'après l'adresse)"),
    Column("Durée de visite (min)", ("visit_minutes",), help="Durée d'une visite par défaut, en minutes"),
    Column(
        "Visites par équipe min",
        ("visits_per_team", "min"),
        help=f"La charte demande {VISITS_PER_PARTICIPANT.fr()} visites",
    ),
    Column("Visites par équipe max", ("visits_per_team", "max")),
    Column("Vitesse moyenne (km/h)", ("travel", "speed_kmh"), help="Pour estimer les trajets"),
    Column("Coefficient de détour", ("travel", "detour"), help="Route réelle ÷ distance à vol d'oiseau"),
    Column("Trajet minimum (min)", ("travel", "min_minutes"), help="Entre deux lieux différents"),
    Column("Logo", ("logo",), help="Chemin ou adresse de l'image du logo (facultatif)"),
)

PROGRAMME = Table(
    "Programme",
    "schedule",
    (
        Column("Type", KIND, required=True, width=22, choices=tuple(SESSION_WORDS.values())),
        Column("Date", ("date",), required=True, width=13),
        Column("Début", ("start",), required=True, width=9),
        Column("Fin", ("end",), required=True, width=9),
        Column("Début déjeuner", ("lunch", "start"), width=16),
        Column("Fin déjeuner", ("lunch", "end"), width=14),
    ),
    what="une session par ligne",
    example_keys=(),
)
COMPANIES = Table(
    "Entreprises",
    "companies",
    (
        Column("Identifiant", ("id",), required=True, width=12),
        Column("Nom", ("name",), required=True, width=30),
        Column("Secteur", ("sector",), required=True, width=20),
        Column("Adresse", ("address",), width=36),
        Column("Latitude", ("lat",), width=11),
        Column("Longitude", ("lon",), width=11),
        Column("Capacité", ("capacity",), required=True, width=10),
        Column("Recrute (oui/non)", ("hiring",), width=12, choices=(YES, NO)),
        Column("Durée de visite (min)", ("visit_minutes",), width=12),
        Column("Visites max", ("max_visits",), width=10),
        Column("Disponibilités", AVAILABILITY, width=44),
        Column("Contact", ("contact", "name"), width=22),
        Column("Téléphone", ("contact", "phone"), width=15),
        Column("E-mail", ("contact", "email"), width=28),
    ),
    what="une entreprise par ligne",
)
PARTICIPANTS = Table(
    "Participants",
    "participants",
    (
        Column("Identifiant", ("id",), required=True, width=12),
        Column("Prénom", ("first_name",), required=True, width=16),
        Column("Nom", ("last_name",), required=True, width=18),
        Column("Genre", ("gender",), required=True, width=8, choices=("F", "M", "X")),
        Column("Année de naissance", ("birth_year",), required=True, width=12),
        Column("Niveau de diplôme", ("diploma_level",), width=12),
        Column("Secteur d'origine", ("background_sector",), width=20),
        Column("Statut", ("status",), width=20, choices=STATUS_CHOICES),
        Column("Prescripteur", ("prescriber",), width=18),
        Column("Présent (oui/non)", ("present",), width=11, choices=(YES, NO)),
        Column("RSA (oui/non)", (DETAILS, "rsa"), width=10, choices=(YES, NO)),
        Column("Téléphone", (DETAILS, "phone"), width=15),
        Column("E-mail", (DETAILS, "email"), width=28),
        Column("Adresse", (DETAILS, "address"), width=36),
        Column("Consentement (oui/non)", (DETAILS, "consent"), width=14, choices=(YES, NO)),
        Column("Attestation de responsabilité civile (oui/non)", (DETAILS, "liability"), width=18, choices=(YES, NO)),
    ),
    what="un participant par ligne",
)
VEHICLES = Table(
    "Véhicules",
    "vehicles",
    (
        Column("Identifiant", ("id",), required=True, width=12),
        Column("Places (conducteur compris)", ("seats",), required=True, width=14),
        Column("Accompagnateur", ("accompanier", "name"), width=24),
        Column("Téléphone accompagnateur", ("accompanier", "phone"), width=16),
        Column("Libellé", ("label",), width=20),
    ),
    what="un véhicule par ligne",
)
TRAVEL = Table(
    "Temps de trajet",
    "travel_minutes",
    (
        Column("Départ", ("from",), required=True, width=12),
        Column("Arrivée", ("to",), required=True, width=12),
        Column("Minutes", ("minutes",), required=True, width=10),
    ),
    what="un trajet par ligne",
    required=False,
    example_keys=(("from",), ("to",)),
)
TABLES = (PROGRAMME, COMPANIES, PARTICIPANTS, VEHICLES, TRAVEL)
SHEET_ORDER = (RALLY_SHEET, *(t.sheet for t in TABLES))


# -- reading ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class PersonDetails:
    """What the « Participants » sheet says beyond the rally content; ``None`` or empty: the cell
    is empty (the value kept in the database stays)."""

    rsa: bool | None = None
    phone: str = ""
    email: str = ""
    address: str = ""
    consent: bool | None = None
    liability: bool | None = None


@dataclass(frozen=True)
class RallyWorkbook:
    rally: Rally
    people: dict[str, PersonDetails]
    """Participant's identifier → the details of their row."""


def read_rally_xlsx(
    path: Path, file_name: str | None = None, text_limits: TextLimits | None = None, places: AddressBook | None = None
) -> Rally:
    """Read a rally workbook (see :func:`read_rally_workbook`)."""
    return read_rally_workbook(path, file_name, text_limits, places).rally


def read_rally_workbook(
    path: Path, file_name: str | None = None, text_limits: TextLimits | None = None, places: AddressBook | None = None
) -> RallyWorkbook:
    """Read a rally workbook, or raise :class:`InvalidInput` listing every problem found.

    ``file_name`` is how problems name the file (by default its name on disk). The workbook is
    read in streaming mode, one row at a time, and each sheet stops at :data:`MAX_ROWS`: memory
    stays bounded whatever the file holds."""
    name = file_name or path.name
    _check_archive(path, name)
    reader = _WorkbookReader(name)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about Excel features it skips
            workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
            try:
                content = reader.content(workbook)
            finally:
                workbook.close()
    except InvalidInput:
        raise
    except _TooManyRows as too_many:
        raise InvalidInput([too_many.problem]) from None
    except Exception:  # whatever openpyxl fails on in a broken file, the user reads French
        broken = True
    else:
        broken = False
    if broken:
        _close_abandoned_parts()
        raise InvalidInput([Problem(name, _UNREADABLE)])
    people = reader.people_details()
    try:
        rally = validate_rally(content, reader.locate, text_limits, places)
    except InvalidInput as error:
        found = [p for p in error.problems if p.where not in reader.muted]
        raise InvalidInput(reader.in_order(reader.problems + found)) from None
    if reader.problems:
        raise InvalidInput(reader.in_order(reader.problems))
    return RallyWorkbook(rally, people)


_UNREADABLE = (
    "ce classeur est abîmé ou n'est pas au format Excel (.xlsx) ; ouvrez-le dans votre tableur, "
    "enregistrez-le au format « Classeur Excel (.xlsx) » puis envoyez-le à nouveau"
)
_ZIP_SIGNATURE = b"PK\x03\x04"


def _check_archive(path: Path, name: str) -> None:
    """Refuse what is not a workbook before openpyxl opens it: an empty file, another kind of file
    renamed ``.xlsx``, a truncated archive, or a part that would inflate beyond :data:`MAX_PART_BYTES`
    (openpyxl reads some parts whole)."""
    try:
        with path.open("rb") as file:
            head = file.read(8)
    except FileNotFoundError:
        raise InvalidInput([Problem(name, "fichier introuvable ; vérifiez son nom et son dossier")]) from None
    except OSError:
        raise InvalidInput([Problem(name, "lecture impossible ; vérifiez que vous pouvez ouvrir le fichier")]) from None
    if not head:
        raise InvalidInput([Problem(name, "le fichier est vide ; envoyez le classeur rempli")])
    if not head.startswith(_ZIP_SIGNATURE):
        kind = what_file_is(head)
        if kind is not None:
            message = f"ce fichier est {kind} renommé en .xlsx, pas un classeur ; partez du modèle de tableur"
        else:
            message = _UNREADABLE
        raise InvalidInput([Problem(name, message)])
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise InvalidInput(
            [Problem(name, "le classeur est incomplet ou abîmé (envoi interrompu ?) ; enregistrez-le à nouveau")]
        ) from None
    if any(part.file_size > MAX_SHEET_BYTES for part in parts if part.filename.startswith("xl/worksheets/")):
        message = f"une feuille du classeur dépasse {MAX_SHEET_BYTES // 1024 // 1024} Mo une fois décompressée"
    elif any(part.file_size > MAX_PART_BYTES for part in parts):
        message = f"le classeur dépasse {MAX_PART_BYTES // 1024 // 1024} Mo une fois décompressé"
    else:
        return
    advice = " ; un rallye tient en quelques centaines de lignes : retirez les feuilles et les lignes inutiles"
    raise InvalidInput([Problem(name, message + advice)])


def _close_abandoned_parts() -> None:
    """openpyxl leaves a part of the archive open when it fails to parse it (the frames of the
    error hold it): collect it now, quietly, rather than warn about it at some later point."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()


class _TooManyRows(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


@dataclass
class _SheetLayout:
    """Where the items of one sheet come from: rows and missing columns, for the locator."""

    rows: list[int] = field(default_factory=list)
    missing: set[str] = field(default_factory=set)


class _WorkbookReader:
    """Turns a workbook into ``rallye/1`` content and locates content paths in the workbook."""

    def __init__(self, file_name: str) -> None:
        self.file_name = file_name
        self.problems: list[Problem] = []
        self.muted: set[str] = set()
        """Places of values lost with a missing sheet or column: already reported once."""
        self.layouts: dict[str, _SheetLayout] = {}
        self.field_rows: dict[Key, int] = {}
        self.travel_rows: dict[tuple[str, str], int] = {}
        self.company_ids: set[str] = set()
        self.order: dict[str, tuple[int, int]] = {}
        self.row_names: dict[tuple[str, int], str] = {}
        """(sheet, row) → the item the row describes, « C05, Boulangerie du Salève »."""
        self.details: list[tuple[int, str, dict[str, Any]]] = []
        """Participants' rows: (row, identifier, the cells of :data:`DETAILS`)."""

    # -- problems and places -----------------------------------------------------------------
    def where(self, sheet: str, row: int | None = None, columns: Sequence[str] = (), detail: str = "") -> str:
        """``rally.xlsx, feuille « X », ligne N, colonne « C »``, remembered to sort the problems."""
        text = f"{self.file_name}, feuille « {sheet} »"
        if row is not None:
            text += f", ligne {row}"
            if (sheet, row) in self.row_names:
                text += f" ({self.row_names[sheet, row]})"
        if columns:
            kind = "champ" if sheet == RALLY_SHEET else "colonne"
            text += f", {kind}{'s' if len(columns) > 1 else ''} " + " et ".join(f"« {c} »" for c in columns)
        text += detail
        self.order[text] = (SHEET_ORDER.index(sheet), row or 0)
        return text

    def problem(self, where: str, message: str) -> None:
        self.problems.append(Problem(where, message))

    def in_order(self, problems: Iterable[Problem]) -> list[Problem]:
        """Problems sheet by sheet, row by row (file-wide ones first), as a user walks the workbook."""
        return sorted(problems, key=lambda p: self.order.get(p.where, (-1, 0)))

    def locate(self, path: ContentPath) -> str:
        if not path or path == ("format",):
            return self.file_name
        head, rest = path[0], path[1:]
        if head == "rally" and rest[:1] == ("schedule",):
            return self._locate_item(PROGRAMME, rest[1:])
        if head == "rally":
            return self._locate_field(rest)
        if head == TRAVEL.content_key:
            return self._locate_travel(rest)
        table = next((t for t in TABLES if t.content_key == head), None)
        return self._locate_item(table, rest) if table else self.file_name

    def _locate_field(self, rest: ContentPath) -> str:
        columns, detail = _columns_at(RALLY_FIELDS, rest)
        rows = [self.field_rows[c.key] for c in columns if c.key in self.field_rows]
        row = rows[0] if rows else None
        if row is None and columns:
            detail += " (ligne absente)"
        text = self.where(RALLY_SHEET, row, [c.header for c in columns], detail)
        return self._muted_if(text, RALLY_SHEET not in self.layouts)

    def _locate_item(self, table: Table | None, rest: ContentPath) -> str:
        if table is None:
            return self.file_name
        layout = self.layouts.get(table.sheet)
        if layout is None:
            return self._muted_if(self.where(table.sheet), True)
        if not rest or not isinstance(rest[0], int) or rest[0] >= len(layout.rows):
            return self.where(table.sheet)
        columns, detail = _columns_at(table.columns, rest[1:])
        text = self.where(table.sheet, layout.rows[rest[0]], [c.header for c in columns], detail)
        return self._muted_if(text, any(c.header in layout.missing for c in columns))

    def _locate_travel(self, rest: ContentPath) -> str:
        origin = str(rest[0]) if rest else ""
        if len(rest) < 2:
            row = next((r for (o, _), r in self.travel_rows.items() if o == origin), None)
            return self.where(TRAVEL.sheet, row, ["Départ"] if row else [])
        destination = str(rest[1])
        known = destination == BASE or destination in self.company_ids
        column = "Minutes" if known else "Arrivée"
        text = self.where(TRAVEL.sheet, self.travel_rows.get((origin, destination)), [column])
        return self._muted_if(text, column in self.layouts[TRAVEL.sheet].missing)

    def _muted_if(self, text: str, muted: bool) -> str:
        if muted:
            self.muted.add(text)
        return text

    # -- content -----------------------------------------------------------------------------
    def content(self, workbook: Workbook) -> dict[str, Any]:
        sheets = {_loose(ws.title): ws for ws in workbook.worksheets}
        found = ", ".join(f"« {ws.title} »" for ws in workbook.worksheets)
        header = self._read_fields(sheets.get(_loose(RALLY_SHEET)), found)
        header["schedule"] = self._read_table(sheets.get(_loose(PROGRAMME.sheet)), PROGRAMME, found)
        content: dict[str, Any] = {"format": FORMAT, "rally": header}
        for table in (COMPANIES, PARTICIPANTS, VEHICLES):
            content[table.content_key] = self._read_table(sheets.get(_loose(table.sheet)), table, found)
        people_rows = self.layouts[PARTICIPANTS.sheet].rows if PARTICIPANTS.sheet in self.layouts else []
        for item, number in zip(content[PARTICIPANTS.content_key], people_rows, strict=False):
            details = item.pop(DETAILS, None)
            if details and "id" in item:
                self.details.append((number, str(item["id"]), details))
        self.company_ids = {str(c["id"]) for c in content["companies"] if "id" in c}
        travel_sheet = sheets.get(_loose(TRAVEL.sheet))
        if travel_sheet is not None:
            content[TRAVEL.content_key] = self._travel_table(self._read_table(travel_sheet, TRAVEL, found))
        return content

    def people_details(self) -> dict[str, PersonDetails]:
        """The participants' details, checked (a problem per unreadable cell, located)."""
        people: dict[str, PersonDetails] = {}
        headers = {column.key[1]: column.header for column in PARTICIPANTS.columns if column.key[0] == DETAILS}

        def where(number: int, name: str) -> str:
            return self.where(PARTICIPANTS.sheet, number, [headers[name]])

        for number, ident, cells in self.details:
            flags: dict[str, bool | None] = {}
            for name in ("rsa", "consent", "liability"):
                value = _clean(cells.get(name))
                flags[name] = _yes_no(value)
                if value is not None and flags[name] is None:
                    self.problem(where(number, name), f"{shown(value)} n'est ni « oui » ni « non »")
            phone = str(_clean(cells.get("phone")) or "")
            try:
                phone = phones.normalised(phone)
            except phones.InvalidPhone as invalid:
                self.problem(where(number, "phone"), str(invalid))
            email = str(_clean(cells.get("email")) or "").strip()
            if email and not _EMAIL.fullmatch(email):
                self.problem(
                    where(number, "email"), f"{shown(email)} n'est pas une adresse e-mail (ex. nom@exemple.fr)"
                )
            address = str(_clean(cells.get("address")) or "").strip()[:300]
            people[ident] = PersonDetails(flags["rsa"], phone, email, address, flags["consent"], flags["liability"])
        return people

    def _missing_sheet(self, sheet: str, found: str) -> None:
        self.problem(
            self.file_name,
            f"la feuille « {sheet} » est introuvable (feuilles du classeur : {found}) ; "
            "renommez la feuille ou repartez du modèle vierge",
        )

    def _read_fields(self, ws: Worksheet | ReadOnlyWorksheet | None, found: str) -> dict[str, Any]:
        header: dict[str, Any] = {"base": {}}
        if ws is None:
            self._missing_sheet(RALLY_SHEET, found)
            return header
        self.layouts[RALLY_SHEET] = _SheetLayout()
        by_name = _by_loose_name(RALLY_FIELDS)
        for number, values in _rows(ws, self.where(RALLY_SHEET)):
            label = values[0] if values else None
            if not isinstance(label, str) or _loose(label) in ("", "champ"):
                continue
            column = by_name.get(_loose(label))
            if column is None:
                expected = ", ".join(f"« {c.header} »" for c in RALLY_FIELDS)
                self.problem(
                    self.where(RALLY_SHEET, number),
                    f"champ inconnu {shown(label)} (champs attendus : {expected})",
                )
            elif column.key in self.field_rows:
                self.problem(
                    self.where(RALLY_SHEET, number),
                    f"le champ « {column.header} » est déjà donné ligne {self.field_rows[column.key]}",
                )
            else:
                self.field_rows[column.key] = number
                _put(header, column.key, _clean(values[1] if len(values) > 1 else None))
        return header

    def _read_table(self, ws: Worksheet | ReadOnlyWorksheet | None, table: Table, found: str) -> list[dict[str, Any]]:
        if ws is None:
            if table.required:
                self._missing_sheet(table.sheet, found)
            return []
        layout = self.layouts[table.sheet] = _SheetLayout()
        rows = _rows(ws, self.where(table.sheet))
        first = next(rows, None)
        if first is None:
            layout.missing = {c.header for c in table.columns if c.required}
            self.problem(
                self.where(table.sheet),
                f"feuille vide ; la première ligne doit donner les titres des colonnes ({table.what})",
            )
            return []
        positions = self._match_header(table, layout, *first)
        items: list[dict[str, Any]] = []
        for number, values in rows:
            cells = {column: values[i] for i, column in positions.items() if i < len(values)}
            if self._is_example(table, number, cells):
                continue
            named = _row_name(table, cells)
            if named:
                self.row_names[table.sheet, number] = named
            items.append(self._item(table, number, cells))
            layout.rows.append(number)
        return items

    def _match_header(
        self, table: Table, layout: _SheetLayout, number: int, values: Sequence[Any]
    ) -> dict[int, Column]:
        by_name = _by_loose_name(table.columns)
        positions: dict[int, Column] = {}
        for index, title in enumerate(values):
            if title is None or (isinstance(title, str) and not title.strip()):
                continue
            column = by_name.get(_loose(str(title)))
            where = self.where(table.sheet, number, [str(title).strip()])
            if column is None:
                expected = ", ".join(f"« {c.header} »" for c in table.columns)
                self.problem(where, f"colonne inconnue (colonnes attendues : {expected})")
            elif column in positions.values():
                self.problem(where, f"la colonne « {column.header} » apparaît deux fois")
            else:
                positions[index] = column
        layout.missing = {c.header for c in table.columns if c not in positions.values()}
        for column in table.columns:
            if column.required and column.header in layout.missing:
                self.problem(
                    self.where(table.sheet, number),
                    f"colonne obligatoire « {column.header} » manquante dans la ligne des titres",
                )
        return positions

    def _is_example(self, table: Table, number: int, cells: dict[Column, Any]) -> bool:
        for column, value in cells.items():
            if (
                column.key in table.example_keys
                and isinstance(value, str)
                and value.strip().upper().startswith(EXAMPLE_PREFIX)
            ):
                self.problem(
                    self.where(table.sheet, number),
                    f"ligne d'exemple ({column.header} {shown(value.strip())}) ; "
                    "remplacez-la par vos données ou supprimez-la",
                )
                return True
        return False

    def _item(self, table: Table, number: int, cells: dict[Column, Any]) -> dict[str, Any]:
        item: dict[str, Any] = {}
        for column, raw in cells.items():
            value = _clean(raw)
            if value is None:
                continue
            if column.key == AVAILABILITY:
                value = self._windows(table, number, column, value)
            elif column.key == KIND and isinstance(value, str):
                value = value.replace("’", "'")

            _put(item, column.key, value)
        return item

    def _windows(self, table: Table, number: int, column: Column, value: Any) -> list[dict[str, str]]:
        windows: list[dict[str, str]] = []
        pieces = [p.strip() for p in re.split(r"[;,\n]+", value)] if isinstance(value, str) else [value]
        for index, piece in enumerate(p for p in pieces if p != ""):
            match = _WINDOW.match(piece) if isinstance(piece, str) else None
            if match is None:
                self.problem(
                    self.where(table.sheet, number, [column.header], f", créneau {index + 1}"),
                    f"{shown(piece)} n'est pas un créneau (attendu : JJ/MM/AAAA HH:MM-HH:MM, plusieurs "
                    "créneaux séparés par « ; », ex. « 16/03/2027 09:00-12:00; 17/03/2027 08:30-12:30 » ; "
                    "laissez la case vide si l'entreprise est toujours disponible)",
                )
            else:
                windows.append(match.groupdict())
        return windows

    def _travel_table(self, items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
        layout = self.layouts[TRAVEL.sheet]
        table: dict[str, dict[str, Any]] = {}
        for item, number in zip(items, layout.rows, strict=True):
            origin, destination = _place_id(item.get("from")), _place_id(item.get("to"))
            if origin is None or destination is None:
                column = "Départ" if origin is None else "Arrivée"
                if column not in layout.missing:
                    self.problem(
                        self.where(TRAVEL.sheet, number, [column]),
                        "valeur manquante ; indiquez « base » ou l'identifiant d'une entreprise",
                    )
            elif (origin, destination) in self.travel_rows:
                self.problem(
                    self.where(TRAVEL.sheet, number),
                    f"le trajet de {shown(origin)} à {shown(destination)} est déjà donné "
                    f"ligne {self.travel_rows[(origin, destination)]}",
                )
            else:
                self.travel_rows[(origin, destination)] = number
                table.setdefault(origin, {})[destination] = item.get("minutes")
        return table


_WINDOW = re.compile(r"^(?P<date>\S+)\s+(?P<start>[^\s\-–—]+)\s*(?:-|–|—|à)\s*(?P<end>\S+)$")
"""One availability window: ``16/03/2027 09:00-12:00`` (the values are checked by the validator)."""


_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def _yes_no(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return {"oui": True, "o": True, "x": True, "non": False, "n": False}.get(_loose(value))
    return None


def _row_name(table: Table, cells: dict[Column, Any]) -> str:
    """How a row's item is named in problems: « C05, Boulangerie du Salève », « P04, Marie D. »."""
    values = {column.key: _clean(value) for column, value in cells.items()}
    ident = values.get(("id",))
    if ident is None:
        return ""
    if table is PARTICIPANTS:
        first, last = values.get(("first_name",)), values.get(("last_name",))
        name = f"{first} {str(last)[:1]}." if first and last else str(first or "")
    elif table is COMPANIES:
        name = str(values.get(("name",)) or "")
    elif table is VEHICLES:
        name = str(values.get(("label",)) or "")
    else:
        name = ""
    return f"{ident}, {name}" if name else str(ident)


def _rows(ws: Worksheet | ReadOnlyWorksheet, where: str) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """Non-empty rows of a sheet, with their spreadsheet row number; past :data:`MAX_ROWS` rows with
    data (or :data:`MAX_SCANNED_ROWS` rows in all), the reading stops with one problem."""
    if isinstance(ws, ReadOnlyWorksheet):
        ws.reset_dimensions()  # the size written in the file may be wrong: read every row there is
    filled = 0
    rows = ws.iter_rows(max_col=MAX_COLUMNS, values_only=True)  # type: ignore[misc]  # the stubs miss read-only sheets
    try:
        for number, values in enumerate(rows, start=1):
            if number > MAX_SCANNED_ROWS:
                raise _TooManyRows(Problem(where, _too_many(f"plus de {in_words(MAX_SCANNED_ROWS)} lignes")))
            if any(_clean(v) is not None for v in values):
                filled += 1
                if filled > MAX_ROWS:
                    raise _TooManyRows(Problem(where, _too_many(f"plus de {in_words(MAX_ROWS)} lignes remplies")))
                yield number, values
    finally:
        rows.close()  # a read-only sheet holds its part of the archive open until its rows are closed


def _too_many(what: str) -> str:
    return (
        f"cette feuille compte {what} ; un rallye en demande quelques dizaines, la limite est de "
        f"{in_words(MAX_ROWS)} : retirez les lignes qui ne décrivent pas ce rallye"
    )


def _clean(value: Any) -> Any:
    """A cell's value, with blank text as ``None`` and text stripped."""
    if isinstance(value, str):
        return value.strip() or None
    return value


def _place_id(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return BASE if text.lower() == BASE else text


def _put(item: dict[str, Any], key: Key, value: Any) -> None:
    for part in key[:-1]:
        item = item.setdefault(part, {})
    item[key[-1]] = value


def _loose(text: str) -> str:
    """``"Places (conducteur compris)"`` → ``"placesconducteurcompris"``: what header matching compares."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]", "", plain)


def _by_loose_name(columns: Iterable[Column]) -> dict[str, Column]:
    names: dict[str, Column] = {}
    for column in columns:
        names.setdefault(_loose(re.sub(r"\(.*?\)", "", column.header)), column)
        names[_loose(column.header)] = column
    return names


def _columns_at(columns: Sequence[Column], rest: ContentPath) -> tuple[list[Column], str]:
    """The columns holding a content path inside one item, and a detail such as ``", créneau 2"``."""
    for column in columns:
        if rest[: len(column.key)] == column.key:
            after = rest[len(column.key) :]
            detail = f", créneau {after[0] + 1}" if after and isinstance(after[0], int) else ""
            return [column], detail
    return [c for c in columns if rest and c.key[: len(rest)] == rest], ""


# -- writing ---------------------------------------------------------------------------------
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="2F5597")
OPTIONAL_HEADER_FILL = PatternFill("solid", fgColor="8EA9DB")
EXAMPLE_FONT = Font(italic=True, color="808080")
DATE_FORMAT = "DD/MM/YYYY"
TIME_FORMAT = "HH:MM"
VALIDATION_ROWS = 1000


def write_rally_xlsx(rally: Rally | None, path: Path, people: dict[str, PersonDetails] | None = None) -> None:
    """Write ``rally`` as a workbook, or the empty template to fill when ``rally`` is ``None``;
    ``people`` fills the participants' columns beyond the rally content."""
    workbook = Workbook()
    instructions = workbook.active
    assert instructions is not None
    instructions.title = INSTRUCTIONS_SHEET
    _write_instructions(instructions)
    _write_fields(workbook.create_sheet(RALLY_SHEET), rally)
    example = rally is None
    for table in TABLES:
        rows = _TEMPLATE_ROWS[table.sheet] if rally is None else _rally_rows(table, rally, people or {})
        _write_table(workbook.create_sheet(table.sheet), table, rows, example=example and table.example_keys != ())
    workbook.save(path)


Row = dict[Key, Any]


def _rally_rows(table: Table, rally: Rally, people: dict[str, PersonDetails]) -> list[Row]:
    if table is PROGRAMME:
        return [_session_row(s) for s in rally.schedule]
    if table is COMPANIES:
        return [_company_row(c) for c in rally.companies]
    if table is PARTICIPANTS:
        return [_participant_row(p) | _details_row(people.get(p.id)) for p in rally.participants]
    if table is VEHICLES:
        return [_vehicle_row(v) for v in rally.vehicles]
    return [
        {("from",): origin, ("to",): destination, ("minutes",): minutes}
        for (origin, destination), minutes in sorted(rally.travel_minutes.items(), key=_base_first)
    ]


def _base_first(item: tuple[tuple[str, str], int]) -> tuple[bool, str, bool, str]:
    (origin, destination), _ = item
    return (origin != BASE, origin, destination != BASE, destination)


def _session_row(session: Session) -> Row:
    row: Row = {
        KIND: SESSION_WORDS[session.kind],
        ("date",): session.date,
        ("start",): _clock(session.start),
        ("end",): _clock(session.end),
    }
    if session.lunch is not None:
        row[("lunch", "start")], row[("lunch", "end")] = map(_clock, session.lunch)
    return row


def _company_row(company: Company) -> Row:
    contact = company.contact
    return {
        ("id",): company.id,
        ("name",): company.name,
        ("sector",): company.sector,
        ("address",): company.address,
        ("lat",): company.lat,
        ("lon",): company.lon,
        ("capacity",): company.capacity,
        ("hiring",): YES if company.hiring else NO,
        ("visit_minutes",): company.visit_minutes,
        ("max_visits",): company.max_visits,
        AVAILABILITY: "; ".join(f"{w.date:%d/%m/%Y} {hhmm(w.start)}-{hhmm(w.end)}" for w in company.availability),
        ("contact", "name"): contact.name if contact else None,
        ("contact", "phone"): contact.phone if contact else None,
        ("contact", "email"): contact.email if contact else None,
    }


def _participant_row(participant: Participant) -> Row:
    return {
        ("id",): participant.id,
        ("first_name",): participant.first_name,
        ("last_name",): participant.last_name,
        ("gender",): participant.gender.value,
        ("birth_year",): participant.birth_year,
        ("diploma_level",): participant.diploma_level,
        ("background_sector",): participant.background_sector,
        ("status",): participant.status,
        ("prescriber",): participant.prescriber,
        ("present",): YES if participant.present else NO,
    }


def _details_row(details: PersonDetails | None) -> Row:
    if details is None:
        return {}

    def yes_no(flag: bool | None) -> str | None:
        return None if flag is None else YES if flag else NO

    return {
        (DETAILS, "rsa"): yes_no(details.rsa),
        (DETAILS, "phone"): details.phone,
        (DETAILS, "email"): details.email,
        (DETAILS, "address"): details.address,
        (DETAILS, "consent"): yes_no(details.consent),
        (DETAILS, "liability"): yes_no(details.liability),
    }


def _vehicle_row(vehicle: Vehicle) -> Row:
    accompanier = vehicle.accompanier
    return {
        ("id",): vehicle.id,
        ("seats",): vehicle.seats,
        ("accompanier", "name"): accompanier.name if accompanier else None,
        ("accompanier", "phone"): accompanier.phone if accompanier else None,
        ("label",): vehicle.label,
    }


_TEMPLATE_DEFAULTS: dict[Key, Any] = {
    ("visit_minutes",): DEFAULT_VISIT_MINUTES,
    ("visits_per_team", "min"): VisitsPerTeam().min,
    ("visits_per_team", "max"): VisitsPerTeam().max,
    ("travel", "speed_kmh"): TravelSettings().speed_kmh,
    ("travel", "detour"): TravelSettings().detour,
    ("travel", "min_minutes"): TravelSettings().min_minutes,
}
"""The template's « Rallye » sheet: the rally's defaults (``rallye.domain.rally``), the charter's
visits per team among them."""


def _field_values(rally: Rally | None) -> dict[Key, Any]:
    if rally is None:
        return _TEMPLATE_DEFAULTS
    return {
        ("name",): rally.name,
        ("organiser",): rally.organiser,
        ("base", "name"): rally.base.name,
        ("base", "address"): rally.base.address,
        ("base", "lat"): rally.base.lat,
        ("base", "lon"): rally.base.lon,
        ("visit_minutes",): rally.visit_minutes,
        ("visits_per_team", "min"): rally.visits_per_team.min,
        ("visits_per_team", "max"): rally.visits_per_team.max,
        ("travel", "speed_kmh"): rally.travel.speed_kmh,
        ("travel", "detour"): rally.travel.detour,
        ("travel", "min_minutes"): rally.travel.min_minutes,
        ("logo",): rally.logo,
    }


def _write_fields(ws: Worksheet, rally: Rally | None) -> None:
    _write_header(
        ws,
        [
            Column("Champ", (), required=True, width=28),
            Column("Valeur", (), required=True, width=44),
            Column("Aide", (), width=60),
        ],
    )
    values = _field_values(rally)
    for number, column in enumerate(RALLY_FIELDS, start=2):
        ws.cell(number, 1, column.header).font = Font(bold=column.required)
        set_cell(ws, number, 2, values.get(column.key))
        ws.cell(number, 3, column.help).font = EXAMPLE_FONT


def _write_table(ws: Worksheet, table: Table, rows: list[Row], *, example: bool) -> None:
    _write_header(ws, list(table.columns))
    for number, row in enumerate(rows, start=2):
        for index, column in enumerate(table.columns, start=1):
            cell = set_cell(ws, number, index, row.get(column.key))
            if example:
                cell.font = EXAMPLE_FONT
    for index, column in enumerate(table.columns, start=1):
        if column.choices:
            _add_choices(ws, index, column)


def _write_header(ws: Worksheet, columns: list[Column]) -> None:
    for index, column in enumerate(columns, start=1):
        cell = ws.cell(1, index, column.header)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL if column.required else OPTIONAL_HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[get_column_letter(index)].width = column.width
    ws.freeze_panes = "A2"


def _add_choices(ws: Worksheet, index: int, column: Column) -> None:
    listed = ", ".join(column.choices)
    validation = DataValidation(
        type="list",
        formula1='"' + ",".join(column.choices) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle=column.header,
        error=f"Valeurs attendues : {listed}",
    )
    letter = get_column_letter(index)
    validation.add(f"{letter}2:{letter}{VALIDATION_ROWS}")
    ws.add_data_validation(validation)


def set_cell(ws: Worksheet, row: int, column: int, value: Any) -> Cell:
    """Write a value; dates and times get a French display, text is never taken for a formula.

    Shared with the plan workbook: names typed by users may start with « = ».
    """
    cell = ws.cell(row, column)
    assert isinstance(cell, Cell)
    cell.value = None if value == "" else value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"
    elif isinstance(value, dt.date):
        cell.number_format = DATE_FORMAT
    elif isinstance(value, dt.time):
        cell.number_format = TIME_FORMAT
    return cell


def _clock(minutes: int) -> dt.time:
    return dt.time(minutes // 60, minutes % 60)


# -- the template ----------------------------------------------------------------------------
def _session_template(kind: SessionKind, start: int, end: int, lunch: tuple[int, int] | None = None) -> Row:
    """A session of the template's programme: times in minutes, the date left for the organiser."""
    row = _session_row(Session(kind, dt.date.min, start, end, lunch))
    del row[("date",)]
    return row


_TEMPLATE_ROWS: dict[str, list[Row]] = {
    PROGRAMME.sheet: [
        _session_template(SessionKind.ICEBREAKER, 8 * 60 + 30, 9 * 60),
        _session_template(SessionKind.VISITS, 9 * 60, 17 * 60 + 30, (12 * 60 + 15, 13 * 60 + 30)),
        _session_template(SessionKind.VISITS, 8 * 60 + 30, 12 * 60 + 30),
        _session_template(SessionKind.FEEDBACK, 9 * 60, 12 * 60),
        _session_template(SessionKind.CLOSING, 14 * 60, 16 * 60),
    ],
    COMPANIES.sheet: [
        {
            ("id",): "EX-C1",
            ("name",): "Boulangerie du Lac (exemple)",
            ("sector",): "Alimentation",
            ("address",): "12 rue du Lac, 74000 Annecy",
            ("lat",): 45.9024,
            ("lon",): 6.1290,
            ("capacity",): 8,
            ("hiring",): YES,
            AVAILABILITY: "16/03/2027 09:00-12:00; 17/03/2027 08:30-12:30",
            ("contact", "name"): "Mme Exemple",
            ("contact", "phone"): "04 50 00 00 00",
        },
        {
            ("id",): "EX-C2",
            ("name",): "Transports Alpins (exemple)",
            ("sector",): "Transport et logistique",
            ("address",): "5 avenue de la Gare, 74960 Cran-Gevrier",
            ("lat",): 45.9003,
            ("lon",): 6.1002,
            ("capacity",): 12,
            ("hiring",): NO,
            ("visit_minutes",): 75,
            ("max_visits",): 3,
        },
    ],
    PARTICIPANTS.sheet: [
        {
            ("id",): "EX-P1",
            ("first_name",): "Camille",
            ("last_name",): "Exemple",
            ("gender",): "F",
            ("birth_year",): 1984,
            ("diploma_level",): 3,
            ("background_sector",): "Commerce",
            ("status",): "DELD",
            ("prescriber",): "France Travail",
            ("present",): YES,
            (DETAILS, "rsa"): NO,
            (DETAILS, "phone"): "06 00 00 00 01",
            (DETAILS, "email"): "camille.exemple@example.fr",
            (DETAILS, "address"): "3 rue de l'Exemple, 74000 Annecy",
            (DETAILS, "consent"): YES,
            (DETAILS, "liability"): NO,
        },
        {
            ("id",): "EX-P2",
            ("first_name",): "Karim",
            ("last_name",): "Exemple",
            ("gender",): "M",
            ("birth_year",): 1999,
            ("status",): StatusCategory.JEUNE.short,
            ("prescriber",): "Mission locale",
            ("present",): YES,
        },
        {
            ("id",): "EX-P3",
            ("first_name",): "Dominique",
            ("last_name",): "Exemple",
            ("gender",): "X",
            ("birth_year",): 1968,
            ("diploma_level",): 5,
            ("present",): NO,
        },
    ],
    VEHICLES.sheet: [
        {
            ("id",): "EX-V1",
            ("seats",): 7,
            ("accompanier", "name"): "Alex Exemple",
            ("accompanier", "phone"): "06 00 00 00 00",
        },
        {("id",): "EX-V2", ("seats",): 5, ("label",): "Voiture de service"},
    ],
    TRAVEL.sheet: [
        {("from",): BASE, ("to",): "EX-C1", ("minutes",): 12},
        {("from",): "EX-C1", ("to",): BASE, ("minutes",): 14},
    ],
}


def _write_instructions(ws: Worksheet) -> None:
    ws.column_dimensions["A"].width = 120
    for number, line in enumerate(_instruction_lines(), start=1):
        cell = ws.cell(number, 1, line)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if number == 1:
            cell.font = Font(bold=True, size=14)
        elif line.startswith("« "):
            cell.font = Font(bold=True)


def _instruction_lines() -> list[str]:
    lines = [
        "Rallye pour l'emploi — classeur de préparation",
        "Ce classeur décrit votre rallye : le programme, les entreprises, les participants et les "
        "véhicules. Le planificateur le lit pour composer les équipes et leurs visites.",
        "Remplissez une ligne par élément, sous la ligne des titres. Ne renommez ni les feuilles ni les "
        "colonnes ; les titres en bleu foncé sont obligatoires, ceux en bleu clair sont facultatifs.",
        "Les lignes grises en italique, dont l'identifiant commence par « EX- », sont des exemples : "
        "remplacez-les par vos données ou supprimez-les. Dans le modèle vierge, « Programme » propose la "
        "trame habituelle d'un rallye : indiquez les dates, ajustez les horaires, ajoutez ou supprimez "
        "des sessions.",
        "",
        f"« {RALLY_SHEET} » : une information par ligne, à saisir dans la colonne « Valeur » (champs en gras "
        "obligatoires : "
        + ", ".join(c.header for c in RALLY_FIELDS if c.required)
        + "). Les coordonnées du lieu de rendez-vous servent à estimer les trajets.",
        "Adresses : un lieu (le lieu de rendez-vous, une entreprise) qui a une adresse et ni latitude ni "
        "longitude est localisé d'après son adresse par la Base adresse nationale ; l'aperçu de l'import "
        "montre l'adresse trouvée et signale celles à vérifier. Sans adresse, indiquez la latitude et la "
        "longitude en degrés décimaux.",
    ]
    for table in TABLES:
        required = ", ".join(c.header for c in table.columns if c.required)
        optional = ", ".join(c.header for c in table.columns if not c.required)
        lines.append(
            f"« {table.sheet} » ({table.what}{'' if table.required else ', feuille facultative'}) : "
            f"colonnes obligatoires : {required}" + (f" ; facultatives : {optional}." if optional else ".")
        )
    lines += [
        "",
        "« Participants » en clair",
        "Statut : choisissez dans la liste la situation principale de la personne ("
        + ", ".join(STATUS_CHOICES)
        + "). Un autre mot est gardé et marqué « à confirmer » dans Rallye, qui vous demandera de choisir.",
        "RSA : « oui » si la personne touche le RSA aujourd'hui. Une personne en contrat d'insertion qui "
        "touchait le RSA avant d'entrer dans la SIAE n'est pas comptée pour l'objectif RSA du département.",
        "Téléphone et e-mail : pour la convocation et les rappels. Consentement : « oui » quand la personne a "
        "accepté que ses données servent à préparer le rallye. Attestation de responsabilité civile : « oui » "
        "quand elle l'a montrée ou donnée (elle est utile pour les visites en entreprise).",
        f"Année de naissance : la personne doit avoir de {PARTICIPANT_AGES[0]} à {PARTICIPANT_AGES[1]} ans "
        "l'année du rallye.",
        "Une case vide garde ce que Rallye sait déjà de la personne ; une case remplie le remplace.",
        "",
        "Formats",
        "Dates : JJ/MM/AAAA (ex. 16/03/2027). Heures : HH:MM (ex. 09:30 ; 9h30 est accepté).",
        "Type de session (Programme) : brise-glace, visites, retours d'expérience ou clôture. Une session "
        "de visites peut avoir une pause déjeuner, pendant laquelle aucune visite n'a lieu.",
        "Disponibilités d'une entreprise : des créneaux « date heure-heure » séparés par « ; », ex. "
        "16/03/2027 09:00-12:00; 17/03/2027 08:30-12:30. Case vide : disponible pendant toutes les visites.",
        "Capacité : nombre de visiteurs accueillis en même temps, accompagnateurs compris.",
        "Places d'un véhicule : toutes les places, celle du conducteur comprise (l'accompagnateur conduit) ; "
        "une équipe compte donc au plus « places - 1 » participants.",
        "Genre : F, M ou X. Recrute, Présent : oui ou non. Niveau de diplôme : 3 = CAP/BEP, 4 = bac, "
        "5 = bac+2 … 8 = doctorat (facultatif).",
        "Temps de trajet (facultatif) : pour imposer un temps entre deux lieux, indiquez « base » (le lieu "
        "de rendez-vous) ou l'identifiant d'une entreprise. Sinon le temps est estimé à partir des "
        "coordonnées.",
        "",
        "Si le fichier contient des erreurs",
        "Rien n'est modifié : le planificateur affiche la liste de toutes les erreurs, chacune avec sa "
        "feuille, sa ligne et sa colonne. Corrigez-les puis relancez.",
    ]
    return lines
