"""Due dates computed back from the rally's first day, what is late and what comes next, and
what moving the rally does to its tasks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from rallye.retroplanning.template import DEFAULT_TEMPLATE, Phase, TaskTemplate, applicable


@dataclass(frozen=True)
class Task:
    """One task of a rally's retro-planning, with its date."""

    title: str
    phase: Phase
    due: dt.date
    key: str = ""
    """The template task it comes from (« » for a task added to the rally)."""
    milestone: bool = False
    fixed_date: bool = False
    tips: tuple[str, ...] = ()
    done: bool = False
    assignee: str = ""
    description: str = ""
    id: int | None = None
    """The stored task's id in the web application (``None`` for a file's tasks)."""


def due_date(first_day: dt.date, offset_days: int) -> dt.date:
    return first_day + dt.timedelta(days=offset_days)


def tasks_for(
    first_day: dt.date, template: Sequence[TaskTemplate] = DEFAULT_TEMPLATE, *, pathway: bool = False
) -> list[Task]:
    """The tasks of ``template`` dated from ``first_day``, sorted by date then phase."""
    tasks = [
        Task(
            title=item.title,
            phase=item.phase,
            due=due_date(first_day, item.offset_days),
            key=item.key,
            milestone=item.milestone,
            fixed_date=item.fixed_date,
            tips=item.tips,
            description=item.description,
        )
        for item in applicable(tuple(template), pathway)
    ]
    return sorted_tasks(tasks)


def sorted_tasks(tasks: Iterable[Task]) -> list[Task]:
    return sorted(tasks, key=lambda task: (task.due, task.phase.number))


def late(tasks: Iterable[Task], today: dt.date) -> list[Task]:
    """Tasks not done whose date has passed, oldest first."""
    return sorted_tasks(task for task in tasks if not task.done and task.due < today)


def coming(tasks: Iterable[Task], today: dt.date, count: int = 3) -> list[Task]:
    """The next ``count`` tasks not done from today on."""
    return sorted_tasks(task for task in tasks if not task.done and task.due >= today)[:count]


@dataclass(frozen=True)
class Move:
    """What moving the rally's first day does to its tasks."""

    days: int
    moved: tuple[Task, ...]
    """Tasks not done, with their new date (fixed dates excepted)."""
    fixed: tuple[Task, ...]
    """Fixed dates (a booked room) that stay where they are and must now be checked."""


def move(tasks: Iterable[Task], old_first_day: dt.date, new_first_day: dt.date) -> Move:
    """Every task not done moves by as many days as the first day; a fixed date stays, and is
    listed so that the organiser checks it (the room was booked for the old date)."""
    days = (new_first_day - old_first_day).days
    moved: list[Task] = []
    fixed: list[Task] = []
    if days == 0:
        return Move(0, (), ())
    for task in tasks:
        if task.fixed_date:
            fixed.append(task)
        elif not task.done:
            moved.append(replace(task, due=task.due + dt.timedelta(days=days)))
    return Move(days, tuple(moved), tuple(fixed))
