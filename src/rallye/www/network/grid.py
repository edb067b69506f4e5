"""What the fidelity pages show of a grid: lines grouped under their headings, with the means.

Shared by the rally's grid page and the comparison across rallies."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from rallye.domain import french
from rallye.domain.fidelity import NOT_ASSESSABLE, PRINCIPLES, Heading, heading_means, overall_mean
from rallye.evaluation.records import GridLine
from rallye.reporting.charts import fidelity_chart


def mean_fr(value: float | None) -> str:
    """2.25 → « 2,3 / 4 »; ``None`` → « non évaluable à ce stade »."""
    return NOT_ASSESSABLE if value is None else f"{french.number(value)} / 4"


def scores_of(lines: Sequence[GridLine]) -> dict[str, int | None]:
    return {line.principle.code: line.score for line in lines}


Row = TypeVar("Row")


@dataclass(frozen=True)
class Section(Generic[Row]):
    heading: Heading
    mean: str
    rows: list[Row]
    """The rows of this heading's principles, in the grid's order (lines, or lines with their fields)."""


def sections(
    scores: Mapping[str, int | None], rows: Sequence[Row], code_of: Callable[[Row], str]
) -> list[Section[Row]]:
    """``rows`` (one per principle) under their headings, each heading with its mean."""
    means = heading_means(scores)
    by_code = {code_of(row): row for row in rows}
    return [
        Section(heading, mean_fr(means[heading]), [by_code[p.code] for p in PRINCIPLES if p.heading is heading])
        for heading in Heading
    ]


def grid_chart(title: str, lines: Sequence[GridLine]) -> str:
    return fidelity_chart(
        title,
        [(line.principle.code, line.principle.text, line.score) for line in lines],
        description="Note de chaque principe de la grille de fidélité, de 0 à 4.",
    )


def overall_fr(lines: Sequence[GridLine]) -> str:
    return mean_fr(overall_mean(scores_of(lines)))
