"""The network dashboard: the figures of the federation's rallies across structures and years.

Everything on it comes from the pseudonymous records (``rallye.evaluation.records``) through the
figures every report uses (``rallye.reporting.figures``): no person is named, so evaluators see
the same page as the federation's administrators.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.contrib import messages
from django.db.models import Min
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import SafeString, mark_safe
from django.views import View

from rallye.domain import french
from rallye.domain.fidelity import Heading, overall_mean
from rallye.domain.outcomes import RATE_METHOD
from rallye.evaluation.models import RallyReporting
from rallye.evaluation.records import rally_records
from rallye.organisations.models import Structure
from rallye.reporting import charts
from rallye.reporting.content import Share, cell_text
from rallye.reporting.figures import GENDER_LABELS, SeasonFigures, figures_by, season_figures
from rallye.reporting.records import RallyRecord
from rallye.www.network.access import Network, network_of
from rallye.www.network.grid import mean_fr
from rallye.www.network.years import chosen_year


def percent(value: float | None) -> str:
    """0.35 → « 35 % », as the reports write it; ``None`` → « non disponible »."""
    return cell_text(None if value is None else Share(value))


@dataclass(frozen=True)
class KeyFigure:
    label: str
    value: str
    detail: str = ""


def key_figures(figures: SeasonFigures) -> list[KeyFigure]:
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
            f" (dont {french.count(solution.lost, 'personne perdue de vue', 'personnes perdues de vue')}) ;"
            f" pas encore renseignés : {solution.not_recorded}",
        ),
        KeyFigure(
            "Fidélité au modèle (moyenne)",
            mean_fr(figures.fidelity_overall),
            french.count(figures.fidelity_rallies, "rallye évalué", "rallyes évalués"),
        ),
        KeyFigure("Entreprises", str(figures.companies), french.count(len(figures.sectors), "secteur")),
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
            "Entreprises visitées par secteur d'activité" + _selection(chosen, every_year),
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
    rallies: int
    first_rally_pk: int | None = None
    first_day: dt.date | None = None
    ansa_report_on: dt.date | None = None


def structure_rows(network: Network) -> list[StructureRow]:
    """Each structure of the network with its rallies and whether its first rally's report went
    to the Ansa (principle R2); the first rally is the one that starts first."""
    dated = (
        network.rallies()
        .annotate(first_day=Min("sessions__date"))
        .exclude(first_day=None)
        .order_by("first_day", "pk")
        .values_list("structure_id", "pk", "first_day")
    )
    firsts: dict[int, tuple[int, dt.date]] = {}
    for structure_id, pk, day in dated:
        firsts.setdefault(structure_id, (pk, day))
    reported = dict(
        RallyReporting.objects.filter(rally_id__in=[pk for pk, _ in firsts.values()]).values_list(
            "rally_id", "ansa_report_on"
        )
    )
    counts = Counter(network.rallies().values_list("structure_id", flat=True))
    rows = []
    for structure in network.structures():
        if structure.pk in firsts:
            pk, day = firsts[structure.pk]
            rows.append(StructureRow(structure, counts[structure.pk], pk, day, reported.get(pk)))
        else:
            rows.append(StructureRow(structure, counts[structure.pk]))
    return rows


@dataclass(frozen=True)
class RallyRow:
    record: RallyRecord
    pk: int
    fidelity: str


class DashboardView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        network = network_of(request.user)
        choice = chosen_year(request)
        if choice.page_problem:
            messages.error(request, choice.page_problem)
        every_year = rally_records(network.rallies())
        chosen = [r for r in every_year if choice.year is None or r.year == choice.year]
        figures = season_figures(chosen)
        undated = network.rallies().annotate(first_day=Min("sessions__date")).filter(first_day=None).count()
        context = {
            "network": network,
            "year": choice.year,
            "years": sorted({r.year for r in every_year}, reverse=True),
            "figures": key_figures(figures),
            "rate_method": RATE_METHOD,
            "charts": dashboard_charts(every_year, chosen, figures),
            "structures": structure_rows(network),
            "rallies": [RallyRow(r, int(r.key), mean_fr(overall_mean(r.fidelity))) for r in reversed(chosen)],
            "undated": undated,
            "section": "dashboard",
        }
        return render(request, "www/network/dashboard.html", context)
