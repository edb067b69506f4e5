"""A local stand-in for the BAN / Géoplateforme geocoding service, on 127.0.0.1 (never the internet).

``GET /search/?q=…&limit=…`` answers a GeoJSON FeatureCollection from :data:`ADDRESSES`: an
address matches when every word of the query is in its label (case and accents aside), its
score is the share of the label's words the query gives. ``mode`` makes it misbehave: ``"down"``
answers 503, ``"garbage"`` answers text that is not JSON, ``"slow"`` answers after the client's
timeout. Every query is remembered in ``queries``.
"""

from __future__ import annotations

import json
import time
import unicodedata
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from tests.stub_server import StubHandler, serving

ADDRESSES: dict[str, tuple[float, float, str]] = {
    "12 Rue de la Paix 74000 Annecy": (45.9010, 6.1250, "74010"),
    "3 Avenue de Genève 74000 Annecy": (45.9100, 6.1300, "74010"),
    "8 Rue du Lac 74940 Annecy-le-Vieux": (45.9190, 6.1440, "74010"),
    "15 Route de Frangy 74960 Cran-Gevrier": (45.9000, 6.1000, "74010"),
    "1 Place de la Mairie 38500 Voiron": (45.3640, 5.5900, "38563"),
    "20 Rue Sommeiller 74000 Annecy": (45.9030, 6.1230, "74010"),
}
"""Label → (lat, lon, citycode)."""


def _words(text: str) -> list[str]:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return [w for w in "".join(ch if ch.isalnum() else " " for ch in plain).split() if w]


def search(query: str, limit: int) -> list[dict[str, Any]]:
    asked = _words(query)
    features: list[dict[str, Any]] = []
    for label, (lat, lon, citycode) in ADDRESSES.items():
        words = _words(label)
        if not asked or not all(any(w.startswith(a) for w in words) for a in asked):
            continue
        score = round(min(1.0, len(asked) / len(words)), 4)
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {"label": label, "score": score, "citycode": citycode, "type": "housenumber"},
            }
        )
    features.sort(key=lambda f: -float(f["properties"]["score"]))
    return features[:limit]


@dataclass
class StubGeocoder:
    url: str = ""
    mode: str = "ok"
    queries: list[str] = field(default_factory=list)
    delay: float = 6.0
    """How long ``"slow"`` waits: more than the client's timeout (tests shorten both)."""


@contextmanager
def running_stub() -> Iterator[StubGeocoder]:
    """A stub geocoder serving on an ephemeral port of 127.0.0.1 until the block ends."""
    stub = StubGeocoder()

    class Handler(StubHandler):
        def do_GET(self) -> None:
            parsed = urllib.parse.urlsplit(self.path)
            params = urllib.parse.parse_qs(parsed.query)
            if parsed.path.rstrip("/") != "/search":
                self.send(404, b"not found", "text/plain")
                return
            query = params.get("q", [""])[0]
            stub.queries.append(query)
            if self.misbehaved(stub.mode):
                return
            if stub.mode == "slow":
                time.sleep(stub.delay)
            limit = int(params.get("limit", ["5"])[0])
            body = {"type": "FeatureCollection", "features": search(query, limit), "query": query}
            self.send(200, json.dumps(body).encode(), "application/json")

    with serving(Handler) as url:
        stub.url = url
        yield stub


UNUSED_URL = "http://127.0.0.1:9"
"""A local address where nothing listens (the discard port): an unreachable geocoder."""
