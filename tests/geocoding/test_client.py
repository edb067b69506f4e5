"""The geocoding client against the stub service: answers, scores, and every typed failure."""

from __future__ import annotations

import pytest

from rallye.geocoding import (
    DEFAULT_URL,
    Candidate,
    Geocoder,
    GeocoderInvalidAnswer,
    GeocoderUnreachable,
    geocoder_from_env,
    parse_answer,
)
from tests.geocoder_stub import UNUSED_URL, StubGeocoder


def test_search_answers_candidates_best_first(stub: StubGeocoder) -> None:
    found = Geocoder(stub.url).search("12 rue de la Paix Annecy", limit=3)
    assert found[0] == Candidate("12 Rue de la Paix 74000 Annecy", found[0].score, 45.9010, 6.1250, "74010")
    assert 0.6 < found[0].score <= 1
    assert [c.score for c in found] == sorted((c.score for c in found), reverse=True)
    assert stub.queries == ["12 rue de la Paix Annecy"]


def test_a_short_query_asks_nothing(stub: StubGeocoder) -> None:
    assert Geocoder(stub.url).search(" 1 ") == ()
    assert stub.queries == []


def test_an_unknown_address_finds_nothing(stub: StubGeocoder) -> None:
    assert Geocoder(stub.url + "/").search("Rue inexistante Pétaouchnok") == ()


def test_a_service_that_answers_an_error_is_unreachable(stub: StubGeocoder) -> None:
    stub.mode = "down"
    with pytest.raises(GeocoderUnreachable, match="HTTP 503") as raised:
        Geocoder(stub.url).search("rue de la Paix")
    assert raised.value.reason == "le service d'adresses ne répond pas"


def test_a_closed_port_is_unreachable() -> None:
    with pytest.raises(GeocoderUnreachable):
        Geocoder(UNUSED_URL).search("rue de la Paix")


def test_a_slow_service_times_out(stub: StubGeocoder) -> None:
    stub.mode, stub.delay = "slow", 1.0
    with pytest.raises(GeocoderUnreachable):
        Geocoder(stub.url, timeout=0.2).search("rue de la Paix")


def test_garbage_is_an_invalid_answer(stub: StubGeocoder) -> None:
    stub.mode = "garbage"
    with pytest.raises(GeocoderInvalidAnswer) as raised:
        Geocoder(stub.url).search("rue de la Paix")
    assert "illisible" in raised.value.reason


@pytest.mark.parametrize(
    "answer",
    [
        [],
        {"features": "none"},
        {"features": [{"properties": {"label": "x"}, "geometry": {"coordinates": [6, 45]}}]},
        {"features": [{"properties": {"label": "x", "score": 1}, "geometry": {"coordinates": [600, 45]}}]},
        {"features": [{"properties": {"label": "x", "score": "nan"}, "geometry": {"coordinates": [6, 45]}}]},
    ],
)
def test_answers_that_are_not_the_protocol_are_refused(answer: object) -> None:
    with pytest.raises(GeocoderInvalidAnswer):
        parse_answer(answer)


def test_a_non_http_url_is_refused_without_reading_anything() -> None:
    with pytest.raises(GeocoderUnreachable):
        Geocoder("file:///etc").search("rue de la Paix")


def test_the_environment_chooses_the_service() -> None:
    default = geocoder_from_env({})
    assert default is not None and default.base_url == DEFAULT_URL
    assert geocoder_from_env({"RALLYE_GEOCODER_URL": ""}) is None
    assert geocoder_from_env({"RALLYE_GEOCODER_URL": "  "}) is None
    local = geocoder_from_env({"RALLYE_GEOCODER_URL": "http://127.0.0.1:7878/"})
    assert local is not None and local.base_url == "http://127.0.0.1:7878"


def test_candidates_round_trip_as_dicts() -> None:
    candidate = Candidate("1 Place de la Mairie 38500 Voiron", 0.5, 45.364, 5.59, "38563")
    assert Candidate.from_dict(candidate.as_dict()) == candidate
    assert candidate.low
