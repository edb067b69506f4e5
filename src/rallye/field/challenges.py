"""The one place the phone page learns a visit's challenge, and where the score it gives goes.

Each visit's challenge belongs to ``rallye.challenges`` (chosen from the repertoire, kept per
rally, editable by the organiser), keyed by the plan's team; the phone names a team by its
vehicle, so the keys are translated here through the current plan. The score an accompanier
enters is recorded as the visit's result there (``record_result``: the leaderboard, the
diplomas and the organiser's tab read it, bounded by the challenge's points); the visit made
(:class:`rallye.field.models.VisitMade`) keeps what the phone sent, as entered."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rallye.challenges import services as challenges
from rallye.challenges.models import ResultSource
from rallye.plans.reading import planned_rally
from rallye.rallies.models import Rally

SCORE_MAX = 10
"""The most points of a visit whose challenge is not known (a visit kept from an earlier plan)."""


class ResultRefused(ValueError):
    """The challenge's result cannot be counted (its message says what to do)."""


@dataclass(frozen=True)
class VisitChallenge:
    title: str
    instructions: str
    max_points: int
    wants_photo: bool = False


def _teams_by_vehicle(rally: Rally) -> dict[str, str]:
    plan = planned_rally(rally).plan
    return {team.vehicle: team.id for team in plan.teams} if plan is not None else {}


def visit_challenges(rally: Rally) -> dict[tuple[str, str], VisitChallenge]:
    """(vehicle code, company code) → the challenge of that visit in the current plan."""
    teams = {team: vehicle for vehicle, team in _teams_by_vehicle(rally).items()}
    return {
        (teams[team], company): VisitChallenge(c.title, c.instructions, c.max_points, c.kind == "photo")
        for (team, company), c in challenges.visit_challenges(rally).items()
        if team in teams
    }


def count_result(rally: Rally, vehicle: str, company: str, score: int | None, text: str, at: dt.datetime) -> None:
    """Record the accompanier's result as the visit's result (a later entry replaces it)."""
    team = _teams_by_vehicle(rally).get(vehicle)
    if team is None:
        raise ResultRefused("Votre équipe ne fait pas partie du planning en vigueur : appelez l'organisateur.")
    try:
        challenges.record_result(
            rally, team, company, score or 0, text, source=ResultSource.ACCOMPANIER, recorded_at=at
        )
    except challenges.Refused as refused:
        raise ResultRefused(str(refused)) from refused


def score_max(challenge: VisitChallenge | None) -> int:
    return challenge.max_points if challenge is not None else SCORE_MAX
