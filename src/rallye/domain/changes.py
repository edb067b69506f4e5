"""What changed between two plans of the same rally (after a re-planning), in plain terms.

Teams are matched by id. The differences are what an organiser must announce on the morning:
who moves to which team, which visits are cancelled or added, which times move.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from rallye.domain.clock import hhmm
from rallye.domain.plan import Plan, Visit


@dataclass(frozen=True)
class Move:
    participant: str
    from_team: str | None
    to_team: str | None


@dataclass(frozen=True)
class VisitChange:
    team: str
    company: str
    date: dt.date
    start: int
    end: int


@dataclass(frozen=True)
class Retiming:
    team: str
    company: str
    date: dt.date
    old_start: int
    new_start: int
    new_end: int

    @property
    def shift(self) -> int:
        return self.new_start - self.old_start


@dataclass(frozen=True)
class PlanChanges:
    absent: tuple[str, ...] = ()
    cancelled: tuple[str, ...] = ()
    moves: tuple[Move, ...] = ()
    removed_visits: tuple[VisitChange, ...] = ()
    added_visits: tuple[VisitChange, ...] = ()
    retimed_visits: tuple[Retiming, ...] = ()
    dissolved_teams: tuple[str, ...] = ()
    new_teams: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def moved_people(self) -> int:
        return sum(1 for m in self.moves if m.from_team is not None and m.to_team is not None)

    @property
    def shifted_minutes(self) -> int:
        return sum(abs(r.shift) for r in self.retimed_visits)

    def as_dict(self) -> dict[str, Any]:
        def visit(v: VisitChange) -> dict[str, str]:
            return {
                "team": v.team,
                "company": v.company,
                "date": v.date.isoformat(),
                "start": hhmm(v.start),
                "end": hhmm(v.end),
            }

        return {
            "absent": list(self.absent),
            "cancelled": list(self.cancelled),
            "moved": [{"participant": m.participant, "from": m.from_team, "to": m.to_team} for m in self.moves],
            "removed_visits": [visit(v) for v in self.removed_visits],
            "added_visits": [visit(v) for v in self.added_visits],
            "retimed_visits": [
                {
                    "team": r.team,
                    "company": r.company,
                    "date": r.date.isoformat(),
                    "from": hhmm(r.old_start),
                    "to": hhmm(r.new_start),
                }
                for r in self.retimed_visits
            ],
            "dissolved_teams": list(self.dissolved_teams),
            "new_teams": list(self.new_teams),
            **self.extra,
        }


def changes_from_dict(data: dict[str, Any]) -> PlanChanges:
    """:meth:`PlanChanges.as_dict` read back (a plan file keeps its changes as a dict)."""

    def clock(text: str) -> int:
        hours, minutes = text.split(":")
        return int(hours) * 60 + int(minutes)

    def visit(v: dict[str, str]) -> VisitChange:
        return VisitChange(
            v["team"], v["company"], dt.date.fromisoformat(v["date"]), clock(v["start"]), clock(v["end"])
        )

    return PlanChanges(
        absent=tuple(data.get("absent", [])),
        cancelled=tuple(data.get("cancelled", [])),
        moves=tuple(Move(m["participant"], m.get("from"), m.get("to")) for m in data.get("moved", [])),
        removed_visits=tuple(visit(v) for v in data.get("removed_visits", [])),
        added_visits=tuple(visit(v) for v in data.get("added_visits", [])),
        retimed_visits=tuple(
            Retiming(
                r["team"],
                r["company"],
                dt.date.fromisoformat(r["date"]),
                clock(r["from"]),
                clock(r["to"]),
                clock(r["to"]),
            )
            for r in data.get("retimed_visits", [])
        ),
        dissolved_teams=tuple(data.get("dissolved_teams", [])),
        new_teams=tuple(data.get("new_teams", [])),
    )


def _visit_change(team: str, visit: Visit) -> VisitChange:
    return VisitChange(team, visit.company, visit.date, visit.start, visit.end)


def plan_changes(
    before: Plan, after: Plan, *, absent: tuple[str, ...] = (), cancelled: tuple[str, ...] = ()
) -> PlanChanges:
    """The differences from ``before`` to ``after``; ``absent`` and ``cancelled`` are the causes."""
    team_before = {m: t.id for t in before.teams for m in t.members}
    team_after = {m: t.id for t in after.teams for m in t.members}
    moves = tuple(
        Move(person, team_before.get(person), team_after.get(person))
        for person in sorted(set(team_before) | set(team_after))
        if team_before.get(person) != team_after.get(person) and person not in absent
    )
    old_visits = {(t.id, v.company): v for t in before.teams for v in t.visits}
    new_visits = {(t.id, v.company): v for t in after.teams for v in t.visits}
    removed = tuple(_visit_change(team, v) for (team, c), v in old_visits.items() if (team, c) not in new_visits)
    added = tuple(_visit_change(team, v) for (team, c), v in new_visits.items() if (team, c) not in old_visits)
    retimed = tuple(
        Retiming(team, company, new.date, old.start, new.start, new.end)
        for (team, company), new in new_visits.items()
        if (old := old_visits.get((team, company))) is not None and (old.date, old.start) != (new.date, new.start)
    )
    before_ids = {t.id for t in before.teams}
    after_ids = {t.id for t in after.teams}
    return PlanChanges(
        absent=absent,
        cancelled=cancelled,
        moves=moves,
        removed_visits=removed,
        added_visits=added,
        retimed_visits=retimed,
        dissolved_teams=tuple(sorted(before_ids - after_ids)),
        new_teams=tuple(sorted(after_ids - before_ids)),
    )
