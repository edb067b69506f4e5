"""What the evaluation reads from the database: who took part, and which rallies were held."""

from __future__ import annotations

import datetime as dt

import pytest

from rallye.companies.models import DirectoryCompany
from rallye.evaluation.records import rally_record, rally_records, took_part
from rallye.evaluation.services import followed_participants
from rallye.organisations.models import Structure
from rallye.plans.models import PlanVersion
from rallye.rallies.conversion import save_domain_rally
from rallye.rallies.models import Rally
from rallye.reporting.figures import season_figures
from tests.factories import build, rally_content

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


def test_a_company_in_several_rallies_counts_once_in_the_figures(mife: Structure) -> None:
    """Two rallies of twelve companies: the bakery by its SIRET, the garage by its directory entry
    are the same company in both; the network's figures count 22 companies, not 24."""
    garage = DirectoryCompany.objects.create(structure=mife, name="Garage Central", sector="Commerce")
    rallies = [save_domain_rally(mife, build(rally_content())) for _ in range(2)]
    for rally in rallies:
        rally.companies.filter(code="C01").update(siret="73282932000074")
        rally.companies.filter(code="C02").update(directory=garage)
    records = rally_records(Rally.objects.filter(pk__in=[r.pk for r in rallies]).select_related("structure"), TODAY)
    assert [len(r.companies) for r in records] == [12, 12]
    assert season_figures(records).companies == 22
    one, other = ({c.identity for c in r.companies if c.identity} for r in records)
    assert one == other and len(one) == 2
