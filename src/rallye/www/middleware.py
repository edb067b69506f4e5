"""Request-wide rules: every request reads inside a scope (tenant data, fail closed); pages and
files for signed-in users hold personal data, so no browser or proxy keeps a copy."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.template.response import SimpleTemplateResponse
from django.urls import URLPattern
from django.utils.cache import add_never_cache_headers, patch_cache_control

from rallye.organisations.scoping import StructureScoped, link_scope, network_scope, no_scope, structure_scope


class PrivateNoStoreMiddleware:
    """``Cache-Control: private, no-store`` on every response to a signed-in user, unless the
    view already chose its own caching."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response


class ScopeMiddleware:
    """Every request runs inside a scope (``rallye.organisations.scoping``): the structure scope
    of a signed-in user, no scope at all for an anonymous visitor (a page open to them reaches
    tenant data only through a private link's scope, or fails). After ``AuthenticationMiddleware``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        with structure_scope(user) if signed_in else no_scope():
            return self.get_response(request)


def _within(
    scope: Any, view: Callable[..., HttpResponseBase], request: HttpRequest, *args: Any, **kwargs: Any
) -> HttpResponseBase:
    """Run a view inside a scope, its template rendering included."""
    with scope:
        response = view(request, *args, **kwargs)
        if isinstance(response, SimpleTemplateResponse) and not response.is_rendered:
            response.render()
    return response


def network_scoped(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """A network page: it reads inside the network scope (its whole rendering included)."""

    @wraps(view)
    def scoped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        return _within(network_scope(request.user), view, request, *args, **kwargs)

    return scoped


def with_network_scope(patterns: list[URLPattern]) -> list[URLPattern]:
    """The same URL patterns, each view reading inside the network scope."""
    for pattern in patterns:
        pattern.callback = network_scoped(pattern.callback)
    return patterns


def link_scoped(model: type[StructureScoped], field: str = "token") -> Callable[[Any], Any]:
    """A page reached through a private link (no account): it reads inside the scope of the one
    structure the link's object belongs to, found by the URL argument ``field``."""

    def decorate(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        def scoped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            lookup = {field: kwargs.get(field, "")}
            return _within(link_scope(model, **lookup), view, request, *args, **kwargs)

        return scoped

    return decorate
