"""Problems found in an input file, each saying where it is and what to do."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rallye.domain import french
from rallye.formats.limits import MAX_PROBLEMS_LISTED

Path = tuple[str | int, ...]
"""A position in the rally content, as in JSON: ``("participants", 13, "birth_year")``."""

Locator = Callable[[Path], str]
"""Turns a content path into words a user can find in their file (JSON path, sheet/row/column)."""


@dataclass(frozen=True)
class Problem:
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where} : {self.message}"


class InvalidInput(Exception):
    """The input cannot be used as it is; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def listed(problems: Sequence[Problem]) -> tuple[list[Problem], str]:
    """The problems to show, and ``« … et N autres problèmes »`` when some are left out (else ``""``)."""
    shown = list(problems[:MAX_PROBLEMS_LISTED])
    rest = len(problems) - len(shown)
    if rest <= 0:
        return shown, ""
    return shown, f"… et {french.count(rest, 'autre problème', 'autres problèmes')}"


def json_path(path: Path) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or "(racine)"


def json_locator(file_name: str) -> Locator:
    def locate(path: Path) -> str:
        return f"{file_name}, {json_path(path)}" if path else file_name

    return locate
