"""Pages carry a Content-Security-Policy that forbids inline code: every script and style comes
from Rallye's static files, so no template may hold inline code, event handlers or style
attributes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

import rallye.www

TEMPLATES = Path(rallye.www.__file__).parent / "templates"
PRINTED = {"www/personal_data/person_data.html"}
"""Templates rendered to PDF by WeasyPrint, never served to a browser: their <style> is allowed."""
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>\s*[^<\s]", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"""=\s*["']?\s*javascript:""", re.IGNORECASE)


def test_pages_carry_a_policy_without_inline_code() -> None:
    response = Client().get("/connexion/")
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert policy["img-src"] == "'self' data: https://tile.openstreetmap.org"
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_no_template_holds_inline_code() -> None:
    offenders = []
    templates = sorted(TEMPLATES.rglob("*.html"))
    assert len(templates) > 50
    for template in templates:
        name = template.relative_to(TEMPLATES).as_posix()
        text = template.read_text(encoding="utf-8")
        checks = [INLINE_SCRIPT, EVENT_HANDLER, STYLE_ATTRIBUTE, JAVASCRIPT_URL]
        if name not in PRINTED:
            checks.append(STYLE_ELEMENT)
        offenders += [f"{name}: {check.pattern}" for check in checks if check.search(text)]
    assert offenders == []


@pytest.mark.parametrize(
    "snippet",
    [
        '<script>alert("x")</script>',
        '<button onclick="go()">',
        '<p class="a" style="color: red">',
        "<style>p { color: red }</style>",
        '<a href="javascript:go()">',
    ],
)
def test_the_scan_finds_inline_code(snippet: str) -> None:
    checks = [INLINE_SCRIPT, EVENT_HANDLER, STYLE_ATTRIBUTE, STYLE_ELEMENT, JAVASCRIPT_URL]
    assert any(check.search(snippet) for check in checks)
    assert not any(check.search('<script src="/static/www/a.js"></script><p class="on">') for check in checks)
