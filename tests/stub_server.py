"""What every local stand-in for an external service shares: a quiet request handler that answers
with a status, a body, its type and any other header, and a server on an ephemeral port of
127.0.0.1 for the length of a block (``tests/geocoder_stub.py``, ``tests/routing_stub.py``, and
axe-core for the browser's walk of every page)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

KEPT_AN_HOUR = "max-age=3600, public"
"""``Cache-Control`` of what the browser tests' servers let the browser keep (static files, axe)."""


class StubHandler(BaseHTTPRequestHandler):
    def send(self, status: int, body: bytes, kind: str, headers: dict[str, str] | None = None) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)
        except OSError:  # the client gave up (timeout)
            pass

    def misbehaved(self, mode: str) -> bool:
        """Answer as a failing service does when ``mode`` says so (« down »: 503, « garbage »: a
        page that is not JSON); ``False`` when the request is left to the stub."""
        if mode == "down":
            self.send(503, b"service unavailable", "text/plain")
            return True
        if mode == "garbage":
            self.send(200, b"<html>maintenance</html>", "text/html")
            return True
        return False

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serving(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """The base URL of ``handler`` served on 127.0.0.1 until the block ends."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    # A short poll: stopping the server waits for the loop's next look (0.5 s by default, paid by
    # every test that uses a stub).
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
