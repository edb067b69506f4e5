"""The year filter of the network pages (``?annee=2026``): a rally belongs to the year of its
first day; no year means every year."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest

from rallye.evaluation.dates import rallies_of_year, rally_years
from rallye.reporting.reports import REPORT_YEARS

YEAR_PARAMETER = "annee"
__all__ = ["YEAR_PARAMETER", "YearChoice", "chosen_year", "rallies_of_year", "rally_years"]


@dataclass(frozen=True)
class YearChoice:
    year: int | None
    """The chosen year; ``None`` for every year."""
    problem: str = ""
    """Why the requested year was not understood."""

    @property
    def page_problem(self) -> str:
        """What a page that then shows every year says."""
        return f"{self.problem} Toutes les années sont affichées." if self.problem else ""


def chosen_year(request: HttpRequest) -> YearChoice:
    raw = request.GET.get(YEAR_PARAMETER, "").strip()
    if not raw:
        return YearChoice(None)
    if not raw.isdigit() or int(raw) not in REPORT_YEARS:
        return YearChoice(None, f"« {raw} » n'est pas une année : choisissez une année dans la liste.")
    return YearChoice(int(raw))
