"""Plan version numbers: 1, 2, 3… per rally, even when several solves are launched at once."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from rallye.organisations.scoping import scopes_disabled
from rallye.plans.models import PlanVersion
from rallye.plans.services import request_plan
from rallye.rallies.models import Rally

LAUNCHES = 6


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent transactions need PostgreSQL")
def test_solves_launched_at_once_get_distinct_numbers(rally: Rally) -> None:
    start = threading.Barrier(LAUNCHES)
    errors: list[BaseException] = []

    def launch() -> None:
        try:
            start.wait()
            with scopes_disabled():  # a new thread starts outside the test's scope
                request_plan(rally, None, time_limit=1)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=launch) for _ in range(LAUNCHES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(PlanVersion.objects.filter(rally=rally).values_list("number", flat=True)) == list(
        range(1, LAUNCHES + 1)
    )


@pytest.mark.django_db
def test_numbers_follow_each_other_per_rally(rally: Rally) -> None:
    numbers = [request_plan(rally, None, time_limit=1).number for _ in range(3)]
    assert numbers == [1, 2, 3]
