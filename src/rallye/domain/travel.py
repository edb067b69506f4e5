"""Travel times between the base and the companies, as the spec defines them.

A pair listed in the rally's ``travel_minutes`` table wins; otherwise the great-circle
distance × detour ÷ speed, rounded up, and at least ``min_minutes`` between two places.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable

from rallye.domain.rally import BASE, Place, Rally, TravelSettings

EARTH_RADIUS_KM = 6371.0


def haversine_km(a: Place, b: Place) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def estimated_minutes(a: Place, b: Place, settings: TravelSettings) -> int:
    if a == b:
        return 0
    minutes = math.ceil(haversine_km(a, b) * settings.detour / settings.speed_kmh * 60 - 1e-9)
    return max(minutes, settings.min_minutes)


class TravelTimes:
    """Minutes between any two places of a rally, by id (``"base"`` or a company id)."""

    def __init__(self, rally: Rally) -> None:
        self._places: dict[str, Place] = {BASE: rally.base}
        self._places.update({c.id: c.place for c in rally.companies})
        self._settings = rally.travel
        self._table = rally.travel_minutes
        self._cache: dict[tuple[str, str], int] = {}

    def __call__(self, origin: str, destination: str) -> int:
        key = (origin, destination)
        if key not in self._cache:
            self._cache[key] = self._compute(origin, destination)
        return self._cache[key]

    def _compute(self, origin: str, destination: str) -> int:
        if origin == destination:
            return 0
        if (origin, destination) in self._table:
            return self._table[(origin, destination)]
        return estimated_minutes(self._places[origin], self._places[destination], self._settings)

    def route_minutes(self, stops: Iterable[str]) -> int:
        """Travel of a round trip base → stops… → base."""
        path = [BASE, *stops, BASE]
        return sum(self(a, b) for a, b in itertools.pairwise(path))
