"""The retro-planning templates: the federation's (edited by its administrators for the whole
network) and each structure's changes to it (by its coordinators). A change here reaches the
rallies prepared afterwards only: a rally's tasks are its own once copied."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.views import View

from rallye.organisations.models import Federation, Structure
from rallye.organisations.perms import (
    administered_federations,
    can_adapt_structure_template,
    can_edit_federation_template,
    managed_structures,
)
from rallye.preparation.models import StructureTask
from rallye.preparation.templates import federation_rows, federation_template, structure_template
from rallye.retroplanning.template import TaskTemplate
from rallye.www.preparation.forms import FederationTaskForm, StructureTaskForm


def new_key(title: str, taken: set[str]) -> str:
    base = (slugify(title)[:50] or "tache").replace("-", "_")
    key, n = base, 2
    while key in taken:
        key, n = f"{base}_{n}", n + 1
    return key


class TemplatesView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        federations = administered_federations(request.user)
        structures = managed_structures(request.user).order_by("name")
        if not federations.exists() and not structures.exists():
            raise PermissionDenied(
                "Seuls la coordination d'une structure et l'administration de la fédération modifient les modèles."
            )
        context = {"title": "Modèles de rétroplanning", "federations": federations, "structures": structures}
        return render(request, "www/preparation/templates.html", context)


class FederationTemplateView(View):
    template_name = "www/preparation/template_edit.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.federation = get_object_or_404(Federation, pk=kwargs["federation"])
        if not can_edit_federation_template(request.user, self.federation):
            raise PermissionDenied("Seule l'administration de la fédération modifie son modèle.")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, federation: int) -> HttpResponse:
        return self.page()

    def page(
        self, failed: FederationTaskForm | None = None, failed_pk: int | None = None, status: int = 200
    ) -> HttpResponse:
        rows = federation_rows(self.federation)
        forms = [
            (
                row,
                failed
                if failed is not None and failed_pk == row.pk
                else FederationTaskForm(instance=row, prefix=f"t{row.pk}"),
            )
            for row in rows
        ]
        add = failed if failed is not None and failed_pk is None else FederationTaskForm(prefix="new")
        context = {
            "title": f"Modèle de rétroplanning — {self.federation.name}",
            "scope": f"la fédération {self.federation.name}, pour tout le réseau",
            "forms": [(row.pk, row.title, form, False) for row, form in forms],
            "add_form": add,
            "can_delete": True,
        }
        return render(self.request, self.template_name, context, status=status)

    def post(self, request: HttpRequest, federation: int) -> HttpResponseBase:
        action = request.POST.get("action", "")
        rows = {row.pk: row for row in federation_rows(self.federation)}
        item = int(request.POST.get("item", "0") or 0)
        if action == "save" and item in rows:
            form = FederationTaskForm(request.POST, instance=rows[item], prefix=f"t{item}")
            if not form.is_valid():
                return self.page(form, item, status=400)
            form.save()
            messages.success(request, f"Tâche enregistrée : « {form.instance.title} ».")
        elif action == "delete" and item in rows:
            rows[item].delete()
            messages.success(request, f"Tâche retirée du modèle : « {rows[item].title} ».")
        elif action == "add":
            form = FederationTaskForm(request.POST, prefix="new")
            if not form.is_valid():
                return self.page(form, None, status=400)
            task = form.save(commit=False)
            task.federation = self.federation
            task.key = new_key(task.title, {row.key for row in rows.values()})
            task.position = len(rows)
            task.save()
            messages.success(request, f"Tâche ajoutée au modèle : « {task.title} ».")
        else:
            messages.error(request, "Cette action n'est plus possible : la page a été rechargée.")
        return redirect("preparation:federation", federation=federation)


class StructureTemplateView(View):
    """The structure's template: each task of the federation's rewritten or removed here, and
    the structure's own tasks."""

    template_name = "www/preparation/template_edit.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.structure = get_object_or_404(
            Structure.objects.filter(pk__in=managed_structures(request.user)), pk=kwargs["structure"]
        )
        if not can_adapt_structure_template(request.user, self.structure):
            raise PermissionDenied("Seule la coordination de la structure adapte son modèle.")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, structure: int) -> HttpResponse:
        return self.page()

    def initial(self, task: TaskTemplate) -> dict[str, Any]:
        return {
            "title": task.title,
            "phase": task.phase.value,
            "offset_days": task.offset_days,
            "milestone": task.milestone,
            "fixed_date": task.fixed_date,
            "pathway_only": task.pathway_only,
        }

    def page(
        self, failed: StructureTaskForm | None = None, failed_key: str | None = None, status: int = 200
    ) -> HttpResponse:
        changes = {row.key: row for row in StructureTask.objects.filter(structure=self.structure)}
        effective = {task.key: task for task in structure_template(self.structure)}
        base = {task.key: task for task in federation_template(self.structure.federation)}
        keys = list(effective) + [key for key in base if key not in effective]
        forms = []
        for key in keys:
            task = effective.get(key) or base[key]
            form = (
                failed
                if failed is not None and failed_key == key
                else StructureTaskForm(
                    initial={**self.initial(task), "removed": key not in effective}, prefix=f"k-{key}"
                )
            )
            forms.append((key, task.title, form, key in changes))
        add = failed if failed is not None and failed_key is None else StructureTaskForm(prefix="new")
        add.fields.pop("removed", None)
        context = {
            "title": f"Modèle de rétroplanning — {self.structure.name}",
            "scope": f"la structure {self.structure.name} (à partir du modèle de la fédération)",
            "forms": forms,
            "add_form": add,
            "can_delete": False,
        }
        return render(self.request, self.template_name, context, status=status)

    def post(self, request: HttpRequest, structure: int) -> HttpResponseBase:
        action = request.POST.get("action", "")
        key = request.POST.get("item", "")
        known = {task.key for task in federation_template(self.structure.federation)}
        changes = {row.key: row for row in StructureTask.objects.filter(structure=self.structure)}
        if action == "save" and (key in known or key in changes):
            form = StructureTaskForm(request.POST, instance=changes.get(key), prefix=f"k-{key}")
            if not form.is_valid():
                return self.page(form, key, status=400)
            row = form.save(commit=False)
            row.structure = self.structure
            row.key = key
            row.save()
            messages.success(request, f"Tâche adaptée pour la structure : « {row.title} ».")
        elif action == "restore" and key in changes:
            changes[key].delete()
            what = "rétablie comme dans le modèle de la fédération" if key in known else "retirée"
            messages.success(request, f"Tâche {what} : « {changes[key].title} ».")
        elif action == "add":
            form = StructureTaskForm(request.POST, prefix="new")
            form.fields.pop("removed", None)
            if not form.is_valid():
                return self.page(form, None, status=400)
            row = form.save(commit=False)
            row.structure = self.structure
            row.key = new_key(row.title, known | set(changes))
            row.save()
            messages.success(request, f"Tâche ajoutée au modèle de la structure : « {row.title} ».")
        else:
            messages.error(request, "Cette action n'est plus possible : la page a été rechargée.")
        return redirect("preparation:structure", structure=structure)
