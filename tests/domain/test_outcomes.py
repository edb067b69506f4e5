"""Six-month follow-up: due dates and the professional-solution rate."""

from __future__ import annotations

import datetime as dt

from rallye.domain.outcomes import Outcome, add_months, follow_up_due, solution_rate


def test_the_follow_up_falls_due_six_months_after_the_rally() -> None:
    assert follow_up_due(dt.date(2026, 3, 19)) == dt.date(2026, 9, 19)
    assert follow_up_due(dt.date(2025, 8, 31)) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2026, 11, 30), 24) == dt.date(2028, 11, 30)


def test_every_outcome_has_a_french_label_and_only_two_are_not_solutions() -> None:
    assert Outcome.CDD_LONG.label == "CDD de 6 mois ou plus"
    assert {o for o in Outcome if not o.is_solution} == {Outcome.NO_SOLUTION, Outcome.LOST}


def test_the_rate_counts_lost_people_without_solution_and_leaves_unrecorded_apart() -> None:
    rate = solution_rate(
        [Outcome.CDI, Outcome.TRAINING, Outcome.NO_SOLUTION, Outcome.LOST, Outcome.INTERIM, None, None]
    )
    assert (rate.counted, rate.solutions, rate.lost, rate.not_recorded) == (5, 3, 1, 2)
    assert rate.rate == 0.6
    assert rate.percent_fr() == "60 %"
    assert solution_rate([None]).percent_fr() == "non disponible"
