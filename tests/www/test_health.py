"""The health check for monitoring: database reachable, and how long the oldest waiting
background task has waited (a stopped ``rallye worker`` shows there)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from pytest_django.fixtures import Settings

from rallye.plans.tasks import solve_plan
from tests.web.subprocess_django import UNREACHABLE_DATABASE, environment, run_django

pytestmark = pytest.mark.django_db


def test_health_says_ok_without_login_or_data() -> None:
    response = Client().get("/sante/")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {
        "status": "ok",
        "database": "ok",
        "waiting_tasks": 0,
        "oldest_waiting_task_seconds": None,
    }
    assert "no-cache" in response["Cache-Control"]


def test_health_gives_the_age_of_the_oldest_waiting_task(settings: Settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # queued, as with the worker stopped
    first = solve_plan.enqueue(1)
    solve_plan.enqueue(2)
    DBTaskResult.objects.filter(pk=first.id).update(enqueued_at=timezone.now() - dt.timedelta(minutes=12))
    body = json.loads(Client().get("/sante/").content)
    assert body["waiting_tasks"] == 2
    assert 12 * 60 <= body["oldest_waiting_task_seconds"] < 13 * 60


def test_health_says_unavailable_when_the_database_is_unreachable(tmp_path: Path) -> None:
    code = """
from django.test import Client
response = Client().get("/sante/", secure=True)
print(response.status_code, response.content.decode())
"""
    ran = run_django(code, environment(tmp_path, DATABASE_URL=UNREACHABLE_DATABASE))
    assert ran.returncode == 0, ran.stderr
    status, body = ran.stdout.strip().split(" ", 1)
    assert status == "503" and json.loads(body) == {"status": "error", "database": "unreachable"}
