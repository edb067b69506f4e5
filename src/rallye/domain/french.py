"""French wording shared by every text Rallye writes: numbers, counts and dates."""

from __future__ import annotations

import datetime as dt

WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def number(value: float, decimals: int = 1) -> str:
    """1.5 → ``"1,5"``, 2.0 → ``"2"``, 0.75 → ``"0,8"``."""
    text = f"{value:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def count(n: float, singular: str, plural: str | None = None) -> str:
    """French agreement: singular below 2 (``1,5 jour``, ``0 absent``), plural from 2."""
    word = singular if abs(n) < 2 else (plural or f"{singular}s")
    return f"{number(n)} {word}"


def day_short(day: dt.date) -> str:
    """``16 mars`` (``1er mars``): a day of the rally, whose year the reader knows."""
    return f"{_day_number(day)} {MONTHS[day.month - 1]}"


def day_long(day: dt.date) -> str:
    """``mardi 16 mars 2027``."""
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def day_month(day: dt.date) -> str:
    """``mardi 16 mars`` (the year is the rally's, known to the reader)."""
    return f"{WEEKDAYS[day.weekday()]} {day_short(day)}"


def duration(minutes: int) -> str:
    """A length of time as people say it: ``6 h 05``, ``7 h``, ``45 min``."""
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest:02d}" if rest else f"{hours} h"


def date(day: dt.date) -> str:
    """``16 mars 2027`` (``1er mars 2027`` on the first of the month)."""
    return f"{_day_number(day)} {MONTHS[day.month - 1]} {day.year}"


def period(first: dt.date, last: dt.date) -> str:
    """``du 18 au 21 mai 2027``, ``du 30 septembre au 2 octobre 2025``, ``le 18 mai 2027``: what
    is shared is written once."""
    if first == last:
        return f"le {date(first)}"
    if (first.year, first.month) == (last.year, last.month):
        return f"du {_day_number(first)} au {date(last)}"
    if first.year == last.year:
        return f"du {_day_number(first)} {MONTHS[first.month - 1]} au {date(last)}"
    return f"du {date(first)} au {date(last)}"


def _day_number(day: dt.date) -> str:
    return "1er" if day.day == 1 else str(day.day)
