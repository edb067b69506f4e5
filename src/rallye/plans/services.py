"""Solving a rally in the background, keeping every plan as a version.

``request_plan`` records a queued version and enqueues the task with its primary key (never a
model object); ``run_plan`` does the work in the worker. The current plan changes only when a
solve succeeds, in one transaction: a failed, timed-out or killed solve never loses it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.db import transaction

from rallye.domain.compliance import RuleKind, check_plan
from rallye.domain.metrics import plan_metrics
from rallye.domain.plan import PlanStatus
from rallye.domain.travel import TravelTimes
from rallye.formats.plan_json import plan_from_content, plan_to_content
from rallye.history.models import Action, ObjectKind
from rallye.history.services import record
from rallye.plans.models import PlanKind, PlanState, PlanVersion
from rallye.plans.tasks import solve_plan
from rallye.plans.versions import about, current_plan, make_current, next_number
from rallye.rallies.conversion import to_domain
from rallye.rallies.models import Rally


@transaction.atomic
def request_plan(
    rally: Rally,
    user: Any,
    *,
    kind: PlanKind = PlanKind.PLAN,
    time_limit: float = 30.0,
    absent: list[str] | None = None,
    cancelled: list[str] | None = None,
    based_on: PlanVersion | None = None,
) -> PlanVersion:
    version = PlanVersion.objects.create(
        rally=rally,
        number=next_number(rally),
        kind=kind,
        requested_by=user if getattr(user, "is_authenticated", False) else None,
        time_limit=time_limit,
        absent=sorted(absent or []),
        cancelled=sorted(cancelled or []),
        based_on=based_on,
    )
    replan_of = f" ; absents : {', '.join(version.absent)}" if version.absent else ""
    replan_of += f" ; entreprises retirées : {', '.join(version.cancelled)}" if version.cancelled else ""
    record(rally, user, Action.PLAN_REQUESTED, **about(version), summary=f"{PlanKind(kind).label}{replan_of}")
    transaction.on_commit(lambda: solve_plan.enqueue(version.pk))
    return version


def move_participant(rally: Rally, user: Any, participant: str, team_id: str) -> list[str]:
    """Move someone to another team of the current plan, as a new version, if every hard rule
    still holds; otherwise change nothing and return what would break."""
    current = current_plan(rally)
    if current is None or current.content is None:
        return ["Il n'y a pas encore de planning : calculez-le d'abord."]
    plan = plan_from_content(current.content)
    source = plan.team_of(participant)
    if source is None or all(t.id != team_id for t in plan.teams):
        return ["Cette personne ou cette équipe ne fait pas partie du planning en vigueur."]
    if source.id == team_id:
        return []
    teams = tuple(
        replace(
            t, members=tuple(m for m in t.members if m != participant) + ((participant,) if t.id == team_id else ())
        )
        for t in plan.teams
    )
    data = to_domain(rally).with_changes(absent=frozenset(plan.absent), cancelled=frozenset(current.cancelled))
    moved = replace(plan, teams=teams, status=PlanStatus.FEASIBLE, changes=None)
    report = check_plan(data, moved)
    if not report.hard_ok:
        return [
            violation for result in report.failed if result.kind == RuleKind.HARD for violation in result.violations
        ]
    metrics = plan_metrics(data, moved, TravelTimes(data)).as_dict()
    moved = replace(moved, metrics=metrics, solver={"method": "manual"})
    with transaction.atomic():
        version = PlanVersion.objects.create(
            rally=rally,
            number=next_number(rally),
            kind=PlanKind.MANUAL,
            state=PlanState.QUEUED,
            requested_by=user if getattr(user, "is_authenticated", False) else None,
            based_on=current,
            cancelled=current.cancelled,
            time_limit=0,
        )
        make_current(version, plan_to_content(moved))
    person = rally.participants.filter(code=participant).first()
    team = next(t.name for t in plan.teams if t.id == team_id)
    record(
        rally,
        user,
        Action.MOVED,
        person,
        kind=ObjectKind.PARTICIPANT,
        summary=f"vers l'équipe {team}, version {version.number}",
    )
    return []


def toggle_lock(version: PlanVersion, team_id: str, company: str | None = None, user: Any = None) -> bool:
    """Lock or unlock a team, or one of its visits, of a plan version; returns the new state.

    Locks only say what a re-optimisation must keep: they do not change the plan itself, so
    they are marked on the version rather than making a new one."""
    content = dict(version.content or {})
    for team in content.get("teams", []):
        if team.get("id") != team_id:
            continue
        target = team if company is None else next((v for v in team["visits"] if v["company"] == company), None)
        if target is None:
            break
        target["locked"] = not target.get("locked", False)
        version.content = content
        version.save(update_fields=["content"])
        what = f"équipe {team.get('name', team_id)}" + (f", visite chez {company}" if company else "")
        action = Action.LOCKED if target["locked"] else Action.UNLOCKED
        record(version.rally, user, action, **about(version), summary=what)
        return bool(target["locked"])
    raise ValueError("unknown team or visit")
