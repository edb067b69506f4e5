"""The documents page: download each kind of document of the current plan, or all of them, and
give the rally its logo. Every view reaches the rally through ``RallyMixin`` (scoping)."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.core.files.base import ContentFile
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render

from rallye.challenges.services import playful
from rallye.companies.services import practical_by_code
from rallye.documents import ARCHIVE, KINDS, TEAM_FILES, team_file, team_plan
from rallye.documents import render as render_pdf
from rallye.documents.logos import LOGO_MAX_BYTES, BadLogo, check_logo
from rallye.domain.plan import Plan
from rallye.domain.rally import Rally as DomainRally
from rallye.field.services import team_link_urls
from rallye.history.models import Action
from rallye.history.services import record
from rallye.plans.reading import planned_rally
from rallye.rallies.storage import logo_file
from rallye.www.documents.archive import archive_state
from rallye.www.documents.tasks import FAILED, request_archive
from rallye.www.rallies.access import RallyMixin
from rallye.www.rallies.exports import attachment

ZIP = "application/zip"
PREPARING = (
    "L'archive de tous les documents est en préparation : elle sera prête dans quelques instants, "
    "cette page se met à jour toute seule."
)


TEAM_LABELS = {"roadbook": "Carnet de route", "convocation": "Convocations", "diploma": "Diplômes"}
"""The column headings of the documents of one team."""


class DocumentsView(RallyMixin):
    tab = "documents"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        planned = planned_rally(self.rally)
        current = planned.version
        teams = []
        if planned.plan is not None:
            for team in planned.plan.teams:
                files = [(kind, TEAM_LABELS[kind], team_file(kind, team.name)) for kind in TEAM_FILES]
                teams.append({"team": team, "files": files})
        context = self.rally_context(
            kinds=list(KINDS.values()),
            teams=teams,
            current=current,
            archive=ARCHIVE,
            archive_state=archive_state(self.rally, current) if current is not None and planned.plan else None,
            logo=self.rally.logo,
        )
        return render(request, "www/documents/documents.html", context)


class _Documents(RallyMixin):
    def sources(self) -> tuple[DomainRally, Plan, Path | None]:
        planned = planned_rally(self.rally)
        if planned.plan is None:
            raise Http404("Pas encore de planning pour ce rallye.")
        if planned.rally is None:
            raise Http404("Les données du rallye sont à corriger.")
        return planned.rally, planned.plan, logo_file(self.rally)


class DocumentView(_Documents):
    def get(self, request: HttpRequest, pk: int, kind: str) -> HttpResponse:
        if kind not in KINDS:
            raise Http404("Document inconnu.")
        data, plan, logo = self.sources()
        practical = practical_by_code(self.rally)
        links = team_link_urls(self.rally, request) if kind == "roadbook" else None
        pdf = render_pdf(kind, data, plan, logo, practical, playful(self.rally), links)
        return attachment(pdf, "application/pdf", KINDS[kind].file)


class TeamDocumentView(_Documents):
    """One team's part of a document made of one part per team (roadbook, convocations,
    diplomas), to print or hand to that team alone (after a re-plan that changed its day, say)."""

    def get(self, request: HttpRequest, pk: int, team: str, kind: str) -> HttpResponse:
        if kind not in TEAM_FILES:
            raise Http404("Document inconnu.")
        data, plan, logo = self.sources()
        one = team_plan(plan, team)
        if one is None:
            raise Http404("Cette équipe n'est pas dans le planning en vigueur.")
        practical = practical_by_code(self.rally)
        vehicle = one.teams[0].vehicle
        links = None
        if kind == "roadbook":  # its first page carries the QR code of the team's own phone page
            links = {code: url for code, url in team_link_urls(self.rally, request).items() if code == vehicle}
        pdf = render_pdf(kind, data, one, logo, practical, playful(self.rally), links)
        return attachment(pdf, "application/pdf", team_file(kind, one.teams[0].name))


class ArchiveView(RallyMixin):
    """The archive when it is ready; otherwise it is asked for (a background task) and the
    documents page says it is being prepared."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        planned = planned_rally(self.rally)
        current = planned.version
        if current is None:
            raise Http404("Pas encore de planning pour ce rallye.")
        if planned.rally is None or planned.plan is None:
            messages.error(request, FAILED)
            return redirect("documents:documents", pk=self.rally.pk)
        state = request_archive(self.rally, current, request)
        if state.ready:
            return attachment(state.path.read_bytes(), ZIP, ARCHIVE)
        if not state.failed:
            messages.info(request, PREPARING)
        return redirect("documents:documents", pk=self.rally.pk)


class LogoView(RallyMixin):
    """Give the rally its logo (PNG, JPEG or SVG, 1 Mo at most), printed on every document."""

    edit_only = True
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        upload = request.FILES.get("logo")
        suffix = Path(upload.name or "").suffix.lower() if upload else ""
        try:
            if upload is None:
                raise BadLogo("Choisissez une image PNG, JPEG ou SVG pour le logo.")
            data = upload.read(LOGO_MAX_BYTES + 1)
            check_logo(data, suffix)
        except BadLogo as bad:
            messages.error(request, str(bad))
        else:
            if self.rally.logo:
                self.rally.logo.delete(save=False)
            self.rally.logo.save(f"rallye-{self.rally.pk}{suffix}", ContentFile(data), save=False)
            self.rally.save(update_fields=["logo"])
            record(self.rally, request.user, Action.CHANGED, self.rally, summary="nouveau logo")
            messages.success(request, "Logo enregistré : il figure sur tous les documents.")
        return redirect("documents:documents", pk=self.rally.pk)
