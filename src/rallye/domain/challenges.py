"""Challenges (« défis »): the repertoire's type, the starter repertoire shipped with Rallye, and
the automatic choice of a challenge for every visit of a plan (and of the first day's ice-breaker).

A challenge suits some sectors, named in the rally's sector vocabulary (the NAF sections of
:mod:`rallye.domain.naf`); a challenge that names none suits every company. A company's sector is
free text (« BTP », « Propreté »): :func:`sector_sections` finds the sections it means.

The choice (:func:`choose_challenges`) is a pure, deterministic function of the plan and the
repertoire: for each team, in the order of its visits, a challenge suited to the company's sector
that the team has not had yet, of a kind the team has had the least, ties broken by a stable hash
(no randomness, no wall clock). Challenges already fixed (chosen before, or edited by the
organiser) are kept and count as taken.
"""

from __future__ import annotations

import enum
import hashlib
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from rallye.domain.naf import NAF_SECTIONS
from rallye.domain.plan import Plan
from rallye.domain.rally import Rally, SessionKind


class ChallengeKind(enum.StrEnum):
    QUESTION = "question"
    JOBS = "jobs"
    INTERVIEW = "interview"
    PHOTO = "photo"
    QUIZ = "quiz"
    OBSERVATION = "observation"
    ICEBREAKER = "icebreaker"

    @property
    def label(self) -> str:
        return KIND_LABELS[self]


KIND_LABELS: dict[ChallengeKind, str] = {
    ChallengeKind.QUESTION: "Question à poser à l'entreprise",
    ChallengeKind.JOBS: "Trouver des métiers",
    ChallengeKind.INTERVIEW: "Interview d'un salarié",
    ChallengeKind.PHOTO: "Photo",
    ChallengeKind.QUIZ: "Quiz",
    ChallengeKind.OBSERVATION: "Observation",
    ChallengeKind.ICEBREAKER: "Brise-glace",
}

SECTOR_LABELS: dict[str, str] = dict(NAF_SECTIONS)
"""Section letter → label: the sectors a challenge may name."""

MAX_POINTS = 100
"""The most points a challenge may be worth."""


@dataclass(frozen=True)
class Challenge:
    key: str
    """Stable identity in its repertoire (« starter:trois-metiers », « network:12 », « own:3 »)."""
    title: str
    instructions: str
    """What the team does."""
    check: str
    """What the host or the accompanier checks."""
    kind: ChallengeKind
    sectors: frozenset[str] = frozenset()
    """NAF section letters; empty: every sector."""
    minutes: int = 10
    materials: str = ""
    max_points: int = 10

    @property
    def kind_label(self) -> str:
        return self.kind.label

    @property
    def sector_labels(self) -> list[str]:
        return [SECTOR_LABELS[s] for s in sorted(self.sectors) if s in SECTOR_LABELS]

    def suits(self, sections: frozenset[str]) -> bool:
        return not self.sectors or bool(self.sectors & sections)


# -- sectors -------------------------------------------------------------------------------------


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("agroalimentaire", "C"),
    ("agricult", "A"),
    ("maraich", "A"),
    ("elevage", "A"),
    ("viticult", "A"),
    ("paysag", "A"),
    ("foret", "A"),
    ("sylvicult", "A"),
    ("peche", "A"),
    ("carriere", "B"),
    ("extracti", "B"),
    ("industri", "C"),
    ("fabricat", "C"),
    ("metallurg", "C"),
    ("plasturg", "C"),
    ("energie", "D"),
    ("electricite", "D"),
    ("dechet", "E"),
    ("recycl", "E"),
    ("economie circulaire", "E"),
    ("assainissement", "E"),
    ("eau", "E"),
    ("btp", "F"),
    ("batiment", "F"),
    ("construction", "F"),
    ("travaux publics", "F"),
    ("commerce", "G"),
    ("distribution", "G"),
    ("vente", "G"),
    ("garage", "G"),
    ("transport", "H"),
    ("logistique", "H"),
    ("entreposage", "H"),
    ("hotel", "I"),
    ("restaura", "I"),
    ("hebergement", "I"),
    ("tourisme", "I"),
    ("camping", "I"),
    ("numerique", "J"),
    ("informatique", "J"),
    ("communication", "J"),
    ("banque", "K"),
    ("assurance", "K"),
    ("financ", "K"),
    ("immobili", "L"),
    ("conseil", "M"),
    ("ingenierie", "M"),
    ("services aux entreprises", "N"),
    ("proprete", "N"),
    ("nettoyage", "N"),
    ("interim", "N"),
    ("securite", "N"),
    ("administration", "O"),
    ("collectivite", "O"),
    ("mairie", "O"),
    ("service public", "O"),
    ("fonction publique", "O"),
    ("enseignement", "P"),
    ("formation", "P"),
    ("sante", "Q"),
    ("hopital", "Q"),
    ("medico", "Q"),
    ("action sociale", "Q"),
    ("services a la personne", "Q"),
    ("aide a domicile", "Q"),
    ("spectacle", "R"),
    ("culture", "R"),
    ("sport", "R"),
    ("loisir", "R"),
    ("artisan", "S"),
    ("coiffure", "S"),
    ("menages", "T"),
    ("extra-territoriale", "U"),
)
"""Words organisers use for a sector (without accents), matched at the start of a word
(« transport » holds no « sport »), → the NAF section they mean."""


def sector_sections(sector: str) -> frozenset[str]:
    """The NAF sections a company's sector names: its section label, or the sections of the
    words it holds (« Hôtellerie-restauration » → I, « Services à la personne » → Q); empty
    when none is known (only the challenges of every sector suit it then)."""
    plain = _plain(sector).strip()
    for letter, label in SECTOR_LABELS.items():
        if _plain(label) == plain:
            return frozenset({letter})
    return frozenset(letter for word, letter in _KEYWORDS if re.search(rf"(?<![a-z]){re.escape(word)}", plain))


# -- the starter repertoire ----------------------------------------------------------------------

STARTER_PREFIX = "starter:"


def challenge_from_entry(entry: Mapping[str, Any], prefix: str = STARTER_PREFIX) -> Challenge:
    return Challenge(
        key=f"{prefix}{entry['key']}",
        title=str(entry["title"]),
        instructions=str(entry["instructions"]),
        check=str(entry["check"]),
        kind=ChallengeKind(entry["kind"]),
        sectors=frozenset(entry.get("sectors", ())),
        minutes=int(entry.get("minutes", 10)),
        materials=str(entry.get("materials", "")),
        max_points=int(entry.get("points", 10)),
    )


@cache
def starter_entries() -> tuple[dict[str, Any], ...]:
    """The starter repertoire's entries as written in its file (package data)."""
    text = resources.files("rallye.domain").joinpath("starter_challenges.json").read_text(encoding="utf-8")
    return tuple(json.loads(text)["challenges"])


@cache
def starter_repertoire() -> tuple[Challenge, ...]:
    """The challenges Rallye ships: the command line uses them, the federation starts with them."""
    return tuple(challenge_from_entry(entry) for entry in starter_entries())


# -- the choice ----------------------------------------------------------------------------------

VisitKey = tuple[str, str]
"""(team id, company id): a team visits a company at most once."""


def _rank(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def visit_challenges_of(repertoire: Iterable[Challenge]) -> list[Challenge]:
    return sorted((c for c in repertoire if c.kind is not ChallengeKind.ICEBREAKER), key=lambda c: c.key)


def choose_challenges(
    rally: Rally, plan: Plan, repertoire: Iterable[Challenge], fixed: Mapping[VisitKey, Challenge] | None = None
) -> dict[VisitKey, Challenge]:
    """A challenge for every visit of the plan: ``fixed`` ones kept, the others chosen.

    For each team, in the order of its visits: among the challenges (ice-breakers excepted) that
    suit the company's sector and that the team has not had, those of the kind the team has had
    the least, those made for the sector before those for every sector, then a stable hash of
    the rally, team, company and challenge. When every suitable challenge was taken, any
    challenge the team has not had; when the team has had them all, the least used again.
    Deterministic: the same plan and repertoire give the same choice."""
    fixed = dict(fixed or {})
    pool = visit_challenges_of(repertoire)
    sections = {c.id: sector_sections(c.sector) for c in rally.companies}
    chosen: dict[VisitKey, Challenge] = {}
    for team in sorted(plan.teams, key=lambda t: t.id):
        visits = sorted(team.visits, key=lambda v: (v.date, v.start, v.company))
        taken = Counter(fixed[(team.id, v.company)].key for v in visits if (team.id, v.company) in fixed)
        kinds = Counter(fixed[(team.id, v.company)].kind for v in visits if (team.id, v.company) in fixed)
        for visit in visits:
            key = (team.id, visit.company)
            if key in fixed:
                chosen[key] = fixed[key]
                continue
            if not pool:
                continue
            suited = sections.get(visit.company, frozenset())
            fresh = [c for c in pool if not taken[c.key]]
            candidates = [c for c in fresh if c.suits(suited)] or fresh or pool

            scored = [
                (
                    taken[c.key],
                    kinds[c.kind],
                    0 if c.sectors & suited else 1,
                    _rank(rally.name, team.id, visit.company, c.key),
                    c,
                )
                for c in candidates
            ]
            best = min(scored, key=lambda row: row[:4])[4]
            chosen[key] = best
            taken[best.key] += 1
            kinds[best.kind] += 1
    return chosen


def choose_icebreaker(rally: Rally, repertoire: Iterable[Challenge]) -> Challenge | None:
    """The first day's ice-breaker activity (``None`` when the rally has no ice-breaker session
    or the repertoire none); stable for a rally's name."""
    if not any(s.kind is SessionKind.ICEBREAKER for s in rally.schedule):
        return None
    games = sorted((c for c in repertoire if c.kind is ChallengeKind.ICEBREAKER), key=lambda c: c.key)
    if not games:
        return None
    return min(games, key=lambda c: _rank(rally.name, "icebreaker", c.key))


# -- what the documents show ---------------------------------------------------------------------


@dataclass(frozen=True)
class TeamScore:
    team: str
    """Team id."""
    name: str
    points: int
    challenge_points: int
    bonus_points: int
    achieved: tuple[str, ...] = ()
    """The titles of the challenges the team took up (with a result recorded)."""
    rank: int = 0


@dataclass(frozen=True)
class Prize:
    name: str
    donor: str
    team: str = ""
    """The id of the team it goes to, or « »."""


@dataclass(frozen=True)
class Playful:
    """The playful side of a rally as its documents print it: the challenge of every visit, the
    ice-breaker, the teams' scores and the prizes with their donors."""

    challenges: Mapping[VisitKey, Challenge] = field(default_factory=dict)
    icebreaker: Challenge | None = None
    scores: Sequence[TeamScore] = ()
    prizes: Sequence[Prize] = ()

    @property
    def donors(self) -> list[str]:
        return sorted({p.donor for p in self.prizes if p.donor})

    def score_of(self, team: str) -> TeamScore | None:
        return next((s for s in self.scores if s.team == team), None)


def starter_playful(rally: Rally, plan: Plan) -> Playful:
    """What the command line prints: the starter repertoire's challenges, no score, no prize
    (the rally file names no challenge)."""
    repertoire = starter_repertoire()
    return Playful(choose_challenges(rally, plan, repertoire), choose_icebreaker(rally, repertoire))


def ranked(scores: Iterable[TeamScore]) -> list[TeamScore]:
    """Scores best first, with their rank (equal points share a rank), ties by team name."""
    ordered = sorted(scores, key=lambda s: (-s.points, s.name, s.team))
    result: list[TeamScore] = []
    for index, score in enumerate(ordered):
        rank = result[-1].rank if result and result[-1].points == score.points else index + 1
        result.append(
            TeamScore(
                score.team, score.name, score.points, score.challenge_points, score.bonus_points, score.achieved, rank
            )
        )
    return result
