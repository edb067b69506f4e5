"""One GET of a JSON answer from an external service (the address service, the routing service):
a timeout, a bounded answer, and each failure turned into the caller's own exceptions, so that
every client says in French what went wrong. Pure Python (urllib), no Django."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any


def get_json(
    url: str, *, timeout: float, max_bytes: int, unreachable: type[Exception], invalid: type[Exception]
) -> Any:
    """The decoded JSON answer of ``url``; ``unreachable`` when the service does not answer in
    time or answers an HTTP error, ``invalid`` when the answer is too large or not JSON."""
    request = urllib.request.Request(url, headers={"Accept": "application/json", "User-Agent": "Rallye"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read(max_bytes + 1)
    except urllib.error.HTTPError as error:
        error.close()
        raise unreachable(f"HTTP {error.code}") from None
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise unreachable(str(error)) from None
    if len(body) > max_bytes:
        raise invalid("answer too large")
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise invalid("not JSON") from None
