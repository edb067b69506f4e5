"""Optimistic locking of the rally's edit forms: a form saved over someone else's change is refused.

Each edited record (rally — whose revision also covers its programme —, company, participant,
vehicle) carries a ``revision``. Its form posts the revision it was loaded with; saving bumps it
with one ``UPDATE … WHERE revision = seen``, in the save's transaction, so of two people who
loaded the same revision only the first saves. The second sees what they typed next to the
current values, and the form again, loaded with the current values: nothing is lost silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import F, Model

from rallye.history.services import display

PREFIX = "edition"


class RevisionForm(forms.Form):
    """The hidden revision the page was loaded with."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


def revision_form(record: Model) -> RevisionForm:
    return RevisionForm(initial={"revision": getattr(record, "revision", 0)}, prefix=PREFIX)


def claim(record: Model, data: Any) -> bool:
    """Take the next revision of ``record`` if it is still the one the form was loaded with;
    ``False`` (nothing changed) if someone saved in between. A post without a revision (a
    script, not the page) is not checked. Call inside the save's transaction."""
    model = type(record)
    seen_form = RevisionForm(data, prefix=PREFIX)
    rows = model._base_manager.filter(pk=record.pk)
    if seen_form.is_valid():
        seen: int = seen_form.cleaned_data["revision"]
        if not rows.filter(revision=seen).update(revision=F("revision") + 1):
            return False
    else:
        rows.update(revision=F("revision") + 1)
    record.revision = rows.values_list("revision", flat=True).get()  # type: ignore[attr-defined]
    return True


@dataclass(frozen=True)
class Conflict:
    """One field where what the user typed differs from what is now stored."""

    label: str
    yours: str
    current: str


def form_conflicts(mine: forms.BaseForm, current: forms.BaseForm) -> list[Conflict]:
    """The fields of a valid form ``mine`` whose value differs from the current record's form."""
    conflicts = []
    for name, field in mine.fields.items():
        yours = display(mine.cleaned_data.get(name), field)
        now = display(current.initial.get(name), current.fields[name])
        if yours != now:
            conflicts.append(Conflict(str(field.label or name), yours, now))
    return conflicts


def line_conflicts(label: str, mine: list[str], current: list[str]) -> list[Conflict]:
    """Row by row, the lines (e.g. of a programme) that differ."""
    rows = max(len(mine), len(current))
    padded = [(mine + [""] * rows)[i] for i in range(rows)], [(current + [""] * rows)[i] for i in range(rows)]
    return [
        Conflict(f"{label} {i + 1}", yours or "—", now or "—")
        for i, (yours, now) in enumerate(zip(*padded, strict=True))
        if yours != now
    ]
