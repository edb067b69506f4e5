"""What the evaluation reads from the database: who took part, and which rallies were held."""

from __future__ import annotations

import datetime as dt

import pytest

from rallye.evaluation.records import rally_record, rally_records, took_part
from rallye.evaluation.services import followed_participants
from rallye.plans.models import PlanVersion
from rallye.rallies.models import Rally

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 29)


def test_people_ticked_absent_on_the_day_did_not_take_part(mife_rally: Rally) -> None:
    rally = Rally.objects.get(name="Rallye pour l'emploi — Annecy, mai 2026")
    person = rally.participants.filter(present=True).first()
    assert person is not None
    before = took_part(rally).count()
    version = PlanVersion.objects.get(rally=rally, is_current=True)
    assert version.content is not None
    version.content = {**version.content, "absent": [person.code]}  # as a re-plan on the day records it
    version.save()
    assert took_part(rally).count() == before - 1
    assert person not in followed_participants(rally)
    record = rally_record(rally, TODAY)
    assert record is not None
    assert len(record.participants) == before - 1


def test_reports_count_the_rallies_held_only(mife_rally: Rally) -> None:
    every = rally_records(Rally.objects.select_related("structure"), TODAY)
    held = rally_records(Rally.objects.select_related("structure"), TODAY, held_only=True)
    assert {r.name for r in every} - {r.name for r in held} == {
        "Rallye pour l'emploi — Annecy, mars 2027",
        "Rallye pour l'emploi — Pays voironnais, mai 2027",
    }
    assert all(r.last_day < TODAY for r in held)
