"""What must be ready for each participant before the day: consent, phone, civil liability
attestation (a file with its checks, or a tick), convocation sent."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from rallye.evaluation.personal_data import anonymise
from rallye.history.models import HistoryEntry
from rallye.messaging.models import Message, State
from rallye.rallies.models import Participant, Rally
from tests.www.rallies.helpers import text

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def ready_person(annecy: Rally) -> Participant:
    """P01 with everything ready but the attestation; the others with nothing."""
    people = Participant.objects.filter(rally=annecy)
    people.update(consent=False, phone="", liability_attested=False)
    people.filter(code="P01").update(consent=True, phone="06 12 34 56 78")
    person: Participant = people.get(code="P01")
    Message.objects.create(
        structure=annecy.structure,
        rally=annecy,
        participant=person,
        purpose="convocation",
        recipient="p01@example.fr",
        subject="Convocation",
        body="…",
        state=State.SENT,
    )
    return person


def test_the_list_says_what_is_missing_for_each_person(coordinator: Client, annecy: Rally) -> None:
    person = ready_person(annecy)
    url = reverse("rallies:readiness", args=[annecy.pk])
    page = text(coordinator.get(url))
    assert "0 sur 26</strong> participants prêt" in page
    assert "✓ Convocation envoyée" in page and "✗ Convocation pas envoyée" in page
    assert "✗ Attestation de responsabilité civile à obtenir" in page
    Participant.objects.filter(pk=person.pk).update(liability_attested=True)
    page = text(coordinator.get(url))
    assert "1 sur 26</strong> participants prêt" in page
    assert "Prêts pour le jour J ?" in text(coordinator.get(reverse("rallies:participants", args=[annecy.pk])))


def test_an_attestation_file_is_kept_checked_and_given_back(coordinator: Client, annecy: Rally) -> None:
    person = ready_person(annecy)
    url = reverse("rallies:participant_attestation", args=[annecy.pk, person.pk])
    response = coordinator.post(url, {"document": SimpleUploadedFile("attestation.pdf", PDF)})
    assert response.status_code == 302
    assert "L'attestation de Nadia Benali (P01) est enregistrée." in text(coordinator.get(response["Location"]))
    person.refresh_from_db()
    assert person.liability_attested and person.liability_document
    download = coordinator.get(url)
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert download.content == PDF
    assert HistoryEntry.objects.filter(rally=annecy, changes__0__field="liability_document").exists()
    assert "1 sur 26</strong> participants prêt" in text(
        coordinator.get(reverse("rallies:readiness", args=[annecy.pk]))
    )

    anonymise(person)
    person.refresh_from_db()
    assert not person.liability_document
    assert "Aucune attestation déposée pour" in text(coordinator.get(url))


def test_a_file_that_is_not_an_attestation_changes_nothing(coordinator: Client, annecy: Rally) -> None:
    person = ready_person(annecy)
    url = reverse("rallies:participant_attestation", args=[annecy.pk, person.pk])
    page = text(coordinator.post(url, {"document": SimpleUploadedFile("a.pdf", b"MZ\x90 not a pdf")}, follow=True))
    assert "ni un PDF, ni une photo JPEG ou PNG" in page
    heavy = SimpleUploadedFile("gros.pdf", PDF + b"0" * (5 * 1024 * 1024))
    assert "la limite est de 5 Mo" in text(coordinator.post(url, {"document": heavy}, follow=True))
    assert "Choisissez le fichier" in text(coordinator.post(url, {}, follow=True))
    person.refresh_from_db()
    assert not person.liability_document and not person.liability_attested
    assert "Aucune attestation déposée pour Nadia Benali (P01)" in text(coordinator.get(url))


def test_a_reader_sees_the_list_but_cannot_upload(reader: Client, annecy: Rally) -> None:
    person = ready_person(annecy)
    assert reader.get(reverse("rallies:readiness", args=[annecy.pk])).status_code == 200
    url = reverse("rallies:participant_attestation", args=[annecy.pk, person.pk])
    assert reader.post(url, {"document": SimpleUploadedFile("a.pdf", PDF)}).status_code == 403
