"""What must be ready for each participant before the rally's first day: consent, a phone, the
civil liability attestation (a file kept, or a tick), the convocation sent.

The convocation's state is the last convocation message of the person (``rallye.messaging``);
the attestation's file is checked by its first bytes (PDF, JPEG or PNG) and its size."""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO

from rallye.messaging.convocations import PURPOSE as CONVOCATION
from rallye.messaging.models import Message
from rallye.rallies.models import Participant, Rally

MAX_ATTESTATION_BYTES = 5 * 1024 * 1024
ATTESTATION_TYPES: dict[bytes, tuple[str, str]] = {
    b"%PDF-": ("pdf", "application/pdf"),
    b"\xff\xd8\xff": ("jpg", "image/jpeg"),
    b"\x89PNG\r\n\x1a\n": ("png", "image/png"),
}
"""First bytes → (suffix, content type): what an attestation may be (a scan or a photo)."""


class AttestationRefused(ValueError):
    """The file is not a PDF, JPEG or PNG, is empty, or is too heavy; the message says which."""


def attestation_kind(upload: IO[bytes], size: int) -> tuple[str, str]:
    """The suffix and content type of an attestation file, or :class:`AttestationRefused`."""
    if size == 0:
        raise AttestationRefused("Le fichier est vide : choisissez le scan ou la photo de l'attestation.")
    if size > MAX_ATTESTATION_BYTES:
        megabytes = round(size / 1024 / 1024, 1)
        raise AttestationRefused(
            f"Le fichier pèse {str(megabytes).replace('.', ',')} Mo ; la limite est de "
            f"{MAX_ATTESTATION_BYTES // 1024 // 1024} Mo. Réduisez la photo ou numérisez en PDF."
        )
    head = upload.read(16)
    upload.seek(0)
    for magic, kind in ATTESTATION_TYPES.items():
        if head.startswith(magic):
            return kind
    raise AttestationRefused(
        "Ce fichier n'est ni un PDF, ni une photo JPEG ou PNG : envoyez l'attestation dans l'un de ces formats."
    )


@dataclass(frozen=True)
class Readiness:
    person: Participant
    consent: bool
    phone: bool
    attestation: bool
    convocation: str
    """« envoyée », « en attente d'envoi », « échec de l'envoi » or « pas envoyée »."""

    @property
    def convocation_sent(self) -> bool:
        return self.convocation == "envoyée"

    @property
    def missing(self) -> list[str]:
        checks = {
            "consentement": self.consent,
            "téléphone": self.phone,
            "attestation de responsabilité civile": self.attestation,
            "convocation": self.convocation_sent,
        }
        return [name for name, ready in checks.items() if not ready]

    @property
    def ready(self) -> bool:
        return not self.missing


CONVOCATION_WORDS = {"sent": "envoyée", "waiting": "en attente d'envoi", "failed": "échec de l'envoi"}


def readiness(rally: Rally) -> list[Readiness]:
    """Every present participant of the rally, by identifier, with what is ready and what is not."""
    last: dict[int, str] = {}
    sent = Message.objects.filter(rally=rally, purpose=CONVOCATION, participant__isnull=False)
    for participant_id, state in sent.order_by("created_at", "pk").values_list("participant_id", "state"):
        last[participant_id] = state
    return [
        Readiness(
            person=p,
            consent=p.consent,
            phone=bool(p.phone.strip()),
            attestation=p.liability_attested or bool(p.liability_document),
            convocation=CONVOCATION_WORDS.get(last.get(p.pk, ""), "pas envoyée"),
        )
        for p in rally.participants.filter(present=True).order_by("code")
    ]
