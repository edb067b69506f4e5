"""The page a prescriber opens by its private link (no account, made for a phone): it proposes
candidates for the rally, each with the person's consent, and sees what became of the ones it
proposed (to examine, accepted, declined with the reason). A refused link changes nothing and
says why."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import View
from django.views.decorators.cache import never_cache

from rallye.links.models import PrivateLink, Purpose
from rallye.links.services import Refusal, open_link
from rallye.rallies.models import Session
from rallye.recruitment.models import RallyPrescriber
from rallye.recruitment.services import end_of_purpose, propose
from rallye.www.links.pages import refusal_page
from rallye.www.middleware import link_scoped
from rallye.www.recruitment.forms import ProposalForm


class ProposalsView(View):
    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        prescriber = self.prescriber(request, token)
        if isinstance(prescriber, Refusal):
            return refusal_page(request, prescriber)
        return self.page(prescriber, ProposalForm(rally_year=self.year(prescriber)))

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        prescriber = self.prescriber(request, token)
        if isinstance(prescriber, Refusal):
            return refusal_page(request, prescriber)
        form = ProposalForm(request.POST, rally_year=self.year(prescriber))
        if not form.is_valid():
            return self.page(prescriber, form, status=400)
        sent = propose(prescriber, **form.cleaned_data)
        return self.page(prescriber, ProposalForm(rally_year=self.year(prescriber)), sent=str(sent))

    def prescriber(self, request: HttpRequest, token: str) -> RallyPrescriber | Refusal:
        opened = open_link(token, request, Purpose.PROPOSALS, end_of_purpose=end_of_purpose)
        if isinstance(opened, Refusal):
            return opened
        found: RallyPrescriber = RallyPrescriber.objects.select_related("rally__structure", "prescriber").get(
            pk=opened.prescriber_id
        )
        return found

    def year(self, prescriber: RallyPrescriber) -> int | None:
        first = Session.objects.filter(rally_id=prescriber.rally_id).order_by("date").values_list("date", flat=True)
        day = first.first()
        return day.year if day else None

    def page(
        self, prescriber: RallyPrescriber, form: ProposalForm, *, sent: str = "", status: int = 200
    ) -> HttpResponse:
        context = {
            "title": "Proposer des candidats",
            "rally_name": prescriber.rally.name,
            "prescriber": prescriber,
            "rally": prescriber.rally,
            "form": form,
            "sent": sent,
            "proposals": prescriber.proposals.order_by("created_at", "pk"),
        }
        return render(self.request, "www/recruitment/propose.html", context, status=status)


proposals = login_not_required(never_cache(link_scoped(PrivateLink)(ProposalsView.as_view())))
