"""A rally's measured travel times: the table that replaces the straight-line estimate between
two places, edited pair by pair, or filled at once from the routing service
(``RALLYE_ROUTING_URL``, ``rallye.routing``) when one is set."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render

from rallye.domain import french
from rallye.domain.rally import BASE, Place, TravelSettings
from rallye.domain.travel import estimated_minutes
from rallye.history.models import Action, ObjectKind
from rallye.history.services import record
from rallye.rallies.changes import data_changed
from rallye.rallies.models import Company, Rally, TravelTime
from rallye.routing import RoutingError, router_from_url
from rallye.www.rallies.items import ItemDeleteView, ItemFormView, ItemMixin

MAX_MINUTES = 600


def place_choices(rally: Rally) -> list[tuple[str, str]]:
    companies = Company.objects.filter(rally=rally).order_by("code")
    return [(BASE, f"Lieu de rendez-vous ({rally.base_name})"), *((c.code, f"{c.code} — {c.name}") for c in companies)]


class TravelTimeForm(forms.ModelForm[TravelTime]):
    origin = forms.ChoiceField(label="Départ")
    destination = forms.ChoiceField(label="Arrivée")
    minutes = forms.IntegerField(
        label="Minutes de trajet",
        min_value=1,
        max_value=MAX_MINUTES,
        help_text="Le temps mesuré en voiture, dans ce sens ; il remplace l'estimation à vol d'oiseau.",
    )

    class Meta:
        model = TravelTime
        fields = ("origin", "destination", "minutes")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = place_choices(self.instance.rally)
        self.fields["origin"].choices = choices  # type: ignore[attr-defined]
        self.fields["destination"].choices = choices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        origin, destination = cleaned.get("origin"), cleaned.get("destination")
        if origin and origin == destination:
            self.add_error("destination", "Choisissez une arrivée différente du départ.")
        elif origin and destination:
            same = TravelTime.objects.filter(rally=self.instance.rally, origin=origin, destination=destination)
            if same.exclude(pk=self.instance.pk).exists():
                self.add_error(
                    "destination",
                    "Ce trajet a déjà un temps mesuré : modifiez-le dans la liste plutôt que d'en ajouter un.",
                )
        return cleaned


class TravelTimeMixin(ItemMixin[TravelTime]):
    model = TravelTime
    tab = "companies"
    list_url = "rallies:travel_times"
    edit_url = "rallies:travel_time_edit"


@dataclass(frozen=True)
class Row:
    item: TravelTime
    origin: str
    destination: str
    estimate: int | None


def _places(rally: Rally) -> dict[str, tuple[str, Place | None]]:
    """Code → (name, place when located)."""
    base = Place(rally.base_name, rally.base_lat, rally.base_lon)
    places: dict[str, tuple[str, Place | None]] = {BASE: (f"Lieu de rendez-vous ({rally.base_name})", base)}
    for company in Company.objects.filter(rally=rally):
        place = (
            Place(company.name, company.lat, company.lon)
            if company.lat is not None and company.lon is not None
            else None
        )
        places[company.code] = (company.name, place)
    return places


def _settings(rally: Rally) -> TravelSettings:
    return TravelSettings(float(rally.speed_kmh), float(rally.detour), rally.min_travel_minutes)


class TravelTimeListView(TravelTimeMixin):
    template_name = "www/rallies/travel_times.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        places = _places(self.rally)
        travel = _settings(self.rally)
        rows = []
        for item in self.items():
            origin, a = places.get(item.origin, (item.origin, None))
            destination, b = places.get(item.destination, (item.destination, None))
            estimate = estimated_minutes(a, b, travel) if a is not None and b is not None else None
            rows.append(Row(item, origin, destination, estimate))
        context = self.rally_context(rows=rows, routing=bool(settings.RALLYE_ROUTING_URL), travel=travel)
        return render(request, self.template_name, context)


class TravelTimeFormView(TravelTimeMixin, ItemFormView[TravelTime]):
    form_class = TravelTimeForm
    add_title = "Ajouter un temps de trajet mesuré"
    saved_message = "Le temps de trajet « {item} » est enregistré."


class TravelTimeDeleteView(TravelTimeMixin, ItemDeleteView[TravelTime]):
    deleted_message = "Le temps de trajet « {item} » est supprimé : le planning reprend l'estimation à vol d'oiseau."


class FillTravelTimesView(TravelTimeMixin):
    """« Remplir avec le service d'itinéraires »: the driving times between every two located
    places, asked in one request; each pair's measured time is replaced."""

    edit_only = True

    def post(self, request: HttpRequest, pk: int) -> HttpResponseRedirect:
        router = router_from_url(settings.RALLYE_ROUTING_URL)
        if router is None:
            messages.error(request, "Aucun service d'itinéraires n'est configuré : rien n'a changé.")
            return self.back()
        located = [(code, place) for code, (_, place) in _places(self.rally).items() if place is not None]
        try:
            table = router.minutes([(place.lat, place.lon) for _, place in located])
        except RoutingError as error:
            messages.error(request, f"Rien n'a changé : {error.reason}. Réessayez plus tard.")
            return self.back()
        found = {
            (a, b): max(minutes, 1)
            for (i, (a, _)), (j, (b, _)) in itertools.product(enumerate(located), repeat=2)
            if i != j and (minutes := table[i][j]) is not None
        }
        with transaction.atomic():
            existing = TravelTime.objects.filter(rally=self.rally).values_list("pk", "origin", "destination")
            TravelTime.objects.filter(pk__in=[pk for pk, a, b in existing if (a, b) in found]).delete()
            TravelTime.objects.bulk_create(
                TravelTime(rally=self.rally, origin=a, destination=b, minutes=m) for (a, b), m in sorted(found.items())
            )
            filled = french.count(len(found), "temps de trajet rempli", "temps de trajet remplis")
            summary = f"{filled} par le service d'itinéraires"
            record(
                self.rally,
                request.user,
                Action.CHANGED,
                kind=ObjectKind.TRAVEL_TIME,
                label="Temps de trajet",
                summary=summary,
            )
            data_changed([self.rally.pk])
        missing = len(located) * (len(located) - 1) - len(found)
        messages.success(request, f"{summary[0].upper()}{summary[1:]}.")
        if missing:
            messages.warning(
                request,
                f"Le service ne connaît pas de route pour {french.count(missing, 'trajet')} : "
                "l'estimation à vol d'oiseau reste en vigueur pour eux.",
            )
        unlocated = [name for name, place in _places(self.rally).values() if place is None]
        if unlocated:
            messages.warning(request, f"Sans coordonnées, donc sans temps de trajet : {', '.join(unlocated)}.")
        return self.back()
