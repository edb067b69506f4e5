"""The evaluation services: funding, questionnaires prepared and filled once (the « après » one
and companies' feedback from the rally's last day, the « après » one for people who took part),
follow-ups saved all at once once the rally is over, the solution rate and the follow-ups due."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from rallye.domain.outcomes import Outcome
from rallye.domain.questionnaires import InvalidAnswers, Phase
from rallye.evaluation.models import FollowUp, Funder, FunderKind, Funding, Questionnaire
from rallye.evaluation.services import (
    AlreadyFilled,
    FollowUpEntry,
    FollowUpTooEarly,
    QuestionnaireClosed,
    due_follow_ups,
    fund_rally,
    prepare_questionnaires,
    questionnaire_counts,
    rally_solution_rate,
    record_follow_ups,
    remove_funding,
    submit_answers,
)
from rallye.organisations.models import User
from rallye.rallies.models import Participant, Rally
from tests.www.evaluation.helpers import end_rally_on, tick_absent_on_the_day

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("immediate_tasks", "data_in_tmp")]

LAST_DAY = dt.date(2027, 3, 19)
"""The Annecy example's last day."""
BEFORE = {
    "companies_open": "2",
    "companies_known": "1",
    "confidence": "3",
    "isolation": "4",
    "network": "2",
    "intention": "think",
    "comment": "",
}


def test_links_are_prepared_once_for_everyone(annecy: Rally) -> None:
    assert prepare_questionnaires(annecy) == 26 * 2 + 15
    tokens = set(Questionnaire.objects.filter(rally=annecy).values_list("links__token", flat=True))
    assert len(tokens) == 26 * 2 + 15
    assert prepare_questionnaires(annecy) == 0
    assert set(Questionnaire.objects.filter(rally=annecy).values_list("links__token", flat=True)) == tokens
    Participant.objects.create(
        rally=annecy, code="P99", first_name="Awa", last_name="Traoré", gender="F", birth_year=1990
    )
    assert prepare_questionnaires(annecy) == 2
    assert set(Questionnaire.objects.filter(rally=annecy).values_list("links__token", flat=True)) > tokens


def test_answers_are_typed_stored_once_and_never_overwritten(annecy: Rally) -> None:
    prepare_questionnaires(annecy)
    questionnaire = Questionnaire.objects.get(rally=annecy, phase=Phase.BEFORE, participant__code="P01")
    filled = submit_answers(questionnaire, BEFORE)
    assert filled.answers == {
        "companies_open": 2,
        "companies_known": 1,
        "confidence": 3,
        "isolation": 4,
        "network": 2,
        "intention": "think",
    }
    assert filled.submitted_at is not None and filled.entered_by is None
    with pytest.raises(AlreadyFilled):
        submit_answers(questionnaire, {**BEFORE, "confidence": "4"})
    questionnaire.refresh_from_db()
    assert questionnaire.answers == filled.answers


def test_invalid_answers_store_nothing(annecy: Rally) -> None:
    prepare_questionnaires(annecy)
    questionnaire = Questionnaire.objects.get(rally=annecy, phase=Phase.AFTER, participant__code="P02")
    with pytest.raises(InvalidAnswers) as refused:
        submit_answers(questionnaire, {**BEFORE, "confidence": "", "network": "9"}, today=LAST_DAY)
    assert refused.value.problems == {
        "confidence": "Merci de choisir une réponse.",
        "network": "Cette réponse ne fait pas partie des choix proposés.",
    }
    questionnaire.refresh_from_db()
    assert questionnaire.answers is None and questionnaire.submitted_at is None


def test_after_questionnaires_and_company_feedback_wait_for_the_last_day(annecy: Rally) -> None:
    prepare_questionnaires(annecy)
    eve = LAST_DAY - dt.timedelta(days=1)
    for phase in (Phase.AFTER, Phase.COMPANY):
        questionnaire = Questionnaire.objects.filter(rally=annecy, phase=phase).first()
        assert questionnaire is not None
        with pytest.raises(QuestionnaireClosed) as closed:
            submit_answers(questionnaire, {}, today=eve)
        assert (closed.value.opens_on, closed.value.absent) == (LAST_DAY, False)
        questionnaire.refresh_from_db()
        assert questionnaire.answers is None
    before = Questionnaire.objects.get(rally=annecy, phase=Phase.BEFORE, participant__code="P01")
    assert submit_answers(before, BEFORE, today=eve - dt.timedelta(days=30)).filled
    after = Questionnaire.objects.get(rally=annecy, phase=Phase.AFTER, participant__code="P01")
    assert submit_answers(after, BEFORE, today=LAST_DAY).filled


def test_after_questionnaires_are_for_the_people_who_took_part(annecy: Rally) -> None:
    prepare_questionnaires(annecy)  # before the rally: everyone
    Participant.objects.filter(rally=annecy, code="P05").update(present=False)
    Participant.objects.create(
        rally=annecy, code="P99", first_name="Awa", last_name="Traoré", gender="F", birth_year=1990, present=False
    )
    tick_absent_on_the_day(annecy, "P06")
    assert prepare_questionnaires(annecy) == 1  # P99's « avant » only
    assert not Questionnaire.objects.filter(participant__code="P99", phase=Phase.AFTER).exists()
    after = Questionnaire.objects.get(rally=annecy, phase=Phase.AFTER, participant__code="P06")
    with pytest.raises(QuestionnaireClosed) as closed:
        submit_answers(after, BEFORE, today=LAST_DAY)
    assert closed.value.absent
    counts = questionnaire_counts(annecy)
    assert (counts[Phase.BEFORE].total, counts[Phase.AFTER].total) == (27, 24)


def test_staff_entry_is_signed(annecy: Rally) -> None:
    prepare_questionnaires(annecy)
    staff = User.objects.get(email="coordination@mife74.demo")
    questionnaire = Questionnaire.objects.get(rally=annecy, phase=Phase.BEFORE, participant__code="P03")
    assert submit_answers(questionnaire, BEFORE, entered_by=staff).entered_by == staff
    counts = questionnaire_counts(annecy)
    assert (counts[Phase.BEFORE].filled, counts[Phase.BEFORE].total) == (1, 26)
    assert (counts[Phase.COMPANY].filled, counts[Phase.COMPANY].total) == (0, 15)


def test_funding_is_one_per_funder_and_stays_in_the_structure(annecy: Rally, foreign: Rally) -> None:
    funder = Funder.objects.create(structure=annecy.structure, name="Ville d'Annecy", kind=FunderKind.MUNICIPALITY)
    fund_rally(annecy, funder, Decimal("4000"))
    funding = fund_rally(annecy, funder, Decimal("4500.50"))
    assert Funding.objects.filter(rally=annecy).count() == 1 and funding.amount == Decimal("4500.50")
    with pytest.raises(ValueError, match="même structure"):
        fund_rally(foreign, funder, None)
    assert remove_funding(foreign, funding.pk) is None  # another rally's funding is left alone
    assert remove_funding(annecy, funding.pk) == funder
    assert not Funding.objects.filter(rally=annecy).exists()


def _people(rally: Rally, *codes: str) -> list[Participant]:
    return list(Participant.objects.filter(rally=rally, code__in=codes).order_by("code"))


def test_follow_ups_are_saved_all_at_once_and_make_the_rate(annecy: Rally) -> None:
    staff = User.objects.get(email="coordination@mife74.demo")
    p1, p2, p3 = _people(annecy, "P01", "P02", "P03")
    today = dt.date(2027, 9, 20)
    entries = {
        p1.pk: FollowUpEntry(Outcome.CDI, "Embauchée par une entreprise visitée"),
        p2.pk: FollowUpEntry(Outcome.NO_SOLUTION),
        p3.pk: FollowUpEntry(Outcome.LOST),
    }
    assert record_follow_ups(annecy, entries, staff, today) == 3
    assert FollowUp.objects.get(participant=p1).recorded_by == staff
    rate = rally_solution_rate(annecy)
    assert (rate.counted, rate.solutions, rate.lost, rate.not_recorded) == (3, 1, 1, 23)
    assert rate.percent_fr() == "33 %"
    # Unchanged rows are not rewritten; an emptied row clears a mistaken entry.
    assert record_follow_ups(annecy, {**entries, p3.pk: FollowUpEntry(None)}, staff, today) == 1
    assert not FollowUp.objects.filter(participant=p3).exists()


def test_follow_ups_wait_until_the_rally_is_over_not_until_the_due_date(annecy: Rally) -> None:
    staff = User.objects.get(email="coordination@mife74.demo")
    (p1,) = _people(annecy, "P01")
    for day in (LAST_DAY - dt.timedelta(days=30), LAST_DAY):
        with pytest.raises(FollowUpTooEarly) as early:
            record_follow_ups(annecy, {p1.pk: FollowUpEntry(Outcome.CDI)}, staff, day)
        assert early.value.due == dt.date(2027, 9, 19)
    assert not FollowUp.objects.filter(participant__rally=annecy).exists()
    assert record_follow_ups(annecy, {p1.pk: FollowUpEntry(Outcome.CDI)}, staff, LAST_DAY + dt.timedelta(days=1)) == 1


def test_follow_ups_of_absent_people_are_refused_and_nothing_is_saved(annecy: Rally) -> None:
    staff = User.objects.get(email="coordination@mife74.demo")
    p1, p2 = _people(annecy, "P01", "P02")
    Participant.objects.filter(pk=p2.pk).update(present=False)
    entries = {p1.pk: FollowUpEntry(Outcome.CDI), p2.pk: FollowUpEntry(Outcome.TRAINING)}
    with pytest.raises(ValueError, match="participants présents"):
        record_follow_ups(annecy, entries, staff, dt.date(2027, 9, 20))
    assert not FollowUp.objects.filter(participant__rally=annecy).exists()
    assert rally_solution_rate(annecy).not_recorded == 25  # absent people are not followed


def test_due_follow_ups_oldest_first_without_recorded_absent_or_future_ones(annecy: Rally, foreign: Rally) -> None:
    today = dt.date(2027, 1, 10)
    end_rally_on(annecy, dt.date(2026, 7, 25))  # due 25 January 2027: within 30 days
    end_rally_on(foreign, dt.date(2026, 6, 1))  # due 1 December 2026: late
    staff = User.objects.get(email="coordination@mife74.demo")
    p1, p2 = _people(annecy, "P01", "P02")
    record_follow_ups(annecy, {p1.pk: FollowUpEntry(Outcome.CDI)}, staff, today)
    Participant.objects.filter(pk=p2.pk).update(present=False)
    groups = due_follow_ups(Rally.objects.filter(pk__in=[annecy.pk, foreign.pk]), today)
    assert [(g.rally, g.due) for g in groups] == [(foreign, dt.date(2026, 12, 1)), (annecy, dt.date(2027, 1, 25))]
    assert groups[0].late(today) and not groups[1].late(today)
    codes = [p.code for p in groups[1].participants]
    assert "P01" not in codes and "P02" not in codes and len(codes) == 24
    assert due_follow_ups(Rally.objects.filter(pk=annecy.pk), dt.date(2026, 12, 25)) == []  # due in 31 days
