"""Plain tables read from a partner's spreadsheet (``.xlsx`` or ``.csv``): a header row and the
rows below it, whatever the columns are (the user says what each column holds afterwards).

The limits and the handling of broken files are the rally workbook's (``limits.py``,
``rally_xlsx``): a bounded size, a streamed workbook, a French :class:`InvalidInput` naming the
file (and the sheet) instead of any error from the readers.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl

from rallye.formats.limits import MAX_COLUMNS, MAX_ROWS, in_words
from rallye.formats.load import check_size
from rallye.formats.problems import InvalidInput, Problem
from rallye.formats.rally_xlsx import _check_archive, _close_abandoned_parts, _rows, _TooManyRows

TABLE_SUFFIXES = (".xlsx", ".csv")


@dataclass(frozen=True)
class Table:
    """``rows``: (row number in the file, one text per column of ``header``)."""

    file_name: str
    sheet: str
    """The sheet read (``""`` for a CSV file)."""
    header: tuple[str, ...]
    header_row: int
    rows: tuple[tuple[int, tuple[str, ...]], ...]

    def where(self, row: int, column: str | None = None) -> str:
        """« suivi.xlsx, feuille « Entreprises », ligne 4, colonne « SIRET » »."""
        parts = [self.file_name]
        if self.sheet:
            parts.append(f"feuille « {self.sheet} »")
        parts.append(f"ligne {row}")
        if column:
            parts.append(f"colonne « {column} »")
        return ", ".join(parts)


def read_table(path: Path, file_name: str) -> Table:
    """The first sheet of a workbook, or a CSV file (separated by ``;``, ``,`` or tabs; UTF-8 or
    Windows' Western encoding). The header is the first filled row; :class:`InvalidInput` says
    what is wrong when the file cannot be read or holds nothing."""
    check_size(path, file_name)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        sheet, raw = "", _csv_rows(path, file_name)
    elif suffix == ".xlsx":
        sheet, raw = _xlsx_rows(path, file_name)
    else:
        raise InvalidInput([Problem(file_name, "ce n'est ni un classeur .xlsx ni un fichier .csv")])
    if not raw:
        where = f"{file_name}, feuille « {sheet} »" if sheet else file_name
        raise InvalidInput([Problem(where, "aucune ligne remplie ; envoyez le tableau de suivi rempli")])
    header_row, header_cells = raw[0]
    width = max(len(cells) for _, cells in raw)
    header = tuple(
        (header_cells[i] if i < len(header_cells) and header_cells[i] else f"Colonne {i + 1}") for i in range(width)
    )
    rows = tuple((number, tuple(cells) + ("",) * (width - len(cells))) for number, cells in raw[1:])
    return Table(file_name, sheet, header, header_row, rows)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return " ".join(str(value).split())


def _trimmed(cells: list[str]) -> list[str]:
    while cells and not cells[-1]:
        cells.pop()
    return cells


def _xlsx_rows(path: Path, file_name: str) -> tuple[str, list[tuple[int, list[str]]]]:
    _check_archive(path, file_name)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
            try:
                sheet = workbook.worksheets[0]
                title = str(sheet.title)
                rows = [
                    (n, _trimmed([_text(v) for v in values]))
                    for n, values in _rows(sheet, f"{file_name}, feuille « {title} »")
                ]
            finally:
                workbook.close()
    except _TooManyRows as too_many:
        raise InvalidInput([too_many.problem]) from None
    except InvalidInput:
        raise
    except Exception:  # whatever openpyxl fails on in a broken file, the user reads French
        broken = True
    else:
        broken = False
    if broken:
        _close_abandoned_parts()
        raise InvalidInput(
            [
                Problem(
                    file_name,
                    "ce classeur est abîmé ou n'est pas au format Excel (.xlsx) ; enregistrez-le au format "
                    "« Classeur Excel (.xlsx) » ou « CSV » puis envoyez-le à nouveau",
                )
            ]
        )
    return title, rows


def _decoded(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _csv_rows(path: Path, file_name: str) -> list[tuple[int, list[str]]]:
    try:
        text = _decoded(path.read_bytes())
    except OSError:
        raise InvalidInput(
            [Problem(file_name, "lecture impossible ; vérifiez que vous pouvez ouvrir le fichier")]
        ) from None
    if "\x00" in text:
        raise InvalidInput(
            [Problem(file_name, "ce fichier n'est pas un texte CSV ; enregistrez le tableau au format CSV")]
        )
    first = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first.count)
    rows: list[tuple[int, list[str]]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for number, cells in enumerate(reader, start=1):
            cleaned = _trimmed([_text(cell) for cell in cells[:MAX_COLUMNS]])
            if not cleaned:
                continue
            rows.append((number, cleaned))
            if len(rows) > MAX_ROWS:
                raise InvalidInput(
                    [
                        Problem(
                            file_name,
                            f"ce fichier compte plus de {in_words(MAX_ROWS)} lignes remplies, la limite ; "
                            "retirez les lignes inutiles ou découpez-le",
                        )
                    ]
                )
    except csv.Error:
        raise InvalidInput(
            [Problem(file_name, f"ligne {reader.line_num} : le texte CSV est mal formé (guillemet non fermé ?)")]
        ) from None
    return rows
