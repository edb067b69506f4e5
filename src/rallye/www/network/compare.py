"""The fidelity grids of the network's rallies side by side: a table rallies × principles (the
number always written, the colour only repeats it), the heading means, and a grouped chart per
heading. Filters: ``?annee=`` and ``?structure=``. Federation admins and evaluators only.

Rallies still to come are shown too (their grid is being prepared), marked « à venir »."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.views import View

from rallye.domain.fidelity import PRINCIPLES, Heading, heading_means, overall_mean
from rallye.evaluation.dates import FIRST_DAY, LAST_DAY, period_fr
from rallye.evaluation.records import fidelity_grids, rally_records
from rallye.evaluation.reports import confirmed_principles
from rallye.organisations.models import Structure
from rallye.rallies.models import Rally
from rallye.reporting.charts import grouped_bar_chart
from rallye.www.network.access import Network, network_of
from rallye.www.network.grid import mean_fr
from rallye.www.network.years import chosen_year, rallies_of_year, rally_years
from rallye.www.pagination import paginate, paginated

STRUCTURE_PARAMETER = "structure"
SHORT_HEADINGS = {
    Heading.OBJECTIVES: "Objectifs",
    Heading.FORMAT: "Format",
    Heading.COMPANIES: "Entrep.",
    Heading.KEY_FIGURES: "Chiffres clés",
    Heading.PUBLIC: "Public",
    Heading.COMMUNICATION: "Comm.",
    Heading.REPORTING: "Bilan",
}
"""Column group titles of the table, where the full titles would not fit (they stay in a tooltip)."""


def short_names(names: list[str]) -> list[str]:
    """Rally names without the words they all start with (« Rallye pour l'emploi — »), so that
    chart labels show what tells them apart."""
    if len(names) < 2:
        return names
    words = [name.split(" ") for name in names]
    common = 0
    while all(len(w) > common + 1 and w[common] == words[0][common] for w in words):
        common += 1
    return [" ".join(w[common:]) for w in words]


@dataclass(frozen=True)
class Cell:
    score: int | None
    confirmed: bool


@dataclass(frozen=True)
class RallyGrid:
    rally: Rally
    dates: str
    """« du 17 au 20 mars 2026 »; « » without dates."""
    to_come: bool
    """Not taken place yet (dates to come, or none yet)."""
    cells: list[Cell]
    """One per principle, in the grid's order."""
    heading_means: list[str]
    """One per heading, in the grid's order."""
    overall: str


def rally_grid(
    rally: Rally, days: tuple[dt.date | None, dt.date | None], today: dt.date, cells: list[Cell]
) -> RallyGrid:
    scores = {p.code: cell.score for p, cell in zip(PRINCIPLES, cells, strict=True)}
    means = heading_means(scores)
    first_day, last_day = days
    return RallyGrid(
        rally,
        period_fr(first_day, last_day),
        last_day is None or last_day >= today,
        cells,
        [mean_fr(means[heading]) for heading in Heading],
        mean_fr(overall_mean(scores)),
    )


def grid_cells(rallies: list[Rally], today: dt.date) -> dict[int, list[Cell]]:
    """Rally id → its grid's cells, in the grid's order. A rally with dates is read from its
    pseudonymous record (kept between requests: ``rallye.evaluation.stored``), whose scores are
    the grid's; a rally without any date yet has its grid prefilled from its data."""
    records = {int(record.key): record for record in rally_records(rallies, today)}
    confirmed = confirmed_principles(list(records.values()))
    cells = {
        pk: [Cell(record.fidelity.get(p.code), p.code in confirmed.get(record.key, ())) for p in PRINCIPLES]
        for pk, record in records.items()
    }
    undated = [rally for rally in rallies if rally.pk not in records]
    for pk, lines in fidelity_grids(undated, today).items():
        cells[pk] = [Cell(line.score, line.confirmed is not None) for line in lines]
    return cells


def heading_charts(grids: list[RallyGrid]) -> list[SafeString]:
    """Per heading: each rally's score on each of the heading's principles."""
    names = short_names([grid.rally.name for grid in grids])
    svgs = []
    for heading in Heading:
        positions = [i for i, p in enumerate(PRINCIPLES) if p.heading is heading]
        series: list[tuple[str, list[float | None]]] = [
            (PRINCIPLES[i].code, [grid.cells[i].score for grid in grids]) for i in positions
        ]
        svgs.append(
            grouped_bar_chart(
                heading.label,
                names,
                series,
                maximum=4,
                description="Note sur 4 de chaque rallye pour "
                + ", ".join(f"{PRINCIPLES[i].code} ({PRINCIPLES[i].text})" for i in positions)
                + " ; n.d. : non évaluable à ce stade.",
            )
        )
    return [mark_safe(svg) for svg in svgs]


def chosen_structure(request: HttpRequest, network: Network) -> tuple[Structure | None, str]:
    raw = request.GET.get(STRUCTURE_PARAMETER, "").strip()
    if not raw:
        return None, ""
    structure = network.structures().filter(pk=int(raw)).first() if raw.isdigit() else None
    if structure is None:
        return (
            None,
            "Cette structure n'est pas dans votre réseau : choisissez-en une dans la liste. "
            "Toutes les structures sont affichées.",
        )
    return structure, ""


class CompareView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        network = network_of(request.user)
        choice = chosen_year(request)
        structure, structure_problem = chosen_structure(request, network)
        for problem in (choice.page_problem, structure_problem):
            if problem:
                messages.error(request, problem)
        rallies: QuerySet[Rally] = rallies_of_year(network.rallies(), choice.year)
        if structure is not None:
            rallies = rallies.filter(structure=structure)
        today = timezone.localdate()
        days = {
            pk: (first, last)
            for pk, first, last in rallies.order_by()
            .annotate(first_day=FIRST_DAY, last_day=LAST_DAY)
            .values_list("pk", "first_day", "last_day")
        }
        ordered = sorted(rallies, key=lambda rally: (days[rally.pk][0] or dt.date.max, rally.pk))
        page = paginate(request, ordered)
        cells = grid_cells(list(page), today)
        grids = paginated(page, [rally_grid(rally, days[rally.pk], today, cells[rally.pk]) for rally in page])
        context = {
            "network": network,
            "year": choice.year,
            "years": rally_years(network.rallies()),
            "structure": structure,
            "structure_choices": network.structures(),
            "principles": PRINCIPLES,
            "headings": [
                (heading, SHORT_HEADINGS[heading], sum(1 for p in PRINCIPLES if p.heading is heading))
                for heading in Heading
            ],
            "grids": grids,
            "charts": heading_charts(list(grids)) if grids else [],
            "section": "fidelity",
        }
        return render(request, "www/network/compare.html", context)
