"""The forms of recruitment: a prescriber's proposal (public, by link), the organiser's own."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from rallye import phones
from rallye.domain.rally import PARTICIPANT_AGES
from rallye.domain.statuses import CHOICES as STATUS_CHOICES
from rallye.recruitment.models import (
    CommitteeMeeting,
    CommitteeMember,
    InfoSession,
    Prescriber,
    PrescriberContact,
    PrescriberKind,
    Proposal,
)

NO_CONSENT = (
    "Sans l'accord de la personne, la proposition ne peut pas être envoyée : demandez-le-lui, puis cochez la case."
)


def clean_phone(value: str) -> str:
    try:
        return phones.normalised(value)
    except phones.InvalidPhone as invalid:
        raise forms.ValidationError(str(invalid)) from None


class ProposalForm(forms.ModelForm[Proposal]):
    status_category = forms.ChoiceField(label="Situation de la personne", choices=[("", "Choisir…"), *STATUS_CHOICES])
    birth_year = forms.IntegerField(label="Année de naissance", min_value=1900, max_value=2100)
    consent = forms.BooleanField(
        label="La personne est d'accord pour participer au rallye et pour que ses coordonnées soient transmises "
        "à la structure qui l'organise.",
        required=True,
        error_messages={"required": NO_CONSENT},
    )

    class Meta:
        model = Proposal
        fields = (
            "first_name",
            "last_name",
            "gender",
            "birth_year",
            "phone",
            "email",
            "status_category",
            "rsa_beneficiary",
            "needs",
            "proposed_by",
            "consent",
        )
        labels = {"proposed_by": "Votre nom (qui propose)", "rsa_beneficiary": "Touche le RSA aujourd'hui"}
        help_texts = {
            "needs": "Ce qui aidera la personne ce jour-là : mobilité, garde d'enfants, langue, santé…",
            "phone": "Pour la convocation et les rappels.",
        }
        widgets = {"needs": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, rally_year: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rally_year = rally_year or dt.date.today().year

    def clean_phone(self) -> str:
        return clean_phone(str(self.cleaned_data.get("phone") or ""))

    def clean_birth_year(self) -> int:
        year: int = self.cleaned_data["birth_year"]
        age = self.rally_year - year
        youngest, oldest = PARTICIPANT_AGES
        if not youngest <= age <= oldest:
            raise forms.ValidationError(
                f"{year} donnerait {age} ans en {self.rally_year} ; un participant a de {youngest} à {oldest} ans."
            )
        return year

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("phone") and not cleaned.get("email"):
            self.add_error(
                "phone", "Donnez un téléphone ou un e-mail pour que la structure puisse joindre la personne."
            )
        return cleaned


class PrescriberForm(forms.ModelForm[Prescriber]):
    contact_name = forms.CharField(label="Contact", max_length=200, required=False)
    contact_email = forms.EmailField(label="E-mail du contact", required=False)
    contact_phone = forms.CharField(label="Téléphone du contact", max_length=40, required=False)

    class Meta:
        model = Prescriber
        fields = ("name", "kind")
        labels = {"name": "Nom du prescripteur"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = [("", "Choisir…"), *PrescriberKind.choices]

    def clean_contact_phone(self) -> str:
        return clean_phone(str(self.cleaned_data.get("contact_phone") or ""))


class ContactForm(forms.ModelForm[PrescriberContact]):
    class Meta:
        model = PrescriberContact
        fields = ("name", "role", "email", "phone")
        error_messages = {"name": {"required": "le nom du contact manque."}}

    def clean_phone(self) -> str:
        return clean_phone(str(self.cleaned_data.get("phone") or ""))


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="Raison",
        max_length=300,
        error_messages={"required": "Dites pourquoi la candidature est déclinée : le prescripteur la lira."},
    )


class InfoSessionForm(forms.ModelForm[InfoSession]):
    class Meta:
        model = InfoSession
        fields = ("date", "start", "place")
        widgets = {"date": forms.DateInput(attrs={"type": "date"}), "start": forms.TimeInput(attrs={"type": "time"})}


class CommitteeMemberForm(forms.ModelForm[CommitteeMember]):
    class Meta:
        model = CommitteeMember
        fields = ("name", "organisation", "email")
        labels = {"name": "Nom du membre"}


class CommitteeMeetingForm(forms.ModelForm[CommitteeMeeting]):
    attendees: forms.ModelMultipleChoiceField[CommitteeMember] = forms.ModelMultipleChoiceField(
        label="Présents", queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    """Its choices (the structure's committee) are set by the view, inside the request's scope."""

    class Meta:
        model = CommitteeMeeting
        fields = ("date", "minutes")
        widgets = {"date": forms.DateInput(attrs={"type": "date"}), "minutes": forms.Textarea(attrs={"rows": 3})}
        labels = {"date": "Date de la réunion"}

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["attendees"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = members
        self.order_fields(["date", "attendees", "minutes"])

    def save(self, commit: bool = True) -> CommitteeMeeting:
        meeting = super().save(commit=commit)
        if commit:
            meeting.attendees.set(self.cleaned_data["attendees"])
        return meeting
