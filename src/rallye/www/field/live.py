"""The organiser's pages of the day (``rallyes/<pk>/terrain/``): every team live (the page polls
``direct/``), the teams' links (sent in one click, their states, replaced when a phone is lost),
the organiser's phone shown on the teams' pages, and one team's roadbook to print alone after a
re-plan. Every view reaches the rally through ``RallyMixin``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from rallye import phones
from rallye.domain import french
from rallye.field.live import live_states
from rallye.field.made import made_compliance
from rallye.field.models import DaySettings
from rallye.field.sending import send_team_links, team_recipients
from rallye.field.services import clock_fr, replace_team_link
from rallye.history.models import Action
from rallye.history.services import record
from rallye.links.services import link_state, link_url
from rallye.messaging.models import State
from rallye.plans.reading import planned_rally
from rallye.rallies.models import Vehicle
from rallye.www.messaging.states import message_state
from rallye.www.rallies.access import RallyMixin

POLL_SECONDS = 30


class OrganiserForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = DaySettings
        fields = ("organiser_name", "organiser_phone")
        help_texts = {"organiser_phone": "Affiché sur la page de chaque équipe, pour vous appeler d'un geste."}

    def clean_organiser_phone(self) -> str:
        text = str(self.cleaned_data.get("organiser_phone", "")).strip()
        if text and phones.tel_uri(text) is None:
            raise forms.ValidationError("Ce n'est pas un numéro de téléphone : écrivez-le comme 06 12 34 56 78.")
        return phones.tidy(text) if text else ""


def _live_context(view: RallyMixin) -> dict[str, Any]:
    now = timezone.now()
    states = live_states(view.rally, now)
    return {"states": states, "late": [s for s in states if s.late], "updated": clock_fr(now)}


class LiveView(RallyMixin):
    tab = "field"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.page(request, OrganiserForm(instance=self.settings()))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        """The organiser's name and phone, shown on the teams' pages."""
        form = OrganiserForm(request.POST, instance=self.settings())
        if not form.is_valid():
            return self.page(request, form, status=400)
        settings = form.save(commit=False)
        settings.rally = self.rally
        settings.save()
        record(
            self.rally,
            request.user,
            Action.CHANGED,
            summary=f"organisateur du jour J : {settings.organiser_name} {settings.organiser_phone}".strip(),
        )
        messages.success(request, "Enregistré : les pages des équipes affichent ce numéro.")
        return redirect("field:live", pk=self.rally.pk)

    def settings(self) -> DaySettings:
        return DaySettings.objects.filter(rally=self.rally).first() or DaySettings(rally=self.rally)

    def page(self, request: HttpRequest, form: OrganiserForm, status: int = 200) -> HttpResponse:
        planned = planned_rally(self.rally)
        now = timezone.now()
        live = _live_context(self)
        changed = {state.day.vehicle.code for state in live["states"] if state.day.changes}
        rows = []
        for recipient in team_recipients(self.rally) if planned.plan is not None else []:
            rows.append(
                {
                    "recipient": recipient,
                    "url": link_url(recipient.link, request),
                    "link_state": link_state(recipient.link, now),
                    "state": message_state(recipient.message, "lien envoyé"),
                    "failed": recipient.message is not None and recipient.message.state == State.FAILED,
                    "changed": recipient.vehicle.code in changed,
                }
            )
        context = self.rally_context(
            planned=planned.plan is not None,
            rows=rows,
            form=form,
            poll_seconds=POLL_SECONDS,
            made=made_compliance(self.rally),
            version=planned.version,
            **live,
        )
        return render(request, "www/field/live.html", context, status=status)


class LiveStateView(RallyMixin):
    """The table of the teams, which the live page fetches again every :data:`POLL_SECONDS`."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return render(request, "www/field/_live_teams.html", self.rally_context(**_live_context(self)))


class SendLinksView(RallyMixin):
    edit_only = True
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        done = send_team_links(self.rally, request.user, request)
        if done.queued:
            messages.success(
                request,
                f"{french.count(done.queued, 'lien part', 'liens partent')} ; leur état s'affiche ci-dessous.",
            )
        else:
            messages.info(request, "Aucun nouveau lien à envoyer.")
        if done.already:
            messages.info(
                request,
                f"{french.count(done.already, 'accompagnateur avait', 'accompagnateurs avaient')} déjà le sien.",
            )
        if done.not_reached:
            messages.warning(
                request,
                french.count(len(done.not_reached), "accompagnateur n'a", "accompagnateurs n'ont")
                + " ni téléphone ni e-mail : "
                "remettez-leur le carnet de route, dont la première page porte le QR code de l'équipe.",
            )
        return redirect("field:live", pk=self.rally.pk)


class ReplaceLinkView(RallyMixin):
    """A lost phone, a new accompanier: the team's link is deactivated and a new one made."""

    edit_only = True
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int, vehicle: int) -> HttpResponse:
        found = get_object_or_404(Vehicle.objects.for_user(request.user), rally=self.rally, pk=vehicle)
        replace_team_link(found, request.user)
        messages.success(
            request,
            f"Nouveau lien pour le véhicule {found.code} : l'ancien ne s'ouvre plus. "
            "Envoyez le nouveau et réimprimez le carnet de l'équipe.",
        )
        return redirect("field:live", pk=self.rally.pk)
