"""Rallye's own look: its colour tokens keep text readable (contrast of at least 4.5:1, WCAG
1.4.3), every page has the skip link, the logo, the favicon and the footer's accessibility
statement, and messages are announced (role "status" or "alert")."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse

import rallye.www
from tests.logins import MIFE, logged_in

STATIC = Path(rallye.www.__file__).parent / "static" / "www"
CSS = (STATIC / "rallye.css").read_text()
PAIRS = [
    ("ink", "bg"),
    ("ink", "surface"),
    ("muted", "surface"),
    ("muted", "bg"),
    ("link", "surface"),
    ("link", "bg"),
    ("link-visited", "surface"),
    ("on-accent", "accent"),
    ("on-accent", "accent-strong"),
    ("accent", "accent-soft"),
    ("accent-strong", "accent-soft"),
    ("success", "success-bg"),
    ("error", "error-bg"),
    ("warning", "warning-bg"),
    ("info", "info-bg"),
    ("ink", "success-bg"),
    ("ink", "error-bg"),
    ("ink", "warning-bg"),
    ("ink", "info-bg"),
    ("error", "surface"),
    ("success", "surface"),
    ("warning", "surface"),
    *[("ink", f"sector-{n}-bg") for n in range(1, 9)],
]
"""Every text colour of the stylesheet on the backgrounds it is written on."""


def tokens() -> dict[str, str]:
    roots = re.findall(r":root\s*\{(.*?)\}", CSS, re.S)
    assert roots, "rallye.css has no :root tokens"
    return dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{3,6})\b", "".join(roots)))


def luminance(colour: str) -> float:
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_is_computed_the_wcag_way() -> None:
    assert contrast("#000", "#fff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize(("text", "background"), PAIRS)
def test_every_text_colour_reads_on_its_background(text: str, background: str) -> None:
    colours = tokens()
    ratio = contrast(colours[text], colours[background])
    assert ratio >= 4.5, f"--{text} on --{background}: {ratio:.2f}:1"


def test_links_are_not_the_browsers_blue() -> None:
    assert re.search(r"(^|\n)a \{ color: var\(--link\)", CSS)
    assert tokens()["link"].lower() not in ("#0000ee", "#0000ff")


@pytest.mark.django_db
def test_every_page_has_skip_link_logo_favicon_and_statement(client: Client) -> None:
    for page in (logged_in(MIFE).get(reverse("rallies:list")), client.get(reverse("login"))):
        html = page.content.decode()
        assert '<a class="skip-link" href="#contenu">Aller au contenu</a>' in html
        assert '<main id="contenu" tabindex="-1">' in html
        assert 'class="logo"' in html and "favicon.svg" in html
        assert f'href="{reverse("accessibility")}"' in html
    assert (STATIC / "favicon.svg").read_text().startswith("<svg")


@pytest.mark.django_db
def test_the_accessibility_statement_is_open_to_everyone(client: Client) -> None:
    response = client.get(reverse("accessibility"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Déclaration d'accessibilité</h1>" in html
    for words in ("partiellement conforme", "Contenus non accessibles", "Défenseur des droits", 'id="contact"'):
        assert words in html


def test_messages_are_announced() -> None:
    request = RequestFactory().get("/")
    storage = CookieStorage(request)
    storage.add(constants.SUCCESS, "Rallye créé.")
    storage.add(constants.ERROR, "Le fichier est illisible.")
    html = render_to_string("www/_messages.html", {"messages": storage})
    status = re.search(r'<div class="messages" role="status" aria-live="polite">(.*?)</div>', html, re.S)
    assert status and "Rallye créé." in status.group(1) and "illisible" not in status.group(1)
    assert '<p class="message error" role="alert">Le fichier est illisible.</p>' in html
