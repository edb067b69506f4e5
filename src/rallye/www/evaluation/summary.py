"""The rally's « Évaluation » tab: its dates, funders and reporting, and where its
questionnaires and six-month follow-up stand."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from rallye.domain.french import count
from rallye.domain.questionnaires import Phase
from rallye.evaluation.models import Funder, Funding, FundingState, RallyReporting
from rallye.evaluation.records import is_first_of_structure, rally_dates
from rallye.evaluation.services import follow_up_open, fund_rally, questionnaire_counts, remove_funding
from rallye.www.evaluation.base import EvaluationMixin
from rallye.www.evaluation.forms import FundingForm, ReportingForm
from rallye.www.evaluation.wording import day_or_empty, follow_up_due, follow_up_progress, rally_period, rate_context


class EvaluationView(EvaluationMixin):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.page()

    def structure_funders(self) -> QuerySet[Funder]:
        funders: QuerySet[Funder] = Funder.objects.for_user(self.request.user).filter(structure=self.rally.structure)
        return funders

    def reporting_form(self, data: Any = None) -> ReportingForm:
        reporting = RallyReporting.objects.filter(rally=self.rally).first() or RallyReporting(rally=self.rally)
        return ReportingForm(
            data,
            instance=reporting,
            first_rally=is_first_of_structure(self.rally),
            today=timezone.localdate(),
            prefix="reporting",
        )

    def page(
        self, reporting_form: ReportingForm | None = None, funding_form: FundingForm | None = None
    ) -> HttpResponse:
        rally = self.rally
        fundings = Funding.objects.for_user(self.request.user).filter(rally=rally).select_related("funder")
        counts = questionnaire_counts(rally)
        rate = rate_context(rally)
        dates = rally_dates(rally)
        reporting_form = reporting_form or self.reporting_form()
        reported = reporting_form.instance
        context = self.evaluation_context(
            period=rally_period(dates),
            follow_up_due=follow_up_due(dates),
            follow_up_open=follow_up_open(rally, timezone.localdate()),
            first_rally=is_first_of_structure(rally),
            fundings=fundings,
            funding_form=funding_form or FundingForm(funders=self.structure_funders(), prefix="funding"),
            has_funders=self.structure_funders().exists(),
            reporting_form=reporting_form,
            federation_report_on=day_or_empty(reported.federation_report_on),
            ansa_report_on=day_or_empty(reported.ansa_report_on),
            questionnaires=[
                (phase.label, f"{count(counts[phase].filled, 'rempli')} sur {counts[phase].total}") for phase in Phase
            ],
            follow_ups=follow_up_progress(rate["rate"]),
            **rate,
        )
        return render(self.request, "www/evaluation/summary.html", context)


class ReportingView(EvaluationView):
    """Save what the structure reported after the rally (dates sent, network meetings)."""

    edit_only = True
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = self.reporting_form(request.POST)
        if not form.is_valid():
            return self.page(reporting_form=form)
        form.save()
        messages.success(request, "Le bilan du rallye est enregistré.")
        return redirect("evaluation:rally", pk=self.rally.pk)


class FundingView(EvaluationView):
    """Add a funder to the rally (or change its amount), or remove one (``remove``: the funding)."""

    edit_only = True
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        if "remove" in request.POST:
            removed = remove_funding(self.rally, _int(request.POST["remove"]), request.user)
            if removed is not None:
                messages.success(request, f"« {removed} » ne figure plus parmi les financeurs de ce rallye.")
            return redirect("evaluation:rally", pk=self.rally.pk)
        form = FundingForm(request.POST, funders=self.structure_funders(), prefix="funding")
        if not form.is_valid():
            return self.page(funding_form=form)
        data = form.cleaned_data
        funding = fund_rally(self.rally, data["funder"], data["amount"], request.user, **form.request_fields())
        if funding.state == FundingState.GRANTED:
            messages.success(request, f"« {funding.funder} » figure parmi les financeurs de ce rallye.")
        else:
            messages.success(
                request, f"La demande à « {funding.funder} » est enregistrée : {funding.get_state_display()}."
            )
        return redirect("evaluation:rally", pk=self.rally.pk)


def _int(value: str) -> int:
    return int(value) if value.isdigit() else 0
