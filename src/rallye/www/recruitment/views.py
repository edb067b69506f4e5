"""The rally's « Recrutement » page: the prescribers taking part (with their private links, sent
by e-mail), the candidates they propose (accepted or declined with a reason), the information
sessions (invitations and attendance) and the steering committee (members, meetings, minutes)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from rallye.domain import french
from rallye.history.models import Action, ObjectKind
from rallye.history.services import record
from rallye.links.models import PrivateLink, Purpose
from rallye.links.services import current, link_state, link_url, revoke
from rallye.messaging.models import Channel
from rallye.messaging.services import queue_message
from rallye.messaging.texts import render as render_text
from rallye.recruitment.invitations import invite
from rallye.recruitment.models import (
    CommitteeMember,
    InfoInvitation,
    InfoSession,
    Prescriber,
    PrescriberContact,
    Proposal,
    ProposalState,
    RallyPrescriber,
)
from rallye.recruitment.services import AlreadyDecided, accept, decline, link_end, proposals_link
from rallye.www.rallies.access import RallyMixin
from rallye.www.recruitment.forms import (
    CommitteeMeetingForm,
    CommitteeMemberForm,
    ContactForm,
    DeclineForm,
    InfoSessionForm,
    PrescriberForm,
)

LINK_PURPOSE = "prescriber_link"
"""The purpose of the messages carrying a prescriber's link."""


class RecruitmentView(RallyMixin):
    tab = "recruitment"

    # -- reading -----------------------------------------------------------------------------
    def rally_prescribers(self) -> QuerySet[RallyPrescriber]:
        found: QuerySet[RallyPrescriber] = (
            RallyPrescriber.objects.for_user(self.request.user)
            .filter(rally=self.rally)
            .select_related("prescriber")
            .prefetch_related("prescriber__contacts", "links")
        )
        return found

    def proposals(self) -> QuerySet[Proposal]:
        found: QuerySet[Proposal] = (
            Proposal.objects.for_user(self.request.user)
            .filter(rally=self.rally)
            .select_related("prescriber__prescriber", "participant")
        )
        return found

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.page()

    def page(self, status: int = 200, **forms_given: Any) -> HttpResponse:
        now = timezone.now()
        prescribers = []
        for rp in self.rally_prescribers():
            link = current(link for link in rp.links.all() if link.purpose == Purpose.PROPOSALS)
            url = link_url(link, self.request) if link is not None and not link.revoked else ""
            prescribers.append(
                {"row": rp, "link": link, "url": url, "state": link_state(link, now) if link is not None else ""}
            )
        taken = [rp.prescriber_id for rp in self.rally_prescribers()]
        directory = Prescriber.objects.for_user(self.request.user).filter(structure=self.rally.structure)
        sessions = InfoSession.objects.for_user(self.request.user).filter(rally=self.rally)
        invitations = InfoInvitation.objects.for_user(self.request.user).filter(session__rally=self.rally)
        proposals = list(self.proposals())
        members = CommitteeMember.objects.for_user(self.request.user).filter(structure=self.rally.structure)
        meeting_form = forms_given.get("meeting_form") or CommitteeMeetingForm(members=members)
        end = link_end(self.rally.pk)
        context = self.rally_context(
            prescribers=prescribers,
            others=directory.exclude(pk__in=taken),
            prescriber_form=forms_given.get("prescriber_form") or PrescriberForm(),
            proposals=proposals,
            waiting=[p for p in proposals if p.state == ProposalState.PROPOSED],
            decided=[p for p in proposals if p.state != ProposalState.PROPOSED],
            decline_form=forms_given.get("decline_form"),
            declining=forms_given.get("declining"),
            sessions=[(s, [i for i in invitations if i.session_id == s.pk]) for s in sessions],
            session_form=forms_given.get("session_form") or InfoSessionForm(),
            invitable=[p for p in proposals if p.state != ProposalState.DECLINED],
            members=members,
            member_form=forms_given.get("member_form") or CommitteeMemberForm(),
            meetings=self.rally.committee_meetings.prefetch_related("attendees"),
            meeting_form=meeting_form,
            link_end=french.date(timezone.localdate(end - dt.timedelta(days=1))) if end else "",
        )
        return render(self.request, "www/recruitment/recruitment.html", context, status=status)

    # -- changing ----------------------------------------------------------------------------
    def post(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        action = str(request.POST.get("action", ""))
        handler = getattr(self, f"do_{action}", None) if action.isidentifier() else None
        if handler is None:
            messages.error(request, "Action inconnue : rien n'a changé.")
            return self.back()
        result: HttpResponseBase = handler(request)
        return result

    def back(self, anchor: str = "") -> HttpResponseBase:
        response = redirect("recruitment:recruitment", pk=self.rally.pk)
        response["Location"] += f"#{anchor}" if anchor else ""
        return response

    def note(self, action: Action, label: str, summary: str = "") -> None:
        """One entry of the rally's history for a change of its recruitment."""
        record(
            self.rally,
            self.request.user,
            action,
            kind=ObjectKind.RALLY,
            label=f"Recrutement : {label}",
            summary=summary,
        )

    def row(self, request: HttpRequest) -> RallyPrescriber:
        return get_object_or_404(self.rally_prescribers(), pk=request.POST.get("prescriber") or 0)

    def do_add_prescriber(self, request: HttpRequest) -> HttpResponseBase:
        form = PrescriberForm(request.POST)
        if form.is_valid():
            name = form.cleaned_data["name"]
            if Prescriber.objects.for_user(request.user).filter(structure=self.rally.structure, name=name).exists():
                form.add_error("name", f"« {name} » est déjà dans vos prescripteurs : choisissez-le dans la liste.")
        if not form.is_valid():
            return self.page(status=400, prescriber_form=form)
        with transaction.atomic():
            prescriber = Prescriber.objects.create(
                structure=self.rally.structure, name=form.cleaned_data["name"], kind=form.cleaned_data["kind"]
            )
            data = form.cleaned_data
            if data["contact_name"] or data["contact_email"] or data["contact_phone"]:
                PrescriberContact.objects.create(
                    prescriber=prescriber,
                    name=data["contact_name"] or data["contact_email"],
                    email=data["contact_email"],
                    phone=data["contact_phone"],
                )
            RallyPrescriber.objects.create(rally=self.rally, prescriber=prescriber)
            self.note(Action.CREATED, str(prescriber), "nouveau prescripteur associé au rallye")
        messages.success(request, f"« {prescriber} » prend part au recrutement du rallye.")
        return self.back("prescripteurs")

    def do_join(self, request: HttpRequest) -> HttpResponseBase:
        directory = Prescriber.objects.for_user(request.user).filter(structure=self.rally.structure)
        prescriber = get_object_or_404(directory, pk=request.POST.get("existing") or 0)
        RallyPrescriber.objects.get_or_create(rally=self.rally, prescriber=prescriber)
        self.note(Action.CREATED, str(prescriber), "prescripteur associé au rallye")
        messages.success(request, f"« {prescriber} » prend part au recrutement du rallye.")
        return self.back("prescripteurs")

    def do_link(self, request: HttpRequest) -> HttpResponseBase:
        rp = self.row(request)
        proposals_link(rp)
        self.note(Action.CHANGED, str(rp), "lien privé du prescripteur créé")
        messages.success(request, f"Le lien de « {rp} » est prêt : copiez-le ou envoyez-le par e-mail.")
        return self.back("prescripteurs")

    def do_revoke(self, request: HttpRequest) -> HttpResponseBase:
        rp = self.row(request)
        for link in PrivateLink.objects.for_user(request.user).filter(prescriber=rp, revoked_at=None):
            revoke(link, request.user)
        self.note(Action.CHANGED, str(rp), "lien privé du prescripteur désactivé")
        messages.success(request, f"Le lien de « {rp} » est désactivé : il n'ouvre plus rien.")
        return self.back("prescripteurs")

    def do_add_contact(self, request: HttpRequest) -> HttpResponseBase:
        rp = self.row(request)
        form = ContactForm(request.POST)
        if not form.is_valid():
            errors = " ".join(str(error) for errors in form.errors.values() for error in errors)
            messages.error(request, f"Contact de « {rp} » non enregistré : {errors}")
            return self.back("prescripteurs")
        form.instance.prescriber = rp.prescriber
        contact = form.save()
        self.note(Action.CHANGED, str(rp), f"contact ajouté : {contact.name}")
        messages.success(request, f"{contact.name} est un contact de « {rp} ».")
        return self.back("prescripteurs")

    def do_send(self, request: HttpRequest) -> HttpResponseBase:
        rp = self.row(request)
        contact = rp.prescriber.contacts.filter(pk=request.POST.get("contact") or 0).first()
        if contact is None or not contact.email:
            messages.warning(
                request,
                f"Pas d'adresse e-mail pour un contact de « {rp} » : ajoutez-la, ou donnez le lien par téléphone.",
            )
            return self.back("prescripteurs")
        link = proposals_link(rp)
        end = link_end(self.rally.pk)
        values = {
            "contact": contact.name,
            "prescripteur": rp.prescriber.name,
            "rallye": self.rally.name,
            "structure": self.rally.structure.name,
            "lien": link_url(link, request),
            "date_limite": french.date(timezone.localdate(end - dt.timedelta(days=1)))
            if end
            else "la veille du rallye",
        }
        subject, body = render_text(self.rally.structure, LINK_PURPOSE, Channel.EMAIL, values)
        with transaction.atomic():
            queue_message(
                recipient=contact.email,
                subject=subject,
                body=body,
                purpose=LINK_PURPOSE,
                structure=self.rally.structure,
                created_by=request.user,
                rally=self.rally,
            )
            self.note(Action.CHANGED, str(rp), f"lien envoyé par e-mail à {contact.email}")
        messages.success(request, f"Le lien de « {rp} » part par e-mail à {contact.email}.")
        return self.back("prescripteurs")

    def proposal(self, request: HttpRequest) -> Proposal:
        return get_object_or_404(self.proposals(), pk=request.POST.get("proposal") or 0)

    def do_accept(self, request: HttpRequest) -> HttpResponseBase:
        proposal = self.proposal(request)
        try:
            person = accept(proposal, request.user)
        except AlreadyDecided as decided:
            messages.warning(request, f"La candidature de {proposal} est déjà {decided.proposal.get_state_display()}.")
            return self.back("propositions")
        messages.success(request, f"{person} est participant du rallye.")
        return self.back("propositions")

    def do_decline(self, request: HttpRequest) -> HttpResponseBase:
        proposal = self.proposal(request)
        form = DeclineForm(request.POST)
        if not form.is_valid():
            return self.page(status=400, decline_form=form, declining=proposal.pk)
        try:
            decline(proposal, request.user, form.cleaned_data["reason"])
        except AlreadyDecided as decided:
            messages.warning(request, f"La candidature de {proposal} est déjà {decided.proposal.get_state_display()}.")
            return self.back("propositions")
        messages.success(request, f"La candidature de {proposal} est déclinée ; le prescripteur verra la raison.")
        return self.back("propositions")

    def do_add_session(self, request: HttpRequest) -> HttpResponseBase:
        form = InfoSessionForm(request.POST)
        if not form.is_valid():
            return self.page(status=400, session_form=form)
        form.instance.rally = self.rally
        session = form.save()
        self.note(Action.CREATED, f"information collective du {french.date(session.date)}", session.place)
        messages.success(request, f"Information collective du {french.date(session.date)} ajoutée.")
        return self.back("informations")

    def do_invite(self, request: HttpRequest) -> HttpResponseBase:
        sessions = InfoSession.objects.for_user(request.user).filter(rally=self.rally)
        session = get_object_or_404(sessions, pk=request.POST.get("session") or 0)
        chosen = self.proposals().exclude(state=ProposalState.DECLINED).filter(pk__in=request.POST.getlist("invited"))
        done = invite(session, chosen, request.user)
        when = f"information collective du {french.date(session.date)}"
        self.note(Action.CHANGED, when, f"{done.count} invitation(s)")
        messages.success(request, f"{french.count(done.count, 'personne invitée', 'personnes invitées')}.")
        if done.by_email:
            messages.success(request, f"L'invitation part par e-mail : {', '.join(done.by_email)}.")
        if done.by_sms:
            messages.success(request, f"L'invitation part par SMS : {', '.join(done.by_sms)}.")
        if done.to_call:
            messages.warning(
                request, f"Ni e-mail ni téléphone mobile : prévenez par téléphone {', '.join(done.to_call)}."
            )
        return self.back("informations")

    def do_attendance(self, request: HttpRequest) -> HttpResponseBase:
        invitations = InfoInvitation.objects.for_user(request.user).filter(session__rally=self.rally)
        for invitation in invitations.filter(session_id=request.POST.get("session") or 0):
            invitation.attended = str(invitation.pk) in request.POST.getlist("attended")
            invitation.save(update_fields=["attended"])
        self.note(Action.CHANGED, "information collective", "présences enregistrées")
        messages.success(request, "Présences enregistrées.")
        return self.back("informations")

    def do_add_member(self, request: HttpRequest) -> HttpResponseBase:
        form = CommitteeMemberForm(request.POST)
        if not form.is_valid():
            return self.page(status=400, member_form=form)
        form.instance.structure = self.rally.structure
        member = form.save()
        self.note(Action.CREATED, f"comité de pilotage, {member}")
        messages.success(request, f"{member} fait partie du comité de pilotage.")
        return self.back("comite")

    def do_add_meeting(self, request: HttpRequest) -> HttpResponseBase:
        members = CommitteeMember.objects.for_user(request.user).filter(structure=self.rally.structure)
        form = CommitteeMeetingForm(request.POST, members=members)
        if not form.is_valid():
            return self.page(status=400, meeting_form=form)
        form.instance.rally = self.rally
        meeting = form.save()
        self.note(Action.CREATED, f"réunion du comité du {french.date(meeting.date)}", meeting.minutes[:200])
        messages.success(request, f"Réunion du comité du {french.date(meeting.date)} enregistrée.")
        return self.back("comite")
