"""What the rally's overview says while people are being recruited: the RSA beneficiaries counted
for the département against the rally's target, the statuses left to confirm, what is not ready."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rallye.domain import french
from rallye.domain.statuses import RSA_RULE
from rallye.rallies.models import Rally
from rallye.recruitment.models import Proposal, ProposalState
from rallye.recruitment.services import rsa_count


@dataclass(frozen=True)
class Recruitment:
    recruiting: bool
    """The rally has not started yet (or has no date)."""
    rsa_counted: int
    rsa_target: int | None
    to_confirm: int
    waiting: int
    """Candidates proposed by prescribers, not yet accepted or declined."""

    @property
    def rsa_words(self) -> str:
        counted = f"{french.count(self.rsa_counted, 'bénéficiaire')} du RSA"
        if self.rsa_target is None:
            return f"{counted} (aucun objectif fixé)"
        missing = self.rsa_target - self.rsa_counted
        if missing > 0:
            return f"{counted} sur un objectif de {self.rsa_target} : il en manque {missing}"
        return f"{counted} pour un objectif de {self.rsa_target} : objectif atteint"

    @property
    def rsa_short(self) -> bool:
        return self.rsa_target is not None and self.rsa_counted < self.rsa_target

    rule = RSA_RULE


def recruitment(rally: Rally, today: dt.date | None = None) -> Recruitment:
    day = today or dt.date.today()
    first = rally.sessions.order_by("date").values_list("date", flat=True).first()
    rows = list(rally.participants.filter(present=True).values_list("status_category", "status"))
    return Recruitment(
        recruiting=first is None or first > day,
        rsa_counted=rsa_count(rally),
        rsa_target=rally.rsa_target,
        to_confirm=sum(1 for category, words in rows if not category and words.strip()),
        waiting=Proposal.objects.filter(rally=rally, state=ProposalState.PROPOSED).count(),
    )
