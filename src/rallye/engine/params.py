"""Solver parameters, validated once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Progress:
    """One progress event of a running solve (shown in the terminal, sent to the web app)."""

    stage: str
    """Which objective is being improved (see ``rallye.engine.stages``; French names in ``rallye.wording``)."""
    objective: float
    bound: float
    elapsed: float
    terms: dict[str, int] = field(default_factory=dict)
    """The objective's named terms (French names in ``rallye.wording.TERM_LABELS``) in this solution."""

    @property
    def gap(self) -> float:
        """Relative distance between the best solution and the proven bound (0 = optimal)."""
        return (self.objective - self.bound) / abs(self.objective) if self.objective else 0.0


ProgressCallback = Callable[[Progress], None]


@dataclass(frozen=True)
class SolveParams:
    time_limit: float = 60.0
    """Seconds for the whole solve (deterministic-time units when ``workers == 1``)."""
    seed: int = 0
    workers: int = 2
    """Search workers (one per core). With one worker the solve is deterministic: the time limit
    then counts CP-SAT's deterministic time, so the same seed always gives the same plan."""
    on_progress: ProgressCallback | None = None

    def __post_init__(self) -> None:
        if self.time_limit <= 0:
            raise ValueError("time_limit must be positive")
        if self.workers < 1:
            raise ValueError("workers must be at least 1")

    @property
    def deterministic(self) -> bool:
        return self.workers == 1
