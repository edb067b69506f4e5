"""A rally's mobilisation log: the directory companies approached, their state, every contact,
and at a glance how many are engaged against what the rally needs (the charter's K5, the sectors
each team must see, the visits the teams will make)."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any, ClassVar

from django.contrib import messages
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from rallye.companies.availability import availability_link
from rallye.companies.confirmation import confirm_answer, to_confirm
from rallye.companies.models import (
    ENGAGED_STATUSES,
    AvailabilityAnswer,
    Channel,
    ContactLog,
    DirectoryCompany,
    Mobilisation,
    Status,
)
from rallye.companies.requests import Sending, request_availability, waiting_for_an_answer
from rallye.companies.services import add_to_rally, email_only, log_contact, mobilise, set_status
from rallye.domain import charter, french
from rallye.history.models import Action
from rallye.history.services import record
from rallye.links.models import PrivateLink, Purpose
from rallye.links.services import current, link_state, link_url, qr_data_uri, revoke
from rallye.messaging.models import Channel as MessageChannel
from rallye.rallies.models import Company, Rally
from rallye.www.companies.forms import ContactLogForm, StatusForm
from rallye.www.rallies.access import RallyMixin


@dataclass(frozen=True)
class Need:
    label: str
    have: int
    need: int
    detail: str

    @property
    def met(self) -> bool:
        return self.have >= self.need

    @property
    def missing(self) -> int:
        return max(0, self.need - self.have)


def rally_needs(rally: Rally, engaged: list[Mobilisation]) -> list[Need]:
    """What the rally needs against what the engaged companies bring."""
    sectors = {m.company.sector.strip().casefold() for m in engaged if m.company.sector.strip()}
    vehicles = rally.vehicles.count()
    participants = rally.participants.count()
    teams = vehicles or math.ceil(participants / charter.TEAM_SIZE.max)
    visits = teams * rally.visits_min
    rows = {c.directory_id: c for c in Company.objects.filter(rally=rally, directory__isnull=False)}
    capped = [rows[m.company_id].max_visits for m in engaged if m.company_id in rows]
    offered = sum(v for v in capped if v is not None)
    open_ended = sum(1 for m in engaged if m.company_id not in rows or rows[m.company_id].max_visits is None)
    k5 = charter.RULES["K5"]
    limited = f" ; {open_ended} sans nombre de visites limité" if open_ended else ""
    capped_text = f" ; {offered} visites au plus chez les autres" if capped else ""
    return [
        Need("Entreprises engagées", len(engaged), charter.MIN_COMPANIES, f"{k5.text} (charte)."),
        Need(
            "Secteurs différents",
            len(sectors),
            rally.visits_min,
            f"Chaque équipe visite au moins {rally.visits_min} entreprises de secteurs différents.",
        ),
        Need(
            "Visites à accueillir",
            offered if not open_ended else max(offered, visits),
            visits,
            f"{french.count(teams, 'équipe')} × {rally.visits_min} visites{limited}{capped_text}.",
        ),
    ]


class MobilisationMixin(RallyMixin):
    tab: ClassVar[str] = "mobilisation"

    def mobilisations(self) -> QuerySet[Mobilisation]:
        found: QuerySet[Mobilisation] = (
            Mobilisation.objects.for_user(self.request.user)
            .filter(rally=self.rally)
            .select_related("company")
            .prefetch_related(Prefetch("contacts", queryset=ContactLog.objects.for_user(self.request.user)))
        )
        return found

    def back(self) -> HttpResponseRedirect:
        return redirect("companies:mobilisation", pk=self.rally.pk)


class MobilisationListView(MobilisationMixin):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        rows = list(self.mobilisations())
        engaged = [m for m in rows if m.status in ENGAGED_STATUSES]
        in_rally = dict(
            Company.objects.filter(rally=self.rally, directory__isnull=False).values_list("directory_id", "pk")
        )
        answered: dict[int, Any] = {}
        answers = AvailabilityAnswer.objects.for_user(request.user).filter(company__rally=self.rally)
        for answer in answers.select_related("company"):
            answered.setdefault(answer.company.directory_id, answer)
        linked = set(
            PrivateLink.objects.for_user(request.user)
            .filter(company__rally=self.rally, purpose=Purpose.AVAILABILITY, revoked_at=None)
            .values_list("company__directory_id", flat=True)
        )
        today = dt.date.today()
        cards = []
        for m in rows:
            contacts = list(m.contacts.all())
            upcoming = next((c for c in contacts if c.next_action), None)
            cards.append(
                {
                    "mobilisation": m,
                    "last": contacts[0] if contacts else None,
                    "next": upcoming,
                    "late": bool(upcoming and upcoming.next_date and upcoming.next_date < today),
                    "email_only": email_only(m),
                    "in_rally": in_rally.get(m.company_id),
                    "answer": answered.get(m.company_id),
                    "linked": m.company_id in linked,
                }
            )
        taken = {m.company_id for m in rows}
        candidates = (
            DirectoryCompany.objects.for_user(request.user)
            .filter(structure=self.rally.structure)
            .exclude(pk__in=taken)
            .order_by("name")
        )
        counts = {status: sum(1 for m in rows if m.status == status) for status in Status}
        context = self.rally_context(
            cards=cards,
            needs=rally_needs(self.rally, engaged),
            candidates=candidates,
            counts=[(Status(s).label, n) for s, n in counts.items() if n],
            waiting=[m.company.name for m in waiting_for_an_answer(self.rally)],
        )
        return render(request, "www/companies/mobilisation.html", context)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        if request.POST.get("action") == "request_all":
            waiting = waiting_for_an_answer(self.rally)
            say_what_was_sent(
                request, request_availability(self.rally, waiting, request.user, lambda link: link_url(link, request))
            )
            return self.back()
        ids = [int(v) for v in request.POST.getlist("companies") if v.isdigit()]
        chosen = DirectoryCompany.objects.for_user(request.user).filter(structure=self.rally.structure, pk__in=ids)
        added = mobilise(self.rally, chosen, request.user)
        if added:
            messages.success(request, f"À mobiliser : {', '.join(m.company.name for m in added)}.")
        else:
            messages.warning(request, "Cochez au moins une entreprise de l'annuaire.")
        return self.back()


class MobilisationDetailView(MobilisationMixin):
    """One company's mobilisation: its state, the contacts made, the next action; add it to the
    rally once engaged."""

    def get_mobilisation(self) -> Mobilisation:
        return get_object_or_404(self.mobilisations(), pk=self.kwargs["mobilisation"])

    def get(self, request: HttpRequest, pk: int, mobilisation: int) -> HttpResponse:
        m = self.get_mobilisation()
        return self.page(m, StatusForm(initial={"status": m.status}), ContactLogForm(initial={"date": dt.date.today()}))

    def page(self, m: Mobilisation, status_form: StatusForm, log_form: ContactLogForm, code: int = 200) -> HttpResponse:
        row = Company.objects.filter(rally=self.rally, directory=m.company).first()
        link = None
        if row is not None:
            link = current(
                PrivateLink.objects.for_user(self.request.user).filter(company=row, purpose=Purpose.AVAILABILITY)
            )
        url = link_url(link, self.request) if link is not None else ""
        context = self.rally_context(
            link=link,
            link_url=url,
            link_qr=qr_data_uri(url) if url and not link.revoked else "",  # type: ignore[union-attr]
            link_state=link_state(link, timezone.now()) if link is not None else "",
            answers=list(AvailabilityAnswer.objects.for_user(self.request.user).filter(company=row)) if row else [],
            m=m,
            entry=m.company,
            contacts=list(m.contacts.all()),
            people=list(m.company.contacts.all()),
            email_only=email_only(m),
            status_form=status_form,
            log_form=log_form,
            row=row,
            engaged=m.status in ENGAGED_STATUSES,
        )
        return render(self.request, "www/companies/mobilisation_detail.html", context, status=code)

    def post(self, request: HttpRequest, pk: int, mobilisation: int) -> HttpResponse:
        m = self.get_mobilisation()
        action = request.POST.get("action")
        if action == "status":
            status_form = StatusForm(request.POST)
            if status_form.is_valid():
                set_status(m, Status(status_form.cleaned_data["status"]), request.user)
                messages.success(request, f"« {m.company} » : {Status(m.status).label.lower()}.")
                return redirect("companies:mobilisation_detail", pk=self.rally.pk, mobilisation=m.pk)
            return self.page(m, status_form, ContactLogForm(), code=400)
        if action == "contact":
            log_form = ContactLogForm(request.POST)
            if log_form.is_valid():
                log_contact(m, request.user, **log_form.cleaned_data)
                messages.success(request, f"Contact noté pour « {m.company} ».")
                return redirect("companies:mobilisation_detail", pk=self.rally.pk, mobilisation=m.pk)
            return self.page(m, StatusForm(initial={"status": m.status}), log_form, code=400)
        if action == "send":
            return self.send(m)
        if action == "confirm":
            return self.confirm(m)
        if action in ("link", "revoke"):
            row = Company.objects.filter(rally=self.rally, directory=m.company).first()
            if row is None:
                messages.warning(request, "Ajoutez d'abord l'entreprise au rallye.")
            elif action == "link":
                availability_link(row)
                record(self.rally, request.user, Action.CHANGED, row, summary="Lien de disponibilités créé")
                messages.success(request, "Le lien de disponibilités est prêt : envoyez-le à l'entreprise.")
            else:
                for link in PrivateLink.objects.for_user(request.user).filter(company=row, revoked_at=None):
                    revoke(link, request.user)
                record(self.rally, request.user, Action.CHANGED, row, summary="Lien de disponibilités désactivé")
                messages.success(request, "Le lien de disponibilités est désactivé : il n'ouvre plus rien.")
            return redirect("companies:mobilisation_detail", pk=self.rally.pk, mobilisation=m.pk)
        if action == "add":
            if m.status not in ENGAGED_STATUSES:
                messages.warning(request, "Seule une entreprise engagée ou confirmée entre dans le rallye.")
            else:
                company = add_to_rally(m, request.user)
                messages.success(
                    request,
                    f"« {company} » est dans les entreprises du rallye : complétez son accueil et ses disponibilités.",
                )
                return redirect("rallies:company_edit", pk=self.rally.pk, item=company.pk)
        return redirect("companies:mobilisation_detail", pk=self.rally.pk, mobilisation=m.pk)

    def confirm(self, m: Mobilisation) -> HttpResponse:
        """« Confirmer le changement »: the company's answer given after the plan, confirmed and
        the company told (``companies.confirmation``); noted in the mobilisation log."""
        back = redirect("companies:mobilisation_detail", pk=self.rally.pk, mobilisation=m.pk)
        given = self.request.POST.get("answer", "")
        answers = AvailabilityAnswer.objects.for_user(self.request.user).select_related("company__rally__structure")
        mine = answers.filter(company__rally=self.rally, company__directory=m.company)
        found = mine.filter(pk=int(given)).first() if given.isdigit() else None
        if found is None or not to_confirm(found):
            messages.info(self.request, "Ce changement est déjà confirmé, ou n'est plus à confirmer.")
            return back
        with transaction.atomic():
            queued = confirm_answer(found, self.request.user)
            if queued is None:
                messages.info(self.request, "Ce changement est déjà confirmé.")
                return back
            ways = [
                f"par e-mail à {q.recipient}" if q.channel == MessageChannel.EMAIL else f"par SMS au {q.recipient}"
                for q in queued
            ]
            if queued:
                log_contact(
                    m,
                    self.request.user,
                    date=timezone.localdate(),
                    channel=Channel.EMAIL if queued[0].channel == MessageChannel.EMAIL else Channel.PHONE,
                    who=found.company.contact_name or queued[0].recipient,
                    note="Changement de disponibilités confirmé " + " et ".join(ways),
                )
        if queued:
            messages.success(self.request, f"Changement confirmé ; l'entreprise est prévenue {' et '.join(ways)}.")
        else:
            messages.warning(
                self.request,
                "Changement confirmé, mais le contact de l'entreprise n'a ni e-mail ni téléphone mobile : "
                "prévenez-la par téléphone.",
            )
        return back

    def send(self, m: Mobilisation) -> HttpResponse:
        """The availability link to the company's contact (a message of the outgoing queue, with
        its state), noted in the mobilisation log."""
        done = request_availability(self.rally, [m], self.request.user, lambda link: link_url(link, self.request))
        say_what_was_sent(self.request, done)
        return redirect("companies:mobilisation_detail", pk=self.rally.pk, mobilisation=m.pk)


def say_what_was_sent(request: HttpRequest, done: Sending) -> None:
    if done.by_email:
        messages.success(request, f"Le lien de disponibilités part par e-mail : {', '.join(done.by_email)}.")
    if done.by_sms:
        messages.success(request, f"Le lien de disponibilités part par SMS : {', '.join(done.by_sms)}.")
    if done.unreachable:
        messages.warning(
            request,
            f"Pas d'e-mail ni de téléphone mobile pour le contact dans le rallye : {', '.join(done.unreachable)}. "
            "Indiquez-le dans sa fiche, ou donnez le lien par téléphone ou avec son QR code.",
        )
    if not (done.sent or done.unreachable):
        messages.info(request, "Toutes les entreprises engagées ont déjà donné leurs disponibilités.")
