"""The reports to download, and the « Bilans » page that lists them.

- The federation report (``?annee=``): the federation's admins and evaluators (403 for others).
- A structure's Ansa report (its first rally): the federation's admins and evaluators, and the
  structure's own staff, who send it to the Ansa (404 for a structure out of reach).
- A funder's report (``?annee=``): the staff of the funder's structure and the federation's
  admins (``Funder.objects.for_user``; 404 otherwise, evaluators included).

Every report counts the rallies that have taken place (``database_reports``), made of
pseudonymous records: no person is named in it. A download with nothing to report (a year
without any rally held, a first rally still to come) sends the user back to « Bilans », which
says why, rather than giving an empty file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views import View

from rallye.evaluation.dates import FIRST_DAY, DatedRally, first_rallies, held
from rallye.evaluation.models import Funder, Funding
from rallye.evaluation.reports import (
    NoReport,
    ansa_report_of,
    federation_report_of,
    first_rally_to_come,
    funder_report_of,
)
from rallye.organisations.models import Structure
from rallye.organisations.scoping import visible_structures
from rallye.rallies.models import Rally
from rallye.reporting.reports import Report, report_filename, report_pdf, report_xlsx
from rallye.www.network.access import Network, has_network, network_of, report_structure, report_structures
from rallye.www.network.years import chosen_year, rally_years
from rallye.www.pagination import paginate, paginated
from rallye.www.rallies.exports import XLSX_TYPE, attachment

FORMATS: dict[str, tuple[str, Callable[[Report], bytes]]] = {
    "pdf": ("application/pdf", report_pdf),
    "xlsx": (XLSX_TYPE, report_xlsx),
}
"""File format in the URL → (content type, how to write the report)."""


class _Download(View):
    """Checks the format (404 for another one) and reads the year (``?annee=``): a year that is
    not one sends the user back to the « Bilans » page, which says why. Each report's view first
    checks that the user may reach it (its own ``dispatch``), as every view of the workspace does
    before looking at the method, then answers with its report (:meth:`respond`)."""

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

    def respond(self, built: Report | NoReport, fmt: str) -> HttpResponse:
        """The report as a file, or, when there is nothing to report, back to « Bilans » saying why."""
        if isinstance(built, NoReport):
            messages.info(self.request, f"Pas de bilan à télécharger : {built.reason}.")
            return redirect("network:reports")
        content_type, write = FORMATS[fmt]
        return attachment(write(built), content_type, report_filename(built, fmt))


class FederationReportView(_Download):
    network: Network

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.network = network_of(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, fmt: str) -> HttpResponse:
        report = federation_report_of(
            self.network.rallies(), federation=self.network.name, year=self.year, today=timezone.localdate()
        )
        return self.respond(report, fmt)


class AnsaReportView(_Download):
    organiser: Structure

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.organiser = report_structure(request.user, kwargs["structure"])
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, structure: int, fmt: str) -> HttpResponse:
        return self.respond(ansa_report_of(self.organiser, today=timezone.localdate()), fmt)


class FunderReportView(_Download):
    funder: Funder

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        funders = Funder.objects.for_user(request.user).select_related("structure")
        self.funder = get_object_or_404(funders, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
        return self.respond(funder_report_of(self.funder, year=self.year, today=timezone.localdate()), fmt)


@dataclass(frozen=True)
class FunderReports:
    funder: Funder
    years: list[int]
    """Years of the rallies it financed that have taken place, newest first."""


@dataclass(frozen=True)
class StructureReports:
    structure: Structure
    first: DatedRally | None
    """The structure's first rally; ``None`` while it has no dated rally."""
    waiting: str
    """Why its Ansa report is not ready yet (its first rally is still to come); « » otherwise."""
    funders: list[FunderReports]


def structure_reports(user: Any, today: dt.date, structures: Sequence[Structure]) -> list[StructureReports]:
    """Each of ``structures`` (whose reports the user may download) with its funders, in a
    fixed number of queries whatever the number of structures and funders."""
    funders = list(Funder.objects.for_user(user).filter(structure__in=structures).order_by("name"))
    firsts = first_rallies(Rally.objects.filter(structure__in=structures))
    financed = Funding.objects.filter(funder__in=funders).values_list("funder_id", "rally_id")
    first_days = dict(
        held(Rally.objects.filter(pk__in=financed.values("rally_id")), today)
        .order_by()
        .annotate(first_day=FIRST_DAY)
        .values_list("pk", "first_day")
    )
    years: dict[int, set[int]] = {}
    for funder_id, rally_id in financed:
        day = first_days.get(rally_id)
        if day is not None:
            years.setdefault(funder_id, set()).add(day.year)
    items = []
    for structure in structures:
        first = firsts.get(structure.pk)
        waiting = first_rally_to_come(structure, first) if first and not first.taken_place(today) else ""
        items.append(
            StructureReports(
                structure,
                first,
                waiting,
                [
                    FunderReports(funder, sorted(years.get(funder.pk, ()), reverse=True))
                    for funder in funders
                    if funder.structure_id == structure.pk
                ],
            )
        )
    return items


STRUCTURES_PER_PAGE = 20
"""Structures a page of « Bilans » (each with its first rally and every funder's reports)."""


class ReportsView(View):
    """Every report the user may download, year by year: years in which a rally took place."""

    def get(self, request: HttpRequest) -> HttpResponse:
        network = network_of(request.user) if has_network(request.user) else None
        if network is None and not visible_structures(request.user).exists():
            raise PermissionDenied("Votre compte n'est rattaché à aucune structure : aucun bilan à télécharger.")
        today = timezone.localdate()
        page = paginate(request, report_structures(request.user), per_page=STRUCTURES_PER_PAGE)
        context = {
            "network": network,
            "federation_years": rally_years(held(network.rallies(), today)) if network else [],
            "structures": paginated(page, structure_reports(request.user, today, list(page))),
            "section": "reports",
        }
        return render(request, "www/network/reports.html", context)
