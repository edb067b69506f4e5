"""Plan versions as rows: their numbers, the current one, success and failure. The services that
request solves (``services``) and the worker that runs them (``solving``) share these."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from rallye.history.models import Action, ObjectKind
from rallye.history.services import record
from rallye.plans.models import PlanState, PlanVersion
from rallye.rallies.changes import data_changed
from rallye.rallies.models import Rally


def current_plan(rally: Rally) -> PlanVersion | None:
    return PlanVersion.objects.filter(rally=rally, is_current=True).first()


def next_number(rally: Rally) -> int:
    """The rally's next version number, to use in the same transaction: the rally's row stays
    locked until it commits, so two solves launched at once never get the same number
    (PostgreSQL: ``SELECT … FOR UPDATE``; SQLite: transactions take the write lock when they
    begin, see ``web/database.py``)."""
    assert transaction.get_connection().in_atomic_block, "the number is only reserved inside a transaction"
    Rally.objects.select_for_update().filter(pk=rally.pk).values_list("pk").get()
    return (PlanVersion.objects.filter(rally=rally).aggregate(n=Max("number"))["n"] or 0) + 1


def about(version: PlanVersion) -> dict[str, Any]:
    """How the history names a plan version."""
    return {"kind": ObjectKind.PLAN, "label": f"Version {version.number}"}


def make_current(version: PlanVersion, content: dict[str, Any]) -> None:
    with transaction.atomic():
        PlanVersion.objects.filter(rally=version.rally, is_current=True).update(is_current=False)
        PlanVersion.objects.filter(pk=version.pk).update(
            state=PlanState.SUCCEEDED, is_current=True, content=content, finished_at=timezone.now(), message=""
        )
        data_changed([version.rally_id])


def fail(version: PlanVersion, lines: list[str]) -> None:
    PlanVersion.objects.filter(pk=version.pk).update(
        state=PlanState.FAILED, message="\n".join(lines), finished_at=timezone.now()
    )
    record(version.rally, None, Action.PLAN_FAILED, **about(version), summary=lines[0])
