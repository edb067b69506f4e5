"""A rally's participants (the job seekers)."""

from __future__ import annotations

import secrets
from pathlib import Path

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.text import slugify

from rallye.history.models import Action
from rallye.history.services import record
from rallye.rallies.models import Participant
from rallye.www.rallies.exports import attachment
from rallye.www.rallies.forms import ParticipantForm
from rallye.www.rallies.items import ItemDeleteView, ItemFormView, ItemListView, ItemMixin
from rallye.www.rallies.readiness import AttestationRefused, attestation_kind, readiness


class ParticipantMixin(ItemMixin[Participant]):
    model = Participant
    tab = "participants"
    list_url = "rallies:participants"
    edit_url = "rallies:participant_edit"


class ParticipantListView(ParticipantMixin, ItemListView[Participant]):
    template_name = "www/rallies/participants.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        items = list(self.items())
        to_confirm = [person for person in items if person.status_to_confirm]
        return render(request, self.template_name, self.rally_context(items=items, to_confirm=to_confirm))


class ParticipantFormView(ParticipantMixin, ItemFormView[Participant]):
    form_class = ParticipantForm
    add_title = "Ajouter un participant"
    saved_message = "Le participant « {item} » est enregistré."


class ParticipantDeleteView(ParticipantMixin, ItemDeleteView[Participant]):
    deleted_message = "Le participant « {item} » est supprimé."
    warning = "Pour une personne qui ne viendra pas, décocher « présent » suffit et garde sa fiche."


class ReadinessView(ParticipantMixin):
    """What must be ready for each present participant before the day."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        rows = readiness(self.rally)
        context = self.rally_context(rows=rows, ready=sum(1 for row in rows if row.ready), form=AttestationForm())
        return render(request, "www/rallies/readiness.html", context)


class AttestationForm(forms.Form):
    document = forms.FileField(
        label="Attestation de responsabilité civile (PDF, JPEG ou PNG, 5 Mo au plus)",
        error_messages={"required": "Choisissez le fichier de l'attestation (scan ou photo)."},
    )


class AttestationView(ParticipantMixin):
    """Keep a participant's civil liability attestation (POST), or give it back (GET)."""

    def get(self, request: HttpRequest, pk: int, item: int) -> HttpResponseBase:
        person = self.get_item()
        if not person.liability_document:
            context = self.rally_context(person=person)
            return render(request, "www/rallies/no_attestation.html", context)
        suffix = Path(person.liability_document.name).suffix.lower()
        content_type = {".pdf": "application/pdf", ".jpg": "image/jpeg", ".png": "image/png"}.get(suffix, "")
        with person.liability_document.open("rb") as stored:
            content = stored.read()
        return attachment(content, content_type, f"attestation-rc-{slugify(person.code)}{suffix}")

    def post(self, request: HttpRequest, pk: int, item: int) -> HttpResponseBase:
        person = self.get_item()
        form = AttestationForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, f"{person} : {' '.join(str(e) for e in form.errors['document'])}")
            return redirect("rallies:readiness", pk=pk)
        upload = form.cleaned_data["document"]
        try:
            suffix, _ = attestation_kind(upload, upload.size or 0)
        except AttestationRefused as refused:
            messages.error(request, f"Attestation de {person} non enregistrée : {refused}")
            return redirect("rallies:readiness", pk=pk)
        with transaction.atomic():
            old = person.liability_document.name if person.liability_document else ""
            person.liability_document.save(
                f"{self.rally.pk}/attestation-{person.pk}-{secrets.token_hex(6)}.{suffix}", upload, save=False
            )
            person.liability_attested = True
            person.revision += 1
            person.save(update_fields=["liability_document", "liability_attested", "revision"])
            record(
                self.rally,
                request.user,
                Action.CHANGED,
                person,
                changes=[
                    {
                        "field": "liability_document",
                        "label": "Attestation de responsabilité civile",
                        "before": "fichier déposé" if old else "aucun fichier",
                        "after": f"fichier déposé ({upload.name})",
                    }
                ],
            )
        if old:
            person.liability_document.storage.delete(old)
        messages.success(request, f"L'attestation de {person} est enregistrée.")
        return redirect("rallies:readiness", pk=pk)
