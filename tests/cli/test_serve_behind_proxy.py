"""``rallye serve`` behind the HTTPS reverse proxy declared by ``RALLYE_BASE_URL``: waitress takes
the client's address and the ``https`` scheme from the proxy only, never from anyone else."""

from __future__ import annotations

import http.client
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import pytest
from waitress.server import create_server

from rallye.cli.web import proxy_options

Environ = dict[str, Any]


def echo(environ: Environ, start_response: Callable[..., Any]) -> Iterable[bytes]:
    """What the application sees of the request: client address, scheme, forwarded headers."""
    start_response("200 OK", [("Content-Type", "text/plain")])
    seen = [environ["REMOTE_ADDR"], environ["wsgi.url_scheme"], environ.get("HTTP_X_FORWARDED_PROTO", "-")]
    return [" ".join(seen).encode()]


@pytest.fixture
def serve() -> Iterator[Callable[[dict[str, object]], int]]:
    """Starts waitress with the given options on a free port; stopped cleanly after the test."""
    stop = threading.Event()
    running: list[tuple[Any, threading.Thread]] = []

    def start(options: dict[str, object]) -> int:
        server = create_server(echo, host="127.0.0.1", port=0, **options)

        def loop() -> None:
            while not stop.is_set():
                server.asyncore.loop(timeout=0.05, map=server._map, count=1)

        thread = threading.Thread(target=loop, daemon=True)
        thread.start()
        running.append((server, thread))
        return int(server.effective_port)

    yield start
    stop.set()
    for server, thread in running:
        thread.join(timeout=10)
        server.task_dispatcher.shutdown()
        for dispatcher in list(server._map.values()):  # the listening socket and its connections
            dispatcher.close()


def ask(port: int, headers: dict[str, str]) -> list[str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", "/", headers=headers)
    answer = connection.getresponse().read().decode().split(" ")
    connection.close()
    return answer


FORWARDED = {"X-Forwarded-For": "203.0.113.5", "X-Forwarded-Proto": "https"}


def test_behind_the_proxy_the_client_address_and_https_come_from_it(serve: Callable[[dict[str, object]], int]) -> None:
    port = serve(proxy_options("https://rallye.example.org"))
    assert ask(port, FORWARDED) == ["203.0.113.5", "https", "https"]


def test_a_proxy_elsewhere_is_not_trusted(serve: Callable[[dict[str, object]], int], monkeypatch: Any) -> None:
    monkeypatch.setenv("RALLYE_TRUSTED_PROXY", "192.0.2.1")
    port = serve(proxy_options("https://rallye.example.org"))
    assert ask(port, FORWARDED) == ["127.0.0.1", "https", "-"]  # headers dropped


def test_without_an_https_base_url_no_proxy_header_is_trusted(serve: Callable[[dict[str, object]], int]) -> None:
    assert proxy_options("") == {} == proxy_options("http://127.0.0.1:8000")
    port = serve(proxy_options(""))
    assert ask(port, FORWARDED) == ["127.0.0.1", "http", "-"]
