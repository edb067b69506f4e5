"""Background tasks (Django's tasks API, database-backed queue); they take primary keys."""

from __future__ import annotations

from django_tasks import task

from rallye.plans.solving import run_plan


@task()
def solve_plan(version_id: int) -> None:
    run_plan(version_id)
