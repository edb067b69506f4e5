"""French wording of dates and periods."""

from __future__ import annotations

import datetime as dt

from rallye.domain import french


def test_a_period_writes_what_is_shared_once() -> None:
    assert french.period(dt.date(2027, 5, 18), dt.date(2027, 5, 21)) == "du 18 au 21 mai 2027"
    assert french.period(dt.date(2025, 9, 30), dt.date(2025, 10, 2)) == "du 30 septembre au 2 octobre 2025"
    assert french.period(dt.date(2025, 12, 30), dt.date(2026, 1, 1)) == "du 30 décembre 2025 au 1er janvier 2026"
    assert french.period(dt.date(2027, 5, 18), dt.date(2027, 5, 18)) == "le 18 mai 2027"
    assert french.date(dt.date(2027, 3, 1)) == "1er mars 2027"


def test_durations_read_as_people_say_them() -> None:
    from rallye.domain.french import day_month, duration

    assert duration(365) == "6 h 05"
    assert duration(420) == "7 h"
    assert duration(45) == "45 min"
    assert duration(0) == "0 min"
    assert day_month(dt.date(2027, 3, 16)) == "mardi 16 mars"
    assert day_month(dt.date(2027, 3, 1)) == "lundi 1er mars"
