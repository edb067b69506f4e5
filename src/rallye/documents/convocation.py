"""Participant convocation: one per participant of the plan: the dates, where and when to meet,
the team, what to bring, and the civil liability insurance reminder."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rallye.documents.common import accompanier_of, members_of, or_missing, rally_days
from rallye.domain import french
from rallye.domain.clock import hhmm
from rallye.domain.plan import Plan
from rallye.domain.rally import Rally


@dataclass(frozen=True)
class Meeting:
    day: str
    start: str
    end: str
    sessions: list[str]


@dataclass(frozen=True)
class Convocation:
    name: str
    team: str
    accompanier: str
    accompanier_phone: str
    meetings: list[Meeting]


def meetings(rally: Rally) -> list[Meeting]:
    result = []
    for day in rally_days(rally):
        sessions = sorted((s for s in rally.schedule if s.date == day), key=lambda s: s.start)
        result.append(
            Meeting(
                day=french.day_long(day).capitalize(),
                start=hhmm(sessions[0].start),
                end=hhmm(max(s.end for s in sessions)),
                sessions=[f"{hhmm(s.start)}–{hhmm(s.end)} : {s.kind.label}" for s in sessions],
            )
        )
    return result


def context(rally: Rally, plan: Plan, person: str | None = None) -> dict[str, Any]:
    """Every participant's convocation, or only ``person``'s (a participant id) to send it."""
    days = meetings(rally)
    convocations = []
    for team in plan.teams:
        accompanier = accompanier_of(rally, team)
        for member in members_of(rally, team):
            if person is not None and member.id != person:
                continue
            convocations.append(
                Convocation(
                    name=member.full_name,
                    team=team.name,
                    accompanier=accompanier.name if accompanier else "non renseigné",
                    accompanier_phone=or_missing(accompanier.phone if accompanier else None),
                    meetings=days,
                )
            )
    lunch = any(s.lunch is not None for s in rally.schedule)
    return {
        "convocations": convocations,
        "lunch": lunch,
        "base_name": rally.base.name,
        "base_address": rally.base.address,
    }
