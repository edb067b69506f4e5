"""The rally page: its settings, the charter's figures, whether it is ready to plan, its files."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from rallye.formats.problems import InvalidInput, Problem
from rallye.rallies.conversion import domain_rally
from rallye.rallies.models import Rally
from rallye.www.rallies.access import RallyMixin
from rallye.www.rallies.charter import rally_charter
from rallye.www.rallies.steps import Counts, counts, empty_rally_problems, next_step, preparation_summary, steps


def planning_problems(rally: Rally, held: Counts | None = None) -> list[Problem]:
    """What keeps the rally from being planned or exported: what is not entered at all, then
    what the rally file's validator says."""
    empty = empty_rally_problems(held or counts(rally))
    if empty:
        return empty
    try:
        domain_rally(rally)
    except InvalidInput as error:
        return error.problems
    return []


class RallyDetailView(RallyMixin):
    template_name = "www/rallies/detail.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        rally = self.rally
        held = counts(rally)
        problems = planning_problems(rally, held)
        path = steps(rally, held, problems)
        context = self.rally_context(
            steps=path,
            next_step=next_step(path),
            charter=rally_charter(rally),
            preparation=preparation_summary(rally),
            problems=problems,
            sessions=rally.sessions.all(),
            counts={
                "companies": held.companies,
                "sectors": held.sectors,
                "hiring": rally.companies.filter(hiring=True).count(),
                "participants": held.people,
                "present": rally.participants.filter(present=True).count(),
                "vehicles": held.vehicles,
            },
        )
        return render(request, self.template_name, context)
