"""A rally's preparation: its retro-planning (tasks by phase, late and next, tips drawn from its
data), each task's page (tick, move, assign), adding a task, the pathway variant."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone

from rallye.domain import french
from rallye.organisations.models import User
from rallye.organisations.perms import can_adapt_structure_template
from rallye.preparation import services
from rallye.preparation.models import RallyTask
from rallye.retroplanning.files import write_xlsx
from rallye.retroplanning.schedule import coming, late
from rallye.retroplanning.template import Phase
from rallye.retroplanning.tips import Triggered
from rallye.www.preparation.forms import AddTaskForm, AssignForm, MoveForm, PathwayForm, PrepareForm
from rallye.www.rallies.access import RallyMixin


def members(rally: Any) -> QuerySet[User]:
    """Who a task may be given to: the active members of the rally's structure."""
    return (
        User.objects.filter(memberships__structure=rally.structure, is_active=True)
        .distinct()
        .order_by("first_name", "last_name", "email")
    )


@dataclass(frozen=True)
class Row:
    task: RallyTask
    late: bool
    tips: list[Triggered]


def rows_of(tasks: list[RallyTask], tips: list[Triggered], today: dt.date) -> list[Row]:
    return [
        Row(task, not task.done and task.due < today, [tip for tip in tips if tip.key in (task.tips or [])])
        for task in tasks
    ]


def by_phase(rows: list[Row]) -> list[tuple[Phase, list[Row]]]:
    return [(phase, [row for row in rows if row.task.phase == phase.value]) for phase in Phase]


class PreparationMixin(RallyMixin):
    tab = "preparation"


class PreparationView(PreparationMixin):
    template_name = "www/preparation/preparation.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.page()

    def page(
        self, prepare_form: PrepareForm | None = None, add_form: AddTaskForm | None = None, status: int = 200
    ) -> HttpResponse:
        rally = self.rally
        preparation = services.preparation_of(rally)
        today = timezone.localdate()
        tasks = services.tasks_of(rally) if preparation is not None else []
        tips = services.rally_tips(rally, tasks)
        rows = rows_of(tasks, tips, today)
        domain_tasks = [services.as_task(task) for task in tasks]
        late_ids = {t.id for t in late(domain_tasks, today)}
        next_ids = [t.id for t in coming(domain_tasks, today, 3)]
        first = services.first_day(rally)
        context = self.rally_context(
            preparation=preparation,
            phases=[(phase, phase_rows) for phase, phase_rows in by_phase(rows) if phase_rows],
            late=[row for row in rows if row.task.pk in late_ids],
            next=sorted((row for row in rows if row.task.pk in next_ids), key=lambda r: next_ids.index(r.task.pk)),
            to_check=[row for row in rows if row.task.to_check],
            done=sum(1 for task in tasks if task.done),
            total=len(tasks),
            can_adapt=can_adapt_structure_template(self.request.user, rally.structure),
            tips=tips,
            today=today,
            first_day=first,
            prepare_form=prepare_form or PrepareForm(initial={"first_day": first}),
            add_form=add_form or AddTaskForm(),
            pathway_form=PathwayForm(initial={"pathway": preparation.pathway if preparation else False}),
        )
        return render(self.request, self.template_name, context, status=status)

    def post(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        action = request.POST.get("action", "")
        preparation = services.preparation_of(self.rally)
        if action == "prepare" and preparation is None:
            form = PrepareForm(request.POST)
            if not form.is_valid():
                return self.page(prepare_form=form, status=400)
            services.prepare(
                self.rally, request.user, day=form.cleaned_data["first_day"], pathway=form.cleaned_data["pathway"]
            )
            messages.success(request, "Le rétroplanning du rallye est prêt.")
        elif action == "add" and preparation is not None:
            add = AddTaskForm(request.POST)
            if not add.is_valid():
                return self.page(add_form=add, status=400)
            data = add.cleaned_data
            task = services.add_task(
                self.rally,
                request.user,
                title=data["title"],
                phase=Phase(data["phase"]),
                due=data["due"],
                milestone=data["milestone"],
                fixed_date=data["fixed_date"],
            )
            messages.success(request, f"Tâche ajoutée : « {task.title} », pour le {french.date(task.due)}.")
        elif action == "pathway" and preparation is not None:
            pathway_form = PathwayForm(request.POST)
            pathway_form.is_valid()
            pathway = bool(pathway_form.cleaned_data.get("pathway"))
            changed = services.set_pathway(self.rally, request.user, pathway)
            if pathway:
                messages.success(
                    request,
                    f"Rallye inscrit dans un parcours : {french.count(changed, 'tâche ajoutée', 'tâches ajoutées')}.",
                )
            else:
                messages.success(
                    request, f"Rallye hors parcours : {french.count(changed, 'tâche retirée', 'tâches retirées')}."
                )
        else:
            messages.error(request, "Cette action n'est pas possible ici : rechargez la page.")
        return redirect("preparation:tasks", pk=pk)


class TaskView(PreparationMixin):
    template_name = "www/preparation/task.html"

    def get_task(self, item: int) -> RallyTask:
        found = (
            RallyTask.objects.for_user(self.request.user)
            .filter(rally=self.rally, pk=item)
            .select_related("assignee")
            .first()
        )
        if not isinstance(found, RallyTask):
            raise Http404("Cette tâche n'existe pas dans ce rallye.")
        return found

    def get(self, request: HttpRequest, pk: int, item: int) -> HttpResponse:
        return self.page(self.get_task(item))

    def page(
        self,
        task: RallyTask,
        move_form: MoveForm | None = None,
        assign_form: AssignForm | None = None,
        status: int = 200,
    ) -> HttpResponse:
        tips = [tip for tip in services.rally_tips(self.rally) if tip.key in (task.tips or [])]
        context = self.rally_context(
            task=task,
            tips=tips,
            late=not task.done and task.due < timezone.localdate(),
            move_form=move_form or MoveForm(initial={"due": task.due}),
            assign_form=assign_form or AssignForm(initial={"assignee": task.assignee_id}, members=members(self.rally)),
        )
        return render(self.request, self.template_name, context, status=status)

    def post(self, request: HttpRequest, pk: int, item: int) -> HttpResponseBase:
        task = self.get_task(item)
        action = request.POST.get("action", "")
        if action in ("done", "undone"):
            if services.set_done(task, request.user, action == "done"):
                messages.success(
                    request, f"« {task.title} » : {'faite' if action == 'done' else 'à faire de nouveau'}."
                )
        elif action == "move":
            move = MoveForm(request.POST)
            if not move.is_valid():
                return self.page(task, move_form=move, status=400)
            if services.move_task(task, request.user, move.cleaned_data["due"]):
                messages.success(request, f"« {task.title} » : pour le {french.date(task.due)}.")
        elif action == "assign":
            assign = AssignForm(request.POST, members=members(self.rally))
            if not assign.is_valid():
                return self.page(task, assign_form=assign, status=400)
            member = assign.cleaned_data["assignee"]
            if services.assign(task, request.user, member):
                who = (member.get_full_name() or member.email) if member is not None else "personne"
                messages.success(request, f"« {task.title} » : responsable {who}.")
        else:
            messages.error(request, "Cette action n'est pas possible ici : rechargez la page.")
        if request.POST.get("next") == "list":
            return redirect("preparation:tasks", pk=pk)
        return redirect("preparation:task", pk=pk, item=item)


class WorkbookView(PreparationMixin):
    """The rally's retro-planning as a workbook (the tasks, then the tips), as ``rallye
    retroplanning`` writes it."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        preparation = services.preparation_of(self.rally)
        if preparation is None:
            messages.error(request, "Le rétroplanning n'est pas encore préparé : préparez-le d'abord.")
            return redirect("preparation:tasks", pk=pk)
        tasks = services.tasks_of(self.rally)
        buffer = io.BytesIO()
        write_xlsx(
            [services.as_task(task) for task in tasks],
            buffer,
            name=self.rally.name,
            first_day=preparation.first_day,
            triggered=services.rally_tips(self.rally, tasks),
        )
        response = HttpResponse(
            buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = 'attachment; filename="retroplanning.xlsx"'
        return response
