"""The charter's format rules (F1-F4) and key figure K1 for a rally that has no plan yet.

The rules are the compliance checker's own (``rallye.domain.compliance.RULE_CHECKS``), run on
the programme and the participants as they stand, with an empty plan: nothing about the
charter is re-stated here. The programme may be incomplete while the organiser types it, so
the rally handed to the rules holds only what they read (sessions, participants), not a rally
that the full validator would accept.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from rallye.domain import rally as domain
from rallye.domain.compliance import RULE_CHECKS, PlanFacts, RuleResult
from rallye.domain.plan import Plan
from rallye.rallies.models import Rally

PROGRAMME_RULES = ("F1", "F2", "F3", "F4")
PARTICIPANT_RULES = ("K1",)


def minutes(value: dt.time) -> int:
    return value.hour * 60 + value.minute


def domain_session(
    kind: str, date: dt.date, start: dt.time, end: dt.time, lunch_start: dt.time | None, lunch_end: dt.time | None
) -> domain.Session:
    lunch = (minutes(lunch_start), minutes(lunch_end)) if lunch_start and lunch_end else None
    return domain.Session(domain.SessionKind(kind), date, minutes(start), minutes(end), lunch)


def stored_sessions(rally: Rally) -> list[domain.Session]:
    return [domain_session(s.kind, s.date, s.start, s.end, s.lunch_start, s.lunch_end) for s in rally.sessions.all()]


def stored_participants(rally: Rally) -> list[domain.Participant]:
    """The participants as the rules count them (present or not); other fields do not matter here."""
    return [
        domain.Participant(p.code, p.first_name, p.last_name, domain.Gender(p.gender), p.birth_year, present=p.present)
        for p in rally.participants.all()
    ]


def charter_results(
    name: str,
    sessions: Iterable[domain.Session],
    participants: Iterable[domain.Participant] = (),
    codes: Iterable[str] = PROGRAMME_RULES + PARTICIPANT_RULES,
) -> list[RuleResult]:
    """The results of the rules ``codes``, in the checker's order, for this programme and group."""
    wanted = set(codes)
    rally = domain.Rally(
        name=name,
        organiser="",
        base=domain.Place(name, 0.0, 0.0),
        schedule=tuple(sorted(sessions, key=lambda s: (s.date, s.start))),
        companies=(),
        participants=tuple(participants),
        vehicles=(),
    )
    facts = PlanFacts(rally, Plan(rally.name, ()))
    results = []
    for rule in RULE_CHECKS:
        if rule.code in wanted:
            finding = rule.check(facts)
            results.append(RuleResult(rule.code, rule.label, finding.figure, rule.kind, tuple(finding.violations)))
    return results


def rally_charter(rally: Rally) -> list[RuleResult]:
    """F1-F4 and K1 for a stored rally."""
    return charter_results(rally.name, stored_sessions(rally), stored_participants(rally))


def as_json(results: Iterable[RuleResult]) -> list[dict[str, Any]]:
    return [
        {"code": r.code, "label": r.label, "figure": r.figure, "ok": r.ok, "violations": list(r.violations)}
        for r in results
    ]
