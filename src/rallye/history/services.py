"""The one way to write a rally's history: ``record``, called once per action by the code that
changes the data (views' save steps, plan and evaluation services).

A change is stored as the field's French label with its values as a person reads them
(« Oui », « 14:30 », « 7 décembre 2026 », the label of a choice), so the history page shows
them as they were, even after the field or its choices change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django import forms
from django.db import models

from rallye.domain import french
from rallye.history.models import Action, HistoryEntry, ObjectKind
from rallye.rallies.models import Company, Participant, Rally, Vehicle

Change = dict[str, str]
"""``{"field": name, "label": French label, "before": text, "after": text}``"""

KINDS: dict[type[models.Model], ObjectKind] = {
    Rally: ObjectKind.RALLY,
    Company: ObjectKind.COMPANY,
    Participant: ObjectKind.PARTICIPANT,
    Vehicle: ObjectKind.VEHICLE,
}
EMPTY = "—"


def author_name(user: Any) -> str:
    if not getattr(user, "is_authenticated", False):
        return ""
    return str(user.get_full_name() or user.email)


def record(
    rally: Rally,
    user: Any,
    action: Action,
    obj: models.Model | None = None,
    *,
    kind: ObjectKind | None = None,
    label: str | None = None,
    summary: str = "",
    changes: Iterable[Change] = (),
) -> HistoryEntry:
    """Write one entry of ``rally``'s history. ``obj`` (a rally, company, participant or vehicle)
    gives the entry's kind, id and label; ``kind`` and ``label`` name anything else (a plan
    version, the programme…). ``user`` is ``None`` for what Rallye does by itself."""
    if kind is None:
        kind = KINDS.get(type(obj), ObjectKind.RALLY) if obj is not None else ObjectKind.RALLY
    author = user if getattr(user, "is_authenticated", False) else None
    return HistoryEntry.objects.create(
        rally=rally,
        author=author,
        author_name=author_name(author),
        action=action,
        object_kind=kind,
        object_id=obj.pk if obj is not None else None,
        object_label=(label if label is not None else str(obj) if obj is not None else "")[:300],
        summary=summary[:500],
        changes=list(changes),
    )


def display(value: Any, field: forms.Field | None = None) -> str:
    """A value as the history shows it."""
    if value is None or value == "":
        return EMPTY
    if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        choices: Any = field.choices
        labels = {str(key): str(text) for key, text in choices if not isinstance(text, list | tuple)}
        return labels.get(str(value), str(value))
    if isinstance(value, bool):
        return "Oui" if value else "Non"
    if isinstance(value, dt.datetime):
        return when(value)
    if isinstance(value, dt.date):
        return french.date(value)
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, float | Decimal):
        return french.number(float(value), 6)
    return str(value)


def when(moment: dt.datetime) -> str:
    """« le 7 décembre 2026 à 14 h 05 », in the server's time zone."""
    from django.utils import timezone

    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    return f"le {french.date(local.date())} à {local.hour} h {local.minute:02d}"


def form_changes(form: forms.BaseForm, before: dict[str, Any] | None = None) -> list[Change]:
    """The fields a bound, valid form changes, with their label and both values. ``before``: the
    values as stored, when the form's initial values are not them (a stale form)."""
    changes = []
    for name in form.changed_data:
        field = form.fields[name]
        old = (before or {}).get(name, form.initial.get(name))
        new = form.cleaned_data.get(name)
        if isinstance(field, forms.ModelChoiceField):
            queryset: Any = field.queryset
            old = str(queryset.filter(pk=getattr(old, "pk", old)).first() or "") if old else None
        shown_old, shown_new = display(old, field), display(new, field)
        if shown_old != shown_new:
            label = str(field.label or name)
            changes.append({"field": name, "label": label, "before": shown_old, "after": shown_new})
    return changes


def values_of(form: forms.BaseForm) -> list[Change]:
    """Every filled field of a form, as changes from nothing (what an item is created with)."""
    changes = []
    for name, field in form.fields.items():
        shown = display(form.cleaned_data.get(name), field)
        if shown != EMPTY and shown != "Non":
            changes.append({"field": name, "label": str(field.label or name), "before": EMPTY, "after": shown})
    return changes


def lines_changed(label: str, before: list[str], after: list[str]) -> list[Change]:
    """A list of lines (a programme's sessions, a company's windows) as one change, if it changed."""
    if before == after:
        return []
    return [{"field": "", "label": label, "before": "\n".join(before) or EMPTY, "after": "\n".join(after) or EMPTY}]


# -- personal data: anonymised with the person (erasure) or the rally (purge) -----------------
ANONYMOUS = "Anonyme"
PERSONAL_FIELDS: dict[str, frozenset[str]] = {
    ObjectKind.PARTICIPANT: frozenset({"first_name", "last_name", "phone", "email"}),
    ObjectKind.COMPANY: frozenset({"contact_name", "contact_phone", "contact_email"}),
    ObjectKind.VEHICLE: frozenset({"accompanier_name", "accompanier_phone", "accompanier_email"}),
}
"""The fields whose values name or reach a person, by kind of item (what the purge clears)."""


def _scrub(entry: HistoryEntry, label: str | None = None) -> None:
    personal = PERSONAL_FIELDS.get(entry.object_kind, frozenset())
    entry.changes = [
        {**change, "before": ANONYMOUS, "after": ANONYMOUS} if change.get("field") in personal else change
        for change in entry.changes
    ]
    if label is not None:
        entry.object_label = label
    entry.save(update_fields=["changes", "object_label"])


def anonymise_person(participant: Participant) -> None:
    """The history about one participant no longer names them: « Anonyme (P01) », and « Anonyme »
    for the values of their name, phone and e-mail."""
    about = {"object_kind": ObjectKind.PARTICIPANT, "object_id": participant.pk}
    for entry in HistoryEntry.objects.filter(rally_id=participant.rally_id, **about):
        _scrub(entry, f"{ANONYMOUS} ({participant.code})")


def anonymise_rally(rally: Rally) -> None:
    """At the end of retention: every participant of the rally's history (deleted ones too) made
    anonymous, and the contacts of companies and the accompaniers of vehicles cleared."""
    codes = dict(Participant.objects.filter(rally=rally).values_list("pk", "code"))
    for entry in HistoryEntry.objects.filter(rally=rally, object_kind__in=PERSONAL_FIELDS):
        if entry.object_kind == ObjectKind.PARTICIPANT:
            code = codes.get(entry.object_id or 0)
            _scrub(entry, f"{ANONYMOUS} ({code})" if code else ANONYMOUS)
        else:
            _scrub(entry)
