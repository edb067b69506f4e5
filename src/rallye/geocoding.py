"""A client of the French national address service (BAN, on the Géoplateforme; a self-hosted
addok speaks the same protocol).

``GET {base}/search/?q=…&limit=…`` answers a GeoJSON FeatureCollection whose features carry
``properties.label``, ``properties.score`` (0 to 1), ``properties.citycode`` and a point geometry
``[lon, lat]``. The base URL comes from ``RALLYE_GEOCODER_URL``: unset, the public Géoplateforme
service; empty, geocoding is off. Every failure is a :class:`GeocoderError` with its reason in
French; nothing here imports Django.
"""

from __future__ import annotations

import math
import os
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rallye.http_json import get_json

ENVIRONMENT_VARIABLE = "RALLYE_GEOCODER_URL"
DEFAULT_URL = "https://data.geopf.fr/geocodage"
TIMEOUT_SECONDS = 4.0
"""Connection and reading, each: a form's suggestions and a file's import wait no longer."""
MAX_ANSWER_BYTES = 1024 * 1024
MAX_QUERY_LENGTH = 200
"""The service refuses longer queries."""
MIN_QUERY_LENGTH = 3
"""The service refuses shorter queries."""
LOW_SCORE = 0.6
"""Below this score, a found address is shown for confirmation, never taken silently."""
UNKNOWN_SCORE = 0.4
"""Below this score, an address counts as not found: the closest suggestions are listed instead."""


@dataclass(frozen=True)
class Candidate:
    """An address the service found, with its score (0 to 1) and its position (WGS 84)."""

    label: str
    score: float
    lat: float
    lon: float
    citycode: str = ""

    @property
    def low(self) -> bool:
        return self.score < LOW_SCORE

    def as_dict(self) -> dict[str, Any]:
        return {"label": self.label, "score": self.score, "lat": self.lat, "lon": self.lon, "citycode": self.citycode}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Candidate:
        return cls(
            str(data["label"]), float(data["score"]), float(data["lat"]), float(data["lon"]), str(data["citycode"])
        )


class GeocoderError(Exception):
    """No answer could be had from the address service; ``reason`` says why, in French."""

    reason = "la recherche d'adresses n'a pas répondu"
    advice = "réessayez plus tard, ou indiquez la latitude et la longitude de ce lieu"

    def __init__(self, detail: str = "") -> None:
        super().__init__(detail or self.reason)
        self.detail = detail


class GeocoderOff(GeocoderError):
    reason = "la recherche d'adresses est désactivée"
    advice = "indiquez la latitude et la longitude de ce lieu"


class GeocoderUnreachable(GeocoderError):
    reason = "le service d'adresses ne répond pas"


class GeocoderInvalidAnswer(GeocoderError):
    reason = "le service d'adresses a donné une réponse illisible"


class Geocoder:
    """Searches addresses on one service (``base_url`` without ``/search/``)."""

    def __init__(self, base_url: str, timeout: float = TIMEOUT_SECONDS) -> None:
        self.base_url = base_url.strip().rstrip("/")
        self.timeout = timeout

    def __repr__(self) -> str:
        return f"Geocoder({self.base_url!r})"

    def search(self, query: str, limit: int = 5) -> tuple[Candidate, ...]:
        """The service's candidates for ``query``, best first; none for a query too short.

        Raises :class:`GeocoderUnreachable` when the service does not answer in time or answers
        an error, :class:`GeocoderInvalidAnswer` when its answer is not the expected GeoJSON."""
        if not self.base_url.startswith(("http://", "https://")):
            raise GeocoderUnreachable(f"not an http(s) URL: {self.base_url!r}")
        text = " ".join(query.split())[:MAX_QUERY_LENGTH]
        if len(text) < MIN_QUERY_LENGTH:
            return ()
        url = f"{self.base_url}/search/?" + urllib.parse.urlencode({"q": text, "limit": max(1, min(limit, 20))})
        answer = get_json(
            url,
            timeout=self.timeout,
            max_bytes=MAX_ANSWER_BYTES,
            unreachable=GeocoderUnreachable,
            invalid=GeocoderInvalidAnswer,
        )
        candidates = parse_answer(answer)
        return tuple(sorted(candidates, key=lambda c: -c.score))


def parse_answer(answer: Any) -> list[Candidate]:
    """The candidates of a GeoJSON FeatureCollection; :class:`GeocoderInvalidAnswer` otherwise."""
    if not isinstance(answer, dict) or not isinstance(answer.get("features"), list):
        raise GeocoderInvalidAnswer("not a FeatureCollection")
    found = []
    for feature in answer["features"]:
        try:
            properties = feature["properties"]
            lon, lat = (float(v) for v in feature["geometry"]["coordinates"][:2])
            label, score = str(properties["label"]), float(properties["score"])
        except (KeyError, TypeError, ValueError, IndexError):
            raise GeocoderInvalidAnswer("feature without label, score or point") from None
        if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
            raise GeocoderInvalidAnswer("coordinates out of range")
        if not math.isfinite(score):
            raise GeocoderInvalidAnswer("score is not a number")
        found.append(Candidate(label, min(max(score, 0.0), 1.0), lat, lon, str(properties.get("citycode") or "")))
    return found


def geocoder_url(environ: Mapping[str, str] | None = None) -> str:
    """The service's base URL from ``RALLYE_GEOCODER_URL`` (empty: geocoding is off)."""
    environ = os.environ if environ is None else environ
    return environ.get(ENVIRONMENT_VARIABLE, DEFAULT_URL).strip()


def geocoder_from_url(url: str, timeout: float = TIMEOUT_SECONDS) -> Geocoder | None:
    return Geocoder(url, timeout) if url else None


def geocoder_from_env(environ: Mapping[str, str] | None = None) -> Geocoder | None:
    """The geocoder ``RALLYE_GEOCODER_URL`` names, or ``None`` when geocoding is off."""
    return geocoder_from_url(geocoder_url(environ))
