"""E-mail settings from one variable, ``RALLYE_EMAIL_URL`` (parsed by dj-email-url):

- ``smtp://user:password@mail.example.org:587?tls=True`` (STARTTLS) or ``…:465?ssl=True``;
- ``console:`` (the default): messages are written to the server's log instead of being sent,
  for the demo and a first try;
- ``memory:``, for tests.

``RALLYE_EMAIL_FROM`` is the sender (« Rallye <rallye@example.org> »)."""

from __future__ import annotations

from typing import Any

import dj_email_url  # type: ignore[import-untyped]
from django.core.exceptions import ImproperlyConfigured

DEFAULT_URL = "console:"
DEFAULT_FROM = "Rallye <rallye@localhost>"
TIMEOUT_SECONDS = 20
"""A mail server that does not answer in this time counts as down: the message waits and is
tried again (``rallye.messaging``)."""


def email_settings(url: str, sender: str) -> dict[str, Any]:
    try:
        parsed = dj_email_url.parse(url or DEFAULT_URL)
    except (KeyError, ValueError) as error:
        raise ImproperlyConfigured(
            f"RALLYE_EMAIL_URL n'est pas une adresse de serveur d'e-mail comprise ({error}) : écrivez par exemple "
            "smtp://utilisateur:motdepasse@serveur:587?tls=True, ou console: pour écrire les e-mails dans le journal."
        ) from error
    config: dict[str, Any] = {key: value for key, value in parsed.items() if value not in (None, "")}
    config.setdefault("EMAIL_TIMEOUT", TIMEOUT_SECONDS)
    config["DEFAULT_FROM_EMAIL"] = config["SERVER_EMAIL"] = sender or DEFAULT_FROM
    return config
