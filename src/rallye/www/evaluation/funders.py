"""The funders of a structure: who supports its rallies (list, add, change).

A structure the user cannot see answers 404; a read-only user sees the list but gets 403 for
any change, as on the rally pages."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View

from rallye.evaluation.models import Funder, Funding
from rallye.organisations.models import Structure
from rallye.organisations.perms import can_edit
from rallye.organisations.scoping import visible_structures
from rallye.www.evaluation.forms import FunderForm
from rallye.www.rallies.access import SAFE_METHODS


class StructureMixin(View):
    """Loads ``self.structure`` (404 when the user cannot see it) and ``self.can_edit``."""

    edit_only: ClassVar[bool] = False
    structure: Structure
    can_edit: bool

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.structure = get_object_or_404(visible_structures(request.user), pk=kwargs["structure"])
        self.can_edit = can_edit(request.user, self.structure)
        if not self.can_edit and (self.edit_only or request.method not in SAFE_METHODS):
            raise PermissionDenied("Votre rôle dans cette structure ne permet que la consultation.")
        return super().dispatch(request, *args, **kwargs)

    def funders(self) -> Any:
        return Funder.objects.for_user(self.request.user).filter(structure=self.structure)


class FunderListView(StructureMixin):
    """The list, and the form that adds a funder."""

    def get(self, request: HttpRequest, structure: int) -> HttpResponse:
        return self.page(FunderForm(structure=self.structure))

    def post(self, request: HttpRequest, structure: int) -> HttpResponse:
        form = FunderForm(request.POST, structure=self.structure)
        if not form.is_valid():
            return self.page(form)
        funder = form.save()
        messages.success(request, f"Le financeur « {funder} » est enregistré.")
        return redirect("evaluation:funders", structure=self.structure.pk)

    def page(self, form: FunderForm) -> HttpResponse:
        requests = Prefetch(
            "fundings",
            queryset=Funding.objects.select_related("rally").order_by("rally__name"),
            to_attr="requests",
        )
        funders = self.funders().annotate(rallies=Count("fundings")).prefetch_related(requests).order_by("name")
        context = {"structure": self.structure, "can_edit": self.can_edit, "funders": funders, "form": form}
        return render(self.request, "www/evaluation/funders.html", context)


class FunderEditView(StructureMixin):
    edit_only = True

    def get(self, request: HttpRequest, structure: int, funder: int) -> HttpResponse:
        instance = self.funder()
        return self.page(FunderForm(instance=instance, structure=self.structure), instance)

    def post(self, request: HttpRequest, structure: int, funder: int) -> HttpResponse:
        instance = self.funder()
        name = str(instance)  # before the form changes it
        form = FunderForm(request.POST, instance=instance, structure=self.structure)
        if not form.is_valid():
            return self.page(form, name)
        saved = form.save()
        messages.success(request, f"Le financeur « {saved} » est enregistré.")
        return redirect("evaluation:funders", structure=self.structure.pk)

    def funder(self) -> Funder:
        found: Funder = get_object_or_404(self.funders(), pk=self.kwargs["funder"])
        return found

    def page(self, form: FunderForm, name: object) -> HttpResponse:
        context = {"structure": self.structure, "form": form, "title": f"Modifier « {name} »"}
        return render(self.request, "www/evaluation/funder_form.html", context)
