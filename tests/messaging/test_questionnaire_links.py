"""« Envoyer les liens »: one click sends each questionnaire link by the person's preferred
channel, to those who agreed to receive messages; the others are listed with the reason, each
with a QR code to hand out. Every message can stop further ones, and is part of the person's
data (export, erasure)."""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from rallye.evaluation.personal_data import anonymise, person_data
from rallye.evaluation.services import prepare_questionnaires
from rallye.messaging.delivery import deliver
from rallye.messaging.models import Channel, Message, State
from rallye.rallies.models import Participant, Rally
from tests.accounts.conftest import COORDINATOR, Sends, link_in_last_email, signed_in
from tests.stub_server import serving

pytestmark = pytest.mark.django_db
UPCOMING = "Rallye pour l'emploi — Annecy, mars 2027"


def text(response: Any) -> str:
    return html.unescape(str(response.content.decode()))


@pytest.fixture
def rally(db: None) -> Rally:
    found: Rally = Rally.objects.get(name=UPCOMING)
    prepare_questionnaires(found)
    people = list(found.participants.order_by("code")[:5])
    Participant.objects.filter(rally=found).update(contact_agreed=False, email="", phone="")
    settings_of: list[dict[str, Any]] = [
        {"contact_agreed": True, "contact_channel": "email", "email": "amina@example.org"},
        {"contact_agreed": True, "contact_channel": "sms", "phone": "06 12 34 56 78"},
        {"contact_agreed": False, "email": "refus@example.org"},
        {"contact_agreed": True},
        {"contact_agreed": True, "email": "stop@example.org"},
    ]
    for person, values in zip(people, settings_of, strict=True):
        Participant.objects.filter(pk=person.pk).update(**values)
    return found


def people(rally: Rally) -> list[Participant]:
    return list(rally.participants.order_by("code")[:5])


def send(client: Client, sends: Sends, rally: Rally) -> Any:
    with sends():
        return client.post(reverse("evaluation:send_links", args=[rally.pk, "avant"]), follow=True)


def test_one_click_sends_each_link_by_the_preferred_channel(rally: Rally, sends: Sends) -> None:
    first, second, refused, unreachable, fifth = people(rally)
    Participant.objects.filter(pk=fifth.pk).update(contact_agreed=False)
    coordinator = signed_in(COORDINATOR)
    page = text(coordinator.get(reverse("evaluation:questionnaires", args=[rally.pk])))
    assert "Envoyer les liens : questionnaire avant le rallye" in page
    done = send(coordinator, sends, rally)
    assert "2 messages partent avec le lien du questionnaire avant le rallye" in text(done)
    page = text(coordinator.get(reverse("evaluation:questionnaires", args=[rally.pk])))
    assert "lien envoyé par e-mail le" in page and "lien envoyé par SMS le" in page

    (email,) = mail.outbox
    assert email.to == ["amina@example.org"] and first.first_name in email.body
    assert email.subject == "MIFE de Haute-Savoie : votre questionnaire avant le rallye"
    link = link_in_last_email("amina@example.org")
    assert Client().get(link.split()[0]).status_code == 200  # the questionnaire opens
    sms = Message.objects.get(participant=second)
    assert (sms.channel, sms.recipient, sms.state) == (Channel.SMS, "06 12 34 56 78", State.SENT)
    assert not Message.objects.filter(participant__in=[refused, unreachable]).exists()

    again = send(coordinator, sends, rally)
    assert "2 personnes avaient déjà reçu le lien" in text(again) and len(mail.outbox) == 1

    sheet = text(coordinator.get(reverse("evaluation:qr_sheet", args=[rally.pk, "avant"])))
    assert f"{refused.first_name} {refused.last_name}" in sheet and "n'a pas accepté de recevoir des messages" in sheet
    assert f"{unreachable.first_name} {unreachable.last_name}" in sheet and "ni e-mail ni téléphone" in sheet
    assert sheet.count('alt="QR code du questionnaire') >= 3
    assert f"{first.first_name} {first.last_name}" not in sheet


def test_a_person_stops_receiving_messages(rally: Rally, sends: Sends) -> None:
    *_, stopping = people(rally)
    Participant.objects.filter(pk__in=[p.pk for p in people(rally)[:4]]).update(contact_agreed=False)
    coordinator = signed_in(COORDINATOR)
    send(coordinator, sends, rally)
    body = mail.outbox[0].body
    stop = "/" + body.rsplit("://", 1)[1].split("/", 1)[1].strip()
    visitor = Client()
    page = visitor.get(stop)
    assert page.status_code == 200 and "Ne plus recevoir de messages" in text(page)
    assert stopping.last_name not in text(page)  # the page names nobody
    assert "ne vous enverra plus de messages" in text(visitor.post(stop))
    stopping.refresh_from_db()
    assert stopping.contact_stopped_at is not None
    Message.objects.all().delete()
    send(coordinator, sends, rally)
    assert len(mail.outbox) == 1  # nothing more
    sheet = text(coordinator.get(reverse("evaluation:qr_sheet", args=[rally.pk, "avant"])))
    assert "a demandé à ne plus recevoir de messages" in sheet


def test_messages_are_part_of_the_persons_data(rally: Rally, sends: Sends) -> None:
    first = people(rally)[0]
    send(signed_in(COORDINATOR), sends, rally)
    (line,) = person_data(first)["messages reçus"]
    assert line["par"] == "e-mail" and line["à"] == "amina@example.org" and line["état"] == "envoyé"
    assert line["envoyé par"]
    anonymise(first)
    assert Message.objects.get(participant=first).recipient == ""


class Gateway(BaseHTTPRequestHandler):
    received: list[tuple[dict[str, str], dict[str, Any]]] = []
    status = 201

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["content-length"])))
        Gateway.received.append(({k.lower(): v for k, v in self.headers.items()}, body))
        self.send_response(Gateway.status)
        self.send_header("content-type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"messageId": 1}' if Gateway.status < 300 else b'{"message": "invalid sender"}')

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def gateway(settings: Settings) -> Iterator[type[Gateway]]:
    Gateway.received, Gateway.status = [], 201
    with serving(Gateway) as url:
        settings.SMS_KEY, settings.SMS_SENDER = "cle-de-test", "MIFE74"
        settings.SMS_URL = f"{url}/v3/transactionalSMS/sms"
        yield Gateway


def test_an_sms_goes_through_the_gateway(rally: Rally, gateway: type[Gateway]) -> None:
    second = people(rally)[1]
    signed_in(COORDINATOR).post(reverse("evaluation:send_links", args=[rally.pk, "avant"]))  # queued only
    message = Message.objects.get(participant=second)
    assert deliver(message.pk) == State.SENT
    ((headers, body),) = gateway.received
    assert headers["api-key"] == "cle-de-test"
    assert body["recipient"] == "33612345678" and body["sender"] == "MIFE74" and body["type"] == "transactional"
    assert "/q/" in body["content"] and "/arret/" in body["content"]


def test_a_refused_sms_waits_with_the_reason_then_is_sent_again(rally: Rally, gateway: type[Gateway]) -> None:
    second = people(rally)[1]
    coordinator = signed_in(COORDINATOR)
    coordinator.post(reverse("evaluation:send_links", args=[rally.pk, "avant"]))
    message = Message.objects.get(participant=second)
    gateway.status = 400
    assert deliver(message.pk) == State.WAITING
    message.refresh_from_db()
    assert "le service SMS a refusé le message (code 400" in message.last_error
    Message.objects.filter(pk=message.pk).update(state=State.FAILED)
    page = text(coordinator.get(reverse("evaluation:questionnaires", args=[rally.pk])))
    assert "échec de l'envoi par SMS : le service SMS a refusé" in page
    again = coordinator.post(reverse("evaluation:send_again", args=[rally.pk, message.pk]), follow=True)
    assert f"Le message à {message.recipient} repart" in text(again)
    gateway.status = 201
    assert deliver(message.pk) == State.SENT


def test_a_sheet_of_every_link_to_print(rally: Rally) -> None:
    coordinator = signed_in(COORDINATOR)
    page = text(coordinator.get(reverse("evaluation:qr_all", args=[rally.pk])))
    assert "Questionnaire avant le rallye" in page and "Retour de l'entreprise" in page
    waiting = rally.questionnaires.filter(answers__isnull=True).count()
    assert page.count('alt="QR code :') == waiting
    first = rally.participants.order_by("code").first()
    assert first is not None
    assert f"{first.first_name} {first.last_name} ({first.code})" in page
    reader_page = Client().get(reverse("evaluation:qr_all", args=[rally.pk]))
    assert reader_page.status_code == 302  # signed out: to the login page
