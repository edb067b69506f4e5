"""Create a rally (its settings and its programme, in one form), and change its settings."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View

from rallye.history.models import Action
from rallye.history.services import form_changes, lines_changed, record, values_of
from rallye.organisations.models import Structure
from rallye.preparation.services import prepare
from rallye.www.rallies.access import RallyMixin, require_some_editable_structure
from rallye.www.rallies.charter import PROGRAMME_RULES, charter_results
from rallye.www.rallies.editing import programme_lines
from rallye.www.rallies.forms import RallyCreateForm, RallyForm, programme_formset
from rallye.www.rallies.programme import ProgrammeFormSet, typed_programme
from rallye.www.rallies.revisions import PREFIX, Conflict, RevisionForm, claim, form_conflicts, revision_form


class RallyCreateView(View):
    template_name = "www/rallies/create.html"
    structures: QuerySet[Structure]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.structures = require_some_editable_structure(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        form = RallyCreateForm(structures=self.structures)
        return self.page(form, programme_formset(None, request.user))

    def post(self, request: HttpRequest) -> HttpResponseBase:
        form = RallyCreateForm(request.POST, structures=self.structures)
        formset = programme_formset(None, request.user, request.POST)
        if not (form.is_valid() and formset.is_valid()):
            return self.page(form, formset)
        with transaction.atomic():
            rally = form.save()
            formset.instance = rally
            formset.save()
            programme = lines_changed("Programme", [], programme_lines(rally))
            record(rally, request.user, Action.CREATED, rally, changes=values_of(form) + programme)
            prepare(rally, request.user)
        messages.success(request, f"Le rallye « {rally.name} » est créé.")
        return redirect("rallies:detail", pk=rally.pk)

    def page(self, form: RallyCreateForm, formset: ProgrammeFormSet) -> HttpResponse:
        sessions, _ = typed_programme(formset) if formset.is_bound else ([], [])
        return render(
            self.request,
            self.template_name,
            {
                "form": form,
                "formset": formset,
                "charter": charter_results("", sessions, codes=PROGRAMME_RULES),
                "charter_url": reverse("rallies:check_new_programme"),
            },
        )


class RallyEditView(RallyMixin):
    """The rally's settings; refused when someone saved the rally (or its programme) meanwhile."""

    edit_only = True
    template_name = "www/rallies/edit.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.page(RallyForm(instance=self.rally), revision_form(self.rally))

    def post(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        form = RallyForm(request.POST, instance=self.rally)
        if not form.is_valid():
            return self.page(form, RevisionForm(request.POST, prefix=PREFIX))
        with transaction.atomic():
            if not claim(self.rally, request.POST):
                self.rally.refresh_from_db()
                current = RallyForm(instance=self.rally)
                conflicts = form_conflicts(form, current)
                return self.page(current, revision_form(self.rally), conflicts=conflicts, status=409)
            changes = form_changes(form)
            form.save()
            if changes:
                record(self.rally, request.user, Action.CHANGED, self.rally, changes=changes)
        messages.success(request, "Les réglages du rallye sont enregistrés.")
        return redirect("rallies:detail", pk=pk)

    def page(
        self, form: RallyForm, revision: RevisionForm, *, conflicts: list[Conflict] | None = None, status: int = 200
    ) -> HttpResponse:
        context = self.rally_context(form=form, revision=revision, conflicts=conflicts)
        return render(self.request, self.template_name, context, status=status)
