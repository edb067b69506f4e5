"""The rally page: its settings, the charter's figures, whether it is ready to plan, its files."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from rallye.formats.problems import InvalidInput, Problem
from rallye.rallies.conversion import domain_rally
from rallye.rallies.models import Rally
from rallye.www.rallies.access import RallyMixin
from rallye.www.rallies.charter import rally_charter


def planning_problems(rally: Rally) -> list[Problem]:
    """What keeps the rally from being planned or exported (the rally file's validator speaks)."""
    try:
        domain_rally(rally)
    except InvalidInput as error:
        return error.problems
    return []


class RallyDetailView(RallyMixin):
    template_name = "www/rallies/detail.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        rally = self.rally
        context = self.rally_context(
            charter=rally_charter(rally),
            problems=planning_problems(rally),
            sessions=rally.sessions.all(),
            counts={
                "companies": rally.companies.count(),
                "sectors": rally.companies.order_by().values("sector").distinct().count(),
                "hiring": rally.companies.filter(hiring=True).count(),
                "participants": rally.participants.count(),
                "present": rally.participants.filter(present=True).count(),
                "vehicles": rally.vehicles.count(),
            },
        )
        return render(request, self.template_name, context)
