"""Open rally and plan files whatever their format (chosen by the file's extension)."""

from __future__ import annotations

from pathlib import Path

from rallye.domain.plan import Plan
from rallye.domain.rally import Rally
from rallye.formats.plan_json import parse_plan_json
from rallye.formats.problems import InvalidInput, Problem
from rallye.formats.rally_input import parse_rally_json

RALLY_SUFFIXES = (".json", ".xlsx")


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InvalidInput([Problem(str(path), "fichier introuvable ; vérifiez le chemin")]) from None
    except UnicodeDecodeError:
        raise InvalidInput(
            [Problem(str(path), "ce fichier n'est pas un texte UTF-8 ; enregistrez-le en UTF-8")]
        ) from None
    except OSError as error:
        raise InvalidInput([Problem(str(path), f"lecture impossible ({error.strerror})")]) from None


def load_rally(path: Path) -> Rally:
    """A rally from ``rally.json`` or from a workbook; :class:`InvalidInput` lists every problem."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        from rallye.formats.rally_xlsx import read_rally_xlsx

        if not path.exists():
            raise InvalidInput([Problem(str(path), "fichier introuvable ; vérifiez le chemin")])
        return read_rally_xlsx(path)
    if suffix != ".json":
        raise InvalidInput([Problem(str(path), "format de fichier inconnu ; attendu : un fichier .json ou .xlsx")])
    return parse_rally_json(_read_text(path), path.name)


def load_plan(path: Path) -> Plan:
    return parse_plan_json(_read_text(path), path.name)
