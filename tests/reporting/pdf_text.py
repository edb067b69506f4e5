"""A report's PDF as text with its table rows kept on one line (``pdftotext -layout``), whitespace
collapsed; pdftotext is found (or the test skipped, or failed under CI) as in tests/documents."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.documents.conftest import flat, pdftotext_path


def layout_text(path: Path) -> str:
    completed = subprocess.run(
        [pdftotext_path(), "-layout", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return flat(completed.stdout.replace("\u00a0", " "))
