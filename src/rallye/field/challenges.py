"""The one place the phone page learns a visit's challenge, and how its score is bounded.

The challenges' repertoire and each visit's challenge belong to ``rallye.challenges`` (built
apart); until it is wired here, no challenge is known for any visit: the phone shows the visit
without a challenge block, and the result and score the accompanier enters are kept on the
visit made (:class:`rallye.field.models.VisitMade`), bounded by :data:`SCORE_MAX`."""

from __future__ import annotations

from dataclasses import dataclass

from rallye.rallies.models import Rally

SCORE_MAX = 10
"""The most points a visit's challenge gives when its challenge names no maximum."""


@dataclass(frozen=True)
class VisitChallenge:
    title: str
    instructions: str
    max_points: int
    wants_photo: bool = False


def visit_challenges(rally: Rally) -> dict[tuple[str, str], VisitChallenge]:
    """(vehicle code, company code) → the challenge of that visit, for the visits that have one
    (none while the repertoire is not wired in)."""
    return {}


def score_max(challenge: VisitChallenge | None) -> int:
    return challenge.max_points if challenge is not None else SCORE_MAX
