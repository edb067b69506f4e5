"""SMS: a small provider interface, one real HTTP provider, and a log for the demo.

- ``RALLYE_SMS_KEY`` empty (the default): no SMS leaves; each one is written to the server's log
  (the demo, a first try), and counts as sent.
- ``RALLYE_SMS_KEY`` set: SMS go through Brevo's transactional SMS API (``POST`` JSON
  ``{sender, recipient, content, type}`` with the ``api-key`` header), at ``RALLYE_SMS_URL``
  (default: Brevo's address; a compatible gateway may be given), from ``RALLYE_SMS_SENDER``
  (at most 11 letters or digits, the name shown on the phone)."""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings

from rallye.phones import international_digits

logger = logging.getLogger(__name__)

BREVO_URL = "https://api.brevo.com/v3/transactionalSMS/sms"
TIMEOUT_SECONDS = 15


class SmsRefused(Exception):
    """The provider did not take the SMS (the message says why, in French)."""


class SmsProvider(Protocol):
    def send(self, to: str, text: str) -> None: ...


class LoggedSms:
    """No SMS leaves: the text is written to the log."""

    def send(self, to: str, text: str) -> None:
        logger.info("SMS (not sent: RALLYE_SMS_KEY is not set) to %s: %s", to, text)


@dataclass(frozen=True)
class BrevoSms:
    url: str
    key: str
    sender: str

    def send(self, to: str, text: str) -> None:
        recipient = international_digits(to)
        if recipient is None:
            raise SmsRefused(f"« {to} » n'est pas un numéro de téléphone : corrigez-le sur la fiche de la personne")
        body = json.dumps(
            {"sender": self.sender, "recipient": recipient, "content": text, "type": "transactional"}
        ).encode()
        request = urllib.request.Request(
            self.url,
            data=body,
            method="POST",
            headers={"api-key": self.key, "content-type": "application/json", "accept": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
                response.read()
        except urllib.error.HTTPError as error:
            detail = error.read().decode(errors="replace")[:200]
            raise SmsRefused(f"le service SMS a refusé le message (code {error.code} : {detail})") from error
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise SmsRefused("le service SMS ne répond pas") from error


def provider() -> SmsProvider:
    if not settings.SMS_KEY:
        return LoggedSms()
    return BrevoSms(settings.SMS_URL or BREVO_URL, settings.SMS_KEY, settings.SMS_SENDER or "Rallye")
