"""Uploaded rally files waiting for the organiser's confirmation (between preview and import).

The file is kept under ``DATA_DIR/uploads/<random token>/`` with its own (cleaned) name, so
problems name the file the organiser knows (never the folder where the server keeps it); the
user's session remembers the one pending import (token, file name, target structure and rally).
Nothing else remembers it: a new upload or a confirmation removes it, and uploads left behind
are purged after a day. At most :data:`~rallye.formats.limits.MAX_FILE_BYTES` (and one byte, to
know it is too big) are written to disk.

Texts are checked against the lengths of the database's columns (:func:`text_limits`) when the
file is read, so that the preview reports a name too long where it is in the file, rather than
the database refusing it at confirmation.
"""

from __future__ import annotations

import json
import logging
import secrets
import shutil
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.http import HttpRequest
from django.utils.text import get_valid_filename

from rallye.domain.rally import Rally as DomainRally
from rallye.formats.limits import MAX_FILE_BYTES
from rallye.formats.load import load_rally_with_details
from rallye.formats.places import AddressBook, Located
from rallye.formats.problems import InvalidInput, Problem
from rallye.formats.rally_input import TextLimits
from rallye.formats.rally_xlsx import PersonDetails
from rallye.rallies.models import Company, Participant, Rally, Vehicle
from rallye.www.rallies.addresses import geocoder

logger = logging.getLogger(__name__)

SESSION_KEY = "rallies.pending_import"
STALE_SECONDS = 24 * 3600


@dataclass(frozen=True)
class PendingImport:
    token: str
    file_name: str
    structure_id: int
    rally_id: int | None

    @property
    def folder(self) -> Path:
        return uploads_dir() / self.token

    @property
    def path(self) -> Path:
        return self.folder / self.file_name

    @property
    def addresses_path(self) -> Path:
        return self.folder / ADDRESSES_FILE

    def read(self) -> DomainRally:
        return self.read_located()[0]

    def read_located(self) -> tuple[DomainRally, list[Located]]:
        rally, located, _ = self.read_all()
        return rally, located

    def read_all(self) -> tuple[DomainRally, list[Located], dict[str, PersonDetails]]:
        """The rally of the file, and its places located from their address;
        :class:`~rallye.formats.problems.InvalidInput` lists every problem.

        The geocoder's answers are kept next to the file: reading it again (the confirmation)
        asks nothing more, and places what the preview showed. A failure the readers did not
        foresee is logged and told as a problem of the file: the organiser sees the preview,
        never an error page."""
        book = AddressBook.with_saved_answers(geocoder(), self._saved_answers())
        try:
            rally, people = load_rally_with_details(
                self.path, shown_as=self.file_name, text_limits=text_limits(), places=book
            )
        except InvalidInput:
            raise
        except Exception:
            logger.exception("Import: unexpected failure while reading an uploaded file")
            raise InvalidInput([Problem(self.file_name, UNEXPECTED)]) from None
        finally:
            if book.asked:
                self.addresses_path.write_text(json.dumps(book.saved_answers(), ensure_ascii=False), encoding="utf-8")
        return rally, book.located, people

    def _saved_answers(self) -> object:
        try:
            return json.loads(self.addresses_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None


ADDRESSES_FILE = ".adresses.json"
"""The geocoder's answers for the pending file (a name no upload gets: ``_clean_name`` keeps a stem)."""

UNEXPECTED = (
    "ce fichier n'a pas pu être lu ; repartez du modèle de tableur ou d'un export de Rallye, "
    "et signalez le problème si le fichier semble correct"
)


_TEXT_COLUMNS: dict[tuple[str, ...], tuple[type[models.Model], str]] = {
    ("rally", "name"): (Rally, "name"),
    ("rally", "organiser"): (Rally, "organiser"),
    ("rally", "base", "name"): (Rally, "base_name"),
    ("rally", "base", "address"): (Rally, "base_address"),
    ("companies", "*", "id"): (Company, "code"),
    ("companies", "*", "name"): (Company, "name"),
    ("companies", "*", "sector"): (Company, "sector"),
    ("companies", "*", "address"): (Company, "address"),
    ("companies", "*", "contact", "name"): (Company, "contact_name"),
    ("companies", "*", "contact", "phone"): (Company, "contact_phone"),
    ("companies", "*", "contact", "email"): (Company, "contact_email"),
    ("participants", "*", "id"): (Participant, "code"),
    ("participants", "*", "first_name"): (Participant, "first_name"),
    ("participants", "*", "last_name"): (Participant, "last_name"),
    ("participants", "*", "background_sector"): (Participant, "background_sector"),
    ("participants", "*", "status"): (Participant, "status"),
    ("participants", "*", "prescriber"): (Participant, "prescriber"),
    ("vehicles", "*", "id"): (Vehicle, "code"),
    ("vehicles", "*", "label"): (Vehicle, "label"),
    ("vehicles", "*", "accompanier", "name"): (Vehicle, "accompanier_name"),
    ("vehicles", "*", "accompanier", "phone"): (Vehicle, "accompanier_phone"),
}
"""Where each text of a rally file is stored (the file's logo is not: see ``imports.confirm``)."""


def text_limits() -> TextLimits:
    """The longest text each column of the database takes, by place in the rally file."""
    limits: dict[tuple[str, ...], int] = {}
    for path, (model, name) in _TEXT_COLUMNS.items():
        length = getattr(model._meta.get_field(name), "max_length", None)
        if length is not None:
            limits[path] = length
    return limits


def uploads_dir() -> Path:
    return Path(settings.DATA_DIR) / "uploads"


def _clean_name(name: str) -> str:
    path = Path(name)
    suffix = path.suffix.lower()
    try:
        stem = get_valid_filename(path.stem)
    except SuspiciousFileOperation:  # a name made only of forbidden characters
        stem = "rallye"
    return f"{stem[:80]}{suffix}"


def store(request: HttpRequest, upload: UploadedFile, structure_id: int, rally_id: int | None) -> PendingImport:
    """Keep ``upload`` for a preview; any earlier pending import of this session is dropped."""
    discard(request)
    _purge_stale()
    pending = PendingImport(
        secrets.token_urlsafe(16), _clean_name(upload.name or "rallye.xlsx"), structure_id, rally_id
    )
    pending.folder.mkdir(parents=True)
    with pending.path.open("wb") as out:
        room = MAX_FILE_BYTES + 1  # one byte more is enough for the reader to refuse the file
        for chunk in upload.chunks():
            out.write(chunk[:room])
            room -= len(chunk)
            if room <= 0:
                break
    request.session[SESSION_KEY] = asdict(pending)
    return pending


def pending_import(request: HttpRequest, token: str, rally_id: int | None) -> PendingImport | None:
    """The session's pending import with this token and target, if its file is still there."""
    data = request.session.get(SESSION_KEY)
    if not isinstance(data, dict):
        return None
    pending = PendingImport(**data)
    if not secrets.compare_digest(pending.token, token) or pending.rally_id != rally_id:
        return None
    return pending if pending.path.is_file() else None


def discard(request: HttpRequest) -> None:
    data = request.session.pop(SESSION_KEY, None)
    if isinstance(data, dict):
        shutil.rmtree(PendingImport(**data).folder, ignore_errors=True)


def _purge_stale() -> None:
    root = uploads_dir()
    if not root.is_dir():
        return
    limit = time.time() - STALE_SECONDS
    for folder in root.iterdir():
        if folder.is_dir() and folder.stat().st_mtime < limit:
            shutil.rmtree(folder, ignore_errors=True)
