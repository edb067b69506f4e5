"""HTML snapshots of the main pages of the workspace, on the demo, as a coordinator and as the
federation's administrator: any change of what these pages show appears in review as a diff
of ``__snapshots__/test_page_snapshots.ambr`` (``uv run pytest --snapshot-update`` rewrites it).

The snapshot is the page's ``<main>`` with what changes from run to run taken out: database
ids in links, form tokens, private-link tokens, the time the demo was loaded. The clock is fixed, so « à venir », « en
retard » and due follow-ups read the same whatever the day of the run."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import time_machine
from django.test import Client
from syrupy.assertion import SnapshotAssertion

from rallye.organisations.models import Structure
from rallye.rallies.models import Rally
from tests.logins import FEDERATION, MIFE, logged_in

pytestmark = pytest.mark.django_db

TODAY = "2026-12-07 10:00 +01:00"
ANNECY = "Rallye pour l'emploi — Annecy, mars 2027"
COORDINATOR_PAGES = {
    "accueil": "/",
    "rallyes": "/rallyes/",
    "rallye": "/rallyes/{rally}/",
    "programme": "/rallyes/{rally}/programme/",
    "entreprises": "/rallyes/{rally}/entreprises/",
    "participants": "/rallyes/{rally}/participants/",
    "vehicules": "/rallyes/{rally}/vehicules/",
    "planning": "/rallyes/{rally}/planning/",
    "documents": "/rallyes/{rally}/documents/",
    "evaluation": "/rallyes/{rally}/evaluation/",
    "suivis": "/suivis/",
}
FEDERATION_PAGES = {
    "reseau": "/reseau/",
    "fidelite": "/reseau/fidelite/",
    "bilans": "/reseau/bilans/",
}
MAIN = re.compile(r"<main\b.*?</main>", re.S)
SCRUBS = (
    (re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"'), 'name="csrfmiddlewaretoken" value="…"'),
    (re.compile(r"/q/[\w-]{16,}/"), "/q/…/"),
    (re.compile(r"(/(?:rallyes|structures|versions|saisir|financeurs|rallyes/financeurs)/)\d+"), r"\1N"),
    (re.compile(r"(/(?:entreprises|participants|vehicules|questionnaires|fidelite|ansa)/)\d+"), r"\1N"),
    (re.compile(r'((?:id|for|name|value|data-[\w-]+|aria-[\w-]+)="[^"\d]*?)\d{3,}'), r"\1N"),
    (re.compile(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}"), "JJ/MM/AAAA hh:mm"),  # when the demo was loaded
    (re.compile(r"\d{1,2}(?:er)? [a-zéû]+ \d{4} à \d{2}:\d{2}"), "J mois AAAA à hh:mm"),  # the same, in words
    (re.compile(r"[ \t]+\n"), "\n"),
    (re.compile(r"\n\s*\n+"), "\n"),
)


def page_main(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    found = MAIN.search(response.content.decode())
    assert found, f"{url} has no <main>"
    text = found.group(0)
    for pattern, replacement in SCRUBS:
        text = pattern.sub(replacement, text)
    return text


@pytest.fixture(autouse=True)
def fixed_clock() -> Iterator[None]:
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def annecy(mife: Structure) -> Rally:
    return Rally.objects.get(name=ANNECY)


@pytest.mark.parametrize("name", COORDINATOR_PAGES)
def test_coordinator_page(name: str, annecy: Rally, snapshot: SnapshotAssertion) -> None:
    url = COORDINATOR_PAGES[name].format(rally=annecy.pk)
    assert page_main(logged_in(MIFE), url) == snapshot


@pytest.mark.parametrize("name", FEDERATION_PAGES)
def test_federation_page(name: str, mife: Structure, snapshot: SnapshotAssertion) -> None:
    assert page_main(logged_in(FEDERATION), FEDERATION_PAGES[name]) == snapshot
