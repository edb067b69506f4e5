"""Forms whose errors are tied to their fields: every page the coordinator reaches, and every
form of it sent back with its visible fields emptied, names in ``aria-describedby`` only ids
that exist on the page (Django's widgets point at ``<id>_error`` and ``<id>_helptext``; the
templates must render them, through ``www/_field_errors.html`` and ``www/rallies/_field.html``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from rallye.rallies.models import Rally
from tests.logins import MIFE, logged_in
from tests.www.test_url_walk import FILE, PATTERNS, PUBLIC, url_for

pytestmark = pytest.mark.django_db
SKIPPED = ("logout", "delete", "supprimer", "revoke", "revoquer", "erase", "effacer")


@dataclass
class Form:
    action: str
    fields: dict[str, str] = field(default_factory=dict)
    visible: int = 0


class Page(HTMLParser):
    """The ids of a page, the ids its ``aria-describedby`` name, and its POST forms."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.described: list[tuple[str, str]] = []
        self.forms: list[Form] = []
        self.form: Form | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if "id" in values:
            self.ids.add(values["id"])
        for target in values.get("aria-describedby", "").split():
            self.described.append((f"<{tag} {values.get('name', values.get('id', ''))}>", target))
        if tag == "form":
            self.form = Form(values.get("action", "")) if values.get("method", "").lower() == "post" else None
            if self.form is not None:
                self.forms.append(self.form)
        elif self.form is not None and tag in ("input", "select", "textarea") and "name" in values:
            kind = values.get("type", "text")
            if kind == "hidden":
                self.form.fields[values["name"]] = values.get("value", "")
            elif kind not in ("submit", "button", "file", "checkbox", "radio"):
                self.form.fields[values["name"]] = ""
                self.form.visible += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.form = None


def dangling(html: str) -> list[str]:
    page = Page()
    page.feed(html)
    return [f"{where} → #{target}" for where, target in page.described if target not in page.ids]


def parsed(html: str) -> Page:
    page = Page()
    page.feed(html)
    return page


def test_a_field_in_error_names_its_error_and_help(client: Client) -> None:
    """The pattern itself: the password change sent empty shows each error under the id that
    the field's ``aria-describedby`` names."""
    client = logged_in(MIFE)
    html = client.post(reverse("password_change"), {}).content.decode()
    page = parsed(html)
    targets = {target for _, target in page.described}
    assert "id_old_password_error" in targets and "id_old_password_error" in page.ids
    assert not dangling(html)


def test_every_form_ties_its_errors_to_its_fields(mife_rally: Rally) -> None:
    client = logged_in(MIFE)
    problems: list[str] = []
    errors_seen = 0
    for name, pattern in PATTERNS:
        converters = pattern.pattern.converters
        if name in PUBLIC or "token" in converters or name.startswith("network:"):
            continue
        url = url_for(name, pattern, mife_rally)
        if FILE.search(url):
            continue  # a document or an export: no form in it
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        problems += [f"GET {url}: {problem}" for problem in dangling(html)]
        for form in parsed(html).forms:
            target = form.action or url
            if not form.visible or not target.startswith("/") or any(word in target for word in SKIPPED):
                continue
            sent = client.post(target, form.fields)
            if sent.status_code == 200 and "text/html" in sent.get("Content-Type", ""):
                body = sent.content.decode()
                errors_seen += body.count('class="field-errors"')
                problems += [f"POST {target}: {problem}" for problem in dangling(body)]
    assert not problems, "\n".join(problems)
    assert errors_seen >= 5, "too few forms came back with errors: the walk proves nothing"
