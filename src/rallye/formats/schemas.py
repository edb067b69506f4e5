"""The published JSON Schemas (draft 2020-12) of the rally and plan files.

They ship inside the package (``rallye/formats/schemas/*.schema.json``) and describe the
canonical JSON form of each format. The schemas are for other tools (editors, spreadsheets,
scripts); the planner itself reads files with ``rally_input`` and ``plan_json``, which also
accept spreadsheet-style values and explain every problem in French.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

from jsonschema import Draft202012Validator

RALLY_SCHEMA = "rallye-1"
"""Schema of rally files, format ``rallye/1``."""
PLAN_SCHEMA = "rallye-plan-1"
"""Schema of plan files, format ``rallye-plan/1``."""

SCHEMA_OF_FORMAT = {"rallye/1": RALLY_SCHEMA, "rallye-plan/1": PLAN_SCHEMA}

_SUFFIX = ".schema.json"


def load_schema(name: str) -> dict[str, Any]:
    """The schema called ``name`` (``"rallye-1"``, ``"rallye-plan-1"``, or the file name).

    Returns a fresh copy each time, so callers may change it freely.
    """
    schema: dict[str, Any] = json.loads(_schema_text(name))
    return schema


def schema_validator(name: str) -> Draft202012Validator:
    """A validator for the schema called ``name``, checking formats (``date``) too."""
    return Draft202012Validator(load_schema(name), format_checker=Draft202012Validator.FORMAT_CHECKER)


def schema_errors(content: Any, name: str) -> list[str]:
    """Every way ``content`` departs from the schema, as ``"path: message"`` lines (empty: valid)."""
    errors = sorted(schema_validator(name).iter_errors(content), key=lambda e: list(map(str, e.path)))
    return [f"{error.json_path}: {error.message}" for error in errors]


@cache
def _schema_text(name: str) -> str:
    file_name = name if name.endswith(_SUFFIX) else name + _SUFFIX
    resource = files("rallye.formats") / "schemas" / file_name
    if not resource.is_file():
        known = ", ".join(sorted(SCHEMA_OF_FORMAT.values()))
        raise KeyError(f"no schema named {name!r} (known: {known})")
    return resource.read_text(encoding="utf-8")
