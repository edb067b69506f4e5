"""Shared by the rally workspace tests: example files, logins, and form data builders."""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path
from typing import Any

EXAMPLES = Path(__file__).parents[3] / "examples"
EXAMPLE_JSON = EXAMPLES / "annecy-2027" / "rally.json"
EXAMPLE_XLSX = EXAMPLES / "annecy-2027" / "rally.xlsx"
VOIRON_JSON = EXAMPLES / "voiron-2027" / "rally.json"

Row = dict[str, Any]

ANNECY_PROGRAMME: tuple[Row, ...] = (
    {"kind": "icebreaker", "date": "2027-03-16", "start": "08:30", "end": "09:00"},
    {
        "kind": "visits",
        "date": "2027-03-16",
        "start": "09:00",
        "end": "17:30",
        "lunch_start": "12:15",
        "lunch_end": "13:30",
    },
    {"kind": "visits", "date": "2027-03-17", "start": "08:30", "end": "12:30"},
    {"kind": "feedback", "date": "2027-03-19", "start": "09:00", "end": "12:00"},
    {"kind": "closing", "date": "2027-03-19", "start": "14:00", "end": "16:00"},
)
"""The Annecy example's programme, as the form posts it."""

RALLY_FIELDS: Row = {
    "name": "Rallye pour l'emploi — Annecy, mars 2027",
    "organiser": "",
    "base_name": "Hôtel de Ville d'Annecy",
    "base_address": "1 place de l'Hôtel de Ville, 74000 Annecy",
    "base_lat": "45,8993",
    "base_lon": "6.1289",
    "visit_minutes": "60",
    "visits_min": "6",
    "visits_max": "8",
}


def formset_data(prefix: str, rows: Sequence[Row], *, initial: int = 0, total: int | None = None) -> dict[str, str]:
    """POST data of a formset: the management form, then each row's fields (absent keys are empty)."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows) if total is None else total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{key}": str(value) for key, value in row.items()})
    return data


def programme_data(rows: Sequence[Row] = ANNECY_PROGRAMME, **options: Any) -> dict[str, str]:
    return formset_data("sessions", rows, **options)


def text(response: Any) -> str:
    """The page as a reader sees it (HTML entities decoded), to search for French sentences."""
    content: bytes = response.content
    return html.unescape(content.decode())
