"""The team's page on the accompanier's phone, opened by the team's private link (no account):
the day with the next visit on top, whom to call, the route, arrival and departure at each
company, the challenge's result and score, a photo.

Entries are posted to ``saisie/`` by the page's form or, with JavaScript, from a queue kept on
the phone (``static/www/field-phone.js``): an entry made offline waits there and is sent when
the network returns. Each entry carries a key made by the phone: a key already received changes
nothing. The private link is the only authority of these posts (no session, no cookie), so they
need no CSRF token: a cached page posts the same way days later. ``sw.js``, served under
``/equipe/`` so that its scope covers every team's page, keeps the page for offline reading."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from rallye import phones
from rallye.field.challenges import SCORE_MAX
from rallye.field.models import EntryKind
from rallye.field.services import (
    PHOTO_MAX_BYTES,
    Entry,
    EntryRefused,
    end_of_purpose,
    organiser_contact,
    record_entry,
    team_day,
)
from rallye.links.models import PrivateLink, Purpose
from rallye.links.services import Refusal, open_link
from rallye.rallies.models import Vehicle
from rallye.www.links.pages import refusal_page
from rallye.www.middleware import link_scoped

SERVICE_WORKER = Path(__file__).resolve().parents[1] / "static" / "www" / "field-sw.js"

REFUSED = {
    Refusal.RATE_LIMITED: "Trop d'envois en peu de temps : la saisie attend sur ce téléphone et repartira seule.",
    Refusal.REVOKED: "Ce lien a été désactivé : la saisie attend sur ce téléphone ; appelez l'organisateur.",
    Refusal.EXPIRED: "Ce lien n'est plus valable (le rallye est terminé) : appelez l'organisateur.",
    Refusal.UNKNOWN: "Ce lien ne mène à aucune équipe : appelez l'organisateur.",
}
"""What the phone shows when the link refuses an entry (the entry stays in the phone's queue)."""

DONE = {
    EntryKind.ARRIVAL: "Arrivée enregistrée.",
    EntryKind.DEPARTURE: "Départ enregistré.",
    EntryKind.CHALLENGE: "Résultat du défi enregistré.",
    EntryKind.PHOTO: "Photo enregistrée.",
}


def _vehicle(request: HttpRequest, token: str) -> Vehicle | Refusal:
    opened = open_link(token, request, Purpose.TEAM, end_of_purpose=end_of_purpose)
    if isinstance(opened, Refusal):
        return opened
    found: Vehicle = Vehicle.objects.select_related("rally__structure").get(pk=opened.vehicle_id)
    return found


def _page(
    request: HttpRequest, vehicle: Vehicle, token: str, *, notice: str = "", error: str = "", status: int = 200
) -> HttpResponse:
    rally = vehicle.rally
    day = team_day(rally, vehicle)
    organiser = organiser_contact(rally)
    context: dict[str, Any] = {
        "title": f"Notre journée — {day.team.name}" if day else "Notre journée",
        "rally_name": rally.name,
        "day": day,
        "organiser": organiser,
        "organiser_tel": (phones.tel_uri(organiser.organiser_phone) or "") if organiser else "",
        "token": token,
        "entry_url": reverse("field:entry", kwargs={"token": token}),
        "photo_url": reverse("field:photo", kwargs={"token": token}),
        "page_url": reverse("field:team", kwargs={"token": token}),
        "worker_url": reverse("field:worker"),
        "score_max": SCORE_MAX,
        "photo_max_mo": PHOTO_MAX_BYTES // 1024 // 1024,
        "form_key": uuid.uuid4().hex,
        "notice": notice,
        "error": error,
    }
    return render(request, "www/field/phone.html", context, status=status)


class TeamView(View):
    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        vehicle = _vehicle(request, token)
        if isinstance(vehicle, Refusal):
            return refusal_page(request, vehicle)
        return _page(request, vehicle, token)


def _entered_at(text: str, now: dt.datetime) -> dt.datetime:
    """When the phone says the entry was made (it may have waited offline); now when it says
    nothing readable. Whether the phone's clock can be trusted is the service's to say."""
    try:
        moment = parse_datetime(text.strip()) if text else None
    except ValueError:
        moment = None
    if moment is None:
        return now
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _answer(
    request: HttpRequest, vehicle: Vehicle, token: str, applied: bool, kind: EntryKind, error: str = ""
) -> HttpResponse:
    if _wants_json(request):
        if error:
            return JsonResponse({"ok": False, "message": error}, status=400)
        message = DONE[kind] if applied else "Déjà reçu : rien n'est compté deux fois."
        return JsonResponse({"ok": True, "applied": applied, "message": message})
    if error:
        return _page(request, vehicle, token, error=error, status=400)
    return _page(request, vehicle, token, notice=DONE[kind] if applied else "Déjà reçu : rien n'est compté deux fois.")


class EntryView(View):
    """One entry (arrival, departure, the challenge's result and score)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        vehicle = _vehicle(request, token)
        if isinstance(vehicle, Refusal):
            if _wants_json(request):
                return JsonResponse({"ok": False, "message": REFUSED[vehicle]}, status=vehicle.status)
            return refusal_page(request, vehicle)
        data = request.POST
        try:
            kind = EntryKind(data.get("kind", ""))
        except ValueError:
            kind = None
        if kind is None or kind is EntryKind.PHOTO:
            return _answer(
                request,
                vehicle,
                token,
                False,
                EntryKind.ARRIVAL,
                "Saisie inconnue : rechargez la page, puis recommencez.",
            )
        score_text = data.get("score", "").strip()
        score: int | None = None
        if score_text:
            try:
                score = int(score_text)
            except ValueError:
                return _answer(
                    request,
                    vehicle,
                    token,
                    False,
                    kind,
                    "Les points du défi s'écrivent en chiffres : corrigez le nombre de points.",
                )
        now = timezone.now()
        entry = Entry(
            key=data.get("key", ""),
            kind=kind,
            company=data.get("company", ""),
            at=_entered_at(data.get("at", ""), now),
            result=data.get("result", ""),
            score=score,
        )
        try:
            applied = record_entry(vehicle.rally, vehicle, entry, now=now)
        except EntryRefused as refused:
            return _answer(request, vehicle, token, False, kind, str(refused))
        return _answer(request, vehicle, token, applied, kind)


class PhotoView(View):
    """The photo of a challenge, sent at once or, without network, from the phone's queue."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        vehicle = _vehicle(request, token)
        if isinstance(vehicle, Refusal):
            if _wants_json(request):
                return JsonResponse({"ok": False, "message": REFUSED[vehicle]}, status=vehicle.status)
            return refusal_page(request, vehicle)
        entry = Entry(
            key=request.POST.get("key", ""),
            kind=EntryKind.PHOTO,
            company=request.POST.get("company", ""),
            at=_entered_at(str(request.POST.get("at", "")), timezone.now()),
        )
        try:
            applied = record_entry(vehicle.rally, vehicle, entry, photo=request.FILES.get("photo"))
        except EntryRefused as refused:
            return _answer(request, vehicle, token, False, EntryKind.PHOTO, str(refused))
        return _answer(request, vehicle, token, applied, EntryKind.PHOTO)


@login_not_required
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, served under ``/equipe/`` (its scope is the folder it is served from)."""
    response = HttpResponse(SERVICE_WORKER.read_bytes(), content_type="application/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response


def _public(view: Any) -> Any:
    return login_not_required(never_cache(link_scoped(PrivateLink)(view)))


team = _public(TeamView.as_view())
entry = _public(csrf_exempt(EntryView.as_view()))
photo = _public(csrf_exempt(PhotoView.as_view()))
