"""How often a private link may be used: a fixed window per key (a token, a client address),
counted in Django's cache.

The window starts with a key's first request and lasts ``seconds``; the clock is passed in, so
tests move time without sleeping. Two requests at the very same moment may both read the same
count (the cache has no atomic read-modify-write for a pair): the limit may then let one more
request through, which is harmless for its purpose (stopping guessing and floods)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.cache import cache


@dataclass(frozen=True)
class RateLimit:
    name: str
    requests: int
    seconds: int

    def allow(self, key: str, now: float) -> bool:
        """Count one request for ``key`` at ``now`` (seconds); ``False`` once over the limit."""
        cache_key = f"rallye.links.{self.name}.{hashlib.sha256(key.encode()).hexdigest()[:32]}"
        window = cache.get(cache_key)
        start, count = (float(window[0]), int(window[1])) if isinstance(window, tuple) else (now, 0)
        if now - start >= self.seconds or now < start:
            start, count = now, 0
        count += 1
        cache.set(cache_key, (start, count), timeout=self.seconds)
        return count <= self.requests


PER_TOKEN = RateLimit("token", requests=30, seconds=600)
"""One link: 30 requests in 10 minutes, far more than answering a questionnaire takes."""
PER_CLIENT = RateLimit("client", requests=300, seconds=600)
"""One address, all links and unknown tokens included: a whole rally answering at its closing
from the same Wi-Fi stays well below; someone trying tokens at random is stopped."""
