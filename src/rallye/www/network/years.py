"""The year filter of the network pages (``?annee=2026``): a rally belongs to the year of its
first day; no year means every year."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Min, QuerySet
from django.http import HttpRequest

from rallye.rallies.models import Rally
from rallye.reporting.reports import REPORT_YEARS

YEAR_PARAMETER = "annee"


def rally_years(rallies: QuerySet[Rally]) -> list[int]:
    """The years in which these rallies start, newest first."""
    days = rallies.order_by().annotate(first_day=Min("sessions__date")).values_list("first_day", flat=True)
    return sorted({day.year for day in days if day is not None}, reverse=True)


def rallies_of_year(rallies: QuerySet[Rally], year: int | None) -> QuerySet[Rally]:
    if year is None:
        return rallies
    return rallies.annotate(first_day=Min("sessions__date")).filter(first_day__year=year)


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
