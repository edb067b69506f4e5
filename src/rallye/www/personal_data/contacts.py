"""A company directory contact's data, for the staff of its structure: the export that answers an
access request, and erasure on request (both logged; ``rallye.evaluation.directory_data``).
Editors only: read-only users get 403, other structures and evaluators 404."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View

from rallye.companies.models import CompanyContact
from rallye.evaluation.directory_data import erase_contact, export_contact
from rallye.organisations.perms import can_edit
from rallye.www.rallies.exports import attachment

ERASED = (
    "le contact : nom, fonction, téléphone et adresse e-mail",
    "ses coordonnées recopiées dans les rallyes de l'entreprise",
    "son nom et les notes des échanges notés avec lui dans la mobilisation",
    "son nom dans les réponses de disponibilités et dans les modifications de l'annuaire",
    "les messages qui lui ont été envoyés",
)
KEPT = (
    "l'entreprise, son secteur, son adresse et ses informations pratiques",
    "ses rallyes et l'état de sa mobilisation (date et moyen des échanges)",
)


class ContactMixin(View):
    contact: CompanyContact

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        contacts = CompanyContact.objects.for_user(request.user).select_related("company__structure")
        self.contact = get_object_or_404(contacts, pk=kwargs["contact"], company_id=kwargs["entry"])
        if not can_edit(request.user, self.contact.company.structure):
            raise PermissionDenied("Votre rôle dans cette structure ne permet que la consultation.")
        return super().dispatch(request, *args, **kwargs)


class ContactExportView(ContactMixin):
    """A button, not a link (POST): an export is a deliberate act. JSON (portability)."""

    def post(self, request: HttpRequest, entry: int, contact: int) -> HttpResponse:
        data = export_contact(self.contact, request.user)
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        return attachment(text, "application/json; charset=utf-8", f"donnees-annuaire-{entry}-contact-{contact}.json")


class ContactEraseView(ContactMixin):
    def get(self, request: HttpRequest, entry: int, contact: int) -> HttpResponse:
        context = {"contact": self.contact, "entry": self.contact.company, "erased": ERASED, "kept": KEPT}
        return render(request, "www/personal_data/contact_erase.html", context)

    def post(self, request: HttpRequest, entry: int, contact: int) -> HttpResponseRedirect:
        erase_contact(self.contact, request.user)
        messages.success(request, "Les données de ce contact sont effacées de l'annuaire et des rallyes.")
        return redirect("companies:detail", entry=entry)
