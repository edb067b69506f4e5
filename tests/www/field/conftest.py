"""A planned copy of the Annecy example (the recorded plan), its team links, and a clock set on
the rally's first visit day (every ``timezone.now()`` answers it: link expiry, check-ins,
lateness)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from rallye.field.services import team_link
from rallye.links.models import PrivateLink
from rallye.rallies.models import Rally, Vehicle

OnCommit = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]
FIRST_DAY = dt.date(2027, 3, 16)
"""The first visit day of the Annecy example; team T1 (vehicle V1) visits C04 at 09:10-10:10,
C10 at 10:25-11:40, C02 at 13:30-14:30 (``examples/annecy-2027/plan.json``)."""


def moment(hour: int, minute: int, day: dt.date = FIRST_DAY) -> dt.datetime:
    """A local time of the rally's day, as an aware datetime."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Callable[[dt.datetime], None]:
    """Set what ``timezone.now()`` answers (every module reads it through ``django.utils``)."""

    def set_now(when: dt.datetime) -> None:
        monkeypatch.setattr(timezone, "now", lambda: when)

    set_now(moment(8, 30))
    return set_now


@pytest.fixture
def planned(
    clock: Callable[[dt.datetime], None],
    annecy: Rally,
    coordinator: Client,
    django_capture_on_commit_callbacks: OnCommit,
    recorded_solves: None,
) -> Rally:
    """The Annecy copy with its recorded plan as version 1 (the clock is set first: the
    coordinator's session is opened on the rally's day)."""
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(f"/rallyes/{annecy.pk}/planning/")
    assert response.status_code == 302
    return annecy


@pytest.fixture
def v1(planned: Rally) -> Vehicle:
    return planned.vehicles.get(code="V1")


@pytest.fixture
def link(v1: Vehicle) -> PrivateLink:
    return team_link(v1)


@pytest.fixture
def phone(link: PrivateLink) -> Client:
    """The accompanier's phone: no account, no cookie."""
    return Client()


def entry_url(link: PrivateLink) -> str:
    return f"/equipe/{link.token}/saisie/"


def page_url(link: PrivateLink) -> str:
    return f"/equipe/{link.token}/"
