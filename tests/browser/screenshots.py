"""Screenshots of the pages the browser tests walk through, kept as test artefacts so that a
reviewer can look at them: in the folder named by ``RALLYE_SCREENSHOTS``, else ``var/screenshots``
at the top of the repository (ignored by git)."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def folder() -> Path:
    chosen = os.environ.get("RALLYE_SCREENSHOTS", "").strip()
    path = Path(chosen) if chosen else ROOT / "var" / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


def shoot(page: Any, name: str) -> Path:
    """A full-page screenshot named after ``name`` and the page's width (``planning-360.png``)."""
    width = page.viewport_size["width"] if page.viewport_size else 0
    safe = re.sub(r"[^a-z0-9-]+", "-", name.lower()).strip("-")
    path = folder() / f"{safe}-{width}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


OVERFLOW = "Math.max(0, document.documentElement.scrollWidth - window.innerWidth)"
"""How many pixels the page is wider than the window, in the page's JavaScript."""


def overflow(page: Any) -> int:
    """How many pixels the page is wider than the window (0: no sideways scrolling)."""
    return int(page.evaluate(OVERFLOW))
