"""A rally's companies, with their availability windows."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import Count, QuerySet

from rallye.history.services import Change, lines_changed
from rallye.rallies.models import Availability, Company
from rallye.www.rallies.editing import delete_company, rename_company, window_lines
from rallye.www.rallies.forms import AvailabilityFormSet, CompanyForm
from rallye.www.rallies.items import ItemDeleteView, ItemFormView, ItemListView, ItemMixin


class CompanyMixin(ItemMixin[Company]):
    model = Company
    tab = "companies"
    list_url = "rallies:companies"


class CompanyListView(CompanyMixin, ItemListView[Company]):
    template_name = "www/rallies/companies.html"

    def items(self) -> QuerySet[Company]:
        return super().items().annotate(windows=Count("availabilities"))


class CompanyFormView(CompanyMixin, ItemFormView[Company]):
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
