"""The team's page on the accompanier's phone: its link (revoked, expired), the day, entries
counted once, lateness, the challenge's score and the photo."""

from __future__ import annotations

import datetime as dt
import html
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from rallye.challenges import services as challenges
from rallye.challenges.models import ResultSource, VisitResult
from rallye.field import services
from rallye.field.models import FieldEntry, VisitMade
from rallye.history.models import HistoryEntry
from rallye.links.models import PrivateLink
from rallye.links.services import revoke
from rallye.plans.reading import planned_rally
from rallye.rallies.models import Rally, Vehicle
from tests.www.field.conftest import FIRST_DAY, entry_url, moment, page_url

pytestmark = pytest.mark.django_db
Clock = Callable[[dt.datetime], None]


def text(response: Any) -> str:
    return str(html.unescape(response.content.decode()))


def team_of(rally: Rally, vehicle: str) -> str:
    plan = planned_rally(rally).plan
    assert plan is not None
    return next(team.id for team in plan.teams if team.vehicle == vehicle)


def png(size: tuple[int, int] = (40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 80, 40)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_the_page_shows_the_day_with_the_next_visit_on_top(phone: Client, link: PrivateLink, clock: Clock) -> None:
    response = phone.get(page_url(link))
    assert response.status_code == 200
    page = text(response)
    assert "Équipe 1" in page and "Mardi 16 mars 2027" in page
    first = page.index("Prochaine visite")
    assert page.index("09:10 – 10:10") > first  # the next visit is the first one of the day
    assert 'href="tel:+33600142704"' in page or "tel:+33" in page  # the company's contact dials
    assert "https://www.openstreetmap.org/directions?to=" in page
    assert "Nous sommes arrivés" in page
    assert link.vehicle is not None
    rally = link.vehicle.rally
    challenge = challenges.visit_challenges(rally)[(team_of(rally, link.vehicle.code), "C04")]
    assert f"Défi : {challenge.title}" in page  # the visit's challenge, from the repertoire
    assert "Résultat du défi" in page and f'max="{challenge.max_points}"' in page
    assert response["Cache-Control"].startswith("max-age=0")


def test_a_day_after_a_check_out_puts_the_next_visit_first(
    phone: Client, link: PrivateLink, v1: Vehicle, clock: Clock
) -> None:
    clock(moment(16, 0, FIRST_DAY + dt.timedelta(days=1)))
    page = text(phone.get(page_url(link)))
    assert page.index("Mercredi 17 mars 2027") < page.index("Mardi 16 mars 2027")


def test_a_revoked_link_shows_a_clear_page(phone: Client, link: PrivateLink, coordinator: Client) -> None:
    revoke(link, None)
    response = phone.get(page_url(link))
    assert response.status_code == 410
    assert "Lien désactivé" in text(response) and "Équipe 1" not in text(response)
    posted = phone.post(entry_url(link), {"key": "k" * 20, "kind": "arrival", "company": "C04"})
    assert posted.status_code == 410
    assert not VisitMade.objects.exists()


def test_the_link_expires_after_the_rally(phone: Client, link: PrivateLink, clock: Clock) -> None:
    assert link.vehicle is not None
    last = link.vehicle.rally.sessions.order_by("-date").first()
    assert last is not None
    clock(moment(0, 1, last.date + dt.timedelta(days=1)))
    response = phone.get(page_url(link))
    assert response.status_code == 410 and "Lien expiré" in text(response)


def test_an_arrival_sent_twice_counts_once(phone: Client, link: PrivateLink, v1: Vehicle, clock: Clock) -> None:
    clock(moment(9, 12))
    entry = {"key": "3f1c0d6e-retry-key", "kind": "arrival", "company": "C04", "at": moment(9, 5).isoformat()}
    first = phone.post(entry_url(link), entry, HTTP_ACCEPT="application/json")
    assert first.status_code == 200 and first.json() == {"ok": True, "applied": True, "message": "Arrivée enregistrée."}
    again = phone.post(entry_url(link), entry, HTTP_ACCEPT="application/json")
    assert again.json()["applied"] is False and "Déjà reçu" in again.json()["message"]
    other_key = phone.post(
        entry_url(link),
        entry | {"key": "another-key-1234", "at": moment(9, 11).isoformat()},
        HTTP_ACCEPT="application/json",
    )
    assert other_key.json()["applied"] is True
    made = VisitMade.objects.get(vehicle=v1)
    assert made.arrived_at == moment(9, 5)  # the first arrival is kept
    assert FieldEntry.objects.filter(rally=v1.rally).count() == 2
    assert made.members and made.team_name == "Équipe 1"
    assert HistoryEntry.objects.filter(rally=v1.rally, summary__contains="arrivée chez").count() == 2
    page = text(phone.get(page_url(link)))
    assert "Arrivée à 09:05 (prévue 09:10, 5 min d'avance)" in page


def test_the_form_without_javascript_records_and_says_so(phone: Client, link: PrivateLink, clock: Clock) -> None:
    clock(moment(10, 20))
    response = phone.post(entry_url(link), {"key": "form-key-0001", "kind": "departure", "company": "C04"})
    assert response.status_code == 200 and "Départ enregistré." in text(response)
    assert "Départ à 10:20 (prévu 10:10)" in text(response)


def test_a_team_late_by_fifteen_minutes_is_flagged(phone: Client, link: PrivateLink, clock: Clock) -> None:
    clock(moment(9, 26))
    phone.post(entry_url(link), {"key": "late-arrival-01", "kind": "arrival", "company": "C04"})
    page = text(phone.get(page_url(link)))
    assert "16 min de retard" in page and "retard signalé à l'organisateur" in page
    clock(moment(10, 40))
    phone.post(entry_url(link), {"key": "on-time-arrival", "kind": "arrival", "company": "C10"})
    page = text(phone.get(page_url(link)))
    assert "Arrivée à 10:40 (prévue 10:25, 15 min de retard) — retard signalé" in page


def test_bad_entries_change_nothing(phone: Client, link: PrivateLink, clock: Clock) -> None:
    cases = [
        ({"key": "x", "kind": "arrival", "company": "C04"}, "clé valable"),
        ({"key": "valid-key-0001", "kind": "teleport", "company": "C04"}, "Saisie inconnue"),
        ({"key": "valid-key-0002", "kind": "arrival", "company": "C99"}, "plus au programme"),
        ({"key": "valid-key-0003", "kind": "challenge", "company": "C04", "score": "11"}, "de 0 à 10"),
        ({"key": "valid-key-0004", "kind": "challenge", "company": "C04", "score": "dix"}, "en chiffres"),
        (
            {"key": "valid-key-0005", "kind": "arrival", "company": "C04", "at": moment(12, 0).isoformat()},
            "heure du téléphone est en avance",
        ),
        (
            {
                "key": "valid-key-0006",
                "kind": "arrival",
                "company": "C04",
                "at": moment(8, 0, FIRST_DAY - dt.timedelta(days=1)).isoformat(),
            },
            "heure du téléphone est en retard",
        ),
    ]
    for data, message in cases:
        response = phone.post(entry_url(link), data, HTTP_ACCEPT="application/json")
        assert response.status_code == 400, data
        assert message in response.json()["message"], data
    assert not VisitMade.objects.exists() and not FieldEntry.objects.exists()


def test_the_challenge_result_and_score_are_kept(phone: Client, link: PrivateLink, v1: Vehicle, clock: Clock) -> None:
    response = phone.post(
        entry_url(link),
        {
            "key": "challenge-0001",
            "kind": "challenge",
            "company": "C04",
            "result": "Trois métiers trouvés",
            "score": "8",
        },
        HTTP_ACCEPT="application/json",
    )
    assert response.json()["ok"]
    made = VisitMade.objects.get(vehicle=v1)
    assert (made.result, made.score, made.arrived_at) == ("Trois métiers trouvés", 8, None)
    assert "Résultat du défi : 8 / 10" in text(phone.get(page_url(link)))
    # the score counts for the team on the closing's leaderboard, as the accompanier's result
    team = team_of(v1.rally, v1.code)
    result = VisitResult.objects.get(rally=v1.rally, team_code=team, company_code="C04")
    assert (result.score, result.result_text, result.source) == (8, "Trois métiers trouvés", ResultSource.ACCOMPANIER)
    assert next(s for s in challenges.team_scores(v1.rally) if s.team == team).points >= 8


def test_a_photo_is_kept_with_the_rally_and_erased_with_it(
    phone: Client, link: PrivateLink, v1: Vehicle, planned: Rally, clock: Clock
) -> None:
    photo = SimpleUploadedFile("IMG_0001.PNG", png(), content_type="image/png")
    response = phone.post(f"/equipe/{link.token}/photo/", {"key": "photo-key-0001", "company": "C04", "photo": photo})
    assert response.status_code == 200 and "Photo enregistrée." in text(response)
    made = VisitMade.objects.get(vehicle=v1)
    assert made.photo.name.startswith(f"rallies/{planned.pk}/photos/") and made.photo.name.endswith(".png")
    path = made.photo.path
    with open(path, "rb") as kept:
        assert kept.read() == png()
    planned.delete()
    import os

    assert not os.path.exists(path)


def test_a_photo_too_large_or_not_an_image_is_refused(
    phone: Client, link: PrivateLink, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = SimpleUploadedFile("photo.jpg", b"%PDF-1.7 not an image", content_type="image/jpeg")
    response = phone.post(f"/equipe/{link.token}/photo/", {"key": "photo-key-0002", "company": "C04", "photo": fake})
    assert response.status_code == 400
    assert "n'est pas une photo que Rallye sait lire : envoyez une image JPEG, PNG ou WebP" in text(response)
    monkeypatch.setattr(services, "PHOTO_MAX_BYTES", 100)
    large = SimpleUploadedFile("photo.png", png((400, 300)), content_type="image/png")
    response = phone.post(f"/equipe/{link.token}/photo/", {"key": "photo-key-0003", "company": "C04", "photo": large})
    assert response.status_code == 400 and "La photo est trop lourde" in text(response)
    none = phone.post(f"/equipe/{link.token}/photo/", {"key": "photo-key-0004", "company": "C04"})
    assert none.status_code == 400 and "Aucune photo" in text(none)
    assert not VisitMade.objects.exists()


def test_the_service_worker_is_served_under_the_teams_pages(phone: Client, link: PrivateLink) -> None:
    response = phone.get("/equipe/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert b"caches.match" in response.content
    page = phone.get(page_url(link))
    policy = page["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert 'data-worker-url="/equipe/sw.js"' in page.content.decode()


def test_a_refused_link_keeps_the_entry_on_the_phone(phone: Client, link: PrivateLink, clock: Clock) -> None:
    from rallye.links.throttle import PER_TOKEN

    for _ in range(PER_TOKEN.requests):  # the link's requests of the last minutes, used up
        PER_TOKEN.allow(link.token, moment(8, 30).timestamp())
    response = phone.post(
        entry_url(link), {"key": "limited-key-01", "kind": "arrival", "company": "C04"}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 429  # the phone's queue keeps what is not 200 or 400
    assert "la saisie attend sur ce téléphone" in response.json()["message"]
    assert not VisitMade.objects.exists()
