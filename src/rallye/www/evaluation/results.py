"""What the questionnaires of a rally say: the participants' answers before and after (compared
over the people who answered both times), what they intend to do, the companies' feedback, and
the free comments (staff only: they may name people)."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import SafeString, mark_safe

from rallye.domain import french
from rallye.domain.questionnaires import (
    FREE_TEXT_KEYS,
    QUESTIONS,
    SCALE,
    Answers,
    ItemChange,
    Kind,
    Phase,
    Question,
    choice_counts,
    questions,
    scale_means,
)
from rallye.evaluation.models import Questionnaire
from rallye.evaluation.records import answers_by_participant, survey_changes
from rallye.reporting.charts import grouped_bar_chart
from rallye.www.evaluation.base import EvaluationMixin
from rallye.www.evaluation.wording import people_who_answered

SCALE_MAX = len(SCALE)


@dataclass(frozen=True)
class ChangeRow:
    item: ItemChange

    @property
    def before(self) -> str:
        return _mean(self.item.before_mean)

    @property
    def after(self) -> str:
        return _mean(self.item.after_mean)

    @property
    def answered(self) -> str:
        return french.count(self.item.pairs, "réponse")

    @property
    def trend(self) -> str:
        """The change in words, in the good direction (less isolation is progress)."""
        change, improvement = self.item.change, self.item.improvement
        if change is None or improvement is None:
            return "pas de réponses à comparer"
        signed = ("+" if change > 0 else "") + french.number(change)
        if abs(change) < 0.05:
            return "stable"
        return f"{signed} : {'en progrès' if improvement > 0 else 'en recul'}"


@dataclass(frozen=True)
class ChoiceRow:
    label: str
    counts: tuple[int, ...]


@dataclass(frozen=True)
class Comment:
    source: str
    text: str


def _mean(value: float | None) -> str:
    return "—" if value is None else f"{french.number(value)} / {SCALE_MAX}"


def choice_table(question: Question, groups: list[list[Answers]]) -> list[ChoiceRow]:
    """One row per option of ``question``: how many chose it in each group of answers."""
    counted = [choice_counts(group, question) for group in groups]
    return [ChoiceRow(label, tuple(c[str(value)] for c in counted)) for value, label in question.options()]


def before_after_chart(changes: tuple[ItemChange, ...], pairs: int) -> SafeString:
    svg = grouped_bar_chart(
        "Réponses moyennes avant et après le rallye",
        [c.question.theme for c in changes],
        [("Avant", [c.before_mean for c in changes]), ("Après", [c.after_mean for c in changes])],
        maximum=SCALE_MAX,
        description=(
            f"Moyenne sur {french.count(pairs, 'personne')} ayant répondu avant et après, de 1 (pas du tout d'accord) "
            f"à {SCALE_MAX} (tout à fait d'accord)."
        ),
    )
    return mark_safe(svg)  # built by reporting.charts, which escapes every text


class ResultsView(EvaluationMixin):
    section = "results"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        before = answers_by_participant(self.rally, Phase.BEFORE)
        after = answers_by_participant(self.rally, Phase.AFTER)
        pairs = len(before.keys() & after.keys())
        changes = survey_changes(self.rally)
        companies = [
            q.answers
            for q in Questionnaire.objects.for_user(request.user).filter(
                rally=self.rally, phase=Phase.COMPANY, answers__isnull=False
            )
        ]
        company_means = scale_means(companies, Phase.COMPANY)
        overview = (
            f"{french.count(len(before), 'questionnaire rempli', 'questionnaires remplis')} avant le rallye, "
            f"{len(after)} après ; {french.count(len(companies), 'retour', 'retours')} d'entreprise"
        )
        context = self.evaluation_context(
            overview=overview,
            pairs=pairs,
            pairs_fr=people_who_answered(pairs),
            before_count=len(before),
            after_count=len(after),
            changes=[ChangeRow(c) for c in changes],
            chart=before_after_chart(changes, pairs) if pairs else "",
            intentions=[
                (q.text, choice_table(q, [list(before.values()), list(after.values())]))
                for q in questions(Phase.BEFORE)
                if q.kind is Kind.CHOICE
            ],
            company_count=len(companies),
            company_scales=[
                (q.text, _mean(company_means[q.key])) for q in questions(Phase.COMPANY) if q.kind is Kind.SCALE
            ],
            company_choices=[
                (q.text, choice_table(q, [companies])) for q in questions(Phase.COMPANY) if q.kind is Kind.CHOICE
            ],
            comments=self.comments(),
        )
        return render(request, "www/evaluation/results.html", context)

    def comments(self) -> list[Comment]:
        texts = {q.key: q for q in QUESTIONS if q.key in FREE_TEXT_KEYS}
        found = (
            Questionnaire.objects.for_user(self.request.user)
            .filter(rally=self.rally, answers__isnull=False)
            .select_related("company")
            .order_by("submitted_at")
        )
        order = list(Phase)
        comments = []
        for questionnaire in sorted(found, key=lambda q: order.index(Phase(q.phase))):
            phase = Phase(questionnaire.phase)
            source = phase.label if questionnaire.company is None else f"{phase.label} — {questionnaire.company.name}"
            for key in texts:
                text = questionnaire.answers.get(key)
                if isinstance(text, str) and text.strip():
                    comments.append(Comment(source, text))
        return comments
