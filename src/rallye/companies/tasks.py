"""Background tasks of the companies (Django's tasks API, database-backed queue); they take
primary keys."""

from __future__ import annotations

from django_tasks import task

from rallye.companies.what_if import run_advice


@task()
def compute_advice(rally_id: int) -> None:
    run_advice(rally_id)
