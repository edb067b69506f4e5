"""Forms of the company directory and of the mobilisation log."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.db.models import QuerySet

from rallye import phones
from rallye.companies.imports import FIELDS, Mapping
from rallye.companies.models import CompanyContact, ContactLog, DirectoryCompany, Status
from rallye.companies.services import InvalidSiret, normalised_siret
from rallye.domain import french, naf
from rallye.formats.limits import MAX_FILE_BYTES
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
        help_text="5 Mo au plus ; la première feuille est lue. Rien n'est enregistré avant votre confirmation.",
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if Path(upload.name or "").suffix.lower() not in TABLE_SUFFIXES:
            raise forms.ValidationError("Ce fichier n'est ni un classeur .xlsx ni un fichier .csv.")
        size = upload.size or 0
        if size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                f"Ce fichier pèse {french.number(size / 1024 / 1024)} Mo ; "
                f"la limite est de {MAX_FILE_BYTES // 1024 // 1024} Mo."
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
