"""The questionnaire form, built from the domain's questions: one block per question, with the
value given and, after a refused submission, what is wrong next to it. The same blocks serve the
phone form of the private link and staff filling it for someone."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.http import QueryDict

from rallye.domain.questionnaires import TEXT_MAX, Kind, Phase, Question, questions


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    checked: bool


@dataclass(frozen=True)
class QuestionBlock:
    number: int
    question: Question
    value: str
    problem: str = ""

    @property
    def key(self) -> str:
        return self.question.key

    @property
    def is_text(self) -> bool:
        return self.question.kind is Kind.TEXT

    @property
    def text_max(self) -> int:
        return TEXT_MAX

    @property
    def answer(self) -> str:
        """The answer in words (the chosen option's label, or the text), « — » when none."""
        if not self.value:
            return "—"
        return self.value if self.is_text else self.question.label_of(_typed(self.value))

    @property
    def options(self) -> list[Option]:
        return [Option(str(v), label, str(v) == self.value) for v, label in self.question.options()]


def _typed(value: str) -> int | str:
    return int(value) if value.isdigit() else value


def question_blocks(
    phase: Phase, given: Mapping[str, object] | None = None, problems: Mapping[str, str] | None = None
) -> list[QuestionBlock]:
    """The blocks of ``phase``'s questionnaire, with what was given (a submitted form or stored answers)."""
    given = given or {}
    problems = problems or {}
    return [
        QuestionBlock(number, question, str(given.get(question.key, "")), problems.get(question.key, ""))
        for number, question in enumerate(questions(phase), start=1)
    ]


def submitted(post: QueryDict, phase: Phase) -> dict[str, str]:
    """The raw answers of a submitted form, by question key (what ``questionnaires.clean`` reads)."""
    return {question.key: post.get(question.key, "") for question in questions(phase)}
