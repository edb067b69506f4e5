"""One rally's fidelity grid as a PDF to download: the chart of its scores, the means per heading,
and every principle with its score, the evidence from the data and the evaluator's comment. A
score nobody has confirmed yet (the data's proposal) is marked « * », and the page says how many
there are: it never claims a confirmation that did not happen."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from rallye.documents.rendering import html_to_pdf
from rallye.domain import french
from rallye.domain.fidelity import NOT_ASSESSABLE, SCORE_LABELS, heading_means, overall_mean
from rallye.reporting.charts import fidelity_chart
from rallye.reporting.content import cell_text
from rallye.reporting.pdf import environment


@dataclass(frozen=True)
class FidelityLine:
    code: str
    heading: str
    """The heading's French label (``Heading.label``)."""
    principle: str
    score: int | None
    """0-4, ``None``: not assessable yet."""
    evidence: str
    comment: str
    confirmed: bool
    """Whether the federation or an evaluator confirmed ``score``; else it is the data's proposal."""

    @property
    def score_fr(self) -> str:
        """« 3/4 », « non évaluable à ce stade », followed by « * » when not confirmed."""
        text = NOT_ASSESSABLE if self.score is None else f"{self.score}/4"
        return text if self.confirmed else f"{text}\u00a0*"


def fidelity_grid_html(
    rally_name: str, structure: str, lines: Sequence[FidelityLine], *, today: dt.date | None = None
) -> str:
    scores = {line.code: line.score for line in lines}
    headings = heading_means(scores)
    grouped: dict[str, list[FidelityLine]] = {}
    for line in lines:
        grouped.setdefault(line.heading, []).append(line)
    chart = fidelity_chart(
        f"Grille de fidélité — {rally_name}",
        [(line.code, line.principle, line.score) for line in lines],
        description=f"Note de chaque principe de 0 à 4 pour le rallye {rally_name} ({structure}).",
    )
    day = today or dt.date.today()
    return (
        environment()
        .get_template("fidelity.html")
        .render(
            rally_name=rally_name,
            structure=structure,
            chart=chart,
            grouped=grouped,
            heading_means=[(heading.label, cell_text(mean)) for heading, mean in headings.items()],
            overall=cell_text(overall_mean(scores)),
            scale=", ".join(SCORE_LABELS.values()) + f", ou « {NOT_ASSESSABLE} »",
            confirmed=sum(1 for line in lines if line.confirmed),
            total=len(lines),
            generated=french.date(day),
        )
    )


def fidelity_grid_pdf(
    rally_name: str, structure: str, lines: Sequence[FidelityLine], *, today: dt.date | None = None
) -> bytes:
    return html_to_pdf(fidelity_grid_html(rally_name, structure, lines, today=today))
