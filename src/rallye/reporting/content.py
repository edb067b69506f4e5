"""What a report is made of, whatever it is written to (PDF, XLSX, a web page): titled sections
of French text, tables whose cells keep their numbers as numbers, and SVG charts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from rallye.domain import french
from rallye.reporting.figures import SeasonFigures


@dataclass(frozen=True)
class Share:
    """A proportion between 0 and 1, written « 35 % » (a percentage cell in the workbook)."""

    value: float


@dataclass(frozen=True)
class Euros:
    """An amount of money, written « 4\u00a0500 € » or « 4\u00a0500,50 € » (a currency cell in the workbook)."""

    value: Decimal

    @property
    def text(self) -> str:
        grouped = f"{self.value:,.2f}".replace(",", "\u00a0").replace(".", ",")
        return f"{grouped.removesuffix(',00')}\u00a0€"


Cell = str | int | float | Share | Euros | dt.date | None
NOT_AVAILABLE = "non disponible"


def cell_text(value: Cell) -> str:
    """A cell as the PDF and the web page write it."""
    if value is None:
        return NOT_AVAILABLE
    if isinstance(value, Share):
        return f"{round(value.value * 100)}\u00a0%"
    if isinstance(value, Euros):
        return value.text
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return french.number(value)
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return value


def share(part: int, whole: int) -> Share | None:
    return Share(part / whole) if whole else None


@dataclass(frozen=True)
class Table:
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    sheet: str = ""
    """The workbook sheet that holds this table (« » when the table is in the PDF only)."""


@dataclass(frozen=True)
class KeyFigure:
    label: str
    value: Cell

    @property
    def text(self) -> str:
        return cell_text(self.value)


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: tuple[str, ...] = ()
    charts: tuple[str, ...] = ()
    """SVG images (``rallye.reporting.charts``)."""
    tables: tuple[Table, ...] = ()
    notes: tuple[str, ...] = ()
    """How the figures are computed, in plain words."""


@dataclass(frozen=True)
class Report:
    kind: str
    """``federation``, ``ansa`` or ``funder``."""
    title: str
    subtitle: str
    period: str
    subject: str
    """Who the report is about (the federation, the structure, the funder): part of its file name."""
    structure: str
    """The structure whose rallies a funder's report covers (part of its file name); « » for the
    other reports."""
    years: tuple[int, ...]
    """Years of the rallies reported on, in order."""
    generated: dt.date
    key_figures: tuple[KeyFigure, ...]
    sections: tuple[Section, ...]
    rallies: Table
    figures: SeasonFigures
    introduction: tuple[str, ...] = field(default=())

    @property
    def generated_fr(self) -> str:
        return french.date(self.generated)

    @property
    def tables(self) -> tuple[Table, ...]:
        """Every table of the sections, then the rallies."""
        return (*(t for s in self.sections for t in s.tables), self.rallies)
