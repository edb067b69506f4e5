"""A rally's fidelity grid: the 19 principles with the score the data gives and its evidence,
the confirmed score and comment, the chart and the means; its PDF.

Reached through ``evaluation_rallies`` (structure staff, federation admins and evaluators of the
rally's federation; 404 for anyone else). Only the federation's admins and evaluators
(``can_score``) confirm or change scores; the structure's staff read the grid. Nothing here names
a person: the evidence never does, and the page shows no participant data.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.views import View

from rallye.domain import french
from rallye.evaluation.access import can_score, evaluation_rallies, sees_people
from rallye.evaluation.dates import period_fr
from rallye.evaluation.records import GridLine, fidelity_grid, rally_dates
from rallye.rallies.models import Rally
from rallye.reporting.reports import FidelityLine, fidelity_grid_pdf, slug
from rallye.www.network.access import has_network
from rallye.www.network.grid import Section, grid_chart, overall_fr, scores_of, sections
from rallye.www.network.scoring import FidelityForm, save_scores
from rallye.www.rallies.exports import attachment

SCORERS_ONLY = "Seuls la fédération et les évaluateurs du réseau confirment les notes de la grille."


class _RallyGrid(View):
    rally: Rally

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.rally = get_object_or_404(evaluation_rallies(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)


class FidelityView(_RallyGrid):
    template_name = "www/network/fidelity.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        lines = fidelity_grid(self.rally)
        form = FidelityForm(lines) if can_score(request.user, self.rally) else None
        return self.page(request, lines, form)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not can_score(request.user, self.rally):
            raise PermissionDenied(SCORERS_ONLY)
        lines = fidelity_grid(self.rally)
        form = FidelityForm(lines, request.POST)
        if not form.is_valid():
            messages.error(request, "La grille n'a pas été enregistrée : corrigez les lignes signalées ci-dessous.")
            return self.page(request, lines, form)
        changed = save_scores(self.rally, request.user, lines, form.chosen())
        messages.success(
            request,
            f"Grille enregistrée : {french.count(changed, 'note modifiée', 'notes modifiées')}, toutes confirmées.",
        )
        return redirect("network:fidelity", pk=self.rally.pk)

    def page(self, request: HttpRequest, lines: list[GridLine], form: FidelityForm | None) -> HttpResponse:
        scores = scores_of(lines)
        dates = rally_dates(self.rally)
        if form is not None:
            grouped: list[Section[Any]] = sections(scores, form.rows(), lambda row: row[0].principle.code)
        else:
            grouped = sections(scores, lines, lambda line: line.principle.code)
        context = {
            "rally": self.rally,
            "dates": period_fr(dates.first_day, dates.last_day),
            "form": form,
            "sections": grouped,
            "overall": overall_fr(lines),
            "confirmed": sum(1 for line in lines if line.confirmed is not None),
            "total": len(lines),
            "chart": mark_safe(grid_chart(f"Grille de fidélité — {self.rally.name}", lines)),
            "rally_link": sees_people(request.user, self.rally),
            "network_link": has_network(request.user),
        }
        return render(request, self.template_name, context)


class FidelityPdfView(_RallyGrid):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        lines = [
            FidelityLine(
                code=line.principle.code,
                heading=line.principle.heading.label,
                principle=line.principle.text,
                score=line.score,
                evidence=line.prefill.evidence,
                comment=line.confirmed.comment if line.confirmed is not None else "",
                confirmed=line.confirmed is not None,
            )
            for line in fidelity_grid(self.rally)
        ]
        pdf = fidelity_grid_pdf(self.rally.name, self.rally.structure.name, lines)
        return attachment(pdf, "application/pdf", f"grille-fidelite-{slug(self.rally.name)}.pdf")
