"""The six-month follow-up: each participant's situation entered in one table and saved all at
once, the « solution professionnelle à 6 mois » rate, and the list of follow-ups to do across
the rallies the user can see."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.generic import TemplateView

from rallye.domain import french
from rallye.evaluation.records import rally_dates
from rallye.evaluation.services import (
    DUE_HORIZON_DAYS,
    FollowUpEntry,
    due_follow_ups,
    followed_participants,
    record_follow_ups,
)
from rallye.rallies.models import Rally
from rallye.www.evaluation.base import EvaluationMixin
from rallye.www.evaluation.forms import FollowUpRowForm
from rallye.www.evaluation.wording import rate_context


def absent_sentence(absent: int) -> str:
    if not absent:
        return ""
    if absent == 1:
        return "La personne inscrite mais absente n'est pas suivie."
    return f"Les {absent} personnes inscrites mais absentes ne sont pas suivies."


class FollowUpView(EvaluationMixin):
    section = "follow_up"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.page(self.rows())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        rows = self.rows(request.POST)
        if not all(row.is_valid() for row in rows):
            return self.page(rows, invalid=True)
        entries = {
            row.participant.pk: FollowUpEntry(row.chosen_outcome, row.cleaned_data["comment"].strip()) for row in rows
        }
        changed = record_follow_ups(self.rally, entries, request.user, timezone.localdate())
        if changed:
            counted = french.count(changed, "situation modifiée", "situations modifiées")
            messages.success(request, f"Suivi enregistré : {counted}.")
        else:
            messages.info(request, "Aucune situation n'a changé.")
        return redirect("evaluation:follow_up", pk=self.rally.pk)

    def rows(self, data: Any = None) -> list[FollowUpRowForm]:
        people = followed_participants(self.rally).select_related("follow_up__recorded_by")
        rows = []
        for person in people:
            recorded = getattr(person, "follow_up", None)
            initial = {"outcome": recorded.outcome, "comment": recorded.comment} if recorded else {}
            rows.append(FollowUpRowForm(data, participant=person, initial=initial))
        return rows

    def page(self, rows: list[FollowUpRowForm], *, invalid: bool = False) -> HttpResponse:
        context = self.evaluation_context(
            rows=rows,
            invalid=invalid,
            due=rally_dates(self.rally).follow_up_due,
            absent=absent_sentence(self.rally.participants.filter(present=False).count()),
            **rate_context(self.rally),
        )
        return render(self.request, "www/evaluation/follow_up.html", context)


class DueView(TemplateView):
    """Follow-ups due within a month, or late, and not recorded yet, in every visible rally."""

    template_name = "www/evaluation/due.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        today = timezone.localdate()
        groups = due_follow_ups(Rally.objects.for_user(self.request.user), today)
        return {
            **super().get_context_data(**kwargs),
            "groups": [
                (group, group.late(today), french.count(len(group.participants), "personne")) for group in groups
            ],
            "horizon": DUE_HORIZON_DAYS,
        }
