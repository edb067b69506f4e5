"""Property: every plan the solver returns keeps every hard rule (checked by ``rallye check``)."""

from __future__ import annotations

from benchmarks.generator import SMALL, generate_rally
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rallye.domain.compliance import check_plan
from rallye.engine.params import SolveParams
from rallye.engine.solve import solve

QUICK = SolveParams(time_limit=0.5, workers=1)
"""A short deterministic time: the plans found early in the search must keep the hard rules too."""
PLANS = settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PLANS
@given(seed=st.integers(min_value=0, max_value=10_000))
def test_generated_rallies_get_plans_that_keep_the_hard_rules(seed: int) -> None:
    rally = generate_rally(SMALL, seed)
    plan = solve(rally, QUICK).plan
    report = check_plan(rally, plan)
    assert report.hard_ok, "\n".join(report.lines())


@PLANS
@given(seed=st.integers(min_value=0, max_value=10_000), data=st.data())
def test_plans_with_absences_keep_the_hard_rules(seed: int, data: st.DataObject) -> None:
    rally = generate_rally(SMALL, seed)
    ids = [p.id for p in rally.participants]
    absent = data.draw(st.sets(st.sampled_from(ids), max_size=3), label="absent")
    rally = rally.with_changes(absent=frozenset(absent))
    plan = solve(rally, QUICK).plan
    assert set(plan.absent) == absent
    report = check_plan(rally, plan)
    assert report.hard_ok, "\n".join(report.lines())
