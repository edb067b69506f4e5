"""What users do to a rally's preparation, each change written in the rally's history: prepare
the rally (its tasks copied from its structure's template), tick, move, add, assign a task,
follow the programme's first day, declare the rally inside a pathway; and the tips its data
triggers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from rallye.companies.models import Channel, ContactLog
from rallye.domain import french
from rallye.domain.rally import Session as DomainSession
from rallye.domain.rally import SessionKind
from rallye.history.models import Action, ObjectKind
from rallye.history.services import record
from rallye.plans.reading import planned_rally
from rallye.preparation.models import Preparation, RallyTask
from rallye.preparation.templates import structure_template
from rallye.rallies.models import Rally
from rallye.retroplanning import schedule
from rallye.retroplanning.schedule import Task
from rallye.retroplanning.template import Phase, applicable
from rallye.retroplanning.tips import (
    PROGRAMME_TIPS,
    Facts,
    Triggered,
    plan_day_minutes,
    schedule_day_minutes,
    triggered,
)

INFORMATION_SESSION = "information_session"
"""The template task whose date is the information session's (its tip looks at it)."""


def first_day(rally: Rally) -> dt.date | None:
    """The first day of the rally's programme."""
    found: dt.date | None = rally.sessions.aggregate(first=Min("date"))["first"]
    return found


def preparation_of(rally: Rally) -> Preparation | None:
    return Preparation.objects.filter(rally=rally).first()


def _log(rally: Rally, user: Any, action: Action, task: RallyTask | None, summary: str, changes: list[Any]) -> None:
    record(
        rally,
        user,
        action,
        task,
        kind=ObjectKind.PREPARATION,
        label=task.title if task is not None else "Rétroplanning",
        summary=summary,
        changes=changes,
    )


def _change(label: str, before: str, after: str) -> dict[str, str]:
    return {"field": label, "label": label, "before": before or "—", "after": after or "—"}


def prepare(rally: Rally, user: Any, *, day: dt.date | None = None, pathway: bool = False) -> Preparation | None:
    """Copy the structure's template into the rally's tasks, dated from ``day`` (the programme's
    first day by default). ``None`` when the rally has no date yet; the existing preparation
    when there is one (a rally is prepared once: its tasks are then its own)."""
    existing = preparation_of(rally)
    if existing is not None:
        return existing
    day = day or first_day(rally)
    if day is None:
        return None
    with transaction.atomic():
        preparation = Preparation.objects.create(rally=rally, pathway=pathway, first_day=day)
        template = applicable(structure_template(rally.structure), pathway)
        RallyTask.objects.bulk_create(
            RallyTask(
                rally=rally,
                key=item.key,
                title=item.title,
                phase=item.phase.value,
                due=schedule.due_date(day, item.offset_days),
                milestone=item.milestone,
                fixed_date=item.fixed_date,
                pathway_only=item.pathway_only,
                tips=list(item.tips),
                description=item.description,
            )
            for item in template
        )
        count = french.count(len(template), "tâche")
        summary = f"{count} datées à partir du {french.date(day)}" + (
            " (rallye inscrit dans un parcours)" if pathway else ""
        )
        _log(rally, user, Action.CREATED, None, summary, [])
    return preparation


def tasks_of(rally: Rally) -> list[RallyTask]:
    return list(RallyTask.objects.filter(rally=rally).select_related("assignee"))


def as_task(row: RallyTask) -> Task:
    assignee = row.assignee
    return Task(
        title=row.title,
        phase=Phase(row.phase),
        due=row.due,
        key=row.key,
        milestone=row.milestone,
        fixed_date=row.fixed_date,
        tips=tuple(row.tips or ()),
        done=row.done,
        assignee=(assignee.get_full_name() or assignee.email) if assignee is not None else "",
        description=row.description,
        id=row.pk,
    )


def set_done(task: RallyTask, user: Any, done: bool) -> bool:
    """Tick (or untick) a task; ``False`` when it already was."""
    if task.done == done:
        return False
    task.done_at = timezone.now() if done else None
    task.done_by = user if done and getattr(user, "is_authenticated", False) else None
    task.save(update_fields=["done_at", "done_by"])
    changes = [_change("Faite", "Non" if done else "Oui", "Oui" if done else "Non")]
    _log(task.rally, user, Action.CHANGED, task, "tâche faite" if done else "tâche rouverte", changes)
    return True


def move_task(task: RallyTask, user: Any, due: dt.date) -> bool:
    if task.due == due and not task.to_check:
        return False
    before = task.due
    task.due = due
    task.to_check = False
    task.save(update_fields=["due", "to_check"])
    changes = [_change("Pour le", french.date(before), french.date(due))] if before != due else []
    _log(task.rally, user, Action.CHANGED, task, "date changée" if changes else "date fixe vérifiée", changes)
    return True


def assign(task: RallyTask, user: Any, member: Any) -> bool:
    if task.assignee_id == (member.pk if member is not None else None):
        return False
    before = task.assignee
    task.assignee = member
    task.save(update_fields=["assignee"])

    def name(person: Any) -> str:
        return str(person.get_full_name() or person.email) if person is not None else ""

    _log(task.rally, user, Action.CHANGED, task, "responsable", [_change("Responsable", name(before), name(member))])
    return True


def add_task(
    rally: Rally,
    user: Any,
    *,
    title: str,
    phase: Phase,
    due: dt.date,
    milestone: bool = False,
    fixed_date: bool = False,
) -> RallyTask:
    task = RallyTask.objects.create(
        rally=rally, title=title, phase=phase.value, due=due, milestone=milestone, fixed_date=fixed_date
    )
    _log(
        rally,
        user,
        Action.CREATED,
        task,
        "tâche ajoutée",
        [_change("Pour le", "", french.date(due)), _change("Phase", "", f"{phase.number}. {phase.label}")],
    )
    return task


def follow_first_day(rally: Rally, user: Any) -> schedule.Move | None:
    """When the programme now starts on another day, move every task not done by as many days;
    fixed dates stay and are marked to check. ``None`` when nothing moved."""
    preparation = preparation_of(rally)
    day = first_day(rally)
    if preparation is None or day is None or day == preparation.first_day:
        return None
    rows = {row.pk: row for row in RallyTask.objects.filter(rally=rally)}
    moved = schedule.move([as_task(row) for row in rows.values()], preparation.first_day, day)
    with transaction.atomic():
        for task in moved.moved:
            assert task.id is not None
            rows[task.id].due = task.due
        RallyTask.objects.bulk_update([rows[t.id] for t in moved.moved if t.id is not None], ["due"])
        RallyTask.objects.filter(pk__in=[t.id for t in moved.fixed]).update(to_check=True)
        before = preparation.first_day
        preparation.first_day = day
        preparation.save(update_fields=["first_day"])
        summary = (
            f"{french.count(len(moved.moved), 'tâche décalée', 'tâches décalées')} de "
            f"{french.count(moved.days, 'jour')}"
            + (f", {french.count(len(moved.fixed), 'date fixe', 'dates fixes')} à vérifier" if moved.fixed else "")
        )
        _log(
            rally, user, Action.CHANGED, None, summary, [_change("Premier jour", french.date(before), french.date(day))]
        )
    return moved


def set_pathway(rally: Rally, user: Any, pathway: bool) -> int:
    """Declare the rally inside a pathway (its pathway tasks added, dated from its first day) or
    not (its pathway tasks not done removed); how many tasks changed."""
    preparation = preparation_of(rally)
    if preparation is None or preparation.pathway == pathway:
        return 0
    with transaction.atomic():
        preparation.pathway = pathway
        preparation.save(update_fields=["pathway"])
        if pathway:
            have = set(RallyTask.objects.filter(rally=rally).values_list("key", flat=True))
            new = [t for t in structure_template(rally.structure) if t.pathway_only and t.key not in have]
            RallyTask.objects.bulk_create(
                RallyTask(
                    rally=rally,
                    key=t.key,
                    title=t.title,
                    phase=t.phase.value,
                    due=schedule.due_date(preparation.first_day, t.offset_days),
                    milestone=t.milestone,
                    fixed_date=t.fixed_date,
                    pathway_only=True,
                    tips=list(t.tips),
                    description=t.description,
                )
                for t in new
            )
            changed = len(new)
        else:
            changed, _ = RallyTask.objects.filter(rally=rally, pathway_only=True, done_at=None).delete()
        summary = (
            f"rallye inscrit dans un parcours : {french.count(changed, 'tâche ajoutée', 'tâches ajoutées')}"
            if pathway
            else f"rallye hors parcours : {french.count(changed, 'tâche retirée', 'tâches retirées')}"
        )
        _log(
            rally,
            user,
            Action.CHANGED,
            None,
            summary,
            [_change("Parcours", "Non" if pathway else "Oui", "Oui" if pathway else "Non")],
        )
    return changed


# --- Tips ------------------------------------------------------------------------------------


def _sessions(rally: Rally) -> tuple[DomainSession, ...]:
    return tuple(
        DomainSession(SessionKind(s.kind), s.date, s.start.hour * 60 + s.start.minute, s.end.hour * 60 + s.end.minute)
        for s in rally.sessions.all()
    )


def email_only_companies(rally: Rally) -> tuple[str, ...] | None:
    """Companies of the rally's mobilisation log reached by e-mail only; ``None`` without a log."""
    logs = list(
        ContactLog.objects.filter(mobilisation__rally=rally).values_list("mobilisation__company__name", "channel")
    )
    if not logs:
        return None
    channels: dict[str, set[str]] = {}
    for name, channel in logs:
        channels.setdefault(name, set()).add(channel)
    return tuple(sorted(name for name, used in channels.items() if used == {Channel.EMAIL.value}))


def rally_facts(rally: Rally, tasks: list[RallyTask] | None = None) -> Facts:
    """What the tips look at, from the rally's data: its programme, its plan's day lengths, its
    vehicles, its mobilisation log, its information session task. Civil liability attestations
    and the RSA target are not known here yet (their tips stay silent)."""
    sessions = _sessions(rally)
    planned = planned_rally(rally)
    if planned.plan is not None and planned.rally is not None:
        day_minutes = plan_day_minutes(planned.rally, planned.plan)
    else:
        day_minutes = schedule_day_minutes(sessions)
    rows = tasks if tasks is not None else tasks_of(rally)
    return Facts(
        first_day=min((s.date for s in sessions), default=None),
        schedule=sessions,
        day_minutes=day_minutes,
        vehicle_seats=tuple(rally.vehicles.values_list("seats", flat=True)),
        information_sessions=tuple(row.due for row in rows if row.key == INFORMATION_SESSION),
        companies_email_only=email_only_companies(rally),
    )


def rally_tips(rally: Rally, tasks: list[RallyTask] | None = None) -> list[Triggered]:
    return triggered(rally_facts(rally, tasks))


def moved_message(moved: schedule.Move) -> str:
    """What moving the rally did to its tasks, for the organiser who moved it."""
    way = "plus tard" if moved.days > 0 else "plus tôt"
    text = (
        f"Le rallye commence {french.count(abs(moved.days), 'jour')} {way} : "
        f"{french.count(len(moved.moved), 'tâche non faite décalée', 'tâches non faites décalées')} d'autant."
    )
    if moved.fixed:
        dates = ", ".join(f"« {task.title} » ({french.date(task.due)})" for task in moved.fixed)
        text += f" Ces dates fixes n'ont pas bougé et tombent maintenant mal : {dates}. Vérifiez-les."
    return text


def programme_tips(rally: Rally) -> list[Triggered]:
    """The tips the programme decides, for the programme form."""
    return triggered(rally_facts(rally), PROGRAMME_TIPS)
