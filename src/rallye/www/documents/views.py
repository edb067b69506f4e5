"""The documents page: download each kind of document of the current plan, or all of them, and
give the rally its logo. Every view reaches the rally through ``RallyMixin`` (scoping)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from rallye.documents import ARCHIVE, KINDS, logo_of, write_documents
from rallye.documents import render as render_pdf
from rallye.domain.plan import Plan
from rallye.domain.rally import Rally as DomainRally
from rallye.plans.reading import planned_rally
from rallye.plans.services import current_plan
from rallye.www.rallies.access import RallyMixin
from rallye.www.rallies.exports import attachment

LOGO_TYPES = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".svg": "SVG"}
LOGO_MAX_BYTES = 1_000_000


class DocumentsView(RallyMixin):
    tab = "documents"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        current = current_plan(self.rally)
        context = self.rally_context(kinds=list(KINDS.values()), current=current, archive=ARCHIVE, logo=self.rally.logo)
        return render(request, "www/documents/documents.html", context)


class _Documents(RallyMixin):
    def sources(self) -> tuple[DomainRally, Plan, Path | None]:
        planned = planned_rally(self.rally)
        if planned.plan is None:
            raise Http404("Pas encore de planning pour ce rallye.")
        if planned.rally is None:
            raise Http404("Les données du rallye sont à corriger.")
        return planned.rally, planned.plan, logo_of(planned.rally)


class DocumentView(_Documents):
    def get(self, request: HttpRequest, pk: int, kind: str) -> HttpResponse:
        if kind not in KINDS:
            raise Http404("Document inconnu.")
        data, plan, logo = self.sources()
        return attachment(render_pdf(kind, data, plan, logo), "application/pdf", KINDS[kind].file)


class ArchiveView(_Documents):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        data, plan, logo = self.sources()
        with tempfile.TemporaryDirectory() as folder:
            paths = write_documents(data, plan, Path(folder), logo_path=logo)
            content = paths[-1].read_bytes()
        return attachment(content, "application/zip", ARCHIVE)


class LogoView(RallyMixin):
    """Give the rally its logo (PNG, JPEG or SVG, 1 Mo at most), printed on every document."""

    edit_only = True
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        upload = request.FILES.get("logo")
        suffix = Path(upload.name or "").suffix.lower() if upload else ""
        if upload is None or suffix not in LOGO_TYPES:
            messages.error(request, "Choisissez une image PNG, JPEG ou SVG pour le logo.")
        elif upload.size is not None and upload.size > LOGO_MAX_BYTES:
            messages.error(request, "Le logo dépasse 1 Mo : choisissez une image plus légère.")
        else:
            folder = Path(settings.DATA_DIR) / "logos"
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"rallye-{self.rally.pk}{suffix}"
            with path.open("wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
            self.rally.logo = str(path)
            self.rally.save(update_fields=["logo"])
            messages.success(request, "Logo enregistré : il figure sur tous les documents.")
        return redirect("documents:documents", pk=self.rally.pk)
