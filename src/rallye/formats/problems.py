"""Problems found in an input file, each saying where it is and what to do."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

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


def json_path(path: Path) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or "(racine)"


def json_locator(file_name: str) -> Locator:
    def locate(path: Path) -> str:
        return f"{file_name}, {json_path(path)}" if path else file_name

    return locate
