"""The evaluators' data page: the pseudonymised data set of the federation's rallies, on screen
and to download (every download is logged). Federation administrators and evaluators only."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import View

from rallye.evaluation import dataset
from rallye.evaluation.access import network_federations
from rallye.evaluation.data_log import log_action
from rallye.evaluation.models import DataAction
from rallye.evaluation.records import rally_records
from rallye.organisations.models import Structure
from rallye.organisations.perms import is_federation_admin
from rallye.rallies.models import Rally
from rallye.reporting.records import RallyRecord
from rallye.www.rallies.exports import XLSX_TYPE, attachment

PAGE_SIZE = 50
DOWNLOADS = {
    "xlsx": (XLSX_TYPE, dataset.WORKBOOK, dataset.dataset_xlsx),
    "zip": ("application/zip", dataset.ARCHIVE, dataset.dataset_zip),
}
"""Format → (content type, file name, how to write the data set)."""


def network_rallies(user: Any) -> QuerySet[Rally]:
    """The rallies of the user's federations; 404 for anyone who does not study the network."""
    federations = network_federations(user)
    if not federations.exists():
        raise Http404("Page réservée à la fédération et aux évaluateurs.")
    return Rally.objects.filter(structure__federation__in=federations).select_related("structure")


def network_records(user: Any) -> list[RallyRecord]:
    return rally_records(network_rallies(user))


class DatasetView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        records = network_records(request.user)
        participants, companies, rallies = dataset.dataset(records)
        page = Paginator(participants.rows, PAGE_SIZE).get_page(request.GET.get("page"))
        structures = (
            Structure.objects.filter(federation__in=network_federations(request.user))
            if is_federation_admin(request.user)
            else Structure.objects.none()
        )
        context = {
            "participants": participants,
            "page": page,
            "companies": companies,
            "rallies": rallies,
            "structures": structures,
            "downloads": DOWNLOADS,
        }
        return render(request, "www/personal_data/dataset.html", context)


class DatasetDownloadView(View):
    def get(self, request: HttpRequest, fmt: str) -> HttpResponse:
        if fmt not in DOWNLOADS:
            raise Http404("Format inconnu : le jeu de données se télécharge en xlsx ou en zip.")
        records = network_records(request.user)
        content_type, file_name, write = DOWNLOADS[fmt]
        content = write(records)
        log_action(
            DataAction.PSEUDONYMISED_EXPORT,
            user=request.user,
            people=sum(len(r.people) for r in records),
            detail=f"téléchargement de {file_name} (page des évaluateurs)",
        )
        return attachment(content, content_type, file_name)
