"""From the database to what the evaluation reads: rally dates, the fidelity grid's facts and
scores, and the pseudonymous records of ``rallye.reporting.records``.

Callers pass rallies they already scoped (``Rally.objects.for_user`` or, for evaluators and the
command line, the rallies of a federation): nothing here decides who may see what.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Min, QuerySet
from django.utils import timezone

from rallye.domain import fidelity
from rallye.domain import plan as domain_plan
from rallye.domain import rally as domain_rally
from rallye.domain.outcomes import Outcome, follow_up_due
from rallye.domain.questionnaires import Answers, ItemChange, Phase, compare
from rallye.evaluation.models import FidelityScore, FollowUp, Questionnaire, RallyReporting
from rallye.evaluation.pseudonyms import pseudonym
from rallye.plans import reading
from rallye.plans.reading import planned_rally
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
    today = today or timezone.localdate()
    reporting = RallyReporting.objects.filter(rally=rally).first()
    return fidelity.RallyFacts(
        taken_place=rally_dates(rally).taken_place(today),
        first_rally=is_first_of_structure(rally),
        reported_to_federation=reporting.federation_report_on is not None if reporting else None,
        reported_to_ansa=reporting.ansa_report_on is not None if reporting else None,
        network_meetings=reporting.network_meetings if reporting else None,
        funders=rally.fundings.count(),
        survey=survey_changes(rally),
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
    data, plan = domain or domain_rally_and_plan(rally)
    facts = rally_facts(rally, today)
    if data is not None:
        prefilled = fidelity.prefill(data, plan, facts)
    else:
        prefilled = tuple(
            fidelity.Assessment(p, None, "Données du rallye incomplètes : complétez-les pour pré-remplir la grille.")
            for p in fidelity.PRINCIPLES
        )
    confirmed = {s.principle: s for s in FidelityScore.objects.filter(rally=rally)}
    return [GridLine(item, confirmed.get(item.principle.code)) for item in prefilled]


def rally_record(rally: Rally, today: dt.date | None = None) -> RallyRecord | None:
    """The pseudonymous record of a rally; ``None`` for a rally without any session date."""
    dates = rally_dates(rally)
    if dates.first_day is None or dates.last_day is None or dates.follow_up_due is None:
        return None
    data, plan = domain_rally_and_plan(rally)
    before = answers_by_participant(rally, Phase.BEFORE)
    after = answers_by_participant(rally, Phase.AFTER)
    outcomes = {f.participant_id: Outcome(f.outcome) for f in FollowUp.objects.filter(participant__rally=rally)}
    taking_part = set(took_part(rally).values_list("pk", flat=True))
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
            present=p.pk in taking_part,
            outcome=outcomes.get(p.pk),
            follow_up_due=dates.follow_up_due,
            before=before.get(p.pk),
            after=after.get(p.pk),
        )
        for p in rally.participants.all()
    )
    visited = {v.company for t in plan.teams for v in t.visits} if plan else set()
    feedback = {
        q.company_id: q.answers
        for q in Questionnaire.objects.filter(rally=rally, phase=Phase.COMPANY, answers__isnull=False)
    }
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
        first_of_structure=is_first_of_structure(rally),
        people=people,
        companies=companies,
        teams=len(plan.teams) if plan else 0,
        visits=sum(len(t.visits) for t in plan.teams) if plan else 0,
        funders=tuple(f.funder.name for f in rally.fundings.select_related("funder")),
        fidelity={line.principle.code: line.score for line in fidelity_grid(rally, today, (data, plan))},
    )


def rally_records(
    rallies: Iterable[Rally], today: dt.date | None = None, *, held_only: bool = False
) -> list[RallyRecord]:
    """Records of the rallies that have dates, oldest first; with ``held_only``, only those that
    have taken place (their last day is before ``today``): the reports count rallies run."""
    today = today or timezone.localdate()
    records = [r for rally in rallies if (r := rally_record(rally, today)) is not None]
    if held_only:
        records = [r for r in records if r.last_day < today]
    return sorted(records, key=lambda r: (r.first_day, r.key))
