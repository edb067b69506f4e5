"""Open rally and plan files whatever their format (chosen by the file's extension).

``shown_as`` is the name problems give the file: the command line shows the path the user typed,
the web shows the name of the file the organiser sent (never where the server keeps it).
``text_limits`` caps the length of texts (see :data:`~rallye.formats.rally_input.TextLimits`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rallye.domain import french
from rallye.domain.plan import Plan
from rallye.domain.rally import Rally
from rallye.formats.json_text import decode_json
from rallye.formats.limits import MAX_FILE_BYTES
from rallye.formats.places import AddressBook
from rallye.formats.plan_json import parse_plan_json
from rallye.formats.problems import InvalidInput, Problem
from rallye.formats.rally_input import TextLimits, parse_rally_json

if TYPE_CHECKING:
    from rallye.formats.rally_xlsx import PersonDetails

RALLY_SUFFIXES = (".json", ".xlsx")
_UNREADABLE = "lecture impossible (droits du fichier ?) ; vérifiez que vous pouvez l'ouvrir"


def check_size(path: Path, shown_as: str) -> None:
    """Refuse a missing file, a folder, or a file above :data:`MAX_FILE_BYTES`."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InvalidInput([Problem(shown_as, "fichier introuvable ; vérifiez son nom et son dossier")]) from None
    except OSError:
        raise InvalidInput([Problem(shown_as, _UNREADABLE)]) from None
    if not path.is_file():
        raise InvalidInput([Problem(shown_as, "ce n'est pas un fichier (un dossier ?) ; indiquez le fichier lui-même")])
    if size > MAX_FILE_BYTES:
        raise InvalidInput(
            [
                Problem(
                    shown_as,
                    f"le fichier dépasse la limite de {french.number(MAX_FILE_BYTES / 1024 / 1024)} Mo (un rallye "
                    "tient en quelques centaines de Ko) ; retirez les feuilles, images ou lignes inutiles",
                )
            ]
        )


def _read_json_text(path: Path, shown_as: str) -> str:
    check_size(path, shown_as)
    try:
        data = path.read_bytes()
    except OSError:
        raise InvalidInput([Problem(shown_as, _UNREADABLE)]) from None
    return decode_json(data, shown_as)


def load_rally(
    path: Path, shown_as: str | None = None, text_limits: TextLimits | None = None, places: AddressBook | None = None
) -> Rally:
    """A rally from ``rally.json`` or from a workbook; :class:`InvalidInput` lists every problem.

    Places given by their address only are located with ``places`` (see ``formats.places``)."""
    shown = shown_as or str(path)
    suffix = path.suffix.lower()
    if suffix not in RALLY_SUFFIXES:
        raise InvalidInput([Problem(shown, "format de fichier inconnu ; attendu : un fichier .json ou .xlsx")])
    file_name = shown_as or path.name
    if suffix == ".xlsx":
        from rallye.formats.rally_xlsx import read_rally_xlsx

        check_size(path, shown)
        return read_rally_xlsx(path, file_name, text_limits, places)
    return parse_rally_json(_read_json_text(path, shown), file_name, text_limits, places)


def load_rally_with_details(
    path: Path, shown_as: str | None = None, text_limits: TextLimits | None = None, places: AddressBook | None = None
) -> tuple[Rally, dict[str, PersonDetails]]:
    """:func:`load_rally`, with what a workbook's « Participants » sheet says beyond the rally
    content (RSA, phone, e-mail, address, consent, civil liability); a JSON file has none."""
    if path.suffix.lower() == ".xlsx":
        from rallye.formats.rally_xlsx import read_rally_workbook

        shown = shown_as or str(path)
        check_size(path, shown)
        read = read_rally_workbook(path, shown_as or path.name, text_limits, places)
        return read.rally, read.people
    return load_rally(path, shown_as, text_limits, places), {}


def load_plan(path: Path, shown_as: str | None = None) -> Plan:
    return parse_plan_json(_read_json_text(path, shown_as or str(path)), shown_as or path.name)
