"""Reports as workbooks: a « Synthèse » sheet with the key figures and how they are computed,
one sheet per breakdown, and « Rallyes »; French headers, numbers kept as numbers (shares as
percentages, amounts in euros, dates as dates) so that organisers can sort, sum and chart them."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import Cell as SheetCell
from openpyxl.cell.cell import MergedCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from rallye.reporting.content import Cell, Euros, Report, Share, Table

SUMMARY = "Synthèse"
SHEET_NAME_MAX = 31
FORBIDDEN_IN_SHEET_NAMES = str.maketrans({c: " " for c in "[]:*?/\\"})
EUROS = '#,##0.00 "€"'
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)


def report_xlsx(report: Report) -> bytes:
    book = Workbook()
    summary = book.active
    assert summary is not None
    summary.title = SUMMARY
    _summary(summary, report)
    names = {SUMMARY}
    for table in report.tables:
        if table.sheet:
            sheet = book.create_sheet(_unique(table.sheet, names))
            _table(sheet, table)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _summary(sheet: Worksheet, report: Report) -> None:
    sheet.append([report.title])
    sheet["A1"].font = TITLE
    sheet.append([report.subtitle])
    sheet.append([f"Période : {report.period}"])
    sheet.append([f"Établi le {report.generated_fr}"])
    sheet.append([])
    sheet.append(["Indicateur", "Valeur"])
    _bold(sheet[sheet.max_row])
    for figure in report.key_figures:
        _append(sheet, (figure.label, figure.value))
    notes = list(dict.fromkeys(note for section in report.sections for note in section.notes))
    if notes:
        sheet.append([])
        sheet.append(["Méthode"])
        _bold(sheet[sheet.max_row])
        for note in notes:
            sheet.append([note])
    sheet.column_dimensions["A"].width = 48
    sheet.column_dimensions["B"].width = 14


def _table(sheet: Worksheet, table: Table) -> None:
    sheet.append(list(table.headers))
    _bold(sheet[1])
    sheet.freeze_panes = "A2"
    for row in table.rows:
        _append(sheet, row)
    for index, header in enumerate(table.headers):
        texts = [header, *(str(row[index]) for row in table.rows if index < len(row))]
        letter = get_column_letter(index + 1)
        sheet.column_dimensions[letter].width = min(max(len(t) for t in texts) + 2, 60)


def _append(sheet: Worksheet, values: Sequence[Cell]) -> None:
    sheet.append([_raw(value) for value in values])
    for cell, value in zip(sheet[sheet.max_row], values, strict=False):
        cell.number_format = _format(value)
        if isinstance(value, str) and value.startswith("="):
            cell.data_type = "s"  # text typed by a user (a status, a name) is never run as a formula


def _raw(value: Cell) -> str | int | float | Decimal | dt.date | None:
    return value.value if isinstance(value, Share | Euros) else value


def _format(value: Cell) -> str:
    if isinstance(value, Share):
        return "0%"
    if isinstance(value, Euros):
        return EUROS
    if isinstance(value, float):
        return "0.0"
    if isinstance(value, dt.date):
        return "DD/MM/YYYY"
    return "General"


def _bold(cells: Iterable[SheetCell | MergedCell]) -> None:
    for cell in cells:
        cell.font = BOLD


def _unique(name: str, taken: set[str]) -> str:
    base = name.translate(FORBIDDEN_IN_SHEET_NAMES)[:SHEET_NAME_MAX]
    candidate, number = base, 2
    while candidate in taken:
        suffix = f" {number}"
        candidate, number = base[: SHEET_NAME_MAX - len(suffix)] + suffix, number + 1
    taken.add(candidate)
    return candidate
