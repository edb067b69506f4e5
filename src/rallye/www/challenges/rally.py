"""A rally's challenges (tab « Défis et clôture »): the challenge of every visit (editable, each
change in the rally's history), the results the organisers note, bonus points, prizes and their
donors, and the closing's leaderboard (a page to project: teams, first names, points)."""

from __future__ import annotations

import copy
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from rallye.challenges.models import BonusPoints, Prize, ResultSource, VisitResult
from rallye.challenges.services import (
    ICEBREAKER,
    Refused,
    add_bonus,
    first_names,
    playful,
    record_result,
    repertoire_of,
    set_visit_challenge,
    team_scores,
    visit_label,
    visit_rows,
)
from rallye.domain import french
from rallye.domain.challenges import VisitKey
from rallye.domain.clock import hhmm
from rallye.history.models import Action, ObjectKind
from rallye.history.services import record
from rallye.plans.reading import planned_rally
from rallye.www.challenges.forms import BonusForm, PrizeForm, ResultForm, VisitChallengeForm
from rallye.www.rallies.access import RallyMixin


def _teams(rally: Any) -> list[tuple[str, str]]:
    plan = planned_rally(rally).plan
    return [(t.id, t.name) for t in plan.teams] if plan else []


class RallyChallengesView(RallyMixin):
    tab = "challenges"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return render(request, "www/challenges/rally.html", self.context())

    def context(self, **extra: Any) -> dict[str, Any]:
        planned = planned_rally(self.rally)
        plan, domain = planned.plan, planned.rally
        rows = visit_rows(self.rally)
        results = {(r.team_code, r.company_code): r for r in VisitResult.objects.filter(rally=self.rally)}
        teams = []
        if plan is not None and domain is not None:
            names = {c.id: c.name for c in domain.companies}
            for team in plan.teams:
                visits = []
                for visit in sorted(team.visits, key=lambda v: (v.date, v.start)):
                    key = (team.id, visit.company)
                    visits.append(
                        {
                            "key": key,
                            "when": f"{french.day_short(visit.date)}, {hhmm(visit.start)}",
                            "company": names.get(visit.company, visit.company),
                            "challenge": rows.get(key),
                            "result": results.get(key),
                        }
                    )
                teams.append({"id": team.id, "name": team.name, "visits": visits})
        team_names = _teams(self.rally)
        return self.rally_context(
            has_plan=plan is not None,
            teams=teams,
            icebreaker=rows.get(ICEBREAKER),
            scores=team_scores(self.rally),
            bonuses=BonusPoints.objects.filter(rally=self.rally),
            prizes=Prize.objects.filter(rally=self.rally),
            team_names=dict(team_names),
            bonus_form=extra.pop("bonus_form", None) or BonusForm(team_names),
            prize_form=extra.pop("prize_form", None) or PrizeForm(team_names),
            **extra,
        )


class VisitChallengeView(RallyMixin):
    """Change the challenge of one visit (or the ice-breaker): another of the repertoire, or the
    organiser's own words."""

    tab = "challenges"
    edit_only = True

    def key(self, kwargs: dict[str, Any]) -> VisitKey:
        key = (kwargs.get("team", ""), kwargs.get("company", ""))
        if key not in visit_rows(self.rally):
            raise Http404("Cette visite n'est pas dans le planning actuel.")
        return key

    def get(self, request: HttpRequest, pk: int, **kwargs: Any) -> HttpResponse:
        key = self.key(kwargs)
        row = visit_rows(self.rally)[key]
        return self.page(request, key, VisitChallengeForm(instance=row))

    def post(self, request: HttpRequest, pk: int, **kwargs: Any) -> HttpResponse:
        key = self.key(kwargs)
        row = visit_rows(self.rally)[key]
        try:
            if request.POST.get("source"):
                set_visit_challenge(self.rally, key, request.user, source_key=request.POST["source"])
            else:
                form = VisitChallengeForm(request.POST, instance=copy.copy(row))  # the row changes below
                if not form.is_valid():
                    return self.page(request, key, form, status=400)
                set_visit_challenge(self.rally, key, request.user, fields=form.cleaned_data)
        except Refused as refused:
            messages.error(request, str(refused))
            return redirect(request.path)
        messages.success(request, f"{visit_label(self.rally, key)} : enregistré (voir l'historique du rallye).")
        return redirect("challenges:rally", pk=self.rally.pk)

    def page(self, request: HttpRequest, key: VisitKey, form: Any, status: int = 200) -> HttpResponse:
        sources = repertoire_of(self.rally.structure).values()
        wanted_icebreaker = key == ICEBREAKER
        choices = sorted(
            (
                (s.challenge.key, f"{s.challenge.title} ({s.challenge.kind_label.lower()})")
                for s in sources
                if (s.challenge.kind.value == "icebreaker") == wanted_icebreaker
            ),
            key=lambda c: c[1],
        )
        context = self.rally_context(
            form=form, label=visit_label(self.rally, key), choices=choices, current=visit_rows(self.rally)[key]
        )
        return render(request, "www/challenges/visit.html", context, status=status)


class ResultView(RallyMixin):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = ResultForm(request.POST)
        if not form.is_valid():
            messages.error(
                request, "Résultat non enregistré : saisissez les points en nombre entier, de 0 au maximum du défi."
            )
            return redirect("challenges:rally", pk=self.rally.pk)
        data = form.cleaned_data
        try:
            record_result(
                self.rally,
                data["team"],
                data["company"],
                data["score"],
                data["result_text"],
                ResultSource.ORGANISER,
                request.user,
            )
        except Refused as refused:
            messages.error(request, f"Résultat non enregistré : {refused}")
        else:
            messages.success(
                request, f"{visit_label(self.rally, (data['team'], data['company']))} : résultat enregistré."
            )
        return redirect("challenges:rally", pk=self.rally.pk)


class BonusView(RallyMixin):
    http_method_names = ["post"]
    tab = "challenges"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = BonusForm(_teams(self.rally), request.POST)
        if form.is_valid():
            try:
                add_bonus(
                    self.rally,
                    form.cleaned_data["team"],
                    form.cleaned_data["points"],
                    form.cleaned_data["reason"],
                    request.user,
                )
            except Refused as refused:
                messages.error(request, str(refused))
            else:
                messages.success(request, "Points en plus enregistrés.")
                return redirect("challenges:rally", pk=self.rally.pk)
        view = RallyChallengesView()
        view.rally, view.can_edit, view.request = self.rally, self.can_edit, request
        return render(request, "www/challenges/rally.html", view.context(bonus_form=form), status=400)


class PrizeView(RallyMixin):
    http_method_names = ["post"]
    tab = "challenges"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = PrizeForm(_teams(self.rally), request.POST, instance=Prize(rally=self.rally))
        if not form.is_valid():
            view = RallyChallengesView()
            view.rally, view.can_edit, view.request = self.rally, self.can_edit, request
            return render(request, "www/challenges/rally.html", view.context(prize_form=form), status=400)
        prize = form.save()
        record(
            self.rally,
            request.user,
            Action.CREATED,
            kind=ObjectKind.RALLY,
            label=f"Lot : {prize.name}",
            summary=f"offert par {prize.donor}",
        )
        messages.success(request, f"Lot « {prize.name} » enregistré : {prize.donor} figure parmi les partenaires.")
        return redirect("challenges:rally", pk=self.rally.pk)


class PrizeDeleteView(RallyMixin):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int, prize: int) -> HttpResponse:
        found = get_object_or_404(Prize.objects.filter(rally=self.rally), pk=prize)
        record(
            self.rally,
            request.user,
            Action.DELETED,
            kind=ObjectKind.RALLY,
            label=f"Lot : {found.name}",
            summary=f"offert par {found.donor}",
        )
        found.delete()
        messages.success(request, f"Lot « {found.name} » retiré.")
        return redirect("challenges:rally", pk=self.rally.pk)


class ClosingView(RallyMixin):
    """The leaderboard to project at the closing: large type, teams' names and their members'
    first names only, points, and the partners who gave the prizes."""

    tab = "challenges"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        plan = planned_rally(self.rally).plan
        members = {t.id: first_names(self.rally, t.members) for t in plan.teams} if plan else {}
        made = playful(self.rally)
        prizes: dict[str, list[Any]] = {}
        for prize in made.prizes:
            prizes.setdefault(prize.team, []).append(prize)
        rows = [
            {"score": s, "first_names": members.get(s.team, []), "prizes": prizes.get(s.team, [])}
            for s in team_scores(self.rally)
        ]
        context = {"rally": self.rally, "rows": rows, "donors": made.donors, "has_plan": plan is not None}
        return render(request, "www/challenges/closing.html", context)
