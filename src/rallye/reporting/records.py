"""What the reports read about each rally: plain, pseudonymous records.

A record holds no name, phone, e-mail or address of a person: people are known by a keyed-hash
pseudonym and described by the attributes the reports count. The same records feed the
federation report, the Ansa report, the funder reports, the network dashboard and the
pseudonymised export, so every figure is computed once (``rallye.reporting.figures``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from rallye.domain.outcomes import Outcome
from rallye.domain.questionnaires import Answers


@dataclass(frozen=True)
class PersonRecord:
    pseudonym: str
    gender: str
    """``F``, ``M`` or ``X``."""
    birth_year: int
    age: int
    """Age in the rally's year."""
    diploma_level: int | None
    status: str
    """As written on the rally file: « DELD », « DE », « BRSA », « jeune NEET »…"""
    rsa: bool
    prescriber: str
    present: bool
    """False for people registered who did not take part: the reports count present people only."""
    outcome: Outcome | None
    """The six-month outcome; ``None`` while not recorded."""
    follow_up_due: dt.date
    before: Answers | None = None
    after: Answers | None = None


@dataclass(frozen=True)
class CompanyRecord:
    sector: str
    hiring: bool
    visited: bool
    feedback: Answers | None = None


@dataclass(frozen=True)
class RallyRecord:
    key: str
    """A stable identifier of the rally (its database id)."""
    name: str
    structure: str
    structure_kind: str
    territory: str
    first_day: dt.date
    last_day: dt.date
    first_of_structure: bool
    people: tuple[PersonRecord, ...]
    companies: tuple[CompanyRecord, ...]
    teams: int
    visits: int
    """Visits of the teams in the current plan (a grouped visit counts once per team); once
    teams checked in on the day, the visits they made (:attr:`visits_made`)."""
    funders: tuple[str, ...]
    """Names of the funders of this rally."""
    fidelity: Mapping[str, int | None] = field(default_factory=dict)
    """Principle code → score (confirmed by the evaluator, else prefilled); ``None``: not assessable."""
    visits_made: bool = False
    """The teams' visits and companies visited are those checked in on the day (the accompaniers'
    phones), not the plan's."""

    @property
    def year(self) -> int:
        return self.first_day.year

    @property
    def participants(self) -> tuple[PersonRecord, ...]:
        """The people who took part."""
        return tuple(p for p in self.people if p.present)
