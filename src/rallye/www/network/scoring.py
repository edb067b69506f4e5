"""Confirming the fidelity grid: one form for the 19 principles, saved all or nothing.

The form proposes, for each principle, the score already confirmed, else the score the data
gives. Saving confirms every line as chosen; a score that differs from what the data gives needs
a comment that says why (the evidence and the evaluator's reason then sit side by side).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.db import transaction

from rallye.domain.fidelity import NOT_ASSESSABLE, SCORE_LABELS, SCORES
from rallye.evaluation.models import FidelityScore
from rallye.evaluation.records import GridLine
from rallye.rallies.models import Rally

NOT_ASSESSABLE_VALUE = "na"
SCORE_CHOICES = [(str(score), SCORE_LABELS[score]) for score in SCORES] + [(NOT_ASSESSABLE_VALUE, NOT_ASSESSABLE)]


def score_value(score: int | None) -> str:
    return NOT_ASSESSABLE_VALUE if score is None else str(score)


def score_of(value: str) -> int | None:
    return None if value == NOT_ASSESSABLE_VALUE else int(value)


def score_field(code: str) -> str:
    return f"score_{code}"


def comment_field(code: str) -> str:
    return f"comment_{code}"


class FidelityForm(forms.Form):
    """A score and a comment per principle of ``lines``."""

    def __init__(self, lines: Sequence[GridLine], *args: Any, **kwargs: Any) -> None:
        self.lines = list(lines)
        kwargs.setdefault(
            "initial",
            {
                **{score_field(line.principle.code): score_value(line.score) for line in self.lines},
                **{
                    comment_field(line.principle.code): line.confirmed.comment
                    for line in self.lines
                    if line.confirmed is not None
                },
            },
        )
        super().__init__(*args, **kwargs)
        for line in self.lines:
            code = line.principle.code
            self.fields[score_field(code)] = forms.ChoiceField(label=f"Note retenue pour {code}", choices=SCORE_CHOICES)
            self.fields[comment_field(code)] = forms.CharField(
                label=f"Commentaire sur {code}",
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for line in self.lines:
            code = line.principle.code
            value = cleaned.get(score_field(code))
            if value is None:
                continue
            score = score_of(value)
            if score != line.prefill.score and not cleaned.get(comment_field(code), "").strip():
                proposed = line.prefill.score_fr
                chosen = NOT_ASSESSABLE if score is None else f"{score}/4"
                self.add_error(
                    comment_field(code),
                    f"{code} : la note retenue ({chosen}) diffère de celle que donnent les données ({proposed}). "
                    "Écrivez en commentaire pourquoi vous la changez.",
                )
        return cleaned

    def rows(self) -> list[tuple[GridLine, forms.BoundField, forms.BoundField]]:
        """Each line with its two fields, for the template."""
        return [
            (line, self[score_field(line.principle.code)], self[comment_field(line.principle.code)])
            for line in self.lines
        ]

    def chosen(self) -> dict[str, tuple[int | None, str]]:
        """Principle code → (score, comment), once the form is valid."""
        return {
            line.principle.code: (
                score_of(self.cleaned_data[score_field(line.principle.code)]),
                self.cleaned_data[comment_field(line.principle.code)].strip(),
            )
            for line in self.lines
        }


@transaction.atomic
def save_scores(rally: Rally, user: Any, lines: Sequence[GridLine], chosen: dict[str, tuple[int | None, str]]) -> int:
    """Record every line as confirmed by ``user``; lines confirmed before and left as they were
    keep their assessor and date. Returns how many lines changed."""
    changed = 0
    for line in lines:
        score, comment = chosen[line.principle.code]
        confirmed = line.confirmed
        if confirmed is not None and confirmed.score == score and confirmed.comment == comment:
            continue
        FidelityScore.objects.update_or_create(
            rally=rally,
            principle=line.principle.code,
            defaults={"score": score, "comment": comment, "assessed_by": user},
        )
        changed += 1
    return changed
