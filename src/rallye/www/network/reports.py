"""The reports to download, and the « Bilans » page that lists them.

- The federation report (``?annee=``): the federation's admins and evaluators (403 for others).
- A structure's Ansa report (its first rally): the federation's admins and evaluators, and the
  structure's own staff, who send it to the Ansa (404 for a structure out of reach).
- A funder's report (``?annee=``): the staff of the funder's structure and the federation's
  admins (``Funder.objects.for_user``; 404 otherwise, evaluators included).

Every report is made of pseudonymous records: no person is named in it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View

from rallye.evaluation.models import Funder
from rallye.evaluation.records import rally_records
from rallye.organisations.models import Structure
from rallye.organisations.scoping import visible_structures
from rallye.rallies.models import Rally
from rallye.reporting.reports import (
    Report,
    ansa_report,
    federation_report,
    funder_report,
    report_filename,
    report_pdf,
    report_xlsx,
)
from rallye.www.network.access import Network, has_network, network_of, report_structure, report_structures
from rallye.www.network.years import chosen_year, rally_years
from rallye.www.rallies.exports import XLSX_TYPE, attachment

FORMATS: dict[str, tuple[str, Callable[[Report], bytes]]] = {
    "pdf": ("application/pdf", report_pdf),
    "xlsx": (XLSX_TYPE, report_xlsx),
}
"""File format in the URL → (content type, how to write the report)."""


def download(report: Report, fmt: str) -> HttpResponse:
    content_type, write = FORMATS[fmt]
    return attachment(write(report), content_type, report_filename(report, fmt))


class _Download(View):
    """Checks the format (404 for another one) and reads the year (``?annee=``): a year that is
    not one sends the user back to the « Bilans » page, which says why. Each report's view first
    checks that the user may reach it (its own ``dispatch``), as every view of the workspace does
    before looking at the method."""

    year: int | None

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if kwargs["fmt"] not in FORMATS:
            raise Http404("Format inconnu : les bilans existent en PDF et en classeur (XLSX).")
        choice = chosen_year(request)
        if choice.problem:
            messages.error(request, choice.problem)
            return redirect("network:reports")
        self.year = choice.year
        return super().dispatch(request, *args, **kwargs)


class FederationReportView(_Download):
    network: Network

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.network = network_of(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, fmt: str) -> HttpResponse:
        records = rally_records(self.network.rallies())
        return download(federation_report(records, federation=self.network.name, year=self.year), fmt)


class AnsaReportView(_Download):
    organiser: Structure

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.organiser = report_structure(request.user, kwargs["structure"])
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, structure: int, fmt: str) -> HttpResponse:
        records = rally_records(Rally.objects.filter(structure=self.organiser).select_related("structure"))
        report = ansa_report(records, federation=self.organiser.federation.name, structure=self.organiser.name)
        return download(report, fmt)


class FunderReportView(_Download):
    funder: Funder

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.funder = get_object_or_404(Funder.objects.for_user(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
        records = rally_records(Rally.objects.filter(fundings__funder=self.funder).select_related("structure"))
        return download(funder_report(records, funder=self.funder.name, year=self.year), fmt)


@dataclass(frozen=True)
class FunderReports:
    funder: Funder
    years: list[int]


@dataclass(frozen=True)
class StructureReports:
    structure: Structure
    has_rally: bool
    """Whether the structure has a dated rally, hence a first rally to report on to the Ansa."""
    funders: list[FunderReports]


def structure_reports(user: Any) -> list[StructureReports]:
    funders = Funder.objects.for_user(user).order_by("name")
    return [
        StructureReports(
            structure,
            bool(rally_years(Rally.objects.filter(structure=structure))),
            [
                FunderReports(funder, rally_years(Rally.objects.filter(fundings__funder=funder)))
                for funder in funders.filter(structure=structure)
            ],
        )
        for structure in report_structures(user)
    ]


class ReportsView(View):
    """Every report the user may download, year by year."""

    def get(self, request: HttpRequest) -> HttpResponse:
        network = network_of(request.user) if has_network(request.user) else None
        if network is None and not visible_structures(request.user).exists():
            raise PermissionDenied("Votre compte n'est rattaché à aucune structure : aucun bilan à télécharger.")
        context = {
            "network": network,
            "federation_years": rally_years(network.rallies()) if network else [],
            "structures": structure_reports(request.user),
            "section": "reports",
        }
        return render(request, "www/network/reports.html", context)
