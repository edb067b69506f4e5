"""« Ne plus recevoir de messages »: the link at the end of every message to a participant. It
opens without an account, asks for a confirmation, and then nothing more is sent to the person
(staff see it on the person's record). The page names nobody: the link may have been forwarded."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import View
from django.views.decorators.cache import never_cache

from rallye.links.models import PrivateLink, Purpose
from rallye.links.services import Refusal, open_link
from rallye.messaging.reach import stop_messages
from rallye.rallies.models import Participant
from rallye.www.links.pages import refusal_page
from rallye.www.middleware import link_scoped


class StopView(View):
    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        person = self.person(request, token)
        if isinstance(person, Refusal):
            return refusal_page(request, person)
        return self.page(person, done=person.contact_stopped_at is not None)

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        person = self.person(request, token)
        if isinstance(person, Refusal):
            return refusal_page(request, person)
        stop_messages(person)
        return self.page(person, done=True)

    def person(self, request: HttpRequest, token: str) -> Participant | Refusal:
        opened = open_link(token, request, Purpose.STOP_MESSAGES)
        if isinstance(opened, Refusal):
            return opened
        found: Participant = Participant.objects.select_related("rally__structure").get(pk=opened.participant_id)
        return found

    def page(self, person: Participant, *, done: bool) -> HttpResponse:
        context = {"title": "Ne plus recevoir de messages", "structure": person.rally.structure.name, "done": done}
        return render(self.request, "www/messaging/stop.html", context)


stop = login_not_required(never_cache(link_scoped(PrivateLink)(StopView.as_view())))
