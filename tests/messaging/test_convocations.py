"""« Envoyer les convocations »: each participant of the plan who agreed receives their own
convocation, by e-mail as a PDF made when it is sent, or by SMS with the essentials; the page
says who received what, and who must be given the printed one."""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from rallye.messaging.delivery import deliver
from rallye.messaging.models import Message, State
from rallye.plans.models import PlanVersion
from rallye.plans.reading import planned_rally
from rallye.rallies.models import Participant, Rally
from tests.accounts.conftest import COORDINATOR, Sends, signed_in

pytestmark = pytest.mark.django_db
UPCOMING = "Rallye pour l'emploi — Annecy, mars 2027"


def text(response: Any) -> str:
    return html.unescape(str(response.content.decode()))


@pytest.fixture
def rally(db: None) -> Rally:
    found: Rally = Rally.objects.get(name=UPCOMING)
    plan = planned_rally(found).plan
    assert plan is not None
    members = [m for team in plan.teams for m in team.members][:2]
    Participant.objects.filter(rally=found).update(contact_agreed=False)
    Participant.objects.filter(rally=found, code=members[0]).update(
        contact_agreed=True, contact_channel="email", email="amina@example.org"
    )
    Participant.objects.filter(rally=found, code=members[1]).update(
        contact_agreed=True, contact_channel="sms", phone="06 12 34 56 78", email=""
    )
    return found


def url(rally: Rally) -> str:
    return reverse("messaging:convocations", args=[rally.pk])


def test_convocations_go_out_in_one_click_with_the_pdf(rally: Rally, sends: Sends) -> None:
    coordinator = signed_in(COORDINATOR)
    assert url(rally) in text(coordinator.get(reverse("documents:documents", args=[rally.pk])))
    before = text(coordinator.get(url(rally)))
    assert "pas de message : n'a pas accepté de recevoir des messages" in before
    with sends():
        done = coordinator.post(url(rally), follow=True)
    assert "2 convocations partent" in text(done)
    (email,) = mail.outbox
    assert email.to == ["amina@example.org"] and "votre convocation au Rallye pour l'emploi — Annecy" in email.subject
    assert "responsabilité civile" in email.body and "/arret/" in email.body
    ((name, content, kind),) = email.attachments
    person = Participant.objects.get(rally=rally, email="amina@example.org")
    assert name == f"convocation-{person.code}.pdf" and kind == "application/pdf" and content[:4] == b"%PDF"
    sms = Message.objects.get(rally=rally, channel="sms")
    assert sms.state == State.SENT and "responsabilité civile" in sms.body and sms.attachment == ""
    page = text(coordinator.get(url(rally)))
    assert "envoyée par e-mail le" in page and "envoyée par SMS le" in page
    with sends():
        again = coordinator.post(url(rally), follow=True)
    assert "2 personnes avaient déjà la sienne" in text(again) and len(mail.outbox) == 1


def test_a_convocation_that_cannot_be_made_waits_with_the_reason(rally: Rally) -> None:
    coordinator = signed_in(COORDINATOR)
    coordinator.post(url(rally))  # queued, not sent (no worker in this test)
    PlanVersion.objects.filter(rally=rally).update(is_current=False)
    message = Message.objects.get(rally=rally, channel="email")
    assert deliver(message.pk) == State.WAITING
    message.refresh_from_db()
    assert message.last_error == "le rallye n'a plus de planning : la convocation ne peut pas être faite"


def test_no_convocations_without_a_plan(rally: Rally) -> None:
    PlanVersion.objects.filter(rally=rally).update(is_current=False)
    coordinator = signed_in(COORDINATOR)
    assert "calculez d'abord le planning" in text(coordinator.get(url(rally)))
    refused = coordinator.post(url(rally), follow=True)
    assert "n'a pas encore de planning" in text(refused)
    assert not Message.objects.filter(rally=rally).exists()
    assert Client().get(url(rally)).status_code == 302  # signed out: to the login page
