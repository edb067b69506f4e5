"""Absolute links (e-mails, QR codes, private links) for people outside the workspace.

They are built on ``RALLYE_BASE_URL`` when it is set: behind a reverse proxy, the address the
request came in on (``127.0.0.1:8000``) is not the one a participant's phone can open. Without
it (the demo, a test on one's computer) they use the request's own host."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


class NoBaseUrl(Exception):
    """An absolute link is needed outside any request (a background task, a command) and
    ``RALLYE_BASE_URL`` is not set."""


def absolute_url(path: str, request: HttpRequest | None = None) -> str:
    """``path`` (e.g. from ``reverse``) as a full address: on ``RALLYE_BASE_URL``, else on the
    request's scheme and host."""
    base: str = settings.BASE_URL
    if base:
        return base + "/" + path.lstrip("/")
    if request is None:
        raise NoBaseUrl("RALLYE_BASE_URL n'est pas définie : impossible de construire un lien complet hors d'une page.")
    return request.build_absolute_uri(path)
