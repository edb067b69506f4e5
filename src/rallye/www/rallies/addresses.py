"""Addresses for the forms: suggestions while typing, and the place of an address saved without
coordinates.

The browser never calls the address service itself (the Content-Security-Policy keeps it to
Rallye): ``/rallyes/adresses/?q=…`` asks ``RALLYE_GEOCODER_URL``'s service for a signed-in
user who may edit some structure's rallies, a few dozen times a minute at most, and answers
JSON for ``address-suggestions.js``.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.views import View

from rallye.geocoding import TIMEOUT_SECONDS, Candidate, Geocoder, GeocoderError, GeocoderOff, geocoder_from_url
from rallye.links.throttle import RateLimit
from rallye.www.rallies.access import require_some_editable_structure

logger = logging.getLogger(__name__)

SUGGESTIONS = 5
TIMEOUT = TIMEOUT_SECONDS
PER_USER = RateLimit("geocoder", requests=60, seconds=60)
"""One user's suggestions: typing an address asks a few times; a script asking in a loop is stopped."""


def geocoder() -> Geocoder | None:
    """The configured address service, ``None`` when geocoding is off."""
    return geocoder_from_url(settings.RALLYE_GEOCODER_URL, TIMEOUT)


def search(query: str, limit: int = SUGGESTIONS) -> tuple[Candidate, ...]:
    """The service's answers for ``query``; :class:`GeocoderError` when there can be none."""
    service = geocoder()
    if service is None:
        raise GeocoderOff()
    try:
        return service.search(query, limit=limit)
    except GeocoderError as error:
        logger.warning("Geocoder %s: %s", service.base_url, error)
        raise


def suggestion(candidate: Candidate) -> dict[str, object]:
    return {
        "label": candidate.label,
        "score": round(candidate.score, 2),
        "lat": round(candidate.lat, 6),
        "lon": round(candidate.lon, 6),
        "low": candidate.low,
    }


class AddressSuggestionsView(View):
    """``GET ?q=…``: ``{"suggestions": [{label, score, lat, lon, low}…], "error": text or null}``."""

    def get(self, request: HttpRequest) -> JsonResponse:
        require_some_editable_structure(request.user)  # the forms' users: not evaluators nor readers
        if not PER_USER.allow(f"user:{request.user.pk}", time.time()):
            message = "Trop de recherches d'adresses en une minute ; attendez un instant puis réessayez."
            return JsonResponse({"suggestions": [], "error": message}, status=429)
        query = request.GET.get("q", "")
        try:
            found = search(query)
        except GeocoderError as error:
            message = f"Pas de suggestion : {error.reason}. Vous pouvez indiquer la latitude et la longitude."
            return JsonResponse({"suggestions": [], "error": message})
        return JsonResponse({"suggestions": [suggestion(c) for c in found], "error": None})
