"""Import a workbook or a ``rally.json``: upload, preview (nothing saved), then confirm.

The preview lists every problem of the file (the first 200, then how many more), with the
sheet, row and column the reader gives, or what the import will create and replace. Confirming
reads the file again and saves it with ``save_domain_rally``, in one transaction: all or nothing.

A file's logo is never taken: it names a file on the sender's computer, or the logo of another
rally. The rally keeps the logo given on its documents page.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.views import View

from rallye.domain.rally import Rally as DomainRally
from rallye.formats.places import Located
from rallye.formats.problems import InvalidInput, listed
from rallye.organisations.models import Structure
from rallye.rallies.conversion import save_domain_rally
from rallye.rallies.models import Rally
from rallye.www.rallies import uploads
from rallye.www.rallies.access import RallyMixin, require_some_editable_structure
from rallye.www.rallies.editing import record_import
from rallye.www.rallies.forms import NewRallyUploadForm, UploadForm
from rallye.www.rallies.preview import import_changes

UPLOAD_TEMPLATE = "www/rallies/upload.html"
NEW_UPLOAD_TEMPLATE = "www/rallies/upload_new.html"
PREVIEW_TEMPLATE = "www/rallies/preview.html"
NEW_PREVIEW_TEMPLATE = "www/rallies/preview_new.html"


CHECKED = "places_checked"
"""The box the organiser ticks to confirm the places found with a low score."""


def preview_context(pending: uploads.PendingImport, rally: Rally | None, *, unchecked: bool = False) -> dict[str, Any]:
    try:
        data, located = pending.read_located()
    except InvalidInput as error:
        shown, more = listed(error.problems)
        return {"file_name": pending.file_name, "problems": shown, "count": len(error.problems), "more": more}
    return {
        "file_name": pending.file_name,
        "problems": [],
        "data": data,
        "changes": import_changes(data, rally),
        "located": [(place_name(data, place), place) for place in located],
        "to_check": sum(place.low for place in located),
        "unchecked": unchecked,
    }


def place_name(data: DomainRally, place: Located) -> str:
    """The place as the organiser knows it: « Entreprise C01 — Atelier du Fier », « Lieu de rendez-vous »."""
    if place.path[:1] == ("companies",) and isinstance(place.path[1], int) and place.path[1] < len(data.companies):
        company = data.companies[place.path[1]]
        return f"Entreprise {company.id} — {company.name}"
    return f"Lieu de rendez-vous — {data.base.name}"


def confirm(
    request: HttpRequest, pending: uploads.PendingImport, structure: Structure, rally: Rally | None
) -> HttpResponseRedirect | None:
    """Save the file's rally; ``None`` when the file does not pass, or when places found with a
    low score were not confirmed (the preview says why)."""
    try:
        data, located, people = pending.read_all()
    except InvalidInput:
        return None
    if any(place.low for place in located) and request.POST.get(CHECKED) != "on":
        return None
    data = dataclasses.replace(data, logo=rally.logo.name if rally is not None and rally.logo else None)
    saved = save_domain_rally(structure, data, rally, people)
    record_import(saved, request.user, pending.file_name, created=rally is None)
    uploads.discard(request)
    what = "importé" if rally is None else "remplacé par le contenu du fichier"
    messages.success(request, f"Le rallye « {saved.name} » est {what} ({pending.file_name}).")
    return redirect("rallies:detail", pk=saved.pk)


class NewRallyImportMixin(View):
    structures: QuerySet[Structure]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.structures = require_some_editable_structure(request.user)
        return super().dispatch(request, *args, **kwargs)


class NewRallyUploadView(NewRallyImportMixin):
    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, NEW_UPLOAD_TEMPLATE, {"form": NewRallyUploadForm(structures=self.structures)})

    def post(self, request: HttpRequest) -> HttpResponseBase:
        form = NewRallyUploadForm(request.POST, request.FILES, structures=self.structures)
        if not form.is_valid():
            return render(request, NEW_UPLOAD_TEMPLATE, {"form": form})
        pending = uploads.store(request, form.cleaned_data["file"], form.cleaned_data["structure"].pk, None)
        return redirect("rallies:import_new_preview", token=pending.token)


class NewRallyPreviewView(NewRallyImportMixin):
    def pending(self, token: str) -> tuple[uploads.PendingImport, Structure]:
        pending = uploads.pending_import(self.request, token, None)
        if pending is None:
            raise Http404("Cet envoi de fichier n'existe plus ; envoyez le fichier à nouveau.")
        structure = self.structures.filter(pk=pending.structure_id).first()
        if structure is None:
            raise PermissionDenied("Vous ne pouvez plus créer de rallye dans cette structure.")
        return pending, structure

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        pending, structure = self.pending(token)
        context = {"structure": structure, **preview_context(pending, None)}
        return render(request, NEW_PREVIEW_TEMPLATE, context)

    def post(self, request: HttpRequest, token: str) -> HttpResponseBase:
        pending, structure = self.pending(token)
        if request.POST.get("action") == "cancel":
            uploads.discard(request)
            messages.info(request, "Import annulé : rien n'a été enregistré.")
            return redirect("rallies:list")
        done = confirm(request, pending, structure, None)
        context = {"structure": structure, **preview_context(pending, None, unchecked=True)}
        return done or render(request, NEW_PREVIEW_TEMPLATE, context)


class RallyUploadView(RallyMixin):
    edit_only = True

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return render(request, UPLOAD_TEMPLATE, self.rally_context(form=UploadForm()))

    def post(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, UPLOAD_TEMPLATE, self.rally_context(form=form))
        pending = uploads.store(request, form.cleaned_data["file"], self.rally.structure_id, self.rally.pk)
        return redirect("rallies:import_preview", pk=pk, token=pending.token)


class RallyPreviewView(RallyMixin):
    edit_only = True

    def pending(self, token: str) -> uploads.PendingImport:
        pending = uploads.pending_import(self.request, token, self.rally.pk)
        if pending is None:
            raise Http404("Cet envoi de fichier n'existe plus ; envoyez le fichier à nouveau.")
        return pending

    def get(self, request: HttpRequest, pk: int, token: str) -> HttpResponse:
        pending = self.pending(token)
        return render(request, PREVIEW_TEMPLATE, self.rally_context(**preview_context(pending, self.rally)))

    def post(self, request: HttpRequest, pk: int, token: str) -> HttpResponseBase:
        pending = self.pending(token)
        if request.POST.get("action") == "cancel":
            uploads.discard(request)
            messages.info(request, "Import annulé : le rallye n'a pas changé.")
            return redirect("rallies:detail", pk=pk)
        done = confirm(request, pending, self.rally.structure, self.rally)
        context = self.rally_context(**preview_context(pending, self.rally, unchecked=True))
        return done or render(request, PREVIEW_TEMPLATE, context)
