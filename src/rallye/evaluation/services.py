"""Evaluation operations of a rally: its funding, its questionnaires (prepared, then filled by
the person or by staff) and the six-month follow-up of its participants.

What looks back on the rally waits for it: the « après » questionnaire and the companies'
feedback open on the rally's last day (people answer them at the closing), the follow-up once
the rally has taken place; the « après » questionnaire is only for the people who took part.

Views call these functions and never write the evaluation models themselves; every change is
one transaction. Callers pass rallies they already scoped (``Rally.objects.for_user``): nothing
here decides who may see what.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone

from rallye.domain import french
from rallye.domain.outcomes import Outcome, SolutionRate, follow_up_due, solution_rate
from rallye.domain.questionnaires import Phase, clean
from rallye.evaluation.models import FollowUp, Funder, Funding, FundingState, Questionnaire
from rallye.evaluation.private_links import issue_questionnaire_links
from rallye.evaluation.records import absent_on_the_day_of, rally_dates, took_part
from rallye.history.models import Action, ObjectKind
from rallye.history.services import EMPTY, record
from rallye.rallies.models import Participant, Rally

DUE_HORIZON_DAYS = 30
"""The list of follow-ups to do shows those due within this many days, and every late one."""


# --- Funding ---------------------------------------------------------------------------------


def _amount(amount: Decimal | None) -> str:
    return EMPTY if amount is None else f"{french.number(float(amount), 2)} €"


@transaction.atomic
def fund_rally(rally: Rally, funder: Funder, amount: Decimal | None, user: Any = None, **request: Any) -> Funding:
    """Record ``funder``'s support of ``rally`` (or change it when already recorded): the amount,
    and the request's ``state``, dates and documents (``Funding``'s fields) when given. A granted
    funding's report is due three months after the rally's last day unless a date is given."""
    if funder.structure_id != rally.structure_id:
        raise ValueError("Le financeur et le rallye n'appartiennent pas à la même structure.")
    before = Funding.objects.filter(rally=rally, funder=funder).first()
    if request.get("state", FundingState.GRANTED) == FundingState.GRANTED and not request.get("report_due"):
        last = rally.sessions.order_by("-date").values_list("date", flat=True).first()
        if before is not None and before.report_due:
            request["report_due"] = before.report_due
        elif last is not None:
            request["report_due"] = _months_after(last, REPORT_MONTHS)
    funding, _ = Funding.objects.update_or_create(rally=rally, funder=funder, defaults={"amount": amount, **request})
    change = {"field": "amount", "label": "Montant", "after": _amount(amount)}
    change["before"] = _amount(before.amount) if before is not None else EMPTY
    changes = [change]
    if before is None or before.state != funding.state:
        old_state = FundingState(before.state).label if before is not None else EMPTY
        changes.append({"field": "state", "label": "État", "before": old_state, "after": funding.get_state_display()})
    action = Action.CHANGED if before is not None else Action.CREATED
    record(rally, user, action, kind=ObjectKind.FUNDING, label=funder.name, changes=changes)
    return funding


REPORT_MONTHS = 3
"""When a funder's report is due by default: months after the rally's last day."""


def _months_after(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


@transaction.atomic
def remove_funding(rally: Rally, funding_id: int, user: Any = None) -> Funder | None:
    """Remove one funding of ``rally``; the funder it named, or ``None`` when there was none."""
    funding = Funding.objects.filter(rally=rally, pk=funding_id).select_related("funder").first()
    if funding is None:
        return None
    funding.delete()
    funder: Funder = funding.funder
    record(rally, user, Action.DELETED, kind=ObjectKind.FUNDING, label=funder.name)
    return funder


# --- Questionnaires --------------------------------------------------------------------------


class AlreadyFilled(Exception):
    """A questionnaire is filled once: later answers are refused, never written over."""

    def __init__(self, submitted_at: dt.datetime | None) -> None:
        super().__init__("Ce questionnaire est déjà rempli.")
        self.submitted_at = submitted_at


LOOKING_BACK = frozenset({Phase.AFTER, Phase.COMPANY})
"""The questionnaires about the rally itself (« Les personnes que nous avons reçues… »): they open
on the rally's last day, when participants answer them at the closing."""


class QuestionnaireClosed(Exception):
    """Answers refused, nothing stored: a questionnaire about the rally before its last day
    (``opens_on``, that day; ``None`` while the rally has no dates), or the « après » questionnaire
    of someone who did not take part (``absent``)."""

    def __init__(self, opens_on: dt.date | None, *, absent: bool = False) -> None:
        super().__init__("Ce questionnaire n'est pas ouvert.")
        self.opens_on = opens_on
        self.absent = absent


def closed_reason(
    phase: Phase, last_day: dt.date | None, today: dt.date, *, participated: bool = True
) -> QuestionnaireClosed | None:
    """Why a questionnaire of ``phase`` cannot be answered on ``today`` (``None``: it can).
    ``last_day`` is the rally's; ``participated`` whether the person took part."""
    if phase is Phase.AFTER and not participated:
        return QuestionnaireClosed(last_day, absent=True)
    if phase in LOOKING_BACK and (last_day is None or today < last_day):
        return QuestionnaireClosed(last_day)
    return None


def questionnaire_closed(questionnaire: Questionnaire, today: dt.date) -> QuestionnaireClosed | None:
    """``closed_reason`` of one questionnaire, read from the database."""
    phase = Phase(questionnaire.phase)
    if phase is Phase.BEFORE:
        return None
    rally = questionnaire.rally
    person = questionnaire.participant_id
    participated = phase is not Phase.AFTER or (person is not None and took_part(rally).filter(pk=person).exists())
    return closed_reason(phase, rally_dates(rally).last_day, today, participated=participated)


def prepare_questionnaires(rally: Rally) -> int:
    """Give every participant their before questionnaire and, if they took part, their after one,
    and every company its feedback form, each with its private link; those that exist are kept
    (links do not change). Returns how many were created."""
    with transaction.atomic():
        existing = Questionnaire.objects.filter(rally=rally)
        people = set(existing.exclude(participant=None).values_list("participant_id", "phase"))
        companies = set(existing.exclude(company=None).values_list("company_id", flat=True))
        participating = set(took_part(rally).values_list("pk", flat=True))
        missing = [
            Questionnaire(rally=rally, participant=participant, phase=phase)
            for participant in rally.participants.all()
            for phase in (Phase.BEFORE, Phase.AFTER)
            if (participant.pk, phase.value) not in people
            and (phase is Phase.BEFORE or participant.pk in participating)
        ]
        missing += [
            Questionnaire(rally=rally, company=company, phase=Phase.COMPANY)
            for company in rally.companies.all()
            if company.pk not in companies
        ]
        Questionnaire.objects.bulk_create(missing)
        issue_questionnaire_links(rally)
    return len(missing)


def submit_answers(
    questionnaire: Questionnaire, raw: Mapping[str, str], *, entered_by: Any = None, today: dt.date | None = None
) -> Questionnaire:
    """Store the answers of a submitted form, checked by the domain (``InvalidAnswers`` lists every
    problem); ``entered_by`` is the staff member who filled it for the person, ``None`` when the
    person answered through their private link. A questionnaire not open on ``today`` raises
    ``QuestionnaireClosed``, a filled one ``AlreadyFilled``."""
    closed = questionnaire_closed(questionnaire, today or timezone.localdate())
    if closed is not None:
        raise closed
    answers = clean(Phase(questionnaire.phase), raw)
    with transaction.atomic():
        locked: Questionnaire = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
        if locked.filled:
            raise AlreadyFilled(locked.submitted_at)
        locked.answers = answers
        locked.submitted_at = timezone.now()
        locked.entered_by = entered_by
        locked.save(update_fields=["answers", "submitted_at", "entered_by"])
        if entered_by is not None:  # staff typed the answers in; a person's own answers are not history
            about = locked.participant or locked.company
            summary = f"{Phase(locked.phase).label} : réponses saisies par l'équipe"
            record(locked.rally, entered_by, Action.ANSWERS_ENTERED, about, summary=summary)
    return locked


@dataclass(frozen=True)
class FilledCount:
    filled: int
    total: int
    """The people the questionnaire is for: participants (those who took part for the « après »
    one), or companies."""


def questionnaire_counts(rally: Rally) -> dict[Phase, FilledCount]:
    """How many questionnaires of each kind are filled, out of the people they are for."""
    filled = Questionnaire.objects.filter(rally=rally, answers__isnull=False)
    participating = took_part(rally)
    return {
        Phase.BEFORE: FilledCount(filled.filter(phase=Phase.BEFORE).count(), rally.participants.count()),
        Phase.AFTER: FilledCount(
            filled.filter(phase=Phase.AFTER, participant__in=participating).count(), participating.count()
        ),
        Phase.COMPANY: FilledCount(filled.filter(phase=Phase.COMPANY).count(), rally.companies.count()),
    }


# --- Six-month follow-up ---------------------------------------------------------------------


@dataclass(frozen=True)
class FollowUpEntry:
    """What staff entered for one participant; no outcome means « not recorded yet »."""

    outcome: Outcome | None
    comment: str = ""


class FollowUpTooEarly(Exception):
    """Outcomes given before the rally has taken place: refused, nothing stored. ``due`` is when
    the follow-up is to be done (``None`` while the rally has no dates)."""

    def __init__(self, due: dt.date | None) -> None:
        super().__init__("Le rallye n'a pas encore eu lieu : son suivi à 6 mois ne se renseigne pas encore.")
        self.due = due


def follow_up_open(rally: Rally, today: dt.date) -> bool:
    """Whether outcomes may be recorded: once the rally has taken place. Not only from the due
    date: people sometimes call early to say they found work."""
    return rally_dates(rally).taken_place(today)


def followed_participants(rally: Rally) -> QuerySet[Participant]:
    """The people whose situation is looked for six months later: those who took part (present,
    and not ticked absent when the plan was redone on the day)."""
    return took_part(rally)


def record_follow_ups(rally: Rally, entries: Mapping[int, FollowUpEntry], user: Any, today: dt.date) -> int:
    """Save the follow-ups of several participants (by id) at once, all or nothing. An entry
    without outcome clears a recorded one (a mistake corrected). Returns how many changed.
    Before the rally has taken place, raises ``FollowUpTooEarly``."""
    if not follow_up_open(rally, today):
        raise FollowUpTooEarly(rally_dates(rally).follow_up_due)
    followed = set(followed_participants(rally).values_list("pk", flat=True))
    strangers = set(entries) - followed
    if strangers:
        raise ValueError(f"Ces personnes ne sont pas des participants présents à ce rallye : {sorted(strangers)}.")
    erased = set(followed_participants(rally).filter(anonymised_at__isnull=False).values_list("pk", flat=True))
    changed = 0
    codes = dict(Participant.objects.filter(pk__in=entries).values_list("pk", "code"))
    changes: list[dict[str, str]] = []
    with transaction.atomic():
        recorded = {f.participant_id: f for f in FollowUp.objects.filter(participant_id__in=entries)}
        for participant_id, given in entries.items():
            # The outcome of an erased person still counts; a comment could name them again.
            entry = FollowUpEntry(given.outcome, "") if participant_id in erased else given
            current = recorded.get(participant_id)
            if entry.outcome is None:
                if current is not None:
                    current.delete()
                    changed += 1
                    before = Outcome(current.outcome).label
                    changes.append(
                        {
                            "field": "outcome",
                            "label": f"Situation de {codes[participant_id]}",
                            "before": before,
                            "after": EMPTY,
                        }
                    )
                continue
            if current is not None and (current.outcome, current.comment) == (entry.outcome.value, entry.comment):
                continue
            after = Outcome(entry.outcome).label + (" (commentaire)" if entry.comment else "")
            before = (
                Outcome(current.outcome).label + (" (commentaire)" if current.comment else "") if current else EMPTY
            )
            changes.append(
                {"field": "outcome", "label": f"Situation de {codes[participant_id]}", "before": before, "after": after}
            )
            FollowUp.objects.update_or_create(
                participant_id=participant_id,
                defaults={
                    "outcome": entry.outcome.value,
                    "comment": entry.comment,
                    "recorded_on": today,
                    "recorded_by": user,
                },
            )
            changed += 1
        if changes:
            record(rally, user, Action.FOLLOW_UP, kind=ObjectKind.FOLLOW_UP, label="", changes=changes)
    return changed


def rally_solution_rate(rally: Rally) -> SolutionRate:
    """The « solution professionnelle à 6 mois » rate over the people who took part."""
    followed = followed_participants(rally)
    outcomes = dict(FollowUp.objects.filter(participant__in=followed).values_list("participant_id", "outcome"))
    people = followed.values_list("pk", flat=True)
    return solution_rate(Outcome(outcomes[pk]) if pk in outcomes else None for pk in people)


@dataclass(frozen=True)
class DueFollowUps:
    """The participants of one rally whose follow-up is due (or soon) and not recorded yet."""

    rally: Rally
    due: dt.date
    participants: tuple[Participant, ...]

    def late(self, today: dt.date) -> bool:
        return self.due < today


def due_follow_ups(
    rallies: QuerySet[Rally], today: dt.date, horizon_days: int = DUE_HORIZON_DAYS
) -> list[DueFollowUps]:
    """Per rally, oldest due date first: the present participants whose six-month follow-up falls
    due within ``horizon_days`` (or is late) and is not recorded yet."""
    limit = today + dt.timedelta(days=horizon_days)
    with_dates = rallies.annotate(last_day=Max("sessions__date")).exclude(last_day=None)
    last_days = dict(with_dates.values_list("pk", "last_day"))
    due_dates = {pk: follow_up_due(day) for pk, day in last_days.items() if follow_up_due(day) <= limit}
    due_rallies = list(Rally.objects.filter(pk__in=due_dates).select_related("structure"))
    absent = absent_on_the_day_of(due_rallies)
    waiting: dict[int, list[Participant]] = {}
    for person in Participant.objects.filter(
        rally_id__in=due_dates, present=True, follow_up__isnull=True, anonymised_at__isnull=True
    ):
        if person.code not in absent[person.rally_id]:
            waiting.setdefault(person.rally_id, []).append(person)
    groups = [
        DueFollowUps(rally, due_dates[rally.pk], tuple(waiting[rally.pk]))
        for rally in due_rallies
        if rally.pk in waiting
    ]
    return sorted(groups, key=lambda group: (group.due, group.rally.pk))
