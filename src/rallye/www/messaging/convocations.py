"""« Envoyer les convocations »: who receives their convocation and how, their state (envoyé,
en attente, échec with its reason), one click to send, the failed ones sent again."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from rallye.domain import french
from rallye.messaging.convocations import NotPlanned, convocation_recipients, send_convocations
from rallye.messaging.models import State
from rallye.www.messaging.states import message_state
from rallye.www.rallies.access import RallyMixin


class ConvocationsView(RallyMixin):
    tab = "documents"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        try:
            everyone = convocation_recipients(self.rally)
        except NotPlanned:
            everyone = None
        rows = [
            {
                "recipient": r,
                "state": message_state(r.message, "envoyée"),
                "failed": r.message and r.message.state == State.FAILED,
            }
            for r in everyone or []
        ]
        context = self.rally_context(rows=rows, planned=everyone is not None)
        return render(request, "www/messaging/convocations.html", context)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        try:
            done = send_convocations(self.rally, request.user, request)
        except NotPlanned:
            messages.error(
                request, "Le rallye n'a pas encore de planning : les convocations donnent l'équipe de chacun."
            )
            return redirect("messaging:convocations", pk=self.rally.pk)
        if done.queued:
            messages.success(
                request,
                f"{french.count(done.queued, 'convocation part', 'convocations partent')} ; "
                "leur état s'affiche ci-dessous.",
            )
        else:
            messages.info(request, "Aucune nouvelle convocation à envoyer.")
        if done.already:
            messages.info(
                request, f"{french.count(done.already, 'personne avait', 'personnes avaient')} déjà la sienne."
            )
        if done.not_reached:
            messages.warning(
                request,
                f"{french.count(len(done.not_reached), 'personne ne reçoit', 'personnes ne reçoivent')} pas de "
                "message : remettez-leur la convocation imprimée (raisons ci-dessous).",
            )
        return redirect("messaging:convocations", pk=self.rally.pk)
