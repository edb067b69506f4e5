"""Server-side SVG charts: the web page and the PDF show the same picture.

Plain string building, no dependency: the same input always gives the same SVG. Each chart is
an accessible image (``role="img"`` with a ``<title>`` and a ``<desc>`` that spells out every
value, so a screen reader gets the figures, not the drawing), sized by its ``viewBox`` only so
that it takes the width of its container (``width: 100%`` in HTML, the column in a PDF). Values
are written in French (« 2,5 ») at the end of each bar, so colour is never the only carrier of a
figure. Every text goes through :func:`html.escape`.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Iterable, Sequence

from rallye.domain import french
from rallye.domain.fidelity import NOT_ASSESSABLE

WIDTH = 640
FONT = 12
ROW = 24
BAR = 16
CHAR = 6.6
"""Mean width of a character at :data:`FONT` (DejaVu Sans), to size the label column."""
LABEL_MAX = 250
VALUE_ROOM = 78
MARGIN = 8
TITLE_ROOM = 26
PALETTE = ("#1f5f8b", "#d9822b", "#3a7d44", "#8e3b63", "#5b5b9a", "#a36b00", "#2b8c8c", "#7a7a7a", "#b84a3a", "#4d6b1f")
"""Colours distinguishable in print and for the most common colour blindness; legends and
printed values repeat every figure anyway."""
EMPTY_COLOUR = "#d6d6d6"
TEXT_COLOUR = "#111111"
MUTED_COLOUR = "#555555"
NOT_AVAILABLE = "n.d."
NO_DATA = "Aucune donnée"
FIDELITY_MAX = 4
FIDELITY_NOT_ASSESSABLE = "non évaluable"


def bar_chart(
    title: str,
    bars: Sequence[tuple[str, float]],
    *,
    maximum: float | None = None,
    unit: str = "",
    description: str = "",
) -> str:
    """Horizontal bars, one per label, the value written at the end of each bar."""
    top = max([value for _, value in bars], default=0.0)
    scale = _scale(maximum, top)
    label_w = _label_width(label for label, _ in bars)
    x0 = MARGIN + label_w + 8
    room = WIDTH - x0 - VALUE_ROOM
    body: list[str] = []
    y = TITLE_ROOM
    for label, value in bars:
        body.append(_label(label, x0 - 8, y + BAR / 2, label_w))
        length = room * max(value, 0.0) / scale
        body.append(_rect(x0, y, length, BAR, PALETTE[0]))
        body.append(_text(x0 + length + 4, y + BAR / 2, _value(value, unit)))
        y += ROW
    if not bars:
        body.append(_text(MARGIN, y + BAR / 2, NO_DATA, fill=MUTED_COLOUR))
        y += ROW
    details = [f"{label} : {_value(value, unit)}" for label, value in bars] or [NO_DATA]
    return _svg(title, _describe(description, details), y + MARGIN, body)


def grouped_bar_chart(
    title: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    maximum: float | None = None,
    unit: str = "",
    description: str = "",
) -> str:
    """For each category, one bar per series (before/after, one year after the other…), with a
    legend; a missing value (``None``) is written « n.d. »."""
    values = [v for _, row in series for v in row if v is not None]
    scale = _scale(maximum, max(values, default=0.0))
    label_w = _label_width(categories)
    x0 = MARGIN + label_w + 8
    room = WIDTH - x0 - VALUE_ROOM
    body, y = _legend([name for name, _ in series], TITLE_ROOM)
    group_gap = 8
    for index, category in enumerate(categories):
        group_height = len(series) * (BAR + 2)
        body.append(_label(category, x0 - 8, y + group_height / 2, label_w))
        for position, (_, row) in enumerate(series):
            value = row[index] if index < len(row) else None
            bar_y = y + position * (BAR + 2)
            if value is None:
                body.append(_text(x0 + 4, bar_y + BAR / 2, NOT_AVAILABLE, fill=MUTED_COLOUR))
                continue
            length = room * max(value, 0.0) / scale
            body.append(_rect(x0, bar_y, length, BAR, PALETTE[position % len(PALETTE)]))
            body.append(_text(x0 + length + 4, bar_y + BAR / 2, _value(value, unit)))
        y += group_height + group_gap
    if not categories:
        body.append(_text(MARGIN, y + BAR / 2, NO_DATA, fill=MUTED_COLOUR))
        y += ROW
    details = [
        f"{category} : "
        + ", ".join(
            f"{name} {_value(row[index], unit) if index < len(row) and row[index] is not None else NOT_AVAILABLE}"
            for name, row in series
        )
        for index, category in enumerate(categories)
    ] or [NO_DATA]
    return _svg(title, _describe(description, details), y + MARGIN, body)


def fidelity_chart(title: str, scores: Sequence[tuple[str, str, int | None]], *, description: str = "") -> str:
    """One bar per principle (code, short text, score 0-4 or ``None``) on the grid's 0-4 scale,
    with its graduations; a principle not assessable yet says so instead of a bar."""
    label_w = _label_width(f"{code} {text}" for code, text, _ in scores)
    x0 = MARGIN + label_w + 8
    room = WIDTH - x0 - VALUE_ROOM
    body: list[str] = []
    y = TITLE_ROOM + 14
    for mark in range(FIDELITY_MAX + 1):
        x = x0 + room * mark / FIDELITY_MAX
        body.append(_text(x, TITLE_ROOM + 4, str(mark), anchor="middle", fill=MUTED_COLOUR))
    grid_top = y
    for code, text, score in scores:
        body.append(_label(f"{code} {text}", x0 - 8, y + BAR / 2, label_w))
        if score is None:
            body.append(_text(x0 + 4, y + BAR / 2, FIDELITY_NOT_ASSESSABLE, fill=MUTED_COLOUR))
        else:
            length = room * score / FIDELITY_MAX
            body.append(_rect(x0, y, length, BAR, PALETTE[0]))
            body.append(_text(x0 + length + 4, y + BAR / 2, f"{score}/{FIDELITY_MAX}"))
        y += ROW
    grid = [
        f'<line x1="{_n(x0 + room * mark / FIDELITY_MAX)}" y1="{_n(grid_top - 4)}" '
        f'x2="{_n(x0 + room * mark / FIDELITY_MAX)}" y2="{_n(y - ROW + BAR + 4)}" stroke="#bbbbbb" stroke-width="0.6"/>'
        for mark in range(FIDELITY_MAX + 1)
    ]
    if not scores:
        body.append(_text(MARGIN, y + BAR / 2, NO_DATA, fill=MUTED_COLOUR))
        y += ROW
        grid = []
    details = [
        f"{code} {text} : {NOT_ASSESSABLE if score is None else f'{score} sur {FIDELITY_MAX}'}"
        for code, text, score in scores
    ] or [NO_DATA]
    return _svg(title, _describe(description, details), y + MARGIN, [*grid, *body])


def stacked_share_chart(title: str, parts: Sequence[tuple[str, int]], *, description: str = "") -> str:
    """One bar for the whole, split into its parts, with a legend giving each count and share."""
    total = sum(max(count, 0) for _, count in parts)
    x0, room = MARGIN, WIDTH - 2 * MARGIN
    body: list[str] = []
    y: float = TITLE_ROOM
    if total == 0:
        body.append(_rect(x0, y, room, BAR * 1.5, EMPTY_COLOUR))
        body.append(_text(x0 + 6, y + BAR * 0.75, NO_DATA, fill=TEXT_COLOUR))
    else:
        x = float(x0)
        for index, (_, count) in enumerate(parts):
            if count <= 0:
                continue
            length = room * count / total
            body.append(_rect(x, y, length, BAR * 1.5, PALETTE[index % len(PALETTE)]))
            x += length
    y += BAR * 1.5 + 12
    legend = [f"{label} : {count} ({_share(count, total)})" for label, count in parts]
    column_w = (WIDTH - 2 * MARGIN) / 2
    for index, text in enumerate(legend):
        column, row = index % 2, index // 2
        lx, ly = MARGIN + column * column_w, y + row * (ROW - 4)
        body.append(_rect(lx, ly, 11, 11, PALETTE[index % len(PALETTE)]))
        body.append(_label(text, lx + 16, ly + 5.5, column_w - 24, anchor="start"))
    y += ((len(legend) + 1) // 2) * (ROW - 4)
    details = [f"Total : {total}", *legend] if total else [NO_DATA]
    return _svg(title, _describe(description, details), y + MARGIN, body)


# --- building blocks -----------------------------------------------------------------------------


def _svg(title: str, description: str, height: float, body: Sequence[str]) -> str:
    ident = "chart-" + hashlib.sha1(f"{title}\n{description}".encode(), usedforsecurity=False).hexdigest()[:10]
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {_n(height)}" '
        f'role="img" aria-labelledby="{ident}-title {ident}-desc" '
        f'font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif" font-size="{FONT}">'
        f'<title id="{ident}-title">{_e(title)}</title>'
        f'<desc id="{ident}-desc">{_e(description)}</desc>'
        f'<text x="{MARGIN}" y="16" font-weight="bold" fill="{TEXT_COLOUR}">{_e(title)}</text>'
        + "".join(body)
        + "</svg>"
    )


def _describe(description: str, details: Sequence[str]) -> str:
    data = " ; ".join(details) + "."
    return f"{description} {data}" if description else data


def _legend(names: Sequence[str], y: float) -> tuple[list[str], float]:
    body: list[str] = []
    x = float(MARGIN)
    for index, name in enumerate(names):
        body.append(_rect(x, y, 11, 11, PALETTE[index % len(PALETTE)]))
        body.append(_text(x + 16, y + 5.5, name))
        x += 16 + len(name) * CHAR + 18
    return body, y + (ROW if names else 0)


def _scale(maximum: float | None, top: float) -> float:
    scale = maximum if maximum is not None else top
    return scale if scale > 0 else 1.0


def _label_width(labels: Iterable[str]) -> float:
    longest = max((len(text) for text in labels), default=0)
    return min(max(longest * CHAR, 40.0), LABEL_MAX)


def _label(text: str, x: float, y: float, width: float, *, anchor: str = "end") -> str:
    """A label cut with « … » when longer than ``width``; the whole text stays in its tooltip and in
    the chart's description."""
    fits = max(int(width / CHAR), 4)
    shown = text if len(text) <= fits else text[: fits - 1].rstrip() + "…"
    tooltip = f"<title>{_e(text)}</title>" if shown != text else ""
    return (
        f'<text x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}" dominant-baseline="central" '
        f'fill="{TEXT_COLOUR}">{tooltip}{_e(shown)}</text>'
    )


def _text(x: float, y: float, text: str, *, anchor: str = "start", fill: str = TEXT_COLOUR) -> str:
    return (
        f'<text x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}" dominant-baseline="central" '
        f'fill="{fill}">{_e(text)}</text>'
    )


def _rect(x: float, y: float, width: float, height: float, fill: str) -> str:
    return f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(width)}" height="{_n(height)}" fill="{fill}"/>'


def _value(value: float | None, unit: str) -> str:
    if value is None:
        return NOT_AVAILABLE
    text = french.number(value)
    return f"{text}\u00a0{unit}" if unit else text


def _share(count: int, total: int) -> str:
    return f"{round(100 * count / total)}\u00a0%" if total else NOT_AVAILABLE


def _n(value: float) -> str:
    """A coordinate with two decimals at most, written the SVG way (a point, not a comma)."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _e(text: str) -> str:
    return html.escape(text, quote=True)
