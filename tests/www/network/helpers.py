"""Reading pages as a user does, and the form data of a fidelity grid."""

from __future__ import annotations

import html
from typing import Any

from django.test import Client

from rallye.evaluation.records import fidelity_grid
from rallye.rallies.models import Rally
from rallye.www.network.scoring import comment_field, score_field, score_value


def text(response: Any) -> str:
    """The page as a reader sees it (HTML entities decoded)."""
    content: bytes = response.content
    return html.unescape(content.decode())


def grid_data(rally: Rally, **changes: tuple[str, str]) -> dict[str, str]:
    """The grid form as it comes (every proposed score kept), with ``changes``: code → (score, comment)."""
    data: dict[str, str] = {}
    for line in fidelity_grid(rally):
        code = line.principle.code
        score, comment = changes.get(code, (score_value(line.score), line.confirmed.comment if line.confirmed else ""))
        data[score_field(code)] = score
        data[comment_field(code)] = comment
    return data


def get_ok(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    return text(response)
