"""The accessibility statement (« Déclaration d'accessibilité »), linked from every page's footer
and open without an account: what was checked, what is known not to conform, and what to do."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

STATEMENT_DATE = "7 décembre 2026"
"""When the statement was last reviewed (change it with the statement's content)."""


@login_not_required
def statement(request: HttpRequest) -> HttpResponse:
    return render(request, "www/accessibility.html", {"statement_date": STATEMENT_DATE})
