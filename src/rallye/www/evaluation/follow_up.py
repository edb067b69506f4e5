"""The six-month follow-up: each participant's situation entered in one table and saved all at
once, the « solution professionnelle à 6 mois » rate, and the list of follow-ups to do across
the rallies the user can see. Before the rally has taken place, the page says when the
follow-up is to be done and takes nothing; after it, outcomes may be entered before the due
date (people sometimes call early)."""

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
    follow_up_open,
    followed_participants,
    record_follow_ups,
)
from rallye.rallies.models import Rally
from rallye.www.evaluation.base import EvaluationMixin
from rallye.www.evaluation.forms import FollowUpRowForm
from rallye.www.evaluation.wording import follow_up_due, rate_context


def too_early_sentence(due: str) -> str:
    """What the page says before the rally has taken place."""
    if not due:
        return "Le rallye n'a pas encore de dates : le suivi à 6 mois se fera six mois après son dernier jour."
    return (
        f"Le rallye n'a pas encore eu lieu : le suivi à 6 mois se fera à partir du {due}, "
        "six mois après son dernier jour."
    )


def absent_sentence(absent: int) -> str:
    if not absent:
        return ""
    if absent == 1:
        return "La personne inscrite mais absente n'est pas suivie."
    return f"Les {absent} personnes inscrites mais absentes ne sont pas suivies."


class FollowUpView(EvaluationMixin):
    section = "follow_up"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not follow_up_open(self.rally, timezone.localdate()):
            return self.too_early()
        return self.page(self.rows())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not follow_up_open(self.rally, timezone.localdate()):
            return self.too_early(refused=True)
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

    def too_early(self, *, refused: bool = False) -> HttpResponse:
        """The page before the rally has taken place: when the follow-up is due, and no table."""
        due = follow_up_due(rally_dates(self.rally))
        context = self.evaluation_context(too_early=too_early_sentence(due), due=due, refused=refused)
        return render(self.request, "www/evaluation/follow_up.html", context, status=409 if refused else 200)

    def page(self, rows: list[FollowUpRowForm], *, invalid: bool = False) -> HttpResponse:
        context = self.evaluation_context(
            rows=rows,
            invalid=invalid,
            due=follow_up_due(rally_dates(self.rally)),
            absent=absent_sentence(self.rally.participants.count() - len(rows)),
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
                (group, french.date(group.due), group.late(today), french.count(len(group.participants), "personne"))
                for group in groups
            ],
            "horizon": DUE_HORIZON_DAYS,
        }
