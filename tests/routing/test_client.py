"""The routing client against a local OSRM-compatible stub: minutes rounded up, pairs without a
road, and each way the service can fail."""

from __future__ import annotations

import json
import math

import pytest

from rallye.routing import (
    RoutingError,
    RoutingInvalidAnswer,
    RoutingUnreachable,
    parse_answer,
    router_from_url,
    routing_url,
)
from tests.geocoder_stub import UNUSED_URL
from tests.routing_stub import durations, running_stub

BASE = (45.9006, 6.1196)
CLINIC = (45.9050, 6.1300)
CAMPING = (45.8700, 6.1500)


def test_minutes_between_every_pair_in_one_request() -> None:
    with running_stub() as stub:
        router = router_from_url(stub.url + "/")
        assert router is not None
        table = router.minutes([BASE, CLINIC, CAMPING])
    assert len(stub.paths) == 1
    assert stub.paths[0] == (
        "/table/v1/driving/6.119600,45.900600;6.130000,45.905000;6.150000,45.870000?annotations=duration"
    )
    seconds = durations([(lon, lat) for lat, lon in (BASE, CLINIC, CAMPING)])
    assert table == [[math.ceil(s / 60) if s else 0 for s in row] for row in seconds]
    assert table[0][0] == 0
    assert (table[0][2] or 0) > (table[0][1] or 0) > 0


def test_a_pair_without_road_has_no_minutes() -> None:
    with running_stub() as stub:
        router = router_from_url(stub.url)
        assert router is not None
        assert router.minutes([BASE, (45.0, 0.0)]) == [[0, None], [None, 0]]


@pytest.mark.parametrize(("mode", "error"), [("down", RoutingUnreachable), ("garbage", RoutingInvalidAnswer)])
def test_a_failing_service_says_why(mode: str, error: type[RoutingError]) -> None:
    with running_stub() as stub:
        stub.mode = mode
        router = router_from_url(stub.url)
        assert router is not None
        with pytest.raises(error) as raised:
            router.minutes([BASE, CLINIC])
    assert raised.value.reason.startswith("le service d'itinéraires")


def test_nothing_listening_is_unreachable() -> None:
    router = router_from_url(UNUSED_URL, timeout=2)
    assert router is not None
    with pytest.raises(RoutingUnreachable):
        router.minutes([BASE, CLINIC])


@pytest.mark.parametrize(
    "answer",
    [
        {"code": "NoTable"},
        {"code": "Ok", "durations": [[0, 60]]},
        {"code": "Ok", "durations": [[0, 60], [60]]},
        {"code": "Ok", "durations": [[0, -5], [60, 0]]},
        {"code": "Ok", "durations": [[0, "soon"], [60, 0]]},
        [],
    ],
)
def test_answers_that_are_not_a_table_are_refused(answer: object) -> None:
    with pytest.raises(RoutingInvalidAnswer):
        parse_answer(json.loads(json.dumps(answer)), 2)


def test_the_service_comes_from_the_environment() -> None:
    assert routing_url({}) == ""
    assert routing_url({"RALLYE_ROUTING_URL": " http://osrm.local:5000 "}) == "http://osrm.local:5000"
    assert router_from_url("") is None
