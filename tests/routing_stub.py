"""A local stand-in for an OSRM-compatible routing service, on 127.0.0.1 (never the internet).

``GET /table/v1/driving/{lon,lat;…}?annotations=duration`` answers the OSRM table: the seconds
between two places are their straight-line kilometres × 90 (40 km/h), ``null`` towards a place
placed at longitude 0 (no road). ``mode`` makes it misbehave: ``"down"`` answers 503,
``"garbage"`` answers text that is not JSON. Every path asked is remembered in ``paths``.
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from rallye.domain.rally import Place
from rallye.domain.travel import haversine_km
from tests.stub_server import StubHandler, serving

SECONDS_PER_KM = 90


def durations(points: list[tuple[float, float]]) -> list[list[float | None]]:
    """(lon, lat) points → the seconds of each pair, as the stub answers them."""

    def seconds(a: tuple[float, float], b: tuple[float, float]) -> float | None:
        if a != b and (a[0] == 0 or b[0] == 0):
            return None
        return round(haversine_km(Place("", a[1], a[0]), Place("", b[1], b[0])) * SECONDS_PER_KM, 1)

    return [[seconds(a, b) for b in points] for a in points]


@dataclass
class StubRouter:
    url: str = ""
    mode: str = "ok"
    paths: list[str] = field(default_factory=list)


@contextmanager
def running_stub() -> Iterator[StubRouter]:
    """A stub routing service serving on an ephemeral port of 127.0.0.1 until the block ends."""
    stub = StubRouter()

    class Handler(StubHandler):
        def do_GET(self) -> None:
            parsed = urllib.parse.urlsplit(self.path)
            stub.paths.append(self.path)
            prefix = "/table/v1/driving/"
            if not parsed.path.startswith(prefix) or urllib.parse.parse_qs(parsed.query).get("annotations") != [
                "duration"
            ]:
                self.send(404, b"not found", "text/plain")
                return
            if self.misbehaved(stub.mode):
                return
            try:
                points = [
                    (float(lon), float(lat))
                    for lon, lat in (pair.split(",") for pair in parsed.path[len(prefix) :].split(";"))
                ]
            except ValueError:
                self.send(400, json.dumps({"code": "InvalidQuery"}).encode(), "application/json")
                return
            body = {"code": "Ok", "durations": durations(points)}
            self.send(200, json.dumps(body).encode(), "application/json")

    with serving(Handler) as url:
        stub.url = url
        yield stub
