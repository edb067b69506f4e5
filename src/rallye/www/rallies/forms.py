"""Forms of the rally workspace.

Limits repeat those of the rally file's validator (``rallye.formats.rally_input``), so that a
rally entered here is one the planner, the workbook and ``rally.json`` accept: a form says what
is wrong at once, in French, instead of the export failing later.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.urls import reverse_lazy

from rallye import phones
from rallye.domain import charter, french
from rallye.domain.naf import SECTOR_SUGGESTIONS
from rallye.domain.rally import BASE, PARTICIPANT_AGES
from rallye.domain.statuses import CHOICES as STATUS_CHOICES
from rallye.domain.statuses import StatusCategory
from rallye.formats import limits
from rallye.formats.rally_xlsx import EXAMPLE_PREFIX
from rallye.geocoding import LOW_SCORE, Candidate, GeocoderError
from rallye.organisations.models import Structure
from rallye.rallies.models import Availability, Company, Participant, PrescriberKind, Rally, Session, Vehicle
from rallye.www.rallies.addresses import search

UPLOAD_SUFFIXES = (".xlsx", ".json")
DIPLOMA_LEVELS = (
    (1, "Niveau 1 — savoirs de base"),
    (2, "Niveau 2 — CléA"),
    (3, "Niveau 3 — CAP, BEP"),
    (4, "Niveau 4 — baccalauréat"),
    (5, "Niveau 5 — bac+2 (BTS, DUT)"),
    (6, "Niveau 6 — bac+3 ou 4 (licence, BUT)"),
    (7, "Niveau 7 — bac+5 (master)"),
    (8, "Niveau 8 — doctorat"),
)
AGES = PARTICIPANT_AGES
"""The validator's ages for a participant in the rally's year."""


class DatalistInput(forms.TextInput):
    """A text input that suggests values (the user may still type anything)."""

    template_name = "www/rallies/widgets/datalist.html"

    def __init__(self, options: Sequence[str], attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.options = options

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        list_id = f"{context['widget']['attrs'].get('id', name)}-suggestions"
        context["widget"]["attrs"]["list"] = list_id
        context["widget"]["list_id"] = list_id
        context["widget"]["options"] = self.options
        return context


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def time_input() -> forms.TimeInput:
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def coordinate(label: str, limit: int, example: str, *, required: bool = True, help_text: str = "") -> forms.FloatField:
    return forms.FloatField(
        label=label,
        min_value=-limit,
        max_value=limit,
        localize=True,
        required=required,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text=help_text or f"En degrés décimaux, ex. {example} (virgule ou point).",
    )


def address_input(lat_field: str, lon_field: str) -> forms.TextInput:
    """An address field that offers the address service's suggestions while typing
    (``address-suggestions.js``); picking one fills the latitude and longitude fields."""
    return forms.TextInput(
        attrs={
            "autocomplete": "off",
            "data-address-suggestions": reverse_lazy("rallies:address_suggestions"),
            "data-lat-field": f"id_{lat_field}",
            "data-lon-field": f"id_{lon_field}",
        }
    )


def _hhmm(value: dt.time) -> str:
    return value.strftime("%H:%M")


class PlaceForm(forms.ModelForm[Any]):
    """A place given by its address, its coordinates, or both (the company, the meeting place).

    Coordinates come in pairs. Without them, the address is looked up on saving: a sure answer
    is taken, an uncertain or unknown address is refused with the closest answers. When the
    service does not answer, a company is saved anyway, « à localiser » (``may_stay_unlocated``);
    the meeting place, which the planner always needs, asks for its coordinates instead."""

    place_fields: tuple[str, str, str] = ("address", "lat", "lon")
    place_words = "l'adresse de l'entreprise, ou sa latitude et sa longitude"
    may_stay_unlocated = True

    located: Candidate | None = None
    """The place found for an address saved without coordinates."""
    not_located: str = ""
    """Why an address saved without coordinates stays « à localiser » (the service's failure)."""
    suggestions: tuple[Candidate, ...] = ()
    """The closest addresses when the one typed is unknown or uncertain."""

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        address_field, lat_field, lon_field = self.place_fields
        if lat_field in self.errors or lon_field in self.errors:
            return cleaned
        lat, lon = cleaned.get(lat_field), cleaned.get(lon_field)
        if (lat is None) != (lon is None):
            self.add_error(
                lon_field if lon is None else lat_field,
                "Indiquez la latitude et la longitude, ou aucune des deux (l'adresse suffit alors).",
            )
        elif lat is None:
            address = (cleaned.get(address_field) or "").strip()
            if not address and address_field not in self.errors:
                self.add_error(address_field, f"Indiquez {self.place_words}.")
            elif address:
                self._locate(address)
        return cleaned

    def _locate(self, address: str) -> None:
        address_field, lat_field, lon_field = self.place_fields
        try:
            found = search(address)
        except GeocoderError as error:
            self.not_located = error.reason
            if not self.may_stay_unlocated:
                self.add_error(
                    address_field,
                    f"Pas de coordonnées pour cette adresse : {error.reason}. Indiquez la latitude et la longitude.",
                )
            return
        if found and found[0].score >= LOW_SCORE:
            self.located = found[0]
            self.cleaned_data[lat_field], self.cleaned_data[lon_field] = found[0].lat, found[0].lon
            return
        self.suggestions = found
        if found:
            message = (
                "Adresse incertaine : choisissez l'une des adresses proposées ci-dessous, corrigez-la, "
                "ou indiquez la latitude et la longitude."
            )
        else:
            message = "Adresse introuvable : corrigez-la, ou indiquez la latitude et la longitude."
        self.add_error(address_field, message)


# --- The rally -------------------------------------------------------------------------------


class RallyForm(PlaceForm):
    place_fields = ("base_address", "base_lat", "base_lon")
    place_words = "l'adresse du lieu de rendez-vous, ou sa latitude et sa longitude"
    may_stay_unlocated = False

    base_lat = coordinate(
        "Latitude du lieu de rendez-vous",
        90,
        "45,8993",
        required=False,
        help_text="En degrés décimaux, ex. 45,8993. Vide : trouvée d'après l'adresse.",
    )
    base_lon = coordinate(
        "Longitude du lieu de rendez-vous",
        180,
        "6,1289",
        required=False,
        help_text="En degrés décimaux, ex. 6,1289. Vide : trouvée d'après l'adresse.",
    )
    visit_minutes = forms.IntegerField(
        label="Durée d'une visite (minutes)",
        min_value=10,
        max_value=480,
        initial=Rally._meta.get_field("visit_minutes").get_default(),
    )
    visits_min = forms.IntegerField(
        label="Visites par équipe, au moins",
        min_value=1,
        max_value=20,
        initial=charter.VISITS_PER_PARTICIPANT.min,
        help_text=f"La charte prévoit {charter.VISITS_PER_PARTICIPANT.fr()} entreprises par participant.",
    )
    visits_max = forms.IntegerField(
        label="Visites par équipe, au plus", min_value=1, max_value=20, initial=charter.VISITS_PER_PARTICIPANT.max
    )

    class Meta:
        model = Rally
        fields: tuple[str, ...] = (
            "name",
            "organiser",
            "base_name",
            "base_address",
            "base_lat",
            "base_lon",
            "visit_minutes",
            "visits_min",
            "visits_max",
            "rsa_target",
        )
        widgets = {"base_address": address_input("base_lat", "base_lon")}
        help_texts = {
            "base_address": "Tapez l'adresse puis choisissez-la parmi les suggestions : la latitude et la "
            "longitude se remplissent.",
            "organiser": "Laissez vide pour reprendre le nom de la structure.",
            "base_name": "Où les équipes partent et reviennent à chaque session de visites.",
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        low, high = cleaned.get("visits_min"), cleaned.get("visits_max")
        if low is not None and high is not None and high < low:
            self.add_error(
                "visits_max", f"Le nombre de visites au plus ({high}) est inférieur au nombre au moins ({low})."
            )
        return cleaned


class RallyCreateForm(RallyForm):
    class Meta(RallyForm.Meta):
        fields = ("structure", *RallyForm.Meta.fields)
        labels = {"structure": "Structure organisatrice"}

    def __init__(self, *args: Any, structures: QuerySet[Structure], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["structure"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = structures
        field.empty_label = None


# --- The programme ---------------------------------------------------------------------------


class SessionForm(forms.ModelForm[Session]):
    class Meta:
        model = Session
        fields = ("kind", "date", "start", "end", "lunch_start", "lunch_end")
        widgets = {
            "date": date_input(),
            "start": time_input(),
            "end": time_input(),
            "lunch_start": time_input(),
            "lunch_end": time_input(),
        }

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end <= start:
            self.add_error("end", f"La fin ({_hhmm(end)}) doit être après le début ({_hhmm(start)}).")
            start = end = None
        lunch_start, lunch_end = cleaned.get("lunch_start"), cleaned.get("lunch_end")
        if bool(lunch_start) != bool(lunch_end):
            missing = "lunch_end" if lunch_start else "lunch_start"
            self.add_error(missing, "Indiquez le début et la fin du déjeuner, ou aucun des deux.")
        elif lunch_start and lunch_end:
            if lunch_end <= lunch_start:
                self.add_error("lunch_end", "La fin du déjeuner doit être après son début.")
            elif start and end and not start <= lunch_start < lunch_end <= end:
                self.add_error(
                    "lunch_start",
                    f"Le déjeuner ({_hhmm(lunch_start)}-{_hhmm(lunch_end)}) doit être compris dans la session "
                    f"({_hhmm(start)}-{_hhmm(end)}).",
                )
        return cleaned


SessionFormSet = forms.inlineformset_factory(Rally, Session, form=SessionForm, extra=2, can_delete=True)

TYPICAL_PROGRAMME: tuple[dict[str, Any], ...] = (
    {"kind": "icebreaker", "start": dt.time(8, 30), "end": dt.time(9, 0)},
    {
        "kind": "visits",
        "start": dt.time(9, 0),
        "end": dt.time(17, 30),
        "lunch_start": dt.time(12, 15),
        "lunch_end": dt.time(13, 30),
    },
    {"kind": "visits", "start": dt.time(8, 30), "end": dt.time(12, 30)},
    {"kind": "feedback", "start": dt.time(9, 0), "end": dt.time(12, 0)},
    {"kind": "closing", "start": dt.time(14, 0), "end": dt.time(16, 0)},
)
"""The usual shape of a rally, offered when a rally is created: rows without a date are ignored."""

NewProgrammeFormSet = forms.inlineformset_factory(
    Rally, Session, form=SessionForm, extra=len(TYPICAL_PROGRAMME) + 1, can_delete=True
)
PROGRAMME_PREFIX = "sessions"


def programme_formset(
    rally: Rally | None, user: Any, data: Any = None
) -> forms.BaseInlineFormSet[Session, Rally, SessionForm]:
    """The programme's formset: the rally's sessions, or the typical programme for a new rally."""
    queryset = Session.objects.for_user(user)
    if rally is None:
        return NewProgrammeFormSet(
            data, instance=Rally(), queryset=queryset, prefix=PROGRAMME_PREFIX, initial=list(TYPICAL_PROGRAMME)
        )
    return SessionFormSet(data, instance=rally, queryset=queryset, prefix=PROGRAMME_PREFIX)


# --- Companies, participants, vehicles ---------------------------------------------------------


class CodeForm(forms.ModelForm[Any]):
    """An identifier unique in its rally, and not one the workbook reserves for example rows;
    phone numbers checked and written the usual way (``rallye.phones``)."""

    PHONE_FIELDS = ("contact_phone", "phone", "accompanier_phone")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in self.PHONE_FIELDS:
            field = self.fields.get(name)
            if field is not None and isinstance(field.widget, forms.TextInput):
                field.widget.input_type = "tel"
                field.widget.attrs["autocomplete"] = "off"
                field.help_text = field.help_text or "Ex. 06 12 34 56 78 (+41 … pour un numéro étranger)."

    def _phone(self, name: str) -> str:
        try:
            return phones.normalised(self.cleaned_data.get(name) or "")
        except phones.InvalidPhone as invalid:
            raise forms.ValidationError(f"{str(invalid)[0].upper()}{str(invalid)[1:]}.") from None

    def clean_contact_phone(self) -> str:
        return self._phone("contact_phone")

    def clean_phone(self) -> str:
        return self._phone("phone")

    def clean_accompanier_phone(self) -> str:
        return self._phone("accompanier_phone")

    def clean_code(self) -> str:
        code = str(self.cleaned_data["code"]).strip()
        if code.upper().startswith(EXAMPLE_PREFIX):
            raise forms.ValidationError(
                f"Les identifiants commençant par « {EXAMPLE_PREFIX} » sont réservés aux lignes d'exemple "
                "du modèle de tableur ; choisissez-en un autre."
            )
        model = type(self.instance)
        other = model.objects.filter(rally=self.instance.rally, code=code).exclude(pk=self.instance.pk).first()
        if other is not None:
            raise forms.ValidationError(f"L'identifiant « {code} » est déjà utilisé dans ce rallye ({other}).")
        return code


class CompanyForm(CodeForm, PlaceForm):
    siret = forms.CharField(label="SIRET", max_length=30, required=False, help_text="14 chiffres, facultatif.")
    lat = coordinate(
        "Latitude",
        90,
        "45,9021",
        required=False,
        help_text="En degrés décimaux, ex. 45,9021. Vide : trouvée d'après l'adresse.",
    )
    lon = coordinate(
        "Longitude",
        180,
        "6,0985",
        required=False,
        help_text="En degrés décimaux, ex. 6,0985. Vide : trouvée d'après l'adresse.",
    )
    capacity = forms.IntegerField(
        label="Personnes accueillies en même temps",
        min_value=1,
        max_value=200,
        help_text="Membres des équipes et accompagnateurs compris.",
    )
    visit_minutes = forms.IntegerField(
        label="Durée de visite (minutes)",
        min_value=10,
        max_value=480,
        required=False,
        help_text="Laissez vide pour la durée du rallye.",
    )
    max_visits = forms.IntegerField(
        label="Visites au plus", min_value=0, max_value=100, required=False, help_text="Laissez vide : sans limite."
    )

    class Meta:
        model = Company
        fields = (
            "code",
            "name",
            "siret",
            "sector",
            "address",
            "lat",
            "lon",
            "capacity",
            "hiring",
            "visit_minutes",
            "max_visits",
            "contact_name",
            "contact_phone",
            "contact_email",
        )
        widgets = {"sector": DatalistInput(SECTOR_SUGGESTIONS), "address": address_input("lat", "lon")}
        help_texts = {
            "address": "Tapez l'adresse puis choisissez-la parmi les suggestions : la latitude et la longitude "
            "se remplissent (vous pouvez aussi les saisir vous-même).",
            "code": "Court et unique dans le rallye, ex. C01.",
            "sector": "Choisissez une section de la NAF, ou écrivez votre propre libellé (ex. « BTP »).",
        }

    def clean_code(self) -> str:
        code = super().clean_code()
        if code.lower() == BASE:
            raise forms.ValidationError(
                f"« {BASE} » désigne le lieu de rendez-vous ; choisissez un autre identifiant (ex. C01)."
            )
        return code

    def clean_siret(self) -> str:
        siret = re.sub(r"[\s.]", "", self.cleaned_data.get("siret") or "")
        if siret and not (len(siret) == 14 and siret.isdigit()):
            digits = sum(ch.isdigit() for ch in siret)
            raise forms.ValidationError(
                f"Un SIRET compte 14 chiffres ; « {siret} » en a {digits}"
                + (" et d'autres caractères." if digits != len(siret) else ".")
            )
        return siret


class AvailabilityForm(forms.ModelForm[Availability]):
    class Meta:
        model = Availability
        fields = ("date", "start", "end")
        widgets = {"date": date_input(), "start": time_input(), "end": time_input()}

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end <= start:
            self.add_error("end", f"La fin ({_hhmm(end)}) doit être après le début ({_hhmm(start)}).")
        return cleaned


AvailabilityFormSet = forms.inlineformset_factory(
    Company, Availability, form=AvailabilityForm, extra=2, can_delete=True
)


ERASED_FIELDS = ("first_name", "last_name", "phone", "email", "address")
"""What erasure removes from a participant, and what nobody can type again afterwards."""


class ParticipantForm(CodeForm):
    birth_year = forms.IntegerField(label="Année de naissance", min_value=1900, max_value=2100)
    diploma_level = forms.TypedChoiceField(
        label="Niveau de diplôme",
        choices=[("", "Non renseigné"), *DIPLOMA_LEVELS],
        coerce=int,
        empty_value=None,
        required=False,
    )
    prescriber = forms.ChoiceField(label="Prescripteur", required=False)
    contact_channel = forms.ChoiceField(
        label="Préfère être contacté par", choices=[("email", "e-mail"), ("sms", "SMS")], required=False
    )

    def clean_contact_channel(self) -> str:
        """E-mail unless SMS is chosen (a file or a script may leave it out)."""
        return str(self.cleaned_data.get("contact_channel") or "email")

    class Meta:
        model = Participant
        fields = (
            "code",
            "first_name",
            "last_name",
            "gender",
            "birth_year",
            "diploma_level",
            "background_sector",
            "status_category",
            "prescriber",
            "rsa_beneficiary",
            "phone",
            "email",
            "address",
            "consent",
            "liability_attested",
            "contact_agreed",
            "contact_channel",
            "present",
        )
        widgets = {
            "background_sector": DatalistInput(SECTOR_SUGGESTIONS),
        }
        help_texts = {
            "code": "Court et unique dans le rallye, ex. P01.",
            "status_category": "La situation principale de la personne ; le RSA se coche aussi plus bas.",
            "consent": "La personne a accepté que ses données servent à préparer le rallye.",
            "present": "Décochez pour une personne qui ne viendra pas : elle ne sera placée dans aucune équipe.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, str]] = [("", "Non renseigné"), *PrescriberKind.choices]
        current = self.instance.prescriber
        if current and current not in PrescriberKind.values:
            choices.append((current, current))  # a value imported from a file stays selectable
        field = self.fields["prescriber"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices
        category = self.fields["status_category"]
        assert isinstance(category, forms.ChoiceField)
        category.choices = [("", "Non renseigné"), *STATUS_CHOICES]
        if self.instance.status_to_confirm:
            category.help_text = (
                f"Statut écrit « {self.instance.status} » : choisissez la catégorie qui lui correspond "
                "(il sera remplacé par elle)."
            )
        if self.instance.anonymised_at is not None:
            for name in ERASED_FIELDS:  # disabled: the submitted values are ignored
                self.fields[name].disabled = True
                self.fields[
                    name
                ].help_text = "Effacé à la demande de la personne ou au terme de la durée de conservation."

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("status_category"):
            self.instance.status = ""  # the category replaces the words written before it
        if cleaned.get("status_category") == StatusCategory.RSA:
            cleaned["rsa_beneficiary"] = True
        return cleaned

    def clean_birth_year(self) -> int:
        year: int = self.cleaned_data["birth_year"]
        first = self.instance.rally.sessions.order_by("date").first()
        rally_year = first.date.year if first else dt.date.today().year
        age = rally_year - year
        if not AGES[0] <= age <= AGES[1]:
            raise forms.ValidationError(
                f"{year} donnerait {age} ans en {rally_year} ; un participant a de {AGES[0]} à {AGES[1]} ans."
            )
        return year


class VehicleForm(CodeForm):
    seats = forms.IntegerField(
        label="Places, conducteur compris",
        min_value=2,
        max_value=9,
        help_text="L'accompagnateur conduit : l'équipe compte au plus une personne de moins.",
    )

    class Meta:
        model = Vehicle
        fields = ("code", "seats", "label", "accompanier_name", "accompanier_phone", "accompanier_email")
        help_texts = {"code": "Court et unique dans le rallye, ex. V1.", "label": "Ex. « Minibus blanc »."}

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        phone = cleaned.get("accompanier_phone") or "accompanier_phone" in self.errors
        email = cleaned.get("accompanier_email") or "accompanier_email" in self.errors
        if (phone or email) and not cleaned.get("accompanier_name"):
            what = (
                "son téléphone" if phone and not email else "son e-mail" if email and not phone else "ses coordonnées"
            )
            self.add_error("accompanier_name", f"Indiquez le nom de l'accompagnateur, ou effacez {what}.")
        return cleaned


# --- Files -------------------------------------------------------------------------------------


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Classeur (.xlsx) ou fichier rally.json",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The limit is read when the form is made, so that the page says the one in force.
        self.fields["file"].help_text = limits.file_limit_help(". Rien n'est enregistré avant votre confirmation.")

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if Path(upload.name or "").suffix.lower() not in UPLOAD_SUFFIXES:
            raise forms.ValidationError(
                "Ce fichier n'est ni un classeur .xlsx ni un fichier .json ; "
                "partez du modèle de tableur ou d'un export de rallye."
            )
        size = upload.size or 0
        if size > limits.MAX_FILE_BYTES:
            megabytes = french.number(size / 1024 / 1024)
            raise forms.ValidationError(
                f"Ce fichier pèse {megabytes} Mo ; la limite est de {limits.megabytes(limits.MAX_FILE_BYTES)}."
            )
        return upload


class NewRallyUploadForm(UploadForm):
    structure = forms.ModelChoiceField(
        label="Structure organisatrice", queryset=Structure.objects.none(), empty_label=None
    )
    field_order = ("structure", "file")

    def __init__(self, *args: Any, structures: QuerySet[Structure], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["structure"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = structures
