"""A company changes its availability after the plan: the organiser confirms the change, and the
company is told by e-mail (and by SMS to its contact's mobile when SMS is configured), with the
structure's own text."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

import rallye.messaging.delivery as delivery
from rallye.companies.models import AvailabilityAnswer, Mobilisation
from rallye.history.models import HistoryEntry
from rallye.messaging.models import Channel, Message, MessageText
from rallye.rallies.models import Company, Rally
from tests.companies.test_availability_link import answer, engaged, make_link

pytestmark = pytest.mark.django_db
__all__ = ["engaged"]  # the fixture, shared with the link's tests


@pytest.fixture
def changed(coordinator: Client, engaged: Mobilisation, settings: Settings) -> AvailabilityAnswer:
    """The company answered by its link after the demo rally was planned."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    url, row = make_link(coordinator, engaged)
    Client().post(url, answer(row))
    return AvailabilityAnswer.objects.get(company=row)


def _confirm(coordinator: Client, changed: AvailabilityAnswer, on_commit: Any) -> str:
    company = changed.company
    m = Mobilisation.objects.get(rally=company.rally, company=company.directory)
    detail = reverse("companies:mobilisation_detail", args=[company.rally_id, m.pk])
    with on_commit(execute=True):
        response = coordinator.post(detail, {"action": "confirm", "answer": str(changed.pk)}, follow=True)
    return response.content.decode()


def test_the_organiser_confirms_and_the_company_is_told_by_email(
    coordinator: Client, changed: AvailabilityAnswer, mife_rally: Rally, django_capture_on_commit_callbacks: Any
) -> None:
    page = coordinator.get(
        reverse(
            "companies:mobilisation_detail",
            args=[mife_rally.pk, Mobilisation.objects.get(company=changed.company.directory).pk],
        )
    ).content.decode()
    assert "Confirmer et prévenir l'entreprise" in page
    page = _confirm(coordinator, changed, django_capture_on_commit_callbacks)
    assert "l&#x27;entreprise est prévenue par e-mail à lucie@example.org" in page
    assert "confirmé le" in page and "Confirmer et prévenir" not in page
    changed.refresh_from_db()
    assert changed.seen_at is not None
    (sent,) = mail.outbox
    assert sent.to == ["lucie@example.org"]
    assert sent.subject == f"MIFE de Haute-Savoie : vos disponibilités pour le {mife_rally.name} sont confirmées"
    assert sent.body.startswith("Bonjour Lucie Martin,") and " mars 2027 " in sent.body
    assert not Message.objects.filter(channel=Channel.SMS).exists()  # SMS is not configured
    assert HistoryEntry.objects.filter(rally=mife_rally, summary__startswith="Changement de disponibilités").exists()
    log = Mobilisation.objects.get(company=changed.company.directory).contacts.get()
    assert log.channel == "email" and "confirmé par e-mail" in log.note
    assert "déjà confirmé" in _confirm(coordinator, changed, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1


def test_an_sms_to_the_contact_s_mobile_with_the_structure_s_text(
    coordinator: Client,
    changed: AvailabilityAnswer,
    settings: Settings,
    django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings.SMS_KEY = "test-key"
    MessageText.objects.create(
        structure=changed.company.rally.structure,
        kind="availability_confirmation",
        sms_body="{entreprise} : c'est noté pour {disponibilites}. {structure}",
    )
    sent: list[tuple[str, str]] = []

    class Recorded:
        def send(self, recipient: str, text: str) -> None:
            sent.append((recipient, text))

    monkeypatch.setattr(delivery, "provider", Recorded)
    page = _confirm(coordinator, changed, django_capture_on_commit_callbacks)
    assert "par e-mail à lucie@example.org et par SMS au 06 12 34 56 78" in page
    sms = Message.objects.get(channel=Channel.SMS)
    assert sms.recipient == "06 12 34 56 78" and sms.body.startswith("Boulangerie du Lac : c'est noté pour ")
    assert sent == [("06 12 34 56 78", sms.body)]


def test_without_email_nor_mobile_the_organiser_is_told_to_call(
    coordinator: Client, changed: AvailabilityAnswer, django_capture_on_commit_callbacks: Any
) -> None:
    Company.objects.filter(pk=changed.company_id).update(contact_email="", contact_phone="04 50 12 34 56")
    page = _confirm(coordinator, changed, django_capture_on_commit_callbacks)
    assert "n&#x27;a ni e-mail ni téléphone mobile : prévenez-la par téléphone" in page
    assert not Message.objects.filter(purpose="availability_confirmation").exists()


def test_a_reader_cannot_confirm(reader: Client, changed: AvailabilityAnswer) -> None:
    m = Mobilisation.objects.get(company=changed.company.directory)
    detail = reverse("companies:mobilisation_detail", args=[m.rally_id, m.pk])
    assert reader.post(detail, {"action": "confirm", "answer": str(changed.pk)}).status_code == 403
    changed.refresh_from_db()
    assert changed.seen_at is None
