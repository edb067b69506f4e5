"""Recruitment as people do it: the organiser adds a prescriber and sends its private link; the
prescriber proposes candidates (never without consent); the organiser accepts (a participant) or
declines (with a reason); a revoked or expired link changes nothing; information sessions and the
steering committee."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rallye.history.models import HistoryEntry
from rallye.links.models import PrivateLink, Purpose
from rallye.messaging.models import Message
from rallye.rallies.models import Participant, Rally
from rallye.recruitment.models import (
    CommitteeMeeting,
    InfoInvitation,
    InfoSession,
    Prescriber,
    Proposal,
    ProposalState,
    RallyPrescriber,
)
from tests.www.rallies.helpers import text

pytestmark = pytest.mark.django_db

CANDIDATE = {
    "first_name": "Awa",
    "last_name": "Diallo",
    "gender": "F",
    "birth_year": "1988",
    "phone": "0611223344",
    "email": "",
    "status_category": "DELD",
    "rsa_beneficiary": "on",
    "needs": "Pas de voiture",
    "proposed_by": "Julie Martin",
    "consent": "on",
}


def page_url(rally: Rally) -> str:
    return reverse("recruitment:recruitment", args=[rally.pk])


def add_prescriber(coordinator: Client, rally: Rally) -> RallyPrescriber:
    response = coordinator.post(
        page_url(rally),
        {
            "action": "add_prescriber",
            "name": "France Travail Annecy Nord",
            "kind": "FT",
            "contact_name": "Julie Martin",
            "contact_email": "julie.martin@example.fr",
            "contact_phone": "04 50 00 00 01",
        },
    )
    assert response.status_code == 302
    found: RallyPrescriber = RallyPrescriber.objects.get(rally=rally)
    return found


def link_of(coordinator: Client, rally: Rally, row: RallyPrescriber) -> str:
    """The organiser sends the link by e-mail; the prescriber's link, as the e-mail gives it."""
    contact = row.prescriber.contacts.get()
    response = coordinator.post(page_url(rally), {"action": "send", "prescriber": row.pk, "contact": contact.pk})
    assert "part par e-mail à julie.martin@example.fr" in text(coordinator.get(response["Location"]))
    message = Message.objects.get(purpose="prescriber_link", rally=rally)
    assert message.recipient == "julie.martin@example.fr" and "Bonjour Julie Martin" in message.body
    match = re.search(r"http://testserver(/prescripteur/[^/\s]+/)", message.body)
    assert match is not None
    return match.group(1)


def test_a_prescriber_proposes_and_the_organiser_accepts_or_declines(coordinator: Client, annecy: Rally) -> None:
    row = add_prescriber(coordinator, annecy)
    url = link_of(coordinator, annecy, row)
    prescriber = Client()
    page = text(prescriber.get(url))
    assert "Proposer des candidats" in page and "France Travail Annecy Nord" in page

    refused = prescriber.post(url, {**CANDIDATE, "consent": ""})
    assert refused.status_code == 400
    assert "Sans l&#x27;accord de la personne, la proposition ne peut pas être envoyée" in refused.content.decode()
    assert not Proposal.objects.exists()

    sent = text(prescriber.post(url, CANDIDATE))
    assert "La candidature de Awa Diallo est envoyée" in sent
    assert prescriber.post(url, {**CANDIDATE, "first_name": "Marc", "gender": "M"}).status_code == 200
    awa, marc = Proposal.objects.order_by("pk")

    board = text(coordinator.get(page_url(annecy)))
    assert "Awa Diallo" in board and "Besoins : Pas de voiture" in board
    assert coordinator.post(page_url(annecy), {"action": "accept", "proposal": awa.pk}).status_code == 302
    person = Participant.objects.get(rally=annecy, first_name="Awa", last_name="Diallo")
    assert person.code == "P27" and person.status_category == "DELD" and person.rsa_beneficiary
    assert person.phone == "06 11 22 33 44" and person.consent and person.prescriber == "France Travail"
    assert HistoryEntry.objects.filter(rally=annecy, object_id=person.pk, action="created").exists()

    no_reason = coordinator.post(page_url(annecy), {"action": "decline", "proposal": marc.pk, "reason": ""})
    assert no_reason.status_code == 400 and "Dites pourquoi la candidature est déclinée" in text(no_reason)
    reason = {"action": "decline", "proposal": marc.pk, "reason": "Groupe complet"}
    assert coordinator.post(page_url(annecy), reason).status_code == 302
    marc.refresh_from_db()
    assert marc.state == ProposalState.DECLINED and marc.participant is None
    again = coordinator.post(page_url(annecy), {"action": "accept", "proposal": marc.pk}, follow=True)
    assert "est déjà déclinée" in text(again)
    assert not Participant.objects.filter(rally=annecy, first_name="Marc").exists()

    back = text(prescriber.get(url))
    assert "Awa Diallo : <strong>acceptée</strong>" in back and "déclinée</strong> (Groupe complet)" in back


def test_a_revoked_or_expired_link_changes_nothing_and_says_so(coordinator: Client, annecy: Rally) -> None:
    row = add_prescriber(coordinator, annecy)
    url = link_of(coordinator, annecy, row)
    assert coordinator.post(page_url(annecy), {"action": "revoke", "prescriber": row.pk}).status_code == 302
    prescriber = Client()
    refused = prescriber.post(url, CANDIDATE)
    assert refused.status_code == 410 and "Lien désactivé" in text(refused)
    assert not Proposal.objects.exists()

    fresh = coordinator.post(page_url(annecy), {"action": "link", "prescriber": row.pk})
    assert fresh.status_code == 302
    link = PrivateLink.objects.get(prescriber=row, revoked_at=None, purpose=Purpose.PROPOSALS)
    assert f"/prescripteur/{link.token}/" not in url  # a new token, the old one stays dead
    annecy.sessions.update(date=timezone.localdate() - dt.timedelta(days=3))
    expired = prescriber.post(f"/prescripteur/{link.token}/", CANDIDATE)
    assert expired.status_code == 410 and "Lien expiré" in text(expired)
    assert not Proposal.objects.exists()


def test_implausible_birth_years_and_unreachable_people_are_refused(coordinator: Client, annecy: Rally) -> None:
    url = link_of(coordinator, annecy, add_prescriber(coordinator, annecy))
    page = text(Client().post(url, {**CANDIDATE, "birth_year": "1940", "phone": ""}))
    assert "1940 donnerait 87 ans en 2027 ; un participant a de 16 à 75 ans." in page
    assert "Donnez un téléphone ou un e-mail" in page
    assert not Proposal.objects.exists()


def test_a_reader_sees_the_page_but_changes_nothing(reader: Client, coordinator: Client, annecy: Rally) -> None:
    add_prescriber(coordinator, annecy)
    assert reader.get(page_url(annecy)).status_code == 200
    assert reader.post(page_url(annecy), {"action": "add_member", "name": "X"}).status_code == 403


def test_information_sessions_and_the_steering_committee(coordinator: Client, annecy: Rally, settings: Any) -> None:
    settings.SMS_KEY = "test-key"  # the candidate gave a mobile and no e-mail: told by SMS
    row = add_prescriber(coordinator, annecy)
    url = link_of(coordinator, annecy, row)
    Client().post(url, CANDIDATE)
    proposal = Proposal.objects.get()
    session = {"action": "add_session", "date": "2027-02-16", "start": "09:30", "place": "MIFE, Annecy"}
    assert coordinator.post(page_url(annecy), session).status_code == 302
    info = InfoSession.objects.get(rally=annecy)
    invite = {"action": "invite", "session": info.pk, "invited": [proposal.pk]}
    page = text(coordinator.post(page_url(annecy), invite, follow=True))
    assert "L'invitation part par SMS : Awa Diallo." in page
    invitation = InfoInvitation.objects.get(session=info)
    sent = Message.objects.get(purpose="info_session_invitation")
    assert sent.channel == "sms" and sent.recipient == proposal.phone
    assert "16 février 2027 à 09:30, MIFE, Annecy" in sent.body
    coordinator.post(page_url(annecy), invite)  # invited again: nobody is told twice
    assert Message.objects.filter(purpose="info_session_invitation").count() == 1
    attended = {"action": "attendance", "session": info.pk, "attended": [invitation.pk]}
    assert coordinator.post(page_url(annecy), attended).status_code == 302
    invitation.refresh_from_db()
    assert invitation.attended is True

    member = {"action": "add_member", "name": "Julie Martin", "organisation": "France Travail", "email": ""}
    assert coordinator.post(page_url(annecy), member).status_code == 302
    members = Prescriber.objects.filter(structure=annecy.structure).count()
    assert members == 1
    meeting = {"action": "add_meeting", "date": "2027-01-12", "minutes": "Objectif : 20 personnes dont 6 au RSA."}
    member_pk = annecy.structure.committee_members.get().pk
    assert coordinator.post(page_url(annecy), {**meeting, "attendees": [member_pk]}).status_code == 302
    assert CommitteeMeeting.objects.get(rally=annecy).attendees.count() == 1
    page = text(coordinator.get(page_url(annecy)))
    assert "Réunion du 12 janvier 2027" in page
    labels = set(HistoryEntry.objects.filter(rally=annecy).values_list("object_label", flat=True))
    assert "Recrutement : réunion du comité du 12 janvier 2027" in labels
    assert "Recrutement : France Travail Annecy Nord" in labels
    assert "Objectif : 20 personnes dont 6 au RSA." in page
    assert coordinator.post(page_url(annecy), {"action": "add_session", "date": ""}).status_code == 400
    assert coordinator.post(page_url(annecy), {"action": "nothing"}).status_code == 302


def test_a_contact_is_added_to_a_prescriber(coordinator: Client, annecy: Rally) -> None:
    row = add_prescriber(coordinator, annecy)
    contact = {"action": "add_contact", "prescriber": row.pk, "name": "Léa Roux", "email": "lea@example.fr"}
    assert "Léa Roux est un contact" in text(coordinator.post(page_url(annecy), contact, follow=True))
    bad = {**contact, "name": "", "phone": "appeler"}
    page = text(coordinator.post(page_url(annecy), bad, follow=True))
    assert "non enregistré" in page and "le nom du contact manque." in page
    assert row.prescriber.contacts.count() == 2
