"""One person's data, for the staff of their structure: the export that answers an access
request, and erasure on request (both logged). Editors only: read-only users get 403, other
structures and evaluators 404 (``RallyMixin``)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string

from rallye.documents.rendering import html_to_pdf
from rallye.evaluation.personal_data import erase, export_person
from rallye.rallies.models import Participant
from rallye.www.rallies.access import RallyMixin
from rallye.www.rallies.exports import attachment

ERASED = (
    "le prénom (remplacé par « Anonyme ») et le nom (remplacé par l'identifiant de la personne)",
    "le téléphone et l'adresse e-mail",
    "les réponses libres de ses questionnaires",
    "le commentaire de son suivi à 6 mois",
)
KEPT = (
    "le genre, l'année de naissance, le niveau de diplôme, le secteur d'origine, le statut, le RSA et le prescripteur",
    "sa présence au rallye et son équipe",
    "ses réponses aux questions à cocher des questionnaires",
    "sa situation à 6 mois",
)


class PersonMixin(RallyMixin):
    edit_only = True
    tab = "participants"

    def person(self) -> Participant:
        scoped = Participant.objects.for_user(self.request.user).filter(rally=self.rally)
        person: Participant = get_object_or_404(scoped, pk=self.kwargs["participant"])
        return person


class PersonExportView(PersonMixin):
    """A button, not a link (POST): an export of personal data is always a deliberate act, never
    the side effect of opening an address. PDF to hand to the person who asked; JSON for a
    machine (portability)."""

    def post(self, request: HttpRequest, pk: int, participant: int, fmt: str) -> HttpResponse:
        if fmt not in ("pdf", "json"):
            raise Http404("Format inconnu.")
        person = self.person()
        data = export_person(person, request.user)
        file_name = f"donnees-rallye-{self.rally.pk}-{person.code}.{fmt}"
        if fmt == "json":
            text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
            return attachment(text, "application/json; charset=utf-8", file_name)
        html = render_to_string("www/personal_data/person_data.html", {"sections": sections(data)})
        return attachment(html_to_pdf(html), "application/pdf", file_name)


def sections(data: Mapping[str, Any]) -> list[tuple[str, list[tuple[str, str]]]]:
    """``person_data`` as titled lists of (label, value) lines, for the printable version."""
    found: list[tuple[str, list[tuple[str, str]]]] = []
    general = [(key, str(value)) for key, value in data.items() if not isinstance(value, dict | list | None)]
    found.append(("Export", general))
    for key, value in data.items():
        if isinstance(value, dict):
            found.append((key.capitalize(), _lines(value)))
    for questionnaire in data.get("questionnaires", []):
        lines = [("rempli le", questionnaire.get("rempli le") or "pas rempli")]
        found.append((questionnaire["questionnaire"], lines + _lines(questionnaire.get("réponses", {}))))
    if data.get("suivi à 6 mois") is None:
        found.append(("Suivi à 6 mois", [("situation", "pas encore renseignée")]))
    sent = data.get("messages reçus", [])
    found.append(
        (
            "Messages reçus",
            [(f"{m['le']}, par {m['par']}", f"{m['objet']} ({m['état']})") for m in sent] or [("messages", "aucun")],
        )
    )
    return found


def _lines(values: Mapping[str, Any]) -> list[tuple[str, str]]:
    return [(key, "" if value is None else str(value)) for key, value in values.items()]


class PersonEraseView(PersonMixin):
    def get(self, request: HttpRequest, pk: int, participant: int) -> HttpResponse:
        context = self.rally_context(person=self.person(), erased=ERASED, kept=KEPT)
        return render(request, "www/personal_data/person_erase.html", context)

    def post(self, request: HttpRequest, pk: int, participant: int) -> HttpResponseRedirect:
        person = self.person()
        erase(person, request.user)
        messages.success(
            request,
            f"Les données personnelles du participant {person.code} sont effacées. "
            "Les statistiques du rallye ne changent pas.",
        )
        return redirect("rallies:participants", pk=self.rally.pk)
