"""The questionnaires: one definition for every form, their checks, and the comparisons."""

from __future__ import annotations

import pytest

from rallye.domain.questionnaires import (
    QUESTIONS,
    Answers,
    InvalidAnswers,
    Kind,
    Phase,
    choice_counts,
    clean,
    compare,
    questions,
    scale_means,
)

BEFORE_FILLED = {
    "companies_open": "2",
    "companies_known": "1",
    "confidence": "3",
    "isolation": "4",
    "network": "1",
    "intention": "think",
}


def test_before_and_after_ask_the_same_questions_and_companies_their_own() -> None:
    assert questions(Phase.BEFORE) == questions(Phase.AFTER)
    assert {q.key for q in questions(Phase.COMPANY)} == {
        "seekers_motivated",
        "view_changed",
        "would_hire",
        "again",
        "company_comment",
    }
    assert all(q.text for q in QUESTIONS)


def test_clean_types_the_answers_and_keeps_an_optional_comment() -> None:
    answers = clean(Phase.BEFORE, {**BEFORE_FILLED, "comment": "  Merci  "})
    assert answers["confidence"] == 3 and answers["intention"] == "think" and answers["comment"] == "Merci"
    assert "comment" not in clean(Phase.BEFORE, BEFORE_FILLED)


def test_clean_lists_every_problem_in_french() -> None:
    with pytest.raises(InvalidAnswers) as raised:
        clean(Phase.BEFORE, {**BEFORE_FILLED, "confidence": "", "network": "9"})
    assert raised.value.problems == {
        "confidence": "Merci de choisir une réponse.",
        "network": "Cette réponse ne fait pas partie des choix proposés.",
    }


def test_compare_pairs_people_who_answered_both_times() -> None:
    before = {"a": {"confidence": 2, "isolation": 4}, "b": {"confidence": 1, "isolation": 4}, "c": {"confidence": 1}}
    after = {"a": {"confidence": 4, "isolation": 2}, "b": {"confidence": 2, "isolation": 3}}
    changes = {c.question.key: c for c in compare(before, after)}
    assert changes["confidence"].pairs == 2
    assert (changes["confidence"].before_mean, changes["confidence"].after_mean) == (1.5, 3.0)
    assert changes["isolation"].change == -1.5
    assert changes["isolation"].improvement == 1.5  # less isolated is better
    assert changes["network"].pairs == 0 and changes["network"].change is None
    assert all(c.question.kind is Kind.SCALE for c in changes.values())


def test_company_means_and_choice_counts() -> None:
    filled: list[Answers] = [
        {"seekers_motivated": 4, "would_hire": "yes"},
        {"seekers_motivated": 3, "would_hire": "maybe"},
    ]
    assert scale_means(filled, Phase.COMPANY)["seekers_motivated"] == 3.5
    would_hire = next(q for q in QUESTIONS if q.key == "would_hire")
    assert choice_counts(filled, would_hire) == {"yes": 1, "maybe": 1, "no": 0}
