"""Planning pages of a rally. Every view reaches the rally through ``RallyMixin`` (scoping:
a foreign rally answers 404; read-only users cannot launch a solve)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from rallye.domain import french
from rallye.domain.changes import changes_from_dict
from rallye.domain.compliance import check_plan
from rallye.field.made import made_compliance
from rallye.field.services import keep_visits_made, visits_made_count
from rallye.plans.models import PlanKind, PlanVersion
from rallye.plans.reading import planned_rally, planned_version
from rallye.plans.services import move_participant, request_plan, toggle_lock
from rallye.plans.versions import current_plan
from rallye.wording import OPTIMALITY_WHY, changes_lines, optimality, plan_figures
from rallye.www.plans.board import board, legend, team_cards
from rallye.www.rallies.access import RallyMixin
from rallye.www.tiles import MapPage


class PlanningView(MapPage, RallyMixin):
    """The current plan and every version; the button that launches a new solve."""

    tab = "planning"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        versions = PlanVersion.objects.for_user(request.user).filter(rally=self.rally)
        current = versions.filter(is_current=True).first()
        context = self.rally_context(
            versions=versions, current=current, editable_plan=self.can_edit, **_plan_context(self.rally, current)
        )
        return render(request, "www/plans/planning.html", context)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        version = request_plan(self.rally, request.user, kind=PlanKind.PLAN, time_limit=settings.RALLYE_PLAN_SECONDS)
        messages.info(request, f"Calcul de la version {version.number} lancé.")
        return redirect("plans:version", pk=self.rally.pk, number=version.number)


class MoveView(RallyMixin):
    """Move a participant to another team of the current plan (a new version)."""

    edit_only = True
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        problems = move_participant(
            self.rally, request.user, request.POST.get("participant", ""), request.POST.get("team", "")
        )
        if problems:
            messages.error(request, "Ce changement enfreindrait les règles ; rien n'a changé : " + " ; ".join(problems))
        else:
            messages.success(request, "Participant déplacé : le planning en vigueur est la nouvelle version.")
        return redirect("plans:planning", pk=self.rally.pk)


class _CurrentPlanAction(RallyMixin):
    """A change made on the current plan (POST only): says so when there is none yet."""

    edit_only = True
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        current = current_plan(self.rally)
        if current is None:
            messages.error(request, "Il n'y a pas encore de planning : calculez-le d'abord.")
            return redirect("plans:planning", pk=self.rally.pk)
        return self.act(request, current)

    def act(self, request: HttpRequest, current: PlanVersion) -> HttpResponse:
        return redirect("plans:planning", pk=self.rally.pk)


class LockView(_CurrentPlanAction):
    """Lock or unlock a team, or one of its visits, of the current plan."""

    def act(self, request: HttpRequest, current: PlanVersion) -> HttpResponse:
        try:
            locked = toggle_lock(
                current, request.POST.get("team", ""), request.POST.get("company") or None, request.user
            )
        except ValueError:
            messages.error(request, "Cette équipe ou cette visite ne fait pas partie du planning en vigueur.")
        else:
            messages.success(request, "Verrouillé : il sera gardé tel quel." if locked else "Déverrouillé.")
        return redirect("plans:planning", pk=self.rally.pk)


class ReoptimiseView(_CurrentPlanAction):
    """Plan again, keeping only what is locked."""

    def act(self, request: HttpRequest, current: PlanVersion) -> HttpResponse:
        version = request_plan(
            self.rally,
            request.user,
            kind=PlanKind.REOPTIMISE,
            time_limit=settings.RALLYE_PLAN_SECONDS,
            cancelled=current.cancelled,
            based_on=current,
        )
        return redirect("plans:version", pk=self.rally.pk, number=version.number)


class VersionView(MapPage, RallyMixin):
    tab = "planning"

    def get(self, request: HttpRequest, pk: int, number: int) -> HttpResponse:
        version = _version(request, self.rally.pk, number)
        context = self.rally_context(version=version, **_plan_context(self.rally, version))
        return render(request, "www/plans/version.html", context)


class VersionStateView(RallyMixin):
    """What the version page polls while a solve runs."""

    def get(self, request: HttpRequest, pk: int, number: int) -> JsonResponse:
        return JsonResponse(_version(request, self.rally.pk, number).summary())


class ReplanView(RallyMixin):
    """On the day: tick absences and withdrawn companies, re-plan from the current plan."""

    tab = "planning"
    edit_only = True

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return render(request, "www/plans/replan.html", self._context())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        current = current_plan(self.rally)
        if current is None:
            messages.error(request, "Il n'y a pas encore de planning : calculez-le d'abord.")
            return redirect("plans:planning", pk=self.rally.pk)
        people = {p.code for p in self.rally.participants.all()}
        companies = {c.code for c in self.rally.companies.all()}
        absent = [code for code in request.POST.getlist("absent") if code in people]
        cancelled = [code for code in request.POST.getlist("cancelled") if code in companies]
        if not absent and not cancelled:
            messages.error(request, "Cochez au moins une personne absente ou une entreprise qui se retire.")
            return render(request, "www/plans/replan.html", self._context(), status=400)
        kept = keep_visits_made(self.rally, current, request.user, cancelled) if request.POST.get("from_now") else 0
        if kept:
            messages.info(
                request,
                french.count(
                    kept, "visite déjà faite est gardée telle quelle", "visites déjà faites sont gardées telles quelles"
                )
                + ".",
            )
        version = request_plan(
            self.rally,
            request.user,
            kind=PlanKind.REPLAN,
            time_limit=settings.RALLYE_REPLAN_SECONDS,
            absent=absent,
            cancelled=cancelled,
            based_on=current,
        )
        return redirect("plans:version", pk=self.rally.pk, number=version.number)

    def _context(self) -> dict[str, Any]:
        planned = planned_rally(self.rally)
        return self.rally_context(
            current=planned.version,
            participants=self.rally.participants.all(),
            companies=self.rally.companies.all(),
            already_absent=planned.absent_on_the_day,
            visits_made=visits_made_count(self.rally),
        )


def _version(request: HttpRequest, rally_pk: int, number: int) -> PlanVersion:
    version: PlanVersion = get_object_or_404(
        PlanVersion.objects.for_user(request.user), rally_id=rally_pk, number=number
    )
    return version


def _plan_context(rally: Any, version: PlanVersion | None) -> dict[str, Any]:
    """The board, figures and compliance report of a version that holds a plan."""
    if version is None:
        return {}
    planned = planned_version(rally, version)
    plan, changed = planned.plan, planned.rally
    if plan is None:
        return {}
    if changed is None:
        return {"data_problems": [str(p) for p in planned.problems]}
    report = check_plan(changed, plan)
    map_data = _map_data(changed, plan)
    return {
        "plan": plan,
        "boards": board(changed, plan),
        "legend": legend(changed, plan),
        "team_cards": team_cards(changed, plan),
        "figures": plan_figures(changed, plan),
        "optimality": optimality(plan),
        "optimality_why": OPTIMALITY_WHY,
        "report": report,
        "made": made_compliance(rally) if version.is_current else None,
        "metrics": plan.metrics,
        "changes": _changes(rally, planned.entered or changed, plan, version),
        "map_data": map_data,
        "map_legend": map_data["teams"],
        "state_url": reverse("plans:version_state", kwargs={"pk": rally.pk, "number": version.number}),
    }


def _changes(rally: Any, entered: Any, plan: Any, version: PlanVersion) -> list[str]:
    """What changed since the plan this one re-planned, in names and French dates (``entered``:
    the rally as entered, so that people absent on the day keep their names)."""
    if not plan.changes:
        return []
    names = {t.id: t.name for t in plan.teams}
    previous = planned_version(rally, version.based_on).plan if version.based_on is not None else None
    if previous is not None:
        names = {t.id: t.name for t in previous.teams} | names
    return changes_lines(entered, changes_from_dict(plan.changes), names)


TEAM_COLOURS = 8
"""Team colours on the map (``plan-map.js`` and ``.team-colour-1`` … ``-8`` of the stylesheet)."""


def _map_data(rally: Any, plan: Any) -> dict[str, Any]:
    """Places and each team's route per day, for the map."""
    places = {c.id: {"name": c.name, "lat": c.lat, "lon": c.lon} for c in rally.companies}
    base = {"name": rally.base.name, "lat": rally.base.lat, "lon": rally.base.lon}
    routes = []
    teams = []
    for index, team in enumerate(plan.teams):
        colour = index % TEAM_COLOURS + 1
        teams.append({"team": team.name, "colour": colour})
        by_day: dict[dt.date, list[str]] = {}
        for visit in sorted(team.visits, key=lambda v: (v.date, v.start)):
            by_day.setdefault(visit.date, []).append(visit.company)
        for day, stops in by_day.items():
            routes.append({"team": team.name, "day": french.day_month(day), "stops": stops, "colour": colour})
    return {"base": base, "places": places, "routes": routes, "teams": teams}
