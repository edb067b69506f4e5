"""A rally's companies, with their availability windows."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.db import transaction
from django.db.models import Count, F, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render

from rallye.companies.advice import page_advice, request_advice
from rallye.domain import french
from rallye.formats.problems import InvalidInput
from rallye.geocoding import LOW_SCORE, Candidate, GeocoderError
from rallye.history.models import Action
from rallye.history.services import EMPTY, Change, lines_changed, record
from rallye.rallies.conversion import domain_rally
from rallye.rallies.models import Availability, Company
from rallye.www.rallies.addresses import search
from rallye.www.rallies.editing import delete_company, rename_company, window_lines
from rallye.www.rallies.forms import AvailabilityFormSet, CompanyForm
from rallye.www.rallies.items import ItemDeleteView, ItemFormView, ItemListView, ItemMixin
from rallye.www.tiles import MapPage


class CompanyMixin(ItemMixin[Company]):
    model = Company
    tab = "companies"
    list_url = "rallies:companies"
    edit_url = "rallies:company_edit"


class CompanyListView(CompanyMixin, ItemListView[Company]):
    template_name = "www/rallies/companies.html"

    def items(self) -> QuerySet[Company]:
        # An aggregate drops the model's ordering (GROUP BY): the order is said again.
        return super().items().annotate(windows=Count("availabilities")).order_by("code")

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        items = self.items()
        to_locate = sum(1 for company in items if company.lat is None)
        advice = page_advice(self.rally)
        context = self.rally_context(
            items=items, to_locate=to_locate, advice=advice, travel_times=self.rally.travel_times.count()
        )
        return render(request, self.template_name, context)


class AdviceView(CompanyMixin):
    """« Voir ce qu'une réponse de plus apporterait »: the what-if solves queued for the worker."""

    edit_only = True

    def post(self, request: HttpRequest, pk: int) -> HttpResponseRedirect:
        try:
            domain_rally(self.rally)
        except InvalidInput:
            messages.error(
                request,
                "Les données du rallye sont à corriger avant (voir l'onglet Aperçu) : les calculs ne sont pas lancés.",
            )
            return self.back()
        request_advice(self.rally)
        messages.info(
            request,
            "Les calculs sont lancés ; ils prennent jusqu'à une minute. Rechargez la page pour voir leurs résultats.",
        )
        return self.back()


class LocateCompaniesView(CompanyMixin):
    """« Localiser les adresses »: the companies left « à localiser » are looked up again (one
    request per distinct address); sure answers are saved, the others are named to be opened."""

    edit_only = True

    def post(self, request: HttpRequest, pk: int) -> HttpResponseRedirect:
        pending = list(self.items().filter(lat__isnull=True).exclude(address=""))
        answers: dict[str, tuple[Candidate, ...]] = {}
        placed: list[str] = []
        doubtful: list[str] = []
        failure = ""
        for company in pending:
            key = " ".join(company.address.split()).casefold()
            if key not in answers:
                try:
                    answers[key] = search(company.address)
                except GeocoderError as error:
                    failure = error.reason
                    break
            found = answers[key]
            if found and found[0].score >= LOW_SCORE:
                self.place(company, found[0])
                placed.append(str(company))
            else:
                doubtful.append(str(company))
        if placed:
            messages.success(request, f"Localisées d'après leur adresse : {', '.join(placed)}.")
        if doubtful:
            messages.warning(
                request,
                f"Adresse incertaine ou introuvable : {', '.join(doubtful)}. Ouvrez chacune pour choisir parmi "
                "les adresses proposées, ou indiquer la latitude et la longitude.",
            )
        if failure:
            left = len(pending) - len(placed) - len(doubtful)
            messages.warning(
                request,
                f"Pas de localisation pour l'instant : {failure}. "
                f"{french.count(left, 'entreprise reste', 'entreprises restent')} à localiser ; réessayez plus tard.",
            )
        return self.back()

    def place(self, company: Company, found: Candidate) -> None:
        with transaction.atomic():
            Company.objects.filter(pk=company.pk).update(lat=found.lat, lon=found.lon, revision=F("revision") + 1)
            changes: list[Change] = [
                {"field": "lat", "label": "latitude", "before": EMPTY, "after": french.number(found.lat, 6)},
                {"field": "lon", "label": "longitude", "before": EMPTY, "after": french.number(found.lon, 6)},
            ]
            record(self.rally, self.request.user, Action.CHANGED, company, summary=found.label, changes=changes)


class CompanyFormView(MapPage, CompanyMixin, ItemFormView[Company]):
    form_class = CompanyForm
    template_name = "www/rallies/company_form.html"
    add_title = "Ajouter une entreprise"
    saved_message = "L'entreprise « {item} » est enregistrée."

    def extra_forms(self, item: Company, data: Any = None) -> dict[str, forms.BaseFormSet[Any]]:
        windows = Availability.objects.for_user(self.request.user)
        return {"availability": AvailabilityFormSet(data, instance=item, queryset=windows, prefix="availability")}

    def save(self, form: forms.ModelForm[Any], extra: dict[str, forms.BaseFormSet[Any]]) -> list[Change]:
        old_code = Company.objects.get(pk=form.instance.pk).code if form.instance.pk else None
        company = form.save()
        assert isinstance(form, CompanyForm)
        if form.located is not None:
            messages.info(self.request, f"Adresse localisée : « {form.located.label} ».")
        elif form.not_located:
            messages.warning(
                self.request,
                f"L'adresse de « {company} » est à localiser : {form.not_located}. L'entreprise est enregistrée ; "
                "rouvrez-la plus tard pour choisir son adresse parmi les suggestions, ou indiquez sa latitude et sa "
                "longitude. Le planning ne peut pas être calculé avant.",
            )
        if old_code is not None:
            rename_company(company, old_code)
        availability = extra["availability"]
        assert isinstance(availability, forms.BaseInlineFormSet)
        availability.instance = company
        before = window_lines(company) if old_code is not None else []
        availability.save()
        return lines_changed("Disponibilités", before, window_lines(company))


class CompanyDeleteView(CompanyMixin, ItemDeleteView[Company]):
    deleted_message = "L'entreprise « {item} » est supprimée."
    warning = "Ses disponibilités et les temps de trajet mesurés vers elle sont supprimés aussi."

    def delete(self, item: Company) -> None:
        delete_company(item)
