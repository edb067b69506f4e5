"""A small season built by hand: 3 rallies, 2 structures, 2 years, with absent people, an unknown
diploma, a person lost to follow-up, a follow-up not recorded yet, a rally without a plan and
questionnaires missing on one side. The tests count its figures by hand from the tables below.
"""

from __future__ import annotations

import datetime as dt

from rallye.domain.outcomes import Outcome
from rallye.reporting.records import CompanyRecord, PersonRecord, RallyRecord

FEDERATION = "Fédération d'essai"
ALPHA = "MIFE Alpha"
BETA = "Réseau Beta"
Answers = dict[str, int | str]
PersonRow = tuple[str, str, int, int | None, str, bool, str, bool, Outcome | None, Answers | None, Answers | None]
RallyRow = tuple[str, str, str, dt.date, dt.date, bool, int, int, tuple[str, ...], dict[str, int | None]]


def survey(open_: int, known: int, confidence: int, isolation: int, network: int, intention: str) -> Answers:
    return {
        "companies_open": open_,
        "companies_known": known,
        "confidence": confidence,
        "isolation": isolation,
        "network": network,
        "intention": intention,
    }


def feedback(motivated: int, view: int, hire: str, again: str) -> Answers:
    return {"seekers_motivated": motivated, "view_changed": view, "would_hire": hire, "again": again}


P1_BEFORE = survey(2, 1, 2, 4, 1, "think")
P1_AFTER = {**survey(4, 3, 3, 2, 3, "apply"), "comment": "Merci pour tout"}
P6_BEFORE = survey(1, 2, 3, 3, 2, "unsure")
P6_AFTER = survey(3, 2, 4, 3, 2, "training")

# fmt: off
PEOPLE: dict[str, list[PersonRow]] = {
    # rally: pseudonym, gender, age, diploma, status, RSA ticked, prescriber, present, outcome, before, after
    "1": [
        ("P-1", "F", 24, 3,    "DELD",       False, "France Travail", True,  Outcome.CDI,         P1_BEFORE, P1_AFTER),
        ("P-2", "M", 52, None, "BRSA",       True,  "Mission locale", True,  Outcome.INTERIM,     None, None),
        ("P-3", "F", 30, 5,    "DE",         False, "France Travail", True,  Outcome.LOST,        None, None),
        ("P-4", "M", 45, 4,    "DELD",       True,  "France Travail", False, None,                survey(4, 4, 4, 1, 4, "apply"), None),  # noqa: E501
    ],
    "2": [
        ("P-5", "X", 19, 2,    "jeune NEET", False, "",               True,  None,                survey(1, 1, 1, 4, 1, "unsure"), None),  # noqa: E501
        ("P-6", "F", 50, 3,    "BRSA",       False, "Cap emploi",     True,  Outcome.TRAINING,    P6_BEFORE, P6_AFTER),
    ],
    "3": [
        ("P-7", "M", 38, 3,    "DELD",       False, "France Travail", True,  Outcome.CDD_SHORT,   None, survey(4, 4, 4, 1, 4, "apply")),  # noqa: E501
        ("P-8", "F", 27, 6,    "DE",         True,  "France Travail", True,  Outcome.NO_SOLUTION, None, None),
        ("P-9", "F", 61, 3,    "DE",         False, "France Travail", False, None,                None, None),
    ],
}
COMPANIES: dict[str, list[CompanyRecord]] = {
    # sector, hiring, visited (by a team of the plan), feedback
    "1": [
        CompanyRecord("Industrie", True, True, feedback(4, 3, "yes", "yes")),
        CompanyRecord("Commerce", False, True),
        CompanyRecord("Transport", True, False, feedback(1, 1, "no", "no")),  # not visited: not counted
    ],
    "2": [  # no plan: every company counted
        CompanyRecord("Santé", True, False, feedback(3, 1, "no", "yes")),
        CompanyRecord("Industrie", False, False),
    ],
    "3": [
        CompanyRecord("Commerce", True, True, feedback(2, 4, "maybe", "maybe")),
        CompanyRecord("Hôtellerie", False, True),
    ],
}
RALLIES: list[RallyRow] = [
    # key, name, structure, first day, last day, first of structure, teams, visits, funders, fidelity
    ("1", "Rallye pour l'emploi Alpha 2025", ALPHA, dt.date(2025, 3, 10), dt.date(2025, 3, 12), True, 2, 12,
     ("Département", "France Travail"), {"O1": 4, "F1": 4, "F2": 2, "K1": 0, "R2": None}),
    ("2", "Rallye Beta 2025", BETA, dt.date(2025, 10, 6), dt.date(2025, 10, 7), True, 0, 0,
     ("Département",), {}),
    ("3", "Rallye Alpha 2026", ALPHA, dt.date(2026, 3, 9), dt.date(2026, 3, 11), False, 1, 6,
     ("Fondation Emploi", "Département"), {"O1": 2, "F1": 4, "F2": 4, "K1": 4, "P1": 3}),
]
# fmt: on


def season() -> list[RallyRecord]:
    records = []
    for key, name, structure, first, last, first_of, teams, visits, funders, fidelity in RALLIES:
        people = tuple(
            PersonRecord(
                pseudonym=pseudonym,
                gender=gender,
                birth_year=first.year - age,
                age=age,
                diploma_level=level,
                status=status,
                rsa=rsa,
                prescriber=prescriber,
                present=present,
                outcome=outcome,
                follow_up_due=dt.date(last.year, last.month, 1) + dt.timedelta(days=183),
                before=before,
                after=after,
            )
            for pseudonym, gender, age, level, status, rsa, prescriber, present, outcome, before, after in PEOPLE[key]
        )
        records.append(
            RallyRecord(
                key=key,
                name=name,
                structure=structure,
                structure_kind="MIFE" if structure == ALPHA else "Réseau de SIAE",
                territory="Vallée" if structure == ALPHA else "Plaine",
                first_day=first,
                last_day=last,
                first_of_structure=first_of,
                people=people,
                companies=tuple(COMPANIES[key]),
                teams=teams,
                visits=visits,
                funders=funders,
                fidelity=fidelity,
            )
        )
    return records
