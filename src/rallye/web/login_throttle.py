"""Repeated failed logins are refused for a while (django-axes), with a French login page.

The limits live in the settings (``AXES_*``): after 5 failures for the same e-mail address from
the same client address, that pair is refused for 15 minutes."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

LOCKED_OUT_STATUS = 429


class LoginThrottleBackend(AxesStandaloneBackend):  # type: ignore[misc]  # axes has no type hints
    """Counts the logins made through the web (the login page, the admin's). An authentication
    without a request comes from Rallye's own code (a command, the test client), not from a
    visitor: there is no one to throttle, so it goes straight to the next backend."""

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> None:
        if request is None:
            return None
        super().authenticate(request, username, password, **kwargs)
        return None


def cool_off_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def locked_out(request: HttpRequest, response: HttpResponse | None, credentials: dict[str, Any] | None) -> HttpResponse:
    """The login page again, saying why the login is refused and when to try again."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    form = AuthenticationForm(request, initial={"username": username})
    context = {"form": form, "locked_out_minutes": cool_off_minutes(), "next": request.POST.get("next", "")}
    return render(request, "registration/login.html", context, status=LOCKED_OUT_STATUS)
