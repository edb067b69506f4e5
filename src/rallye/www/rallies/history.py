"""The « Historique » tab: who changed what in the rally, and when, newest first."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from rallye.history.models import HistoryEntry
from rallye.history.services import when
from rallye.www.rallies.access import RallyMixin

PER_PAGE = 50


class HistoryView(RallyMixin):
    tab = "history"
    template_name = "www/rallies/history.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        entries = HistoryEntry.objects.for_user(request.user).filter(rally=self.rally)
        page = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
        for entry in page:
            entry.when = when(entry.at)
        return render(request, self.template_name, self.rally_context(page=page))
