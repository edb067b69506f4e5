"""The forms of a rally's preparation and of the templates."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from rallye.organisations.models import User
from rallye.preparation.models import PHASE_CHOICES, FederationTask, StructureTask
from rallye.www.rallies.forms import date_input


class PrepareForm(forms.Form):
    first_day = forms.DateField(
        label="Premier jour du rallye",
        widget=date_input(),
        help_text="les tâches sont datées à rebours de ce jour ; si le programme change de date, elles le suivent",
    )
    pathway = forms.BooleanField(
        label="Rallye inscrit dans un parcours",
        required=False,
        help_text="environ trois semaines d'accompagnement avant, un mois d'accompagnement intensif vers "
        "l'entreprise après",
    )


class PathwayForm(forms.Form):
    pathway = forms.BooleanField(label="Rallye inscrit dans un parcours", required=False)


class MoveForm(forms.Form):
    due = forms.DateField(label="Nouvelle date", widget=date_input())


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        queryset=User.objects.none(), label="Responsable", required=False, empty_label="Personne"
    )

    def __init__(self, *args: Any, members: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = members
        field.label_from_instance = _name  # type: ignore[method-assign,assignment]


def _name(user: User) -> str:
    return str(user.get_full_name() or user.email)


class AddTaskForm(forms.Form):
    title = forms.CharField(label="Tâche", max_length=200)
    phase = forms.ChoiceField(label="Phase", choices=PHASE_CHOICES)
    due = forms.DateField(label="Pour le", widget=date_input())
    milestone = forms.BooleanField(label="Jalon", required=False)
    fixed_date = forms.BooleanField(
        label="Date fixe (une réservation)", required=False, help_text="elle ne suit pas le rallye s'il est déplacé"
    )


TEMPLATE_FIELDS = ("title", "phase", "offset_days", "milestone", "fixed_date", "pathway_only")


class FederationTaskForm(forms.ModelForm[FederationTask]):
    class Meta:
        model = FederationTask
        fields = TEMPLATE_FIELDS


class StructureTaskForm(forms.ModelForm[StructureTask]):
    class Meta:
        model = StructureTask
        fields = (*TEMPLATE_FIELDS, "removed")
