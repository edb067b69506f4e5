"""Forms of the evaluation pages: funders, a rally's funding and reporting, the six-month
follow-up rows. The questionnaires are not Django forms: their questions and checks live in
``rallye.domain.questionnaires`` (see ``answers_form.py``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet

from rallye.domain import french
from rallye.domain.outcomes import Outcome
from rallye.evaluation.models import Funder, FundingState, RallyReporting
from rallye.organisations.models import Structure
from rallye.rallies.models import Participant
from rallye.www.rallies.forms import date_input

COMMENT_MAX = 500
NOT_RECORDED = "pas encore renseigné"


class FunderForm(forms.ModelForm[Funder]):
    class Meta:
        model = Funder
        fields = ("name", "kind", "contact_name", "contact_email")
        labels = {"name": "Nom du financeur", "kind": "Type de financeur", "contact_name": "Personne à contacter"}

    def __init__(self, *args: Any, structure: Structure, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.structure = structure

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        others = Funder.objects.filter(structure=self.structure, name__iexact=name).exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(
                f"Un financeur nommé « {name} » existe déjà dans cette structure : "
                "modifiez-le plutôt que d'en créer un autre."
            )
        return name

    def save(self, commit: bool = True) -> Funder:
        self.instance.structure = self.structure
        return super().save(commit)


class AmountField(forms.DecimalField):
    """Euros as French people write them: « 4 500,50 » (spaces between thousands accepted)."""

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = "".join(value.split())
        return super().to_python(value)


class FundingForm(forms.Form):
    funder = forms.ModelChoiceField(queryset=Funder.objects.none(), label="Financeur", empty_label=None)
    amount = AmountField(
        label="Montant (€)",
        required=False,
        min_value=0,
        max_digits=10,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text="Facultatif, ex. 4 500 ou 4 500,50.",
    )

    state = forms.ChoiceField(
        label="Où en est la demande ?", choices=FundingState.choices, initial=FundingState.GRANTED, required=False
    )
    requested_on = forms.DateField(
        label="Demande envoyée le", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    action_sheet_sent = forms.BooleanField(
        label="Fiche action envoyée",
        required=False,
        help_text="Les financeurs demandent une fiche action de trois pages.",
    )
    documents = forms.CharField(label="Autres pièces demandées", max_length=300, required=False)
    report_due = forms.DateField(
        label="Bilan à rendre avant le",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Vide : trois mois après le dernier jour du rallye, une fois le financement accordé.",
    )
    report_sent_on = forms.DateField(
        label="Bilan rendu le", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, funders: QuerySet[Funder], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["funder"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = funders
        field.help_text = "Pour changer la demande d'un financeur déjà indiqué, choisissez-le à nouveau."

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        cleaned["state"] = cleaned.get("state") or FundingState.GRANTED
        if cleaned.get("amount") is not None and cleaned.get("state") != FundingState.GRANTED:
            self.add_error("amount", "Le montant s'indique quand le financement est accordé : choisissez « accordé ».")
        if cleaned.get("report_sent_on") and cleaned.get("state") != FundingState.GRANTED:
            self.add_error("report_sent_on", "Un bilan se rend pour un financement accordé.")
        return cleaned

    def request_fields(self) -> dict[str, Any]:
        """What ``fund_rally`` records beside the amount."""
        names = ("state", "requested_on", "action_sheet_sent", "documents", "report_due", "report_sent_on")
        return {name: self.cleaned_data[name] for name in names}


class MeetingsSelect(forms.NullBooleanSelect):
    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.choices = [("unknown", NOT_RECORDED), ("true", "oui"), ("false", "non")]


class ReportingForm(forms.ModelForm[RallyReporting]):
    class Meta:
        model = RallyReporting
        fields = ("federation_report_on", "ansa_report_on", "network_meetings")
        labels = {
            "federation_report_on": "Bilan transmis à la fédération le",
            "ansa_report_on": "Bilan transmis à l'Ansa le",
            "network_meetings": "La structure participe aux rencontres du réseau",
        }
        widgets = {
            "federation_report_on": date_input(),
            "ansa_report_on": date_input(),
            "network_meetings": MeetingsSelect,
        }

    def __init__(self, *args: Any, first_rally: bool, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["federation_report_on"].help_text = "Laissez vide tant que le bilan n'est pas envoyé."
        self.fields["ansa_report_on"].help_text = (
            "C'est le premier rallye de la structure : son bilan est aussi à transmettre à l'Ansa."
            if first_rally
            else "Ce n'est pas le premier rallye de la structure : le bilan à l'Ansa n'est pas demandé."
        )
        self.fields["network_meetings"].help_text = "Amélioration continue : rencontres et échanges entre structures."

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        for name in ("federation_report_on", "ansa_report_on"):
            day = cleaned.get(name)
            if isinstance(day, dt.date) and day > self.today:
                self.add_error(
                    name,
                    f"Le {french.day_long(day)} est dans le futur : indiquez le jour où le bilan a été envoyé, "
                    "ou laissez vide.",
                )
        return cleaned


class FollowUpRowForm(forms.Form):
    """One participant's row of the follow-up table (prefixed by the participant's id)."""

    outcome = forms.ChoiceField(
        required=False,
        choices=[("", NOT_RECORDED), *((o.value, o.label) for o in Outcome)],
        error_messages={"invalid_choice": "« %(value)s » n'est pas une situation de la liste : choisissez-en une."},
    )
    comment = forms.CharField(required=False, max_length=COMMENT_MAX)

    def __init__(self, *args: Any, participant: Participant, **kwargs: Any) -> None:
        kwargs["prefix"] = f"p{participant.pk}"
        super().__init__(*args, **kwargs)
        self.participant = participant
        name = f"{participant.first_name} {participant.last_name}"
        self.fields["outcome"].label = f"Situation à 6 mois de {name}"
        self.fields["comment"].label = f"Commentaire sur {name}"

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("comment") and not cleaned.get("outcome"):
            self.add_error("outcome", "Choisissez la situation de la personne : un commentaire seul ne suffit pas.")
        return cleaned

    @property
    def recorded_on(self) -> str:
        """When the recorded situation was entered (« 1er octobre 2027 »), empty when none is."""
        recorded = getattr(self.participant, "follow_up", None)
        return french.date(recorded.recorded_on) if recorded is not None else ""

    @property
    def chosen_outcome(self) -> Outcome | None:
        value = self.cleaned_data.get("outcome")
        return Outcome(value) if value else None
