"""One person's data, for the staff of their structure: the export that answers an access
request, and erasure on request (both logged). Editors only: read-only users get 403, other
structures and evaluators 404 (``RallyMixin``)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render

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
    the side effect of opening an address."""

    def post(self, request: HttpRequest, pk: int, participant: int) -> HttpResponse:
        person = self.person()
        file_name = f"donnees-rallye-{self.rally.pk}-{person.code}.json"
        return attachment(export_person(person, request.user), "application/json; charset=utf-8", file_name)


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
