"""Forms of the company directory and of the mobilisation log."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django import forms
from django.db.models import QuerySet

from rallye import phones
from rallye.companies.imports import FIELDS, Mapping
from rallye.companies.models import GROUPED_VISIT_WORDS, CompanyContact, ContactLog, DirectoryCompany, Status
from rallye.companies.services import InvalidSiret, normalised_siret
from rallye.domain import charter, french, naf
from rallye.formats import limits
from rallye.formats.tables import TABLE_SUFFIXES
from rallye.organisations.models import Structure
from rallye.www.rallies.forms import DatalistInput, PlaceForm, address_input, coordinate, date_input


def _sentence(error: Exception) -> str:
    text = str(error)
    return f"{text[:1].upper()}{text[1:]}."


class DirectoryCompanyForm(PlaceForm):
    """A directory entry; its address is looked up as the rally's company form does (an
    unreachable service leaves it « à localiser », never blocks the saving)."""

    siret = forms.CharField(
        label="SIRET", max_length=30, required=False, help_text="14 chiffres, facultatif (vérifié)."
    )
    naf_code = forms.CharField(
        label="Code NAF",
        max_length=40,
        required=False,
        help_text="Ex. 10.71C. Donne le secteur quand celui-ci est vide.",
    )
    lat = coordinate("Latitude", 90, "45,9021", required=False, help_text="Vide : trouvée d'après l'adresse.")
    lon = coordinate("Longitude", 180, "6,0985", required=False, help_text="Vide : trouvée d'après l'adresse.")

    class Meta:
        model = DirectoryCompany
        fields = (
            "name",
            "siret",
            "naf_code",
            "sector",
            "address",
            "town",
            "lat",
            "lon",
            "hiring",
            "hiring_needs",
            "grouped_visits",
            "accessibility",
            "parking",
            "safety_shoes",
            "entrance",
            "notes",
        )
        widgets = {
            "sector": DatalistInput(naf.SECTOR_SUGGESTIONS),
            "address": address_input("lat", "lon"),
            "hiring_needs": forms.Textarea(attrs={"rows": 2}),
            "accessibility": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "address": "Tapez l'adresse puis choisissez-la parmi les suggestions.",
            "accessibility": "Ex. accès de plain-pied, ascenseur, site non accessible en fauteuil.",
            "parking": "Ex. parking visiteurs devant l'accueil.",
            "entrance": "Ex. entrée B, se présenter à l'accueil.",
            "grouped_visits": "Utile quand un créneau manque d'entreprise.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sector"].required = False
        self.fields["sector"].help_text = "Vide : la section NAF du code NAF."

    def clean_siret(self) -> str:
        try:
            return normalised_siret(self.cleaned_data.get("siret") or "")
        except InvalidSiret as invalid:
            raise forms.ValidationError(_sentence(invalid)) from None

    def clean_naf_code(self) -> str:
        try:
            return naf.normalised_code(self.cleaned_data.get("naf_code") or "")
        except naf.InvalidNafCode as invalid:
            raise forms.ValidationError(_sentence(invalid)) from None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not cleaned.get("sector") and cleaned.get("naf_code"):
            cleaned["sector"] = naf.sector_of(cleaned["naf_code"])
        if not cleaned.get("sector") and "sector" not in self.errors:
            self.add_error("sector", "Indiquez le secteur, ou un code NAF qui le donne.")
        return cleaned


class StructureChoiceForm(forms.Form):
    structure = forms.ModelChoiceField(label="Structure", queryset=Structure.objects.none(), empty_label=None)

    def __init__(self, *args: Any, structures: QuerySet[Structure], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["structure"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = structures


class ContactForm(forms.ModelForm[CompanyContact]):
    class Meta:
        model = CompanyContact
        fields = ("name", "role", "phone", "email")
        widgets = {"phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"})}
        help_texts = {"role": "Ex. responsable RH, directeur du site."}

    def clean_phone(self) -> str:
        try:
            return phones.normalised(self.cleaned_data.get("phone") or "")
        except phones.InvalidPhone as invalid:
            raise forms.ValidationError(_sentence(invalid)) from None


ContactFormSet = forms.inlineformset_factory(
    DirectoryCompany, CompanyContact, form=ContactForm, extra=1, can_delete=True
)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label="État", choices=Status.choices)


class ContactLogForm(forms.ModelForm[ContactLog]):
    class Meta:
        model = ContactLog
        fields = ("date", "channel", "who", "note", "next_action", "next_date")
        widgets = {"date": date_input(), "next_date": date_input(), "note": forms.Textarea(attrs={"rows": 2})}

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("next_date") and not cleaned.get("next_action"):
            self.add_error("next_action", "Dites quelle action est prévue à cette date.")
        return cleaned


class TableUploadForm(forms.Form):
    file = forms.FileField(
        label="Tableau de suivi (.xlsx ou .csv)",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The limit is read when the form is made, so that the page says the one in force.
        self.fields["file"].help_text = limits.file_limit_help(
            " ; la première feuille est lue. Rien n'est enregistré avant votre confirmation."
        )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if Path(upload.name or "").suffix.lower() not in TABLE_SUFFIXES:
            raise forms.ValidationError("Ce fichier n'est ni un classeur .xlsx ni un fichier .csv.")
        size = upload.size or 0
        if size > limits.MAX_FILE_BYTES:
            raise forms.ValidationError(
                f"Ce fichier pèse {french.number(size / 1024 / 1024)} Mo ; "
                f"la limite est de {limits.megabytes(limits.MAX_FILE_BYTES)}."
            )
        return upload


class MappingForm(forms.Form):
    """One choice per field: the column that holds it, or none."""

    def __init__(self, *args: Any, header: tuple[str, ...], initial_mapping: Mapping, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "— aucune —"), *((str(i), title) for i, title in enumerate(header))]
        for f in FIELDS:
            self.fields[f.name] = forms.ChoiceField(
                label=f.label, choices=choices, required=f.name == "name", initial=str(initial_mapping.get(f.name, ""))
            )
        self.fields["name"].error_messages["required"] = "Choisissez la colonne qui donne le nom de l'entreprise."

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        used: dict[str, str] = {}
        for f in FIELDS:
            column = cleaned.get(f.name)
            if column:
                if column in used:
                    self.add_error(f.name, f"Cette colonne donne déjà « {used[column]} ».")
                used[column] = f.label
        return cleaned

    def mapping(self) -> Mapping:
        return {name: int(value) for name, value in self.cleaned_data.items() if value not in ("", None)}


WINDOW_ROWS = 2
"""Exact windows a company may give besides the half-days."""


class AvailabilityAnswerForm(forms.Form):
    """The company's page: made for a phone, every field labelled, what is missing said at once."""

    contact_name = forms.CharField(label="Votre nom", max_length=200)
    contact_phone = forms.CharField(
        label="Votre téléphone",
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    contact_email = forms.EmailField(label="Votre e-mail", required=False)
    half_days = forms.MultipleChoiceField(
        label="Les demi-journées où vous pouvez recevoir une équipe",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    capacity = forms.IntegerField(
        label="Personnes accueillies en même temps",
        min_value=1,
        max_value=200,
        help_text=f"Une équipe compte de {charter.TEAM_SIZE.fr()} personnes, plus son accompagnateur.",
    )
    grouped_visits = forms.BooleanField(
        label=f"Nous pouvons accueillir une visite groupée de {GROUPED_VISIT_WORDS} personnes", required=False
    )
    visit_minutes = forms.IntegerField(
        label="Durée d'une visite (minutes)",
        min_value=10,
        max_value=480,
        required=False,
        help_text="Laissez vide pour la durée prévue par l'organisateur.",
    )
    max_visits = forms.IntegerField(
        label="Nombre de visites au plus, sur tout le rallye",
        min_value=0,
        max_value=100,
        required=False,
        help_text="Laissez vide : sans limite.",
    )
    hiring = forms.BooleanField(label="Nous recrutons en ce moment", required=False)
    parking = forms.CharField(label="Stationnement", max_length=300, required=False)
    entrance = forms.CharField(label="Entrée, accueil", max_length=300, required=False)
    accessibility = forms.CharField(
        label="Accessibilité du site", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    safety_shoes = forms.BooleanField(label="Chaussures de sécurité demandées", required=False)

    def __init__(self, *args: Any, halves: list[Any], dates: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.halves = {half.key: half for half in halves}
        half_field = self.fields["half_days"]
        assert isinstance(half_field, forms.MultipleChoiceField)
        half_field.choices = [(half.key, half.label) for half in halves]
        date_choices = [("", "—"), *((day.isoformat(), french.day_long(day)) for day in dates)]
        for row in range(WINDOW_ROWS):
            self.fields[f"window_{row}_date"] = forms.ChoiceField(
                label=f"Autre créneau {row + 1} : jour", choices=date_choices, required=False
            )
            self.fields[f"window_{row}_start"] = forms.TimeField(
                label=f"Autre créneau {row + 1} : de", required=False, widget=time_widget()
            )
            self.fields[f"window_{row}_end"] = forms.TimeField(
                label=f"Autre créneau {row + 1} : à", required=False, widget=time_widget()
            )

    def clean_contact_phone(self) -> str:
        try:
            return phones.normalised(self.cleaned_data.get("contact_phone") or "")
        except phones.InvalidPhone as invalid:
            raise forms.ValidationError(_sentence(invalid)) from None

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        windows = [
            (half.date, half.start, half.end) for key in cleaned.get("half_days", []) for half in [self.halves[key]]
        ]
        for row in range(WINDOW_ROWS):
            day, start, end = (cleaned.get(f"window_{row}_{part}") for part in ("date", "start", "end"))
            if not (day or start or end):
                continue
            if not (day and start and end):
                self.add_error(f"window_{row}_date", "Indiquez le jour, l'heure de début et l'heure de fin.")
            elif end <= start:
                self.add_error(f"window_{row}_end", "L'heure de fin doit venir après celle du début.")
            else:
                windows.append((dt.date.fromisoformat(day), start, end))
        if not windows and not any(name.startswith("window_") for name in self.errors):
            self.add_error("half_days", "Cochez au moins une demi-journée, ou indiquez un créneau précis plus bas.")
        cleaned["windows"] = sorted(set(windows))
        return cleaned


def time_widget() -> forms.TimeInput:
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
