"""Solving a rally in the background, keeping every plan as a version.

``request_plan`` records a queued version and enqueues the task with its primary key (never a
model object); ``run_plan`` does the work in the worker. The current plan changes only when a
solve succeeds, in one transaction: a failed, timed-out or killed solve never loses it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from typing import Any, TypeVar, cast

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from rallye.domain.compliance import RuleKind, check_plan
from rallye.domain.metrics import plan_metrics
from rallye.domain.plan import PlanStatus
from rallye.domain.travel import TravelTimes
from rallye.engine.params import Progress, SolveParams
from rallye.formats.plan_json import plan_from_content, plan_to_content
from rallye.formats.problems import InvalidInput
from rallye.history.models import Action, ObjectKind
from rallye.history.services import record
from rallye.plans.models import PlanKind, PlanState, PlanVersion
from rallye.rallies.conversion import to_domain
from rallye.rallies.models import Rally
from rallye.wording import no_plan_reasons, no_plan_title, term_label

PROGRESS_EVERY_SECONDS = 1.0
T = TypeVar("T")


def _next_number(rally: Rally) -> int:
    """The rally's next version number, to use in the same transaction: the rally's row stays
    locked until it commits, so two solves launched at once never get the same number
    (PostgreSQL: ``SELECT … FOR UPDATE``; SQLite: transactions take the write lock when they
    begin, see ``web/database.py``)."""
    assert transaction.get_connection().in_atomic_block, "the number is only reserved inside a transaction"
    Rally.objects.select_for_update().filter(pk=rally.pk).values_list("pk").get()
    return (PlanVersion.objects.filter(rally=rally).aggregate(n=Max("number"))["n"] or 0) + 1


def current_plan(rally: Rally) -> PlanVersion | None:
    return PlanVersion.objects.filter(rally=rally, is_current=True).first()


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
        number=_next_number(rally),
        kind=kind,
        requested_by=user if getattr(user, "is_authenticated", False) else None,
        time_limit=time_limit,
        absent=sorted(absent or []),
        cancelled=sorted(cancelled or []),
        based_on=based_on,
    )
    replan_of = f" ; absents : {', '.join(version.absent)}" if version.absent else ""
    replan_of += f" ; entreprises retirées : {', '.join(version.cancelled)}" if version.cancelled else ""
    record(rally, user, Action.PLAN_REQUESTED, **_about(version), summary=f"{PlanKind(kind).label}{replan_of}")
    from rallye.plans.tasks import solve_plan

    transaction.on_commit(lambda: solve_plan.enqueue(version.pk))
    return version


class _ProgressWatcher:
    """Runs a solve in a helper thread and, from the calling thread (which owns the database
    connection), saves the latest progress event on the version about once a second."""

    def __init__(self, version: PlanVersion) -> None:
        self.version = version
        self.latest: Progress | None = None
        self.saved: Progress | None = None
        self.lock = threading.Lock()

    def __call__(self, progress: Progress) -> None:  # called from the solver's threads
        with self.lock:
            self.latest = progress

    def run(self, solve: Callable[[], T]) -> T:
        outcome: dict[str, Any] = {}

        def work() -> None:
            try:
                outcome["result"] = solve()
            except BaseException as error:  # handed over to the calling thread
                outcome["error"] = error

        thread = threading.Thread(target=work, name=f"solve-plan-{self.version.pk}", daemon=True)
        thread.start()
        while thread.is_alive():
            thread.join(PROGRESS_EVERY_SECONDS)
            self.save()
        self.save()
        if "error" in outcome:
            raise outcome["error"]
        return cast(T, outcome["result"])

    def save(self) -> None:
        with self.lock:
            progress = self.latest
        if progress is None or progress is self.saved:
            return
        self.saved = progress
        data = {
            "stage": progress.stage,
            "elapsed": round(progress.elapsed, 1),
            "objective": progress.objective,
            "bound": progress.bound,
            "gap": round(progress.gap, 4),
            "terms": {term_label(name): value for name, value in progress.terms.items()},
        }
        PlanVersion.objects.filter(pk=self.version.pk).update(progress=data)


def run_plan(version_id: int) -> None:
    from rallye.engine.replan import replan
    from rallye.engine.results import NoPlanFound
    from rallye.engine.solve import solve

    version = PlanVersion.objects.select_related("rally", "based_on").get(pk=version_id)
    PlanVersion.objects.filter(pk=version.pk).update(state=PlanState.RUNNING, started_at=timezone.now())
    watcher = _ProgressWatcher(version)
    params = SolveParams(
        time_limit=version.time_limit,
        workers=settings.RALLYE_SOLVER_WORKERS,
        seed=settings.RALLYE_SOLVER_SEED,
        on_progress=watcher,
    )
    try:
        rally = to_domain(version.rally)
        if version.kind == PlanKind.PLAN or version.based_on is None or version.based_on.content is None:
            result = watcher.run(lambda: solve(rally, params))
        else:
            previous = plan_from_content(version.based_on.content)
            result = watcher.run(
                lambda: replan(
                    rally,
                    previous,
                    absent=frozenset(version.absent),
                    cancelled=frozenset(version.cancelled),
                    params=params,
                    stay_close=version.kind != PlanKind.REOPTIMISE,
                )
            )
    except InvalidInput as invalid:
        fail(version, ["Les données du rallye sont à corriger avant le calcul :", *map(str, invalid.problems)])
        return
    except NoPlanFound as no_plan:
        retry = "Relancez le calcul avec plus de temps"
        fail(version, [f"{no_plan_title(no_plan)} :", *no_plan_reasons(no_plan, retry)])
        return
    except Exception as error:  # the worker must record any failure; the current plan stays
        fail(version, [f"Le calcul a échoué ({type(error).__name__}) ; le planning en vigueur est conservé."])
        raise
    _make_current(version, plan_to_content(result.plan))
    record(
        version.rally, None, Action.PLAN_SUCCEEDED, **_about(version), summary=f"planning {result.plan.status.label}"
    )


def _about(version: PlanVersion) -> dict[str, Any]:
    """How the history names a plan version."""
    return {"kind": ObjectKind.PLAN, "label": f"Version {version.number}"}


def _make_current(version: PlanVersion, content: dict[str, Any]) -> None:
    with transaction.atomic():
        PlanVersion.objects.filter(rally=version.rally, is_current=True).update(is_current=False)
        PlanVersion.objects.filter(pk=version.pk).update(
            state=PlanState.SUCCEEDED, is_current=True, content=content, finished_at=timezone.now(), message=""
        )


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
            number=_next_number(rally),
            kind=PlanKind.MANUAL,
            state=PlanState.QUEUED,
            requested_by=user if getattr(user, "is_authenticated", False) else None,
            based_on=current,
            cancelled=current.cancelled,
            time_limit=0,
        )
        _make_current(version, plan_to_content(moved))
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
        record(version.rally, user, action, **_about(version), summary=what)
        return bool(target["locked"])
    raise ValueError("unknown team or visit")


def fail(version: PlanVersion, lines: list[str]) -> None:
    PlanVersion.objects.filter(pk=version.pk).update(
        state=PlanState.FAILED, message="\n".join(lines), finished_at=timezone.now()
    )
    record(version.rally, None, Action.PLAN_FAILED, **_about(version), summary=lines[0])
