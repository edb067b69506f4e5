"""The network dashboard: the figures of the federation's rallies across structures and years.

Everything on it comes from the pseudonymous records (``rallye.evaluation.records``) through the
figures every report uses (``rallye.reporting.figures``): no person is named, so evaluators see
the same page as the federation's administrators. As in the reports, the rallies counted are
those that have taken place; the page says how many are still to come.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.views import View

from rallye.domain import french
from rallye.domain.fidelity import Heading, overall_mean
from rallye.domain.outcomes import RATE_METHOD
from rallye.evaluation.dates import FIRST_DAY, DatedRally, first_rallies, held, to_come
from rallye.evaluation.models import RallyReporting
from rallye.evaluation.reports import confirmed_principles, held_records
from rallye.organisations.models import Structure
from rallye.reporting import charts, sections
from rallye.reporting.content import Share, cell_text
from rallye.reporting.figures import (
    GENDER_LABELS,
    ScoreConfirmation,
    SeasonFigures,
    figures_by,
    score_confirmation,
    season_figures,
)
from rallye.reporting.records import RallyRecord
from rallye.www.network.access import Network, network_of
from rallye.www.network.grid import mean_fr
from rallye.www.network.years import chosen_year, rallies_of_year, rally_years
from rallye.www.pagination import paginate

STRUCTURES_PAGE = "page_structures"
"""The page of the structures' table (``page`` is the rallies')."""


def percent(value: float | None) -> str:
    """0.35 → « 35 % », as the reports write it; ``None`` → « non disponible »."""
    return cell_text(None if value is None else Share(value))


@dataclass(frozen=True)
class KeyFigure:
    label: str
    value: str
    detail: str = ""


def key_figures(figures: SeasonFigures, confirmation: ScoreConfirmation) -> list[KeyFigure]:
    solution = figures.solution
    ages = f"de {figures.age_min} à {figures.age_max} ans" if figures.age_min is not None else ""
    return [
        KeyFigure("Rallyes", str(figures.rallies), french.count(figures.structures, "structure")),
        KeyFigure(
            "Participants",
            str(figures.participants),
            f"{french.count(figures.teams, 'équipe')}, {french.count(figures.visits, 'visite')}",
        ),
        KeyFigure("Femmes", percent(figures.women_share), f"{figures.women} sur {figures.participants}"),
        KeyFigure(
            "Âge moyen",
            "non disponible" if figures.age_mean is None else f"{french.number(figures.age_mean)} ans",
            ages,
        ),
        KeyFigure(
            "Niveau inférieur au baccalauréat",
            percent(figures.below_baccalaureate_share),
            f"{french.count(figures.below_baccalaureate, 'personne')} ;"
            f" niveau non renseigné : {figures.diploma_unknown}",
        ),
        KeyFigure("Bénéficiaires du RSA", percent(figures.rsa_share), f"{figures.rsa} sur {figures.participants}"),
        KeyFigure(
            "Solution professionnelle à 6 mois",
            solution.percent_fr(),
            f"{solution.solutions} sur {french.count(solution.counted, 'suivi renseigné', 'suivis renseignés')}"
            f" (dont {french.count(solution.lost, 'personne perdue de vue', 'personnes perdues de vue')}). "
            f"{sections.not_recorded_sentence(figures)}".strip(),
        ),
        KeyFigure(
            "Fidélité au modèle (moyenne)",
            mean_fr(figures.fidelity_overall),
            f"{french.count(figures.fidelity_rallies, 'rallye évalué', 'rallyes évalués')}. "
            f"{sections.confirmation_sentence(confirmation)}".strip(),
        ),
        KeyFigure(sections.COMPANIES_VISITED, str(figures.companies), french.count(len(figures.sectors), "secteur")),
    ]


def dashboard_charts(
    every_year: list[RallyRecord], chosen: list[RallyRecord], figures: SeasonFigures
) -> list[SafeString]:
    """Across years (every year, whatever the filter), then for the chosen rallies."""
    by_year = figures_by(every_year, "year")
    years = list(by_year)
    structures = sorted({r.structure for r in every_year})
    participants = Counter[tuple[str, str]]()
    for record in every_year:
        participants[(str(record.year), record.structure)] += len(record.participants)
    rates = [(year, 100 * rate) for year, f in by_year.items() if (rate := f.solution.rate) is not None]
    svgs = [
        charts.grouped_bar_chart(
            "Participants par structure et par année",
            structures,
            [(year, [participants[(year, s)] for s in structures]) for year in years],
            description="Nombre de participants présents aux rallyes de chaque structure, année par année.",
        ),
        charts.bar_chart(
            "Solution professionnelle à 6 mois, par année",
            rates,
            maximum=100,
            unit="%",
            description=f"Années dont au moins un suivi est renseigné. {RATE_METHOD}",
        ),
        charts.grouped_bar_chart(
            "Fidélité au modèle : moyenne par rubrique et par année",
            [heading.label for heading in Heading],
            [(year, [f.fidelity_headings[h.value] for h in Heading]) for year, f in by_year.items()],
            maximum=4,
            description="Moyenne sur 4 des rallyes de l'année pour chaque rubrique de la grille de fidélité.",
        ),
        charts.stacked_share_chart(
            "Participants par genre" + _selection(chosen, every_year),
            [
                (GENDER_LABELS["F"], figures.women),
                (GENDER_LABELS["M"], figures.men),
                (GENDER_LABELS["X"], figures.other_gender),
            ],
        ),
        charts.bar_chart(
            "Entreprises visitées par secteur d'activité (chacune comptée une fois)" + _selection(chosen, every_year),
            [(sector, float(count)) for sector, count in figures.sectors.items()],
            description="Nombre d'entreprises visitées par secteur.",
        ),
    ]
    return [mark_safe(svg) for svg in svgs]


def _selection(chosen: list[RallyRecord], every_year: list[RallyRecord]) -> str:
    years = sorted({r.year for r in chosen})
    return f" ({', '.join(map(str, years))})" if len(chosen) < len(every_year) and years else ""


@dataclass(frozen=True)
class StructureRow:
    structure: Structure
    held: int
    """Rallies that have taken place."""
    to_come: int
    first: DatedRally | None
    """The structure's first rally (``None`` while none is dated)."""
    first_held: bool
    ansa_report_on: str
    """When the first rally's report went to the Ansa, in French; « » while it has not."""


def structure_rows(network: Network, today: dt.date) -> list[StructureRow]:
    """Each structure of the network with its rallies and whether its first rally's report went
    to the Ansa (principle R2): a report that waits until the first rally has taken place."""
    firsts = first_rallies(network.rallies())
    reported = dict(
        RallyReporting.objects.filter(rally_id__in=[first.pk for first in firsts.values()])
        .exclude(ansa_report_on=None)
        .values_list("rally_id", "ansa_report_on")
    )
    held_counts = Counter(held(network.rallies(), today).values_list("structure_id", flat=True))
    to_come_counts = Counter(to_come(network.rallies(), today).values_list("structure_id", flat=True))
    rows = []
    for structure in network.structures():
        first = firsts.get(structure.pk)
        sent = reported.get(first.pk) if first else None
        rows.append(
            StructureRow(
                structure,
                held_counts[structure.pk],
                to_come_counts[structure.pk],
                first,
                first is not None and first.taken_place(today),
                french.date(sent) if sent else "",
            )
        )
    return rows


@dataclass(frozen=True)
class RallyRow:
    record: RallyRecord
    pk: int
    dates: str
    fidelity: str
    proposed: int
    """Fidelity scores of the rally proposed by the data and not confirmed yet."""


def rally_rows(records: list[RallyRecord], confirmed: dict[str, frozenset[str]]) -> list[RallyRow]:
    """The rallies counted, newest first."""
    return [
        RallyRow(
            record,
            int(record.key),
            french.period(record.first_day, record.last_day),
            mean_fr(overall_mean(record.fidelity)),
            score_confirmation([record], confirmed).proposed,
        )
        for record in reversed(records)
    ]


class DashboardView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        network = network_of(request.user)
        choice = chosen_year(request)
        if choice.page_problem:
            messages.error(request, choice.page_problem)
        today = timezone.localdate()
        every_year = held_records(network.rallies(), today)
        chosen = [r for r in every_year if choice.year is None or r.year == choice.year]
        figures = season_figures(chosen, today)
        confirmed = confirmed_principles(chosen)
        of_year = rallies_of_year(network.rallies(), choice.year)
        context = {
            "network": network,
            "year": choice.year,
            "years": rally_years(network.rallies()),
            "figures": key_figures(figures, score_confirmation(chosen, confirmed)),
            "to_come": to_come(of_year, today).count(),
            "rate_method": RATE_METHOD,
            "charts": dashboard_charts(every_year, chosen, figures),
            "structures": paginate(request, structure_rows(network, today), parameter=STRUCTURES_PAGE),
            "rallies": paginate(request, rally_rows(chosen, confirmed)),
            "undated": network.rallies().annotate(first_day=FIRST_DAY).filter(first_day=None).count(),
            "section": "dashboard",
        }
        return render(request, "www/network/dashboard.html", context)
