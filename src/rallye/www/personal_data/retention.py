"""A structure's retention period of personal data, and what the next purge will anonymise.

Everyone who sees the structure sees the page; only its coordinators and the federation's
administrators change the period (403 for the others, 404 for another structure)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View

from rallye.evaluation.directory_data import directory_schedule
from rallye.evaluation.personal_data import retention_schedule
from rallye.organisations.models import Structure
from rallye.organisations.perms import can_set_retention
from rallye.organisations.scoping import visible_structures
from rallye.rallies.models import Rally

MONTHS_MIN, MONTHS_MAX = 1, 120


class RetentionForm(forms.ModelForm[Structure]):
    retention_months = forms.IntegerField(
        label="Durée de conservation (mois après le suivi à 6 mois)",
        min_value=MONTHS_MIN,
        max_value=MONTHS_MAX,
        error_messages={
            "required": f"Indiquez un nombre de mois entre {MONTHS_MIN} et {MONTHS_MAX}.",
            "invalid": f"Indiquez un nombre entier de mois entre {MONTHS_MIN} et {MONTHS_MAX}.",
            "min_value": f"La durée est d'au moins {MONTHS_MIN} mois.",
            "max_value": f"La durée est d'au plus {MONTHS_MAX} mois (10 ans).",
        },
        help_text="Par défaut 24 mois. Passé ce délai, nom, coordonnées et réponses libres sont effacés.",
    )

    class Meta:
        model = Structure
        fields = ("retention_months",)


class RetentionView(View):
    structure: Structure
    can_change: bool

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        self.structure = get_object_or_404(visible_structures(request.user), pk=kwargs["structure"])
        self.can_change = can_set_retention(request.user, self.structure)
        if request.method == "POST" and not self.can_change:
            raise PermissionDenied(
                "Seules la coordination de la structure et l'administration de la fédération règlent cette durée."
            )
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, structure: int) -> HttpResponse:
        return self.page(RetentionForm(instance=self.structure))

    def post(self, request: HttpRequest, structure: int) -> HttpResponse:
        form = RetentionForm(request.POST, instance=self.structure)
        if not form.is_valid():
            return self.page(form)
        form.save()
        messages.success(
            request,
            f"Durée de conservation enregistrée : {self.structure.retention_months} mois après le suivi à 6 mois.",
        )
        return redirect("personal_data:retention", structure=self.structure.pk)

    def page(self, form: RetentionForm) -> HttpResponse:
        today = dt.date.today()
        schedule = retention_schedule(Rally.objects.filter(structure=self.structure).select_related("structure"))
        next_purge = [item for item in schedule if item.past(today) and item.pending]
        directory = directory_schedule(self.structure.pk)
        context = {
            "structure": self.structure,
            "form": form,
            "can_change": self.can_change,
            "schedule": [(item, item.past(today)) for item in schedule],
            "next_people": sum(item.persons for item in next_purge),
            "next_rallies": len(next_purge),
            "directory": [(item, item.past(today)) for item in directory],
            "next_directory": sum(1 for item in directory if item.past(today) and item.pending),
        }
        return render(self.request, "www/personal_data/retention.html", context)
