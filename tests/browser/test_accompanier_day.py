"""The accompanier's day on a 360-px phone: the team's page opens, keeps opening without network
(its service worker), and an arrival and a photo entered offline wait on the phone and are sent
once when the network returns, even if the phone sends the arrival twice; the
Content-Security-Policy holds."""

from __future__ import annotations

import io
import json
import time
from collections.abc import Iterator
from typing import Any

import pytest
from PIL import Image
from playwright.sync_api import expect

from rallye.demo import load_demo
from rallye.field.models import FieldEntry, VisitMade
from rallye.field.services import planned_vehicles, team_link
from rallye.rallies.models import Rally

pytestmark = pytest.mark.django_db(transaction=True)
UPCOMING = "Rallye pour l'emploi — Annecy, mars 2027"


def wait_for(condition: Any, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError("waited in vain")


@pytest.fixture
def context(browser: Any, live_server: Any) -> Iterator[Any]:
    """A 360-px phone's browser, closed whatever the test's outcome (its service worker and
    pending requests would otherwise outlive the live server)."""
    context = browser.new_context(base_url=live_server.url, locale="fr-FR", viewport={"width": 360, "height": 800})
    context.set_default_timeout(20_000)
    yield context
    context.close()


def test_the_accompaniers_day_offline_included(context: Any) -> None:
    load_demo()
    rally = Rally.objects.get(name=UPCOMING)
    vehicle = planned_vehicles(rally)[0]
    link = team_link(vehicle)
    page = context.new_page()
    refused: list[str] = []
    page.on(
        "console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None
    )
    url = f"/equipe/{link.token}/"

    page.goto(url)
    expect(page.get_by_text("Prochaine visite")).to_be_visible()
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()  # now through the service worker, which keeps the page
    wait_for(lambda: page.evaluate("caches.keys().then(k => k.length)") > 0)

    context.set_offline(True)
    assert page.evaluate("fetch('/sante/').then(() => 'online', () => 'offline')") == "offline"
    page.reload()
    expect(page.get_by_text("Prochaine visite")).to_be_visible()  # readable without network
    first = page.locator("article.field-next")
    company = first.locator("input[name=company]").first.get_attribute("value")
    first.get_by_role("button", name="Nous sommes arrivés").click()
    queue_name = page.locator("#field-phone").get_attribute("data-queue")
    expect(page.get_by_text("1 saisie en attente d'envoi")).to_be_visible()
    queued = json.loads(page.evaluate(f"localStorage.getItem('{queue_name}')"))
    assert len(queued) == 1 and queued[0]["kind"] == "arrival" and queued[0]["company"] == company
    assert not VisitMade.objects.exists()
    # The challenge's photo, taken without network: it waits in the phone's database.
    photo_form = page.locator("form.field-photo").first
    photo_company = photo_form.locator("input[name=company]").get_attribute("value")
    photo_form.locator("xpath=ancestor::details").locator("summary").click()
    image = io.BytesIO()
    Image.new("RGB", (64, 48), (40, 120, 200)).save(image, format="PNG")
    photo_form.locator("input[type=file]").set_input_files(
        {"name": "IMG_0042.PNG", "mimeType": "image/png", "buffer": image.getvalue()}
    )
    photo_form.get_by_role("button", name="Envoyer la photo").click()
    expect(page.get_by_text("2 saisies en attente d'envoi")).to_be_visible()
    # A retry whose answer was lost: the same entry, with its key, sent a second time.
    page.evaluate(
        f"localStorage.setItem('{queue_name}', JSON.stringify([{json.dumps(queued[0])}, {json.dumps(queued[0])}]))"
    )

    context.set_offline(False)
    wait_for(FieldEntry.objects.exists)
    page.wait_for_selector("text=Arrivée à")  # the page reloads once the queue is empty
    assert page.evaluate(f"localStorage.getItem('{queue_name}')") == "[]"
    wait_for(lambda: VisitMade.objects.exclude(photo="").exists())
    made = VisitMade.objects.get(company__code=company)
    assert made.arrived_at is not None
    with_photo = VisitMade.objects.exclude(photo="").get()
    assert with_photo.company.code == photo_company and with_photo.photo.name.endswith(".png")
    assert (
        page.evaluate(
            f"new Promise(r => {{ const q = indexedDB.open('{queue_name}-photos'); q.onsuccess = () => "
            "q.result.transaction('photos').objectStore('photos').count().onsuccess = e => r(e.target.result); })"
        )
        == 0
    )
    resent = page.evaluate(
        """entry => { const body = new FormData(); Object.keys(entry).forEach(k => body.append(k, entry[k]));
        return fetch(document.getElementById('field-phone').dataset.entryUrl,
                     {method: 'POST', body, headers: {Accept: 'application/json'}}).then(r => r.json()); }""",
        queued[0],
    )
    assert resent["ok"] and resent["applied"] is False  # the same key again: counted once
    assert FieldEntry.objects.filter(kind="arrival").count() == 1
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert not refused, refused
