"""The map's background tiles, one setting (``RALLYE_TILES_URL``) for the page and its
Content-Security-Policy."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def map_tiles(request: HttpRequest) -> dict[str, str]:
    """``tiles_url``: the tile address the map draws from (empty: no background map)."""
    return {"tiles_url": settings.RALLYE_TILES_URL}
