"""Which template a rally's tasks are copied from: its federation's (the default until its
administrators edit it), with its structure's changes."""

from __future__ import annotations

from django.db import transaction

from rallye.organisations.models import Federation, Structure
from rallye.preparation.models import FederationTask, StructureTask, TaskFields
from rallye.retroplanning.template import DEFAULT_TEMPLATE, Phase, TaskTemplate


def as_template(row: TaskFields) -> TaskTemplate:
    return TaskTemplate(
        key=row.key,
        title=row.title,
        phase=Phase(row.phase),
        offset_days=row.offset_days,
        milestone=row.milestone,
        fixed_date=row.fixed_date,
        pathway_only=row.pathway_only,
        tips=tuple(str(key) for key in row.tips or ()),
        description=row.description,
    )


def federation_template(federation: Federation) -> list[TaskTemplate]:
    """The federation's template: its tasks, or the default while it has none."""
    rows = list(FederationTask.objects.filter(federation=federation))
    if not rows:
        return list(DEFAULT_TEMPLATE)
    return [as_template(row) for row in rows]


def federation_rows(federation: Federation) -> list[FederationTask]:
    """The federation's template as rows to edit, written from the default the first time."""
    with transaction.atomic():
        if not FederationTask.objects.filter(federation=federation).exists():
            FederationTask.objects.bulk_create(
                FederationTask(federation=federation, position=index, **_fields(task))
                for index, task in enumerate(DEFAULT_TEMPLATE)
            )
    return list(FederationTask.objects.filter(federation=federation))


def _fields(task: TaskTemplate) -> dict[str, object]:
    return {
        "key": task.key,
        "title": task.title,
        "phase": task.phase.value,
        "offset_days": task.offset_days,
        "milestone": task.milestone,
        "fixed_date": task.fixed_date,
        "pathway_only": task.pathway_only,
        "tips": list(task.tips),
        "description": task.description,
    }


def structure_template(structure: Structure) -> list[TaskTemplate]:
    """The federation's template with the structure's changes: a task of the same key
    rewritten or removed, the structure's own tasks added."""
    changes = {row.key: row for row in StructureTask.objects.filter(structure=structure)}
    template = []
    for task in federation_template(structure.federation):
        change = changes.pop(task.key, None)
        if change is None:
            template.append(task)
        elif not change.removed:
            template.append(as_template(change))
    template.extend(as_template(row) for row in changes.values() if not row.removed)
    return sorted(template, key=lambda task: (task.offset_days, task.phase.number))
