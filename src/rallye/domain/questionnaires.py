"""The short questionnaires of the evaluation: participants before and after the rally (their view
of companies, confidence, isolation, network, what they intend to do) and the companies' feedback
(their view of the job seekers they met).

Each question is defined once here; the web forms, the phone form reached through a private
link, the comparisons and the exports all read these definitions. Agreement questions use a
four-point scale without a middle answer, easy to tap on a phone; the same agreement questions
are asked before and after, so the answers of one person can be compared.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

Answers = Mapping[str, int | str]
"""One filled questionnaire: question key → scale value (1-4), choice value or text."""


class Phase(StrEnum):
    BEFORE = "before"
    AFTER = "after"
    COMPANY = "company"

    @property
    def label(self) -> str:
        return PHASE_LABELS[self]


PHASE_LABELS = {
    Phase.BEFORE: "Questionnaire avant le rallye",
    Phase.AFTER: "Questionnaire après le rallye",
    Phase.COMPANY: "Retour de l'entreprise",
}


class Kind(StrEnum):
    SCALE = "scale"
    CHOICE = "choice"
    TEXT = "text"


SCALE = (
    (1, "Pas du tout d'accord"),
    (2, "Plutôt pas d'accord"),
    (3, "Plutôt d'accord"),
    (4, "Tout à fait d'accord"),
)
TEXT_MAX = 1000


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    kind: Kind
    phases: tuple[Phase, ...]
    theme: str = ""
    """What the answer measures, shown in comparisons (« regard sur les entreprises »…)."""
    choices: tuple[tuple[str, str], ...] = ()
    positive_high: bool = True
    """False when agreeing is the worse answer (feeling isolated): comparisons then say so."""
    required: bool = True

    def options(self) -> tuple[tuple[int | str, str], ...]:
        return SCALE if self.kind is Kind.SCALE else self.choices

    def label_of(self, value: int | str) -> str:
        return dict(self.options()).get(value, str(value))


_BOTH = (Phase.BEFORE, Phase.AFTER)
QUESTIONS: tuple[Question, ...] = (
    Question(
        "companies_open",
        "Les entreprises sont prêtes à recruter des personnes comme moi.",
        Kind.SCALE,
        _BOTH,
        theme="regard sur les entreprises",
    ),
    Question(
        "companies_known",
        "Je connais les métiers et les entreprises de mon territoire.",
        Kind.SCALE,
        _BOTH,
        theme="connaissance des entreprises",
    ),
    Question(
        "confidence",
        "Je me sens capable de me présenter à un employeur.",
        Kind.SCALE,
        _BOTH,
        theme="confiance en soi",
    ),
    Question(
        "isolation",
        "Je me sens seul(e) dans ma recherche d'emploi.",
        Kind.SCALE,
        _BOTH,
        theme="isolement",
        positive_high=False,
    ),
    Question(
        "network",
        "Je connais des personnes qui peuvent m'aider dans ma recherche.",
        Kind.SCALE,
        _BOTH,
        theme="réseau",
    ),
    Question(
        "intention",
        "Dans le mois qui vient, je compte surtout…",
        Kind.CHOICE,
        _BOTH,
        theme="projet",
        choices=(
            ("apply", "envoyer des candidatures ou rencontrer des employeurs"),
            ("training", "me former"),
            ("business", "créer mon activité"),
            ("think", "réfléchir à mon projet"),
            ("unsure", "je ne sais pas encore"),
        ),
    ),
    Question(
        "comment",
        "Voulez-vous ajouter quelque chose ?",
        Kind.TEXT,
        _BOTH,
        required=False,
    ),
    Question(
        "seekers_motivated",
        "Les personnes que nous avons reçues étaient motivées.",
        Kind.SCALE,
        (Phase.COMPANY,),
        theme="motivation perçue",
    ),
    Question(
        "view_changed",
        "Le rallye a changé notre regard sur les demandeurs d'emploi.",
        Kind.SCALE,
        (Phase.COMPANY,),
        theme="regard sur les demandeurs d'emploi",
    ),
    Question(
        "would_hire",
        "Envisagez-vous de recruter l'une des personnes rencontrées ?",
        Kind.CHOICE,
        (Phase.COMPANY,),
        theme="recrutement",
        choices=(("yes", "oui"), ("maybe", "peut-être"), ("no", "non")),
    ),
    Question(
        "again",
        "Participeriez-vous à un prochain rallye ?",
        Kind.CHOICE,
        (Phase.COMPANY,),
        theme="fidélisation",
        choices=(("yes", "oui"), ("maybe", "peut-être"), ("no", "non")),
    ),
    Question(
        "company_comment",
        "Vos remarques ou suggestions",
        Kind.TEXT,
        (Phase.COMPANY,),
        required=False,
    ),
)
FREE_TEXT_KEYS = frozenset(q.key for q in QUESTIONS if q.kind is Kind.TEXT)
"""Free answers may name people: erasure removes them, pseudonymised exports leave them out."""


def questions(phase: Phase) -> tuple[Question, ...]:
    return tuple(q for q in QUESTIONS if phase in q.phases)


class InvalidAnswers(ValueError):
    def __init__(self, problems: Mapping[str, str]) -> None:
        super().__init__("; ".join(f"{key} : {text}" for key, text in problems.items()))
        self.problems = dict(problems)
        """Question key → what is wrong, in French."""


def clean(phase: Phase, raw: Mapping[str, str]) -> dict[str, int | str]:
    """The answers of a submitted form, typed; every problem at once (``InvalidAnswers``)."""
    answers: dict[str, int | str] = {}
    problems: dict[str, str] = {}
    for question in questions(phase):
        value = (raw.get(question.key) or "").strip()
        if not value:
            if question.required:
                problems[question.key] = "Merci de choisir une réponse."
            continue
        if question.kind is Kind.TEXT:
            if len(value) > TEXT_MAX:
                problems[question.key] = f"Merci de rester sous {TEXT_MAX} caractères."
            else:
                answers[question.key] = value
            continue
        allowed = {str(v): v for v, _ in question.options()}
        if value not in allowed:
            problems[question.key] = "Cette réponse ne fait pas partie des choix proposés."
        else:
            answers[question.key] = allowed[value]
    if problems:
        raise InvalidAnswers(problems)
    return answers


@dataclass(frozen=True)
class ItemChange:
    """Before/after on one agreement question, over the people who answered both times."""

    question: Question
    pairs: int
    before_mean: float | None
    after_mean: float | None

    @property
    def change(self) -> float | None:
        if self.before_mean is None or self.after_mean is None:
            return None
        return self.after_mean - self.before_mean

    @property
    def improvement(self) -> float | None:
        """The change counted in the good direction (less isolation is an improvement)."""
        change = self.change
        if change is None:
            return None
        return change if self.question.positive_high else -change


def compare(before: Mapping[str, Answers], after: Mapping[str, Answers]) -> tuple[ItemChange, ...]:
    """Per agreement question, the mean answer before and after among the people (keys) who
    answered both questionnaires."""
    both = sorted(before.keys() & after.keys())
    changes = []
    for question in questions(Phase.BEFORE):
        if question.kind is not Kind.SCALE:
            continue
        pairs = [
            (before[k][question.key], after[k][question.key])
            for k in both
            if isinstance(before[k].get(question.key), int) and isinstance(after[k].get(question.key), int)
        ]
        changes.append(
            ItemChange(
                question,
                len(pairs),
                _mean([int(b) for b, _ in pairs]),
                _mean([int(a) for _, a in pairs]),
            )
        )
    return tuple(changes)


def scale_means(answers: Sequence[Answers], phase: Phase) -> dict[str, float | None]:
    """Mean answer per agreement question of ``phase`` (the companies' feedback, for example)."""
    means: dict[str, float | None] = {}
    for question in questions(phase):
        if question.kind is Kind.SCALE:
            means[question.key] = _mean([int(a[question.key]) for a in answers if isinstance(a.get(question.key), int)])
    return means


def choice_counts(answers: Sequence[Answers], question: Question) -> dict[str, int]:
    """How many chose each option of a choice question (every option listed, in order)."""
    counts = {str(value): 0 for value, _ in question.options()}
    for filled in answers:
        value = filled.get(question.key)
        if value is not None and str(value) in counts:
            counts[str(value)] += 1
    return counts


def _mean(values: Sequence[int]) -> float | None:
    return sum(values) / len(values) if values else None
