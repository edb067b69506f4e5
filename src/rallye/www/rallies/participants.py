"""A rally's participants (the job seekers)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from rallye.rallies.models import Participant
from rallye.www.rallies.forms import ParticipantForm
from rallye.www.rallies.items import ItemDeleteView, ItemFormView, ItemListView, ItemMixin


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
