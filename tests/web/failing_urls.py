"""The site's URLs plus one page that fails, for the tests of server errors (500)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.urls import path

from rallye.web.urls import urlpatterns as site

FAILURE = "the failing test page broke on purpose"


@login_not_required
def fail(request: HttpRequest) -> HttpResponse:
    raise RuntimeError(FAILURE)


urlpatterns = [path("panne/", fail), *site]
