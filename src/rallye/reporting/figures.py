"""The figures of a season of rallies, computed once for every report, the dashboard and the
workbooks.

What is counted, and how:

- people: the participants who took part (``present``); people registered who did not come
  are counted apart (``absent``) and nowhere else;
- age: in the rally's year; mean with one decimal; bands of ``rallye.domain.mixity.AGE_BANDS``;
- RSA beneficiaries: people ticked as such, or whose status says so (« BRSA »);
- diplomas: per level of the French nomenclature (1-8); « below the baccalauréat » is level 3 or
  less, its share is taken over the people whose level is known, unknown levels are shown apart;
- companies: those the teams visited in the rally's plan; for a rally without a plan (no company
  visited at all), every company registered, as the funders' action sheet does;
- funders: distinct names, and per funder the number of rallies it supported;
- six-month outcomes: ``rallye.domain.outcomes.solution_rate`` over every participant (people
  whose outcome is not recorded yet are counted apart, never as failures): those whose follow-up
  date is before the day of the figures are late, the others not due yet;
- fidelity: per principle, the mean score over the rallies where it was assessable; per heading
  and overall, the mean over the rallies of each rally's own heading or overall mean
  (``rallye.domain.fidelity``), so that every rally weighs the same; how many of those scores
  are the data's proposal, not confirmed yet, is :func:`score_confirmation` (the records do not
  say which scores were confirmed: the caller knows);
- questionnaires: before/after compared over the participants who answered both times, pooled
  across rallies (keyed by pseudonym); the companies' feedback over the companies counted.

All figures are plain numbers, strings and dicts: the workbooks write them as they are, the tests
compare them with values counted by hand.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from rallye.domain.fidelity import PRINCIPLES, Heading, heading_means, overall_mean
from rallye.domain.mixity import AGE_BANDS
from rallye.domain.outcomes import Outcome, SolutionRate, solution_rate
from rallye.domain.questionnaires import (
    Answers,
    ItemChange,
    Kind,
    Phase,
    Question,
    choice_counts,
    compare,
    questions,
    scale_means,
)
from rallye.reporting.records import CompanyRecord, PersonRecord, RallyRecord

BELOW_BACCALAUREATE = 3
"""Diploma levels up to this one are below the baccalauréat (3: CAP, BEP)."""
DIPLOMA_LABELS = {
    1: "Niveau 1 (savoirs de base)",
    2: "Niveau 2 (sans diplôme qualifiant)",
    3: "Niveau 3 (CAP, BEP)",
    4: "Niveau 4 (baccalauréat)",
    5: "Niveau 5 (bac+2)",
    6: "Niveau 6 (licence, bac+3)",
    7: "Niveau 7 (master, bac+5)",
    8: "Niveau 8 (doctorat)",
}
RSA_WORDS = frozenset({"rsa", "brsa"})
GENDER_LABELS = {"F": "Femmes", "M": "Hommes", "X": "Autre ou non précisé"}
UNKNOWN = "non renseigné"


@dataclass(frozen=True)
class SeasonFigures:
    rallies: int
    structures: int
    participants: int
    """People who took part."""
    absent: int
    """People registered who did not take part (counted nowhere else)."""
    women: int
    men: int
    other_gender: int
    age_mean: float | None
    """Rounded to one decimal."""
    age_min: int | None
    age_max: int | None
    age_bands: dict[str, int]
    """Label of ``AGE_BANDS`` → people, every band listed in order."""
    diploma_levels: dict[int, int]
    """Level (1-8) → people, known levels only, in increasing order."""
    diploma_unknown: int
    below_baccalaureate: int
    below_baccalaureate_share: float | None
    """Over the people whose level is known; ``None`` when nobody's is."""
    statuses: dict[str, int]
    """Status as written (« non renseigné » when empty) → people, most frequent first."""
    rsa: int
    """RSA beneficiaries."""
    prescribers: dict[str, int]
    companies: int
    sectors: dict[str, int]
    hiring_companies: int
    teams: int
    visits: int
    funders: dict[str, int]
    """Funder name → rallies it supported, by name."""
    outcomes: dict[str, int]
    """``Outcome`` value → people, every outcome listed in the enum's order."""
    solution: SolutionRate
    follow_ups_late: int
    """Follow-ups not recorded whose date (six months after the rally) is before the figures' day."""
    follow_ups_not_due: int
    """Follow-ups not recorded whose date has not come yet."""
    fidelity_rallies: int
    """Rallies with at least one assessable score."""
    fidelity_principles: dict[str, float | None]
    """Principle code → mean score over the rallies where it was assessable."""
    fidelity_headings: dict[str, float | None]
    """``Heading`` value → mean of the rallies' heading means."""
    fidelity_overall: float | None
    survey_pairs: int
    """Participants who answered both the questionnaire before and the one after."""
    survey: tuple[ItemChange, ...]
    intentions_before: dict[str, int]
    intentions_after: dict[str, int]
    """What people intend to do, before and after, among those who answered both times."""
    company_feedback: int
    """Companies counted that answered the feedback form."""
    company_means: dict[str, float | None]
    company_choices: dict[str, dict[str, int]]
    """Choice question key → option value → companies."""
    rallies_with_visits_made: int = 0
    """Rallies whose visits are those checked in on the day rather than the plan's."""

    @property
    def women_share(self) -> float | None:
        return self.women / self.participants if self.participants else None

    @property
    def rsa_share(self) -> float | None:
        return self.rsa / self.participants if self.participants else None


def receives_rsa(person: PersonRecord) -> bool:
    """An RSA beneficiary: ticked as such, or whose status says so (« BRSA », « bénéficiaire RSA »)."""
    return person.rsa or bool(set(re.split(r"\W+", person.status.casefold())) & RSA_WORDS)


def counted_companies(record: RallyRecord) -> tuple[CompanyRecord, ...]:
    """The companies a report counts for a rally: those visited, or all of them without a plan."""
    visited = tuple(c for c in record.companies if c.visited)
    return visited or record.companies


def season_figures(records: Sequence[RallyRecord], today: dt.date | None = None) -> SeasonFigures:
    """The figures of ``records`` on ``today`` (by default the current day), the day that tells
    late follow-ups from those not due yet.

    Records are immutable: the figures of the same record objects on the same day are computed
    once and kept (the last :data:`KEPT` sets), so that a page asked for again by many users,
    whose records are kept between requests (``rallye.evaluation.stored``), does not count
    18,000 people every time."""
    day = today or dt.date.today()
    key = (day, tuple(map(id, records)))
    kept = _kept.get(key)
    if kept is not None:
        return kept[1]  # the entry holds the records, so their ids cannot have been reused
    figures = _season_figures(records, day)
    with _keeping:
        _kept[key] = (tuple(records), figures)
        while len(_kept) > KEPT:
            _kept.pop(next(iter(_kept)))
    return figures


KEPT = 64
_keeping = threading.Lock()
_kept: dict[tuple[dt.date, tuple[int, ...]], tuple[tuple[RallyRecord, ...], SeasonFigures]] = {}


def _season_figures(records: Sequence[RallyRecord], day: dt.date) -> SeasonFigures:
    people = [p for r in records for p in r.participants]
    not_recorded = [p for p in people if p.outcome is None]
    late = sum(1 for p in not_recorded if p.follow_up_due < day)
    companies = [c for r in records for c in counted_companies(r)]
    ages = [p.age for p in people]
    levels = [p.diploma_level for p in people if p.diploma_level is not None]
    below = sum(1 for level in levels if level <= BELOW_BACCALAUREATE)
    genders = Counter(p.gender for p in people)
    survey = _survey(people)
    fidelity = _fidelity(records)
    feedback = [c.feedback for c in companies if c.feedback is not None]
    return SeasonFigures(
        rallies=len(records),
        structures=len({r.structure for r in records}),
        participants=len(people),
        absent=sum(1 for r in records for p in r.people if not p.present),
        women=genders["F"],
        men=genders["M"],
        other_gender=len(people) - genders["F"] - genders["M"],
        age_mean=round(sum(ages) / len(ages), 1) if ages else None,
        age_min=min(ages, default=None),
        age_max=max(ages, default=None),
        age_bands={label: sum(1 for a in ages if lo <= a <= hi) for lo, hi, label in AGE_BANDS},
        diploma_levels=dict(sorted(Counter(levels).items())),
        diploma_unknown=len(people) - len(levels),
        below_baccalaureate=below,
        below_baccalaureate_share=below / len(levels) if levels else None,
        statuses=_ranked(p.status.strip() or UNKNOWN for p in people),
        rsa=sum(1 for p in people if receives_rsa(p)),
        prescribers=_ranked(p.prescriber.strip() or UNKNOWN for p in people),
        companies=len(companies),
        sectors=_ranked(c.sector.strip() or UNKNOWN for c in companies),
        hiring_companies=sum(1 for c in companies if c.hiring),
        teams=sum(r.teams for r in records),
        visits=sum(r.visits for r in records),
        rallies_with_visits_made=sum(1 for r in records if r.visits_made),
        funders=_ranked(name for r in records for name in dict.fromkeys(r.funders)),
        outcomes={o.value: sum(1 for p in people if p.outcome is o) for o in Outcome},
        solution=solution_rate(p.outcome for p in people),
        follow_ups_late=late,
        follow_ups_not_due=len(not_recorded) - late,
        fidelity_rallies=fidelity.rallies,
        fidelity_principles=fidelity.principles,
        fidelity_headings=fidelity.headings,
        fidelity_overall=fidelity.overall,
        survey_pairs=survey.pairs,
        survey=survey.changes,
        intentions_before=survey.intentions_before,
        intentions_after=survey.intentions_after,
        company_feedback=len(feedback),
        company_means=scale_means(feedback, Phase.COMPANY),
        company_choices={q.key: choice_counts(feedback, q) for q in _choice_questions(Phase.COMPANY)},
    )


RecordKey = Callable[[RallyRecord], str] | Literal["year", "structure"]


def figures_by(
    records: Sequence[RallyRecord], key: RecordKey, today: dt.date | None = None
) -> dict[str, SeasonFigures]:
    """The figures of each group of rallies: ``"year"`` (of the first day), ``"structure"``, or
    any function of a record; groups in increasing order of their key."""
    group_of = _KEYS[key] if isinstance(key, str) else key
    groups: dict[str, list[RallyRecord]] = {}
    for record in records:
        groups.setdefault(group_of(record), []).append(record)
    return {name: season_figures(groups[name], today) for name in sorted(groups)}


_KEYS: dict[str, Callable[[RallyRecord], str]] = {
    "year": lambda record: str(record.year),
    "structure": lambda record: record.structure,
}


@dataclass(frozen=True)
class ScoreConfirmation:
    """Whether the fidelity scores of some rallies were confirmed by the federation or an evaluator."""

    scores: int
    """Scores from 0 to 4 of these rallies: those the fidelity means are made of."""
    proposed: int
    """Of these, the scores the data proposes that nobody has confirmed yet."""


def score_confirmation(records: Sequence[RallyRecord], confirmed: Mapping[str, Collection[str]]) -> ScoreConfirmation:
    """``confirmed``: rally key → codes of the principles whose score was confirmed (a rally left
    out has none)."""
    scored = [(r.key, code) for r in records for code, score in r.fidelity.items() if score is not None]
    return ScoreConfirmation(
        scores=len(scored), proposed=sum(1 for key, code in scored if code not in confirmed.get(key, ()))
    )


def _ranked(values: Iterable[str]) -> dict[str, int]:
    """Counts, most frequent first, then in alphabetical order."""
    return dict(sorted(Counter(values).items(), key=lambda item: (-item[1], item[0])))


@dataclass(frozen=True)
class _Fidelity:
    rallies: int
    principles: dict[str, float | None]
    headings: dict[str, float | None]
    overall: float | None


def _fidelity(records: Sequence[RallyRecord]) -> _Fidelity:
    per_principle: dict[str, float | None] = {}
    for principle in PRINCIPLES:
        scores = [s for r in records if (s := r.fidelity.get(principle.code)) is not None]
        per_principle[principle.code] = sum(scores) / len(scores) if scores else None
    rally_headings = [heading_means(r.fidelity) for r in records]
    headings: dict[str, float | None] = {}
    for heading in Heading:
        means = [m for h in rally_headings if (m := h[heading]) is not None]
        headings[heading.value] = sum(means) / len(means) if means else None
    overall = [m for r in records if (m := overall_mean(r.fidelity)) is not None]
    return _Fidelity(len(overall), per_principle, headings, sum(overall) / len(overall) if overall else None)


@dataclass(frozen=True)
class _Survey:
    pairs: int
    changes: tuple[ItemChange, ...]
    intentions_before: dict[str, int]
    intentions_after: dict[str, int]


def _survey(people: Sequence[PersonRecord]) -> _Survey:
    before: dict[str, Answers] = {p.pseudonym: p.before for p in people if p.before is not None}
    after: dict[str, Answers] = {p.pseudonym: p.after for p in people if p.after is not None}
    both = sorted(before.keys() & after.keys())
    intention = next(q for q in _choice_questions(Phase.BEFORE) if q.key == "intention")
    return _Survey(
        pairs=len(both),
        changes=compare(before, after),
        intentions_before=choice_counts([before[k] for k in both], intention),
        intentions_after=choice_counts([after[k] for k in both], intention),
    )


def _choice_questions(phase: Phase) -> tuple[Question, ...]:
    return tuple(q for q in questions(phase) if q.kind is Kind.CHOICE)
