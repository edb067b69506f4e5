"""The health check for monitoring (``/sante/``): is the database reachable, and how long has the
oldest waiting background task (a planning to compute…) been waiting? No login, no personal data.

A task that waits long means that ``rallye worker`` is stopped or overwhelmed."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError
from django.db.models import Case, Count, F, Min, When
from django.db.models.functions import Greatest
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_tasks_db.models import DBTaskResult, get_date_max

UNAVAILABLE = 503


def waiting_tasks() -> tuple[int, datetime | None]:
    """How many tasks are ready to run, and since when the oldest has been waiting (a task
    deferred to later waits from the time it may run)."""
    since = Case(When(run_after=get_date_max(), then=F("enqueued_at")), default=Greatest("enqueued_at", "run_after"))
    found = DBTaskResult.objects.ready().aggregate(count=Count("id"), oldest=Min(since))
    return found["count"], found["oldest"]


@login_not_required
@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    try:
        count, oldest = waiting_tasks()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=UNAVAILABLE)
    age = None if oldest is None else max(0, int((timezone.now() - oldest).total_seconds()))
    return JsonResponse({"status": "ok", "database": "ok", "waiting_tasks": count, "oldest_waiting_task_seconds": age})
