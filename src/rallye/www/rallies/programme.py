"""The programme (sessions) of a rally, and the charter's format rules checked as it is typed.

The check endpoints read the programme form as posted, save nothing, and answer the results
of F1-F4 (and K1 for a stored rally) with the form's own error messages, in JSON: the page's
script shows them without a reload.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.forms import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View

from rallye.domain import rally as domain
from rallye.history.models import Action, ObjectKind
from rallye.history.services import lines_changed, record
from rallye.preparation.services import follow_first_day, moved_message, programme_tips
from rallye.www.rallies.access import RallyMixin, require_some_editable_structure
from rallye.www.rallies.charter import (
    PROGRAMME_RULES,
    as_json,
    charter_results,
    domain_session,
    rally_charter,
    stored_participants,
)
from rallye.www.rallies.editing import programme_lines, session_line
from rallye.www.rallies.forms import programme_formset
from rallye.www.rallies.revisions import PREFIX, Conflict, RevisionForm, claim, line_conflicts, revision_form

ProgrammeFormSet = BaseInlineFormSet[Any, Any, Any]


def typed_programme(formset: ProgrammeFormSet) -> tuple[list[domain.Session], list[str]]:
    """The sessions of the form that are complete and valid, and what is wrong with the others."""
    sessions: list[domain.Session] = []
    errors: list[str] = []
    for number, form in enumerate(formset.forms, start=1):
        if not form.has_changed() and form.instance.pk is None:
            continue  # an empty row, or a suggested one left without a date
        valid = form.is_valid()
        if form.cleaned_data.get("DELETE"):
            continue
        if valid:
            data = form.cleaned_data
            sessions.append(
                domain_session(
                    data["kind"], data["date"], data["start"], data["end"], data["lunch_start"], data["lunch_end"]
                )
            )
            continue
        for field, field_errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else None
            where = f"Session {number}" + (f", {str(label).lower()}" if label else "")
            errors += [f"{where} : {message}" for message in field_errors]
    return sessions, errors


def formset_lines(formset: ProgrammeFormSet) -> list[str]:
    """The sessions of a valid programme formset, in order, as the history shows them."""
    kept = [form.cleaned_data for form in formset.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]
    kept.sort(key=lambda data: (data["date"], data["start"]))
    fields = ("kind", "date", "start", "end", "lunch_start", "lunch_end")
    return [session_line(*(data.get(name) for name in fields)) for data in kept]


class ProgrammeView(RallyMixin):
    """The programme; its saves take the rally's revision, so two people changing the programme
    (or the programme and the settings) at once cannot overwrite each other."""

    tab = "programme"
    template_name = "www/rallies/programme.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        formset = programme_formset(self.rally, request.user) if self.can_edit else None
        return self.page(formset, rally_charter(self.rally), revision_form(self.rally))

    def post(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        formset = programme_formset(self.rally, request.user, request.POST)
        if formset.is_valid():
            with transaction.atomic():
                if not claim(self.rally, request.POST):
                    return self.stale(formset_lines(formset))
                before = programme_lines(self.rally)
                formset.save()
                changes = lines_changed("Programme", before, programme_lines(self.rally))
                if changes:
                    record(
                        self.rally, request.user, Action.CHANGED, kind=ObjectKind.PROGRAMME, label="", changes=changes
                    )
                moved = follow_first_day(self.rally, request.user)
            messages.success(request, "Le programme est enregistré.")
            if moved is not None:
                messages.info(request, moved_message(moved))
            return redirect("rallies:programme", pk=pk)
        sessions, _ = typed_programme(formset)
        charter = charter_results(self.rally.name, sessions, stored_participants(self.rally))
        return self.page(formset, charter, RevisionForm(request.POST, prefix=PREFIX))

    def stale(self, mine: list[str]) -> HttpResponse:
        self.rally.refresh_from_db()
        conflicts = line_conflicts("Session", mine, programme_lines(self.rally))
        formset = programme_formset(self.rally, self.request.user)
        return self.page(formset, rally_charter(self.rally), revision_form(self.rally), conflicts, status=409)

    def page(
        self,
        formset: ProgrammeFormSet | None,
        charter: Any,
        revision: RevisionForm,
        conflicts: list[Conflict] | None = None,
        status: int = 200,
    ) -> HttpResponse:
        context = self.rally_context(
            tips=programme_tips(self.rally),
            formset=formset,
            sessions=self.rally.sessions.all(),
            charter=charter,
            charter_url=reverse("rallies:check_programme", args=[self.rally.pk]),
            revision=revision,
            conflicts=conflicts,
        )
        return render(self.request, self.template_name, context, status=status)


class ProgrammeCheckView(RallyMixin):
    """F1-F4 and K1 for the programme as typed on the rally's programme page."""

    edit_only = True
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> JsonResponse:
        sessions, errors = typed_programme(programme_formset(self.rally, request.user, request.POST))
        results = charter_results(self.rally.name, sessions, stored_participants(self.rally))
        return JsonResponse({"rules": as_json(results), "errors": errors})


class NewProgrammeCheckView(View):
    """F1-F4 for the programme as typed on the page that creates a rally."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> JsonResponse:
        require_some_editable_structure(request.user)
        sessions, errors = typed_programme(programme_formset(None, request.user, request.POST))
        return JsonResponse({"rules": as_json(charter_results("", sessions, codes=PROGRAMME_RULES)), "errors": errors})
