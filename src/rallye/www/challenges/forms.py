from __future__ import annotations

from typing import Any, ClassVar

from django import forms

from rallye.challenges.models import NetworkChallenge, OwnChallenge, Prize, VisitChallenge
from rallye.domain.challenges import MAX_POINTS, SECTOR_LABELS

SECTOR_CHOICES = list(SECTOR_LABELS.items())
FIELDS = ("title", "kind", "instructions", "check_text", "sectors", "minutes", "materials", "max_points")


class ChallengeForm(forms.ModelForm[Any]):
    sectors = forms.MultipleChoiceField(
        label="Secteurs pour lesquels il convient",
        choices=SECTOR_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Aucun coché : il convient à toutes les entreprises.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["instructions"].widget.attrs["rows"] = 3
        self.fields["check_text"].widget.attrs["rows"] = 3
        self.fields["max_points"].help_text = f"De 0 (défi sans points) à {MAX_POINTS}."
        self.fields["title"].error_messages["required"] = "Donnez un titre au défi."
        self.fields["instructions"].error_messages["required"] = "Dites ce que fait l'équipe."
        self.fields["check_text"].error_messages["required"] = "Dites ce que vérifie l'hôte ou l'accompagnateur."

    def clean_sectors(self) -> list[str]:
        return sorted(self.cleaned_data.get("sectors") or [])


class NetworkChallengeForm(ChallengeForm):
    class Meta:
        model = NetworkChallenge
        fields = FIELDS


class OwnChallengeForm(ChallengeForm):
    class Meta:
        model = OwnChallenge
        fields = FIELDS


class VisitChallengeForm(ChallengeForm):
    class Meta:
        model = VisitChallenge
        fields = FIELDS


class RatingForm(forms.Form):
    stars = forms.TypedChoiceField(label="Votre note", coerce=int, choices=[(n, f"{n} sur 5") for n in range(5, 0, -1)])
    comment = forms.CharField(label="Un mot pour les autres structures (facultatif)", max_length=300, required=False)


class ResultForm(forms.Form):
    team = forms.CharField(widget=forms.HiddenInput)
    company = forms.CharField(widget=forms.HiddenInput)
    score = forms.IntegerField(
        label="Points", min_value=0, max_value=MAX_POINTS, error_messages={"invalid": "Saisissez un nombre entier."}
    )
    result_text = forms.CharField(label="Ce que l'équipe a trouvé", max_length=1000, required=False)


class BonusForm(forms.Form):
    team = forms.ChoiceField(label="Équipe")
    points = forms.IntegerField(label="Points en plus", min_value=1, max_value=MAX_POINTS)
    reason = forms.CharField(label="Pour quelle raison", max_length=200)

    def __init__(self, teams: list[tuple[str, str]], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = teams  # type: ignore[attr-defined]


class PrizeForm(forms.ModelForm[Prize]):
    team_code = forms.ChoiceField(label="Remis à l'équipe", required=False)

    class Meta:
        model = Prize
        fields: ClassVar[list[str]] = ["name", "donor", "team_code"]

    def __init__(self, teams: list[tuple[str, str]], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team_code"].choices = [("", "pas encore attribué"), *teams]  # type: ignore[attr-defined]
        self.fields["name"].widget.attrs["placeholder"] = "un panier garni, des places de cinéma…"
