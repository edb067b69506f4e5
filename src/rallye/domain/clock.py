"""Wall-clock times of a rally day, held as minutes since midnight."""

from __future__ import annotations

import re

_HHMM = re.compile(r"^([01]?\d|2[0-3])[:hH]([0-5]\d)$")


def parse_hhmm(text: str) -> int | None:
    """``"09:30"`` (or ``"9h30"``) → 570; ``None`` when the text is not a time of day."""
    match = _HHMM.match(text.strip())
    if match is None:
        return None
    return int(match.group(1)) * 60 + int(match.group(2))


def hhmm(minutes: int) -> str:
    """570 → ``"09:30"``."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def duration_fr(minutes: int) -> str:
    """505 → ``"8 h 25"``; 45 → ``"45 min"`` (for French summaries)."""
    if minutes < 60:
        return f"{minutes} min"
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d}" if rest else f"{hours} h"
