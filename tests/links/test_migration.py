"""Moving questionnaire tokens onto private links: the links already sent keep their token."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

from rallye.evaluation.private_links import link_expiry

BEFORE = [("evaluation", "0001_initial"), ("links", None)]
AFTER = [("evaluation", "0003_remove_questionnaire_token"), ("links", "0001_private_links")]


def applied_state() -> Any:
    """The models as the migrations applied so far make them (every app, not only the two above)."""
    loader = MigrationLoader(connection)
    return loader.project_state(list(loader.applied_migrations or {})).apps


@pytest.mark.django_db(transaction=True)
def test_questionnaire_tokens_become_private_links_with_the_same_token() -> None:
    call_command("flush", verbosity=0, interactive=False)  # the session's demo: going back needs no rows
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = applied_state()
    federation = old.get_model("organisations", "Federation").objects.create(name="Réseau")
    structure = old.get_model("organisations", "Structure").objects.create(federation=federation, name="MIFE")
    rally = old.get_model("rallies", "Rally").objects.create(structure=structure, name="R", base_lat=45, base_lon=6)
    old.get_model("rallies", "Session").objects.create(
        rally=rally, kind="visits", date=dt.date(2027, 3, 19), start=dt.time(9), end=dt.time(17)
    )
    person = old.get_model("rallies", "Participant").objects.create(
        rally=rally, code="P01", first_name="Nadia", last_name="M", gender="F", birth_year=1990
    )
    questionnaire = old.get_model("evaluation", "Questionnaire").objects.create(
        rally=rally, participant=person, phase="before", token="jeton-deja-envoye-par-sms-0123456789"
    )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = applied_state()
    link = new.get_model("links", "PrivateLink").objects.get()
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())  # back to today's schema for the tests that follow
    assert link.token == "jeton-deja-envoye-par-sms-0123456789"
    assert (link.questionnaire_id, link.structure_id, link.purpose) == (questionnaire.pk, structure.pk, "questionnaire")
    assert link.expires_at == link_expiry(dt.date(2027, 3, 19))
    assert link.revoked_at is None and link.open_count == 0
