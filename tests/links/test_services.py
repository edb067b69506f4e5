"""The private links' service: long random tokens, one target of the right kind, opening (and
its record), deactivation, expiry (questionnaires: a month after the six-month follow-up),
rate limits per token and per address with a clock passed in, scoping, addresses and QR codes."""

from __future__ import annotations

import datetime as dt
import re
import string

import pytest
from django.http import HttpRequest
from django.test import RequestFactory
from django.utils import timezone
from pytest_django.fixtures import Settings

from rallye.evaluation.models import Questionnaire
from rallye.evaluation.private_links import end_of_questionnaire, issue_questionnaire_links, link_expiry
from rallye.links.models import PrivateLink, Purpose
from rallye.links.services import (
    Refusal,
    issue_link,
    link_state,
    link_url,
    new_token,
    open_link,
    qr_code,
    revoke,
)
from rallye.links.throttle import PER_CLIENT, PER_TOKEN
from rallye.organisations.models import Role, Structure
from rallye.rallies.models import Rally, Session
from rallye.web.absolute import NoBaseUrl
from tests.links.conftest import LAST_DAY, member

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(dt.datetime(2027, 3, 1, 10, 0))
"""Before the rally (its last day is 19 March 2027)."""
PARIS_MIDNIGHT = dt.timezone(dt.timedelta(hours=2))  # 20 October 2027 is still summer time


def request_from(address: str = "192.0.2.10") -> HttpRequest:
    return RequestFactory().get("/q/lien/", REMOTE_ADDR=address)


def opened(token: str, *, now: dt.datetime = NOW, address: str = "192.0.2.10") -> PrivateLink | Refusal:
    return open_link(token, request_from(address), Purpose.QUESTIONNAIRE, now=now)


# --- Tokens ----------------------------------------------------------------------------------


def test_tokens_are_long_url_safe_and_never_repeat() -> None:
    tokens = [new_token() for _ in range(500)]
    assert len(set(tokens)) == 500
    assert all(len(token) >= 43 and re.fullmatch(r"[A-Za-z0-9_-]+", token) for token in tokens)
    # Random, not a counter: every URL-safe character shows up across them, each position varies.
    used = set("".join(tokens))
    assert used == set(string.ascii_letters + string.digits + "-_")
    assert all(len({token[i] for token in tokens}) > 40 for i in range(42))


def test_a_link_takes_its_target_structure_and_end(questionnaire: Questionnaire, structure: Structure) -> None:
    ends = NOW + dt.timedelta(days=30)
    link = issue_link(questionnaire, Purpose.QUESTIONNAIRE, ends)
    link.refresh_from_db()
    assert link.questionnaire == questionnaire and link.structure == structure
    assert link.expires_at == ends and link.open_count == 0 and link.last_opened_at is None
    assert link.purpose == Purpose.QUESTIONNAIRE and len(link.token) >= 43


def test_a_link_to_the_wrong_kind_of_target_is_refused(rally: Rally) -> None:
    before = set(PrivateLink.objects.values_list("pk", flat=True))
    with pytest.raises(ValueError, match="ne peut pas mener à"):
        issue_link(rally, Purpose.QUESTIONNAIRE, None)
    assert set(PrivateLink.objects.values_list("pk", flat=True)) == before


# --- Opening ---------------------------------------------------------------------------------


def test_opening_a_link_records_when_and_how_often(questionnaire: Questionnaire) -> None:
    link = issue_link(questionnaire, Purpose.QUESTIONNAIRE, None)
    first = opened(link.token)
    assert isinstance(first, PrivateLink) and first.questionnaire == questionnaire
    later = NOW + dt.timedelta(hours=2)
    assert isinstance(opened(link.token, now=later), PrivateLink)
    link.refresh_from_db()
    assert link.open_count == 2 and link.last_opened_at == later


def test_unknown_and_malformed_tokens_open_nothing(questionnaire: Questionnaire) -> None:
    link = issue_link(questionnaire, Purpose.QUESTIONNAIRE, None)
    for token in (new_token(), link.token[:-1], "court", link.token + "x" * 30, "../" + link.token, ""):
        assert opened(token) is Refusal.UNKNOWN
    link.refresh_from_db()
    assert link.open_count == 0


def test_a_deactivated_link_opens_nothing_and_keeps_who_did_it(questionnaire: Questionnaire) -> None:
    user = member(questionnaire.rally.structure, "coordination@essai.test")
    link = issue_link(questionnaire, Purpose.QUESTIONNAIRE, None)
    assert revoke(link, user, now=NOW)
    assert opened(link.token) is Refusal.REVOKED
    assert not revoke(link, user, now=NOW + dt.timedelta(days=1))  # once is enough: nothing changes
    link.refresh_from_db()
    assert link.revoked_at == NOW and link.revoked_by == user and link.open_count == 0
    assert link_state(link, NOW) == "lien désactivé le 1er mars 2027, par coordination@essai.test"


def test_a_link_expires_at_its_end(questionnaire: Questionnaire) -> None:
    ends = NOW + dt.timedelta(days=1)
    link = issue_link(questionnaire, Purpose.QUESTIONNAIRE, ends)
    assert isinstance(opened(link.token, now=ends - dt.timedelta(seconds=1)), PrivateLink)
    assert opened(link.token, now=ends) is Refusal.EXPIRED
    assert opened(link.token, now=ends + dt.timedelta(days=400)) is Refusal.EXPIRED
    link.refresh_from_db()
    assert link.open_count == 1


# --- When a questionnaire link ends ----------------------------------------------------------


def test_questionnaire_links_end_a_month_after_the_six_month_follow_up() -> None:
    # Last day 19 March 2027 → follow-up due 19 September 2027 → works until 19 October 2027.
    ends = link_expiry(LAST_DAY)
    assert ends == dt.datetime(2027, 10, 20, 0, 0, tzinfo=PARIS_MIDNIGHT)
    assert link_expiry(None) is None  # a rally without dates: no end yet


def test_prepared_links_end_with_their_rally_and_follow_it_when_it_moves(
    rally: Rally, questionnaires: list[Questionnaire]
) -> None:
    assert issue_questionnaire_links(rally) == 2
    assert issue_questionnaire_links(rally) == 0  # links already given do not change
    link = PrivateLink.objects.get(questionnaire=questionnaires[0])
    assert link.expires_at == link_expiry(LAST_DAY)
    # The rally is postponed by a year after the links were sent: opening follows the new dates.
    Session.objects.filter(rally=rally).update(date=dt.date(2028, 3, 19))
    one_year_later = timezone.make_aware(dt.datetime(2028, 1, 10, 12, 0))
    found = open_link(
        link.token,
        request_from(),
        Purpose.QUESTIONNAIRE,
        end_of_purpose=end_of_questionnaire,
        now=one_year_later,
    )
    assert isinstance(found, PrivateLink)
    link.refresh_from_db()
    assert link.expires_at == link_expiry(dt.date(2028, 3, 19))


def test_a_filled_questionnaire_gets_no_new_link(rally: Rally, questionnaires: list[Questionnaire]) -> None:
    Questionnaire.objects.filter(pk=questionnaires[0].pk).update(answers={"confidence": 3}, submitted_at=NOW)
    assert issue_questionnaire_links(rally) == 1
    assert not PrivateLink.objects.filter(questionnaire=questionnaires[0]).exists()


def test_staff_read_the_state_of_a_link(questionnaire: Questionnaire) -> None:
    link = issue_link(questionnaire, Purpose.QUESTIONNAIRE, link_expiry(LAST_DAY))
    assert link_state(link, NOW) == "lien jamais ouvert · valable jusqu'au 19 octobre 2027"
    opened(link.token, now=NOW)
    opened(link.token, now=NOW + dt.timedelta(days=2))
    link.refresh_from_db()
    assert link_state(link, NOW) == "lien ouvert 2 fois, la dernière le 3 mars 2027 · valable jusqu'au 19 octobre 2027"
    after_the_end = timezone.make_aware(dt.datetime(2027, 11, 2))
    assert link_state(link, after_the_end) == "lien expiré le 20 octobre 2027"


# --- Rate limits -----------------------------------------------------------------------------


def test_one_link_is_limited_per_ten_minutes_then_opens_again(questionnaire: Questionnaire) -> None:
    link = issue_link(questionnaire, Purpose.QUESTIONNAIRE, None)
    for n in range(PER_TOKEN.requests):
        assert isinstance(opened(link.token, now=NOW + dt.timedelta(seconds=n)), PrivateLink)
    assert opened(link.token, now=NOW + dt.timedelta(seconds=60)) is Refusal.RATE_LIMITED
    # From another address too: the limit is the link's.
    assert opened(link.token, now=NOW + dt.timedelta(seconds=61), address="198.51.100.7") is Refusal.RATE_LIMITED
    link.refresh_from_db()
    assert link.open_count == PER_TOKEN.requests  # refused requests are not openings
    assert isinstance(opened(link.token, now=NOW + dt.timedelta(seconds=PER_TOKEN.seconds)), PrivateLink)


def test_one_address_trying_many_tokens_is_stopped(questionnaire: Questionnaire) -> None:
    link = issue_link(questionnaire, Purpose.QUESTIONNAIRE, None)
    for _ in range(PER_CLIENT.requests):
        assert opened(new_token()) is Refusal.UNKNOWN
    assert opened(link.token) is Refusal.RATE_LIMITED  # even a real link, from that address
    assert isinstance(opened(link.token, address="198.51.100.7"), PrivateLink)  # others are not affected
    later = NOW + dt.timedelta(seconds=PER_CLIENT.seconds)
    assert isinstance(opened(link.token, now=later), PrivateLink)


# --- Scoping, addresses, QR codes -------------------------------------------------------------


def test_staff_see_the_links_of_their_structure_only(
    questionnaire: Questionnaire, structure: Structure, other_structure: Structure
) -> None:
    link = issue_link(questionnaire, Purpose.QUESTIONNAIRE, None)
    assert list(PrivateLink.objects.for_user(member(structure, "a@essai.test", Role.READ_ONLY))) == [link]
    assert not PrivateLink.objects.for_user(member(other_structure, "b@essai.test")).exists()
    assert not PrivateLink.objects.for_user(None).exists()


def test_the_address_of_a_link(questionnaire: Questionnaire, settings: Settings) -> None:
    link = issue_link(questionnaire, Purpose.QUESTIONNAIRE, None)
    request = RequestFactory().get("/", HTTP_HOST="localhost")
    settings.BASE_URL = ""
    assert link_url(link, request) == f"http://localhost/q/{link.token}/"
    with pytest.raises(NoBaseUrl, match="RALLYE_BASE_URL"):
        link_url(link)
    settings.BASE_URL = "https://rallye.exemple.fr"
    assert link_url(link, request) == link_url(link) == f"https://rallye.exemple.fr/q/{link.token}/"


def test_qr_codes_as_svg_and_png() -> None:
    url = "https://rallye.exemple.fr/q/" + new_token() + "/"
    assert qr_code(url, "png").startswith(b"\x89PNG\r\n\x1a\n")
    svg = qr_code(url, "svg")
    assert svg.startswith(b"<?xml") and b"<svg" in svg
