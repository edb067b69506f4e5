"""A printable sheet of the rally's private links: each company's availability link as a QR code
(to hand over at a meeting or send as a picture), beside the sheet of the questionnaires' links
(``evaluation:qr_all``). Links are made only on request (a POST), never by showing the page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from rallye.companies.availability import availability_link
from rallye.domain import french
from rallye.history.models import Action
from rallye.history.services import record
from rallye.links.models import PrivateLink, Purpose
from rallye.links.services import current, link_url, qr_data_uri
from rallye.rallies.models import Company
from rallye.www.rallies.access import RallyMixin


class PrivateLinksSheetView(RallyMixin):
    tab = "documents"
    edit_only = True

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        now = timezone.now()
        rows: list[dict[str, Any]] = []
        for company in self.companies():
            link = current(company.links.all())
            if link is not None and (link.revoked or link.expired(now)):
                link = None
            url = link_url(link, request) if link is not None else ""
            rows.append({"company": company, "url": url, "qr": qr_data_uri(url) if url else ""})
        missing = sum(1 for row in rows if not row["url"])
        context = self.rally_context(rows=rows, missing=missing)
        return render(request, "www/documents/links_sheet.html", context)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        now = timezone.now()
        made = []
        with transaction.atomic():
            for company in self.companies():
                link = current(company.links.all())
                if link is None or link.revoked or link.expired(now):
                    availability_link(company)
                    made.append(company.name)
            if made:
                summary = f"Liens de disponibilités créés pour {len(made)} entreprise(s) : {', '.join(made)}"
                record(self.rally, request.user, Action.CHANGED, self.rally, summary=summary)
        if made:
            messages.success(
                request, f"{french.count(len(made), 'lien créé', 'liens créés')} : la feuille est prête à imprimer."
            )
        else:
            messages.info(request, "Chaque entreprise a déjà son lien : rien à créer.")
        return redirect("documents:links_sheet", pk=self.rally.pk)

    def companies(self) -> list[Company]:
        found = Company.objects.for_user(self.request.user).filter(rally=self.rally).order_by("name")
        links = PrivateLink.objects.for_user(self.request.user).filter(purpose=Purpose.AVAILABILITY, revoked_at=None)
        return list(found.prefetch_related(Prefetch("links", queryset=links)))
