"""From the database to what the evaluation reads: rally dates, the fidelity grid's facts and
scores, and the pseudonymous records of ``rallye.reporting.records``.

Callers pass rallies they already scoped (``Rally.objects.for_user`` or, for evaluators and the
command line, the rallies of a federation): nothing here decides who may see what.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace

from django.db.models import Min, Prefetch, QuerySet
from django.utils import timezone

from rallye.domain import fidelity
from rallye.domain import plan as domain_plan
from rallye.domain import rally as domain_rally
from rallye.domain.made import MadeVisit
from rallye.domain.outcomes import Outcome, follow_up_due
from rallye.domain.questionnaires import Answers, ItemChange, Phase, compare
from rallye.evaluation.dates import first_rallies
from rallye.evaluation.models import FidelityScore, FollowUp, Funding, Questionnaire, RallyReporting
from rallye.evaluation.pseudonyms import pseudonym
from rallye.evaluation.stored import records_of
from rallye.field.made import MADE_NOTE, as_made, made_visits
from rallye.plans import reading
from rallye.plans.reading import PlannedRally, planned_rallies, planned_rally
from rallye.rallies.models import Participant, Rally, Session
from rallye.reporting.records import CompanyRecord, PersonRecord, RallyRecord


@dataclass(frozen=True)
class RallyDates:
    first_day: dt.date | None
    last_day: dt.date | None

    def taken_place(self, today: dt.date) -> bool:
        return self.last_day is not None and self.last_day < today

    @property
    def follow_up_due(self) -> dt.date | None:
        return follow_up_due(self.last_day) if self.last_day else None


def rally_dates(rally: Rally) -> RallyDates:
    days = sorted(Session.objects.filter(rally=rally).values_list("date", flat=True))
    return RallyDates(days[0] if days else None, days[-1] if days else None)


def is_first_of_structure(rally: Rally) -> bool:
    """Whether this is the structure's first rally (by first session date): R2 and the Ansa report."""
    starts = (
        Rally.objects.filter(structure_id=rally.structure_id)
        .annotate(first_day=Min("sessions__date"))
        .exclude(first_day=None)
        .order_by("first_day", "pk")
        .values_list("pk", flat=True)
    )
    first = starts.first()
    return first is None or first == rally.pk


def absent_on_the_day(rally: Rally) -> set[str]:
    """Codes of the people the current plan records as absent (ticked when re-planning on the
    day): they did not take part, whatever their participant record still says."""
    return set(reading.absent_on_the_day(rally))


def absent_on_the_day_of(rallies: Iterable[Rally]) -> dict[int, set[str]]:
    """:func:`absent_on_the_day` of many rallies in one query, by rally id."""
    return {pk: set(planned.absent_on_the_day) for pk, planned in planned_rallies(rallies).items()}


def took_part(rally: Rally) -> QuerySet[Participant]:
    """The people who took part: present on the list and not absent on the day. They are the
    participants of the reports and the people followed up six months later."""
    return rally.participants.filter(present=True).exclude(code__in=absent_on_the_day(rally))


def domain_rally_and_plan(rally: Rally) -> tuple[domain_rally.Rally | None, domain_plan.Plan | None]:
    """The rally as entered and its current plan as the domain sees them (``None`` where data is
    incomplete), read once per instance through ``rallye.plans.reading``."""
    planned = planned_rally(rally)
    return planned.entered, planned.plan if planned.entered is not None else None


def answers_by_participant(rally: Rally, phase: Phase) -> dict[int, Answers]:
    filled = Questionnaire.objects.filter(rally=rally, phase=phase, answers__isnull=False, participant__isnull=False)
    return {q.participant_id: q.answers for q in filled if q.participant_id is not None}


def survey_changes(rally: Rally) -> tuple[ItemChange, ...]:
    before = {str(k): v for k, v in answers_by_participant(rally, Phase.BEFORE).items()}
    after = {str(k): v for k, v in answers_by_participant(rally, Phase.AFTER).items()}
    return compare(before, after)


def rally_facts(rally: Rally, today: dt.date | None = None) -> fidelity.RallyFacts:
    return _facts(_load([rally])[0], today or timezone.localdate())


@dataclass(frozen=True)
class _Loaded:
    """What the evaluation reads about one rally, read for many rallies at once by :func:`_load`
    in a fixed number of queries, whatever their number."""

    rally: Rally
    """With its sessions, companies (and availabilities), participants, vehicles, travel times
    and fundings (with their funder) prefetched."""
    dates: RallyDates
    planned: PlannedRally
    """The rally and its current plan (``rallye.plans.reading``)."""
    reporting: RallyReporting | None
    first_of_structure: bool
    answers: dict[Phase, dict[int, Answers]]
    """Phase → participant id (company id for :attr:`Phase.COMPANY`) → answers."""
    outcomes: dict[int, Outcome]
    scores: dict[str, FidelityScore]
    made: list[MadeVisit]
    """The visits its teams checked in on the day (empty: none, the plan counts)."""

    @property
    def absent(self) -> set[str]:
        return set(self.planned.absent_on_the_day)

    def domain(self) -> tuple[domain_rally.Rally | None, domain_plan.Plan | None]:
        """The rally as entered and its plan: as made on the day once visits were checked in."""
        entered = self.planned.entered
        return (entered, self.plan()) if entered is not None else (None, None)

    def plan(self) -> domain_plan.Plan | None:
        return as_made(self.planned.plan, self.made)


def _load(rallies: Iterable[Rally]) -> list[_Loaded]:
    """The rallies (in the order given) with everything the evaluation reads about them."""
    pks = [rally.pk for rally in rallies]
    loaded = (
        Rally.objects.filter(pk__in=pks)
        .select_related("structure")
        .prefetch_related(
            "sessions",
            "travel_times",
            "participants",
            "vehicles",
            "companies__availabilities",
            Prefetch("fundings", queryset=Funding.objects.select_related("funder")),
        )
        .in_bulk()
    )
    plans = planned_rallies(loaded.values())
    reportings = {r.rally_id: r for r in RallyReporting.objects.filter(rally_id__in=pks)}
    answers: dict[int, dict[Phase, dict[int, Answers]]] = {}
    for q in Questionnaire.objects.filter(rally_id__in=pks, answers__isnull=False).order_by("pk"):
        who = q.company_id if q.phase == Phase.COMPANY else q.participant_id
        if who is not None:
            answers.setdefault(q.rally_id, {}).setdefault(Phase(q.phase), {})[who] = q.answers
    outcomes: dict[int, dict[int, Outcome]] = {}
    for rally_id, participant_id, outcome in FollowUp.objects.filter(participant__rally_id__in=pks).values_list(
        "participant__rally_id", "participant_id", "outcome"
    ):
        outcomes.setdefault(rally_id, {})[participant_id] = Outcome(outcome)
    scores: dict[int, dict[str, FidelityScore]] = {}
    for score in FidelityScore.objects.filter(rally_id__in=pks).select_related("assessed_by"):
        scores.setdefault(score.rally_id, {})[score.principle] = score
    made = made_visits(pks)
    firsts = first_rallies(Rally.objects.filter(structure_id__in={r.structure_id for r in loaded.values()}))
    result = []
    for pk in pks:
        rally = loaded[pk]
        days = [s.date for s in rally.sessions.all()]
        first = firsts.get(rally.structure_id)
        result.append(
            _Loaded(
                rally=rally,
                dates=RallyDates(min(days), max(days)) if days else RallyDates(None, None),
                planned=plans[pk],
                reporting=reportings.get(pk),
                first_of_structure=first is None or first.pk == pk,
                answers=answers.get(pk, {}),
                outcomes=outcomes.get(pk, {}),
                scores=scores.get(pk, {}),
                made=made.get(pk, []),
            )
        )
    return result


def _facts(loaded: _Loaded, today: dt.date) -> fidelity.RallyFacts:
    reporting = loaded.reporting
    before = {str(k): v for k, v in loaded.answers.get(Phase.BEFORE, {}).items()}
    after = {str(k): v for k, v in loaded.answers.get(Phase.AFTER, {}).items()}
    return fidelity.RallyFacts(
        taken_place=loaded.dates.taken_place(today),
        first_rally=loaded.first_of_structure,
        reported_to_federation=reporting.federation_report_on is not None if reporting else None,
        reported_to_ansa=reporting.ansa_report_on is not None if reporting else None,
        network_meetings=reporting.network_meetings if reporting else None,
        funders=len(loaded.rally.fundings.all()),
        survey=compare(before, after),
    )


@dataclass(frozen=True)
class GridLine:
    """One principle: the prefill from the data, and the evaluator's score when confirmed."""

    prefill: fidelity.Assessment
    confirmed: FidelityScore | None

    @property
    def principle(self) -> fidelity.Principle:
        return self.prefill.principle

    @property
    def score(self) -> int | None:
        return self.confirmed.score if self.confirmed is not None else self.prefill.score

    @property
    def score_fr(self) -> str:
        return fidelity.NOT_ASSESSABLE if self.score is None else f"{self.score}/4"


def fidelity_grid(
    rally: Rally,
    today: dt.date | None = None,
    domain: tuple[domain_rally.Rally | None, domain_plan.Plan | None] | None = None,
) -> list[GridLine]:
    """The grid of ``rally``; ``domain`` saves reading the rally and plan again when the caller has them."""
    loaded = _load([rally])[0]
    return _grid(loaded, today or timezone.localdate(), domain or loaded.domain())


def fidelity_grids(rallies: Iterable[Rally], today: dt.date | None = None) -> dict[int, list[GridLine]]:
    """Rally id → its grid, for many rallies in a fixed number of queries."""
    today = today or timezone.localdate()
    return {loaded.rally.pk: _grid(loaded, today, loaded.domain()) for loaded in _load(rallies)}


def _grid(
    loaded: _Loaded, today: dt.date, domain: tuple[domain_rally.Rally | None, domain_plan.Plan | None]
) -> list[GridLine]:
    data, plan = domain
    facts = _facts(loaded, today)
    if data is not None:
        prefilled = fidelity.prefill(data, plan, facts)
        if loaded.made:  # the charter's rules were checked on the visits made: say so
            prefilled = tuple(
                replace(item, evidence=f"{item.evidence.rstrip('.')}, {MADE_NOTE}.")
                if item.principle.code in fidelity.CHARTER_CODES
                else item
                for item in prefilled
            )
    else:
        prefilled = tuple(
            fidelity.Assessment(p, None, "Données du rallye incomplètes : complétez-les pour pré-remplir la grille.")
            for p in fidelity.PRINCIPLES
        )
    return [GridLine(item, loaded.scores.get(item.principle.code)) for item in prefilled]


def rally_record(rally: Rally, today: dt.date | None = None) -> RallyRecord | None:
    """The pseudonymous record of a rally; ``None`` for a rally without any session date."""
    return _record(_load([rally])[0], today or timezone.localdate())


def _record(loaded: _Loaded, today: dt.date) -> RallyRecord | None:
    dates = loaded.dates
    if dates.first_day is None or dates.last_day is None or dates.follow_up_due is None:
        return None
    rally = loaded.rally
    if all(p.code in loaded.scores for p in fidelity.PRINCIPLES):
        # Every score confirmed: the grid needs no prefill, so no reading of the whole rally.
        plan = loaded.plan()
        scores = {code: score.score for code, score in loaded.scores.items()}
    else:
        data, plan = loaded.domain()
        scores = {line.principle.code: line.score for line in _grid(loaded, today, (data, plan))}
    before = loaded.answers.get(Phase.BEFORE, {})
    after = loaded.answers.get(Phase.AFTER, {})
    absent = loaded.absent
    people = tuple(
        PersonRecord(
            pseudonym=pseudonym("participant", p.pk),
            gender=p.gender,
            birth_year=p.birth_year,
            age=dates.first_day.year - p.birth_year,
            diploma_level=p.diploma_level,
            status=p.status,
            rsa=p.rsa_beneficiary,
            prescriber=p.prescriber,
            present=p.present and p.code not in absent,
            outcome=loaded.outcomes.get(p.pk),
            follow_up_due=dates.follow_up_due,
            before=before.get(p.pk),
            after=after.get(p.pk),
        )
        for p in rally.participants.all()
    )
    visited = {v.company for t in plan.teams for v in t.visits} if plan else set()
    feedback = loaded.answers.get(Phase.COMPANY, {})
    companies = tuple(
        CompanyRecord(c.sector, c.hiring, c.code in visited, feedback.get(c.pk)) for c in rally.companies.all()
    )
    return RallyRecord(
        key=str(rally.pk),
        name=rally.name,
        structure=rally.structure.name,
        structure_kind=rally.structure.get_kind_display(),
        territory=rally.structure.territory,
        first_day=dates.first_day,
        last_day=dates.last_day,
        first_of_structure=loaded.first_of_structure,
        people=people,
        companies=companies,
        teams=len(plan.teams) if plan else 0,
        visits=sum(len(t.visits) for t in plan.teams) if plan else 0,
        funders=tuple(f.funder.name for f in rally.fundings.all()),
        fidelity={p.code: scores.get(p.code) for p in fidelity.PRINCIPLES},
        visits_made=bool(loaded.made),
    )


def rally_records(
    rallies: Iterable[Rally], today: dt.date | None = None, *, held_only: bool = False
) -> list[RallyRecord]:
    """Records of the rallies that have dates, oldest first; with ``held_only``, only those that
    have taken place (their last day is before ``today``): the reports count rallies run. The
    number of queries does not depend on the number of rallies."""
    today = today or timezone.localdate()
    day = today

    def build(pks: list[int]) -> dict[int, RallyRecord | None]:
        return {loaded.rally.pk: _record(loaded, day) for loaded in _load(Rally.objects.filter(pk__in=pks))}

    records = records_of([rally.pk for rally in rallies], today, build, held_only=held_only).values()
    return sorted(records, key=lambda r: (r.first_day, r.key))
