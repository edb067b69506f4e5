"""The map's background tiles, one setting (``RALLYE_TILES_URL``) for the page and its
Content-Security-Policy, and the referrer policy tile servers ask for.

OpenStreetMap's tile servers refuse requests that do not say which site they come from; the
site's default policy (``same-origin``) sends nothing to another origin, so the pages that show a
map send their origin only (``strict-origin-when-cross-origin``: the site's address, never the
page's path, which names a rally)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.views import View

MAP_REFERRER_POLICY = "strict-origin-when-cross-origin"


def map_tiles(request: HttpRequest) -> dict[str, str]:
    """``tiles_url``: the tile address the map draws from (empty: no background map)."""
    return {"tiles_url": settings.RALLYE_TILES_URL}


def with_map_referrer(response: HttpResponseBase) -> HttpResponseBase:
    """The referrer policy of a page that shows a map (the security middleware keeps a policy
    already set)."""
    response.headers["Referrer-Policy"] = MAP_REFERRER_POLICY
    return response


class MapPage(View):
    """A view whose pages show a map (put it first among the bases)."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        return with_map_referrer(super().dispatch(request, *args, **kwargs))
