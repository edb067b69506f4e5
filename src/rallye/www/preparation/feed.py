"""A rally's private calendar feed (ICS) for its staff: a private link (``rallye.links``,
purpose « calendar ») that a calendar program subscribes to, copied and deactivated from the
rally's « Agenda » page. The feed holds the rally's tasks only (titles, dates, phases, who is
responsible): no participant's data."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views import View
from django.views.decorators.cache import never_cache

from rallye.history.models import Action, ObjectKind
from rallye.history.services import record
from rallye.links.models import PrivateLink, Purpose
from rallye.links.services import Refusal, current, issue_link, link_state, link_url, open_link, revoke
from rallye.preparation import services
from rallye.rallies.models import Rally
from rallye.retroplanning.files import calendar_ics
from rallye.www.links.pages import refusal_page
from rallye.www.middleware import link_scoped
from rallye.www.preparation.views import PreparationMixin


def active_link(rally: Rally, user: object) -> PrivateLink | None:
    links = PrivateLink.objects.for_user(user).filter(rally=rally, purpose=Purpose.CALENDAR, revoked_at=None)
    return current(links)


class CalendarLinkView(PreparationMixin):
    template_name = "www/preparation/calendar.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        link = active_link(self.rally, request.user)
        url = link_url(link, request) if link is not None else ""
        context = self.rally_context(
            link=link,
            link_url=url,
            link_state=link_state(link, timezone.now()) if link is not None else "",
            preparation=services.preparation_of(self.rally),
        )
        return render(request, self.template_name, context)

    def post(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        action = request.POST.get("action", "")
        link = active_link(self.rally, request.user)
        if action == "issue" and link is None:
            issue_link(self.rally, Purpose.CALENDAR, None)
            record(
                self.rally,
                request.user,
                Action.CREATED,
                kind=ObjectKind.PREPARATION,
                label="Agenda privé",
                summary="lien de l'agenda créé",
            )
            messages.success(request, "Le lien privé de l'agenda est créé : copiez-le dans votre agenda.")
        elif action == "revoke" and link is not None:
            revoke(link, request.user)
            record(
                self.rally,
                request.user,
                Action.CHANGED,
                kind=ObjectKind.PREPARATION,
                label="Agenda privé",
                summary="lien de l'agenda désactivé",
            )
            messages.success(request, "Le lien de l'agenda est désactivé : les agendas abonnés ne reçoivent plus rien.")
        else:
            messages.error(request, "Cette action n'est plus possible : la page a été rechargée.")
        return redirect("preparation:calendar", pk=pk)


class FeedView(View):
    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        opened = open_link(token, request, Purpose.CALENDAR)
        if isinstance(opened, Refusal):
            return refusal_page(request, opened)
        rally: Rally = Rally.objects.get(pk=opened.rally_id)  # type: ignore[misc]
        tasks = services.tasks_of(rally)
        body = calendar_ics(
            [services.as_task(task) for task in tasks],
            name=rally.name,
            rally_uid=f"rallye-{rally.pk}",
            stamp=timezone.now(),
            triggered=services.rally_tips(rally, tasks),
        )
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="retroplanning.ics"'
        return response


feed = login_not_required(never_cache(link_scoped(PrivateLink)(FeedView.as_view())))
