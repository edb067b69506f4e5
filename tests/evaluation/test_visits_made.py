"""Once teams checked in on the day, the fidelity grid, the records and the reports count the
visits actually made, and say so."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from rallye.evaluation.records import fidelity_grid, rally_record, rally_records
from rallye.field.made import MADE_NOTE
from rallye.field.models import VisitMade
from rallye.plans.reading import planned_rally
from rallye.rallies.models import Rally
from rallye.reporting.figures import season_figures
from rallye.reporting.sections import companies_section

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 29)
PAST = "Rallye pour l'emploi — Annecy, mai 2026"


def check_in_first_visits(rally: Rally, per_team: int) -> int:
    """Each team checks in at its first ``per_team`` visits only; how many check-ins."""
    plan = planned_rally(rally).plan
    assert plan is not None
    count = 0
    for team in plan.teams:
        vehicle = rally.vehicles.get(code=team.vehicle)
        for visit in sorted(team.visits, key=lambda v: (v.date, v.start))[:per_team]:
            VisitMade.objects.create(
                rally=rally,
                vehicle=vehicle,
                company=rally.companies.get(code=visit.company),
                team_name=team.name,
                members=list(team.members),
                date=visit.date,
                planned_start=visit.start,
                planned_end=visit.end,
                arrived_at=timezone.make_aware(
                    dt.datetime.combine(visit.date, dt.time(visit.start // 60, visit.start % 60))
                ),
            )
            count += 1
    return count


def k4(rally: Rally) -> tuple[int | None, str]:
    line = next(line for line in fidelity_grid(rally, TODAY) if line.principle.code == "K4")
    return line.prefill.score, line.prefill.evidence


def test_the_grid_and_the_records_use_the_visits_made(mife_rally: Rally) -> None:
    rally = Rally.objects.get(name=PAST)
    planned_score, planned_evidence = k4(rally)
    assert planned_score == 4 and MADE_NOTE not in planned_evidence
    before = rally_record(rally, TODAY)
    assert before is not None and not before.visits_made
    made = check_in_first_visits(Rally.objects.get(pk=rally.pk), per_team=2)
    rally = Rally.objects.get(pk=rally.pk)
    score, evidence = k4(rally)
    assert score == 2
    assert evidence == (
        "Règle de la charte non respectée : 2 (attendu 6 à 8, de secteurs différents), "
        "d'après les visites pointées sur place."
    )
    after = rally_record(rally, TODAY)
    assert after is not None and after.visits_made
    assert after.visits == made < before.visits
    assert after.fidelity["K4"] == 2
    assert sum(1 for c in after.companies if c.visited) < sum(1 for c in before.companies if c.visited)


def test_a_visit_not_checked_in_counts_nothing(mife_rally: Rally) -> None:
    rally = Rally.objects.get(name=PAST)
    check_in_first_visits(rally, per_team=1)
    VisitMade.objects.filter(rally=rally).update(arrived_at=None)  # only a result typed, nobody arrived
    record = rally_record(Rally.objects.get(pk=rally.pk), TODAY)
    assert record is not None and not record.visits_made


def test_the_reports_say_which_rallies_count_the_visits_made(mife_rally: Rally) -> None:
    rally = Rally.objects.get(name=PAST)
    check_in_first_visits(rally, per_team=7)
    records = rally_records(Rally.objects.select_related("structure"), TODAY, held_only=True)
    figures = season_figures(records, TODAY)
    assert figures.rallies_with_visits_made == 1
    paragraphs = companies_section(figures).paragraphs
    assert (
        "1 rallye compte les visites pointées sur place le jour J (les autres, celles de leur planning)." in paragraphs
    )
