"""A client of an OSRM-compatible routing service: driving times between a rally's places.

``GET {base}/table/v1/driving/{lon,lat;lon,lat;…}?annotations=duration`` answers
``{"code": "Ok", "durations": [[seconds, …], …]}``, one row per place, ``null`` where no road
joins two places. The base URL comes from ``RALLYE_ROUTING_URL``; unset or empty, there is no
routing service and the planner keeps its straight-line estimate (``rallye.domain.travel``).
Every failure is a :class:`RoutingError` with its reason in French; nothing here imports Django.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping, Sequence
from typing import Any

from rallye.http_json import get_json

ENVIRONMENT_VARIABLE = "RALLYE_ROUTING_URL"
TIMEOUT_SECONDS = 10.0
MAX_ANSWER_BYTES = 4 * 1024 * 1024
MAX_PLACES = 100
"""OSRM's default limit of a table request (``--max-table-size``)."""

Point = tuple[float, float]
"""(lat, lon) in decimal degrees (WGS 84)."""


class RoutingError(Exception):
    """No driving times could be had from the routing service; ``reason`` says why, in French."""

    reason = "le service d'itinéraires n'a pas répondu"

    def __init__(self, detail: str = "") -> None:
        super().__init__(detail or self.reason)
        self.detail = detail


class RoutingUnreachable(RoutingError):
    reason = "le service d'itinéraires ne répond pas"


class RoutingInvalidAnswer(RoutingError):
    reason = "le service d'itinéraires a donné une réponse illisible"


class Router:
    """Asks one OSRM-compatible service (``base_url`` without ``/table/…``)."""

    def __init__(self, base_url: str, timeout: float = TIMEOUT_SECONDS) -> None:
        self.base_url = base_url.strip().rstrip("/")
        self.timeout = timeout

    def __repr__(self) -> str:
        return f"Router({self.base_url!r})"

    def minutes(self, points: Sequence[Point]) -> list[list[int | None]]:
        """Driving minutes (rounded up) from each point to each other, ``None`` where the service
        finds no route; one request for all of them."""
        if not self.base_url.startswith(("http://", "https://")):
            raise RoutingUnreachable(f"not an http(s) URL: {self.base_url!r}")
        if len(points) > MAX_PLACES:
            raise RoutingError(f"more than {MAX_PLACES} places")
        if len(points) < 2:
            return [[0] for _ in points]
        coordinates = ";".join(f"{lon:.6f},{lat:.6f}" for lat, lon in points)
        url = f"{self.base_url}/table/v1/driving/{coordinates}?annotations=duration"
        answer = get_json(
            url,
            timeout=self.timeout,
            max_bytes=MAX_ANSWER_BYTES,
            unreachable=RoutingUnreachable,
            invalid=RoutingInvalidAnswer,
        )
        return parse_answer(answer, len(points))


def parse_answer(answer: Any, size: int) -> list[list[int | None]]:
    """The minutes of an OSRM table answer for ``size`` places; :class:`RoutingInvalidAnswer`
    when it is not one."""
    if not isinstance(answer, dict) or answer.get("code") != "Ok":
        raise RoutingInvalidAnswer(f"code {answer.get('code') if isinstance(answer, dict) else None!r}")
    rows = answer.get("durations")
    if not isinstance(rows, list) or len(rows) != size:
        raise RoutingInvalidAnswer("no durations table of the places asked")
    table: list[list[int | None]] = []
    for row in rows:
        if not isinstance(row, list) or len(row) != size:
            raise RoutingInvalidAnswer("a row of the wrong length")
        table.append([_minutes(seconds) for seconds in row])
    return table


def _minutes(seconds: object) -> int | None:
    if seconds is None:
        return None
    if isinstance(seconds, bool) or not isinstance(seconds, int | float) or not math.isfinite(seconds) or seconds < 0:
        raise RoutingInvalidAnswer(f"duration {seconds!r}")
    return math.ceil(seconds / 60 - 1e-9)


def routing_url(environ: Mapping[str, str] | None = None) -> str:
    """The service's base URL from ``RALLYE_ROUTING_URL`` (empty: no routing service)."""
    environ = os.environ if environ is None else environ
    return environ.get(ENVIRONMENT_VARIABLE, "").strip()


def router_from_url(url: str, timeout: float = TIMEOUT_SECONDS) -> Router | None:
    return Router(url, timeout) if url else None
