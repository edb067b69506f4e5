"""What the evaluation pages of a rally share: the « Évaluation » tab and its sections."""

from __future__ import annotations

from typing import Any, ClassVar

from rallye.www.rallies.access import RallyMixin


class EvaluationMixin(RallyMixin):
    """A page of the rally's « Évaluation » tab (scoping and rights as every rally page)."""

    tab = "evaluation"
    section: ClassVar[str] = "summary"

    def evaluation_context(self, **extra: Any) -> dict[str, Any]:
        return self.rally_context(section=self.section, **extra)
