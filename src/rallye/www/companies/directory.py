"""The structure's company directory: list, card, add and change, import of a partner's sheet.

Entries are fetched through ``for_user`` (another structure's entry answers 404); a read-only
user sees them but any change is refused (403), as for rallies (``perms.can_edit``).
"""

from __future__ import annotations

import secrets
import shutil
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View

from rallye.companies.imports import FIELD_LABELS, guessed_mapping, import_rows, preview
from rallye.companies.models import CompanyContact, DirectoryCompany
from rallye.companies.services import log_directory_change, rally_history
from rallye.domain import french
from rallye.formats.problems import InvalidInput, listed
from rallye.formats.tables import Table, read_table
from rallye.geocoding import LOW_SCORE, GeocoderError
from rallye.history.services import form_changes, lines_changed, values_of
from rallye.organisations.models import Structure
from rallye.organisations.perms import can_edit
from rallye.organisations.scoping import visible_structures
from rallye.www.companies.forms import (
    ContactFormSet,
    DirectoryCompanyForm,
    MappingForm,
    StructureChoiceForm,
    TableUploadForm,
)
from rallye.www.rallies.access import require_some_editable_structure
from rallye.www.rallies.addresses import search
from rallye.www.rallies.uploads import _clean_name, uploads_dir

PREVIEW_ROWS = 50
"""Rows shown in the import's preview (every problem is listed, whatever the number of rows)."""
SESSION_KEY = "companies.pending_sheet"


def directory_entries(user: Any) -> QuerySet[DirectoryCompany]:
    entries: QuerySet[DirectoryCompany] = DirectoryCompany.objects.for_user(user).select_related("structure")
    return entries


def contact_lines(company: DirectoryCompany) -> list[str]:
    return [" · ".join(part for part in (c.name, c.role, c.phone, c.email) if part) for c in company.contacts.all()]


class DirectoryListView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        query = request.GET.get("q", "").strip()[:100]
        entries = (
            directory_entries(request.user)
            .prefetch_related("contacts")
            .annotate(rallies=Count("rally_companies"))
            .order_by("name", "pk")  # an aggregate drops the model's ordering
        )
        if query:
            entries = entries.filter(
                Q(name__icontains=query) | Q(town__icontains=query) | Q(sector__icontains=query) | Q(siret=query)
            )
        several = visible_structures(request.user).count() > 1
        editable = any(can_edit(request.user, s) for s in visible_structures(request.user))
        context = {"entries": entries, "query": query, "several": several, "can_edit": editable}
        return render(request, "www/companies/list.html", context)


class DirectoryDetailView(View):
    def get(self, request: HttpRequest, entry: int) -> HttpResponse:
        company = get_object_or_404(directory_entries(request.user).prefetch_related("contacts"), pk=entry)
        context = {
            "entry": company,
            "rallies": rally_history(company),
            "changes": company.changes.all()[:50],
            "can_edit": can_edit(request.user, company.structure),
        }
        return render(request, "www/companies/detail.html", context)


class DirectoryFormView(View):
    """Add an entry (``/annuaire/ajouter/``) or change one, with its contacts."""

    def setup_entry(self, request: HttpRequest, item: int | None) -> DirectoryCompany:
        if item is None:
            self.structures = require_some_editable_structure(request.user)
            return DirectoryCompany()
        entry = get_object_or_404(directory_entries(request.user), pk=item)
        if not can_edit(request.user, entry.structure):
            raise PermissionDenied("Votre rôle dans cette structure ne permet que la consultation.")
        self.structures = Structure.objects.filter(pk=entry.structure_id)
        return entry

    def get(self, request: HttpRequest, entry: int | None = None) -> HttpResponse:
        company = self.setup_entry(request, entry)
        return self.page(
            company,
            DirectoryCompanyForm(instance=company),
            ContactFormSet(instance=company, queryset=self.contacts(company), prefix="contacts"),
            StructureChoiceForm(structures=self.structures),
        )

    def contacts(self, entry: DirectoryCompany) -> QuerySet[CompanyContact]:
        contacts: QuerySet[CompanyContact] = CompanyContact.objects.for_user(self.request.user)
        return contacts

    def post(self, request: HttpRequest, entry: int | None = None) -> HttpResponse:
        company = self.setup_entry(request, entry)
        creating = company.pk is None
        form = DirectoryCompanyForm(request.POST, instance=company)
        contacts = ContactFormSet(request.POST, instance=company, queryset=self.contacts(company), prefix="contacts")
        structure_form = StructureChoiceForm(self.with_structure(request.POST), structures=self.structures)
        checks = [form.is_valid(), contacts.is_valid(), not creating or structure_form.is_valid()]
        if not all(checks):
            return self.page(company, form, contacts, structure_form)
        with transaction.atomic():
            before = [] if creating else contact_lines(company)
            changes = values_of(form) if creating else form_changes(form)
            if creating:
                form.instance.structure = structure_form.cleaned_data["structure"]
            saved = form.save()
            contacts.instance = saved
            contacts.save()
            changes += lines_changed("Contacts", before, contact_lines(saved))
            if creating or changes:
                log_directory_change(saved, request.user, "Création" if creating else "Modification", changes)
        if form.located is not None:
            messages.info(request, f"Adresse localisée : « {form.located.label} ».")
        elif form.not_located:
            messages.warning(
                request,
                f"L'adresse de « {saved} » est à localiser : {form.not_located}. L'entreprise est enregistrée ; "
                "rouvrez-la plus tard pour choisir son adresse parmi les suggestions.",
            )
        messages.success(request, f"L'entreprise « {saved} » est enregistrée dans l'annuaire.")
        return redirect("companies:detail", entry=saved.pk)

    def with_structure(self, data: Any) -> dict[str, Any]:
        """The form's data, with the structure when the user may add to one structure only."""
        given = {"structure": data.get("structure", "")}
        if not given["structure"] and self.structures.count() == 1:
            given["structure"] = str(self.structures.get().pk)
        return given

    def page(
        self,
        entry: DirectoryCompany,
        form: DirectoryCompanyForm,
        contacts: forms.BaseInlineFormSet[Any, Any, Any],
        structure_form: StructureChoiceForm,
    ) -> HttpResponse:
        context = {
            "entry": entry,
            "form": form,
            "contacts": contacts,
            "structure_form": structure_form if entry.pk is None and self.structures.count() > 1 else None,
            "title": f"Modifier « {entry} »" if entry.pk else "Ajouter une entreprise à l'annuaire",
        }
        return render(self.request, "www/companies/form.html", context)


# --- Import of a partner's tracking sheet ---------------------------------------------------------


def _pending(request: HttpRequest, token: str) -> tuple[dict[str, Any], Table | None, list[Any]]:
    """The session's pending sheet with this token, its table (``None`` when gone), and the
    problems of reading it."""
    data = request.session.get(SESSION_KEY)
    if not isinstance(data, dict) or not secrets.compare_digest(str(data.get("token", "")), token):
        return {}, None, []
    path = uploads_dir() / f"sheet-{data['token']}" / data["file"]
    if not path.is_file():
        return data, None, []
    try:
        return data, read_table(path, data["file"]), []
    except InvalidInput as invalid:
        return data, None, invalid.problems


def _discard(request: HttpRequest) -> None:
    data = request.session.pop(SESSION_KEY, None)
    if isinstance(data, dict):
        shutil.rmtree(uploads_dir() / f"sheet-{data.get('token', '')}", ignore_errors=True)


class SheetUploadView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        structures = require_some_editable_structure(request.user)
        return self.page(TableUploadForm(), StructureChoiceForm(structures=structures))

    def page(self, form: TableUploadForm, structure_form: StructureChoiceForm, status: int = 200) -> HttpResponse:
        several = structure_form.fields["structure"].queryset.count() > 1  # type: ignore[attr-defined]
        context = {"form": form, "structure_form": structure_form if several else None}
        return render(self.request, "www/companies/upload.html", context, status=status)

    def post(self, request: HttpRequest) -> HttpResponse:
        structures = require_some_editable_structure(request.user)
        form = TableUploadForm(request.POST, request.FILES)
        given = request.POST.get("structure") or (str(structures.get().pk) if structures.count() == 1 else "")
        structure_form = StructureChoiceForm({"structure": given}, structures=structures)
        if not (form.is_valid() and structure_form.is_valid()):
            return self.page(form, structure_form, status=400)
        _discard(request)
        token = secrets.token_urlsafe(16)
        upload = form.cleaned_data["file"]
        name = _clean_name(upload.name or "suivi.xlsx")
        folder = uploads_dir() / f"sheet-{token}"
        folder.mkdir(parents=True)
        with (folder / name).open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        request.session[SESSION_KEY] = {
            "token": token,
            "file": name,
            "structure": structure_form.cleaned_data["structure"].pk,
        }
        return redirect("companies:import_preview", token=token)


class SheetPreviewView(View):
    """Map the columns, see every row as it will be imported, then import all or nothing."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        structures = require_some_editable_structure(request.user)
        self.data, self.table, self.read_problems = _pending(request, kwargs["token"])
        if not self.data:
            messages.warning(request, "Cet import n'est plus en attente ; envoyez le tableau à nouveau.")
            return redirect("companies:import")
        self.structure = get_object_or_404(structures, pk=self.data["structure"])
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        if self.table is None:
            return self.unreadable()
        mapping = self.data.get("mapping") or guessed_mapping(self.table.header)
        form = MappingForm(header=self.table.header, initial_mapping={k: int(v) for k, v in mapping.items()})
        return self.page(
            form,
            preview(self.structure, self.table, {k: int(v) for k, v in mapping.items()}) if "name" in mapping else None,
        )

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        if self.table is None:
            return self.unreadable()
        if "cancel" in request.POST:
            _discard(request)
            messages.info(request, "Import abandonné : rien n'a été enregistré.")
            return redirect("companies:list")
        form = MappingForm(request.POST, header=self.table.header, initial_mapping={})
        if not form.is_valid():
            return self.page(form, None, status=400)
        mapping = form.mapping()
        request.session[SESSION_KEY] = {**self.data, "mapping": mapping}
        result = preview(self.structure, self.table, mapping)
        if "confirm" not in request.POST or result.problems:
            if "confirm" in request.POST:
                messages.error(request, "Rien n'est importé : corrigez le tableau (voir les problèmes ci-dessous).")
            return self.page(form, result, status=400 if "confirm" in request.POST else 200)
        created = import_rows(self.structure, result, request.user, self.data["file"], locate_sure)
        _discard(request)
        skipped = len(result.duplicates)
        text = french.count(len(created), "entreprise ajoutée", "entreprises ajoutées") + " à l'annuaire"
        if skipped:
            text += " ; " + french.count(skipped, "doublon ignoré", "doublons ignorés")
        to_locate = sum(1 for c in created if c.lat is None and c.address)
        if to_locate:
            text += (
                " ; "
                + french.count(to_locate, "adresse", "adresses")
                + " à localiser (ouvrez l'entreprise pour la choisir)"
            )
        messages.success(request, text + ".")
        return redirect("companies:list")

    def unreadable(self) -> HttpResponse:
        problems, more = listed(self.read_problems)
        context = {"problems": problems, "more": more, "file_name": self.data.get("file", "")}
        _discard(self.request)
        return render(self.request, "www/companies/unreadable.html", context, status=400)

    def page(self, form: MappingForm, result: Any, status: int = 200) -> HttpResponse:
        assert self.table is not None
        problems, more = listed(result.problems) if result is not None else ([], "")
        shown = [row for row in result.rows if not row.problems][:PREVIEW_ROWS] if result is not None else []
        context = {
            "form": form,
            "table": self.table,
            "result": result,
            "problems": problems,
            "more": more,
            "shown": shown,
            "labels": FIELD_LABELS,
            "structure": self.structure,
            "token": self.data["token"],
            "sample": [
                (number, [(t, v) for t, v in zip(self.table.header, cells, strict=False) if v])
                for number, cells in self.table.rows[:3]
            ],
        }
        return render(self.request, "www/companies/preview.html", context, status=status)


def locate_sure(address: str) -> tuple[float, float] | None:
    """The place of an imported address when the service is sure of it; else it stays « à localiser »."""
    try:
        found = search(address, limit=1)
    except GeocoderError:
        return None
    return (found[0].lat, found[0].lon) if found and found[0].score >= LOW_SCORE else None
