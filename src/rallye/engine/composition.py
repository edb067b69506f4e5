"""Who goes in which team: mixed teams whose composition mirrors the whole group (charter P2).

Team sizes come from the routing model; here each participant is assigned to one team so that,
for every attribute of ``rallye.domain.mixity`` (gender, age band, diploma, background), each
team's counts stay as close as possible to ``team size × group share``. Deviations are counted
in integers, scaled by the group size ``N``: ``|N × count − N_c × size|``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model

from rallye.domain.mixity import ATTRIBUTES
from rallye.domain.rally import Participant


@dataclass(frozen=True)
class Composition:
    members: tuple[tuple[str, ...], ...]
    """Participant ids of each team, in the order of the sizes given."""
    objective: int
    bound: int
    optimal: bool


def compose_teams(
    participants: Sequence[Participant],
    sizes: Sequence[int],
    year: int,
    *,
    time_limit: float,
    seed: int,
    workers: int,
    deterministic: bool,
    keep: Sequence[Sequence[str]] | None = None,
    locked: Sequence[bool] | None = None,
) -> Composition:
    """Assign participants to teams of the given sizes. When re-planning, ``keep`` holds each
    team's previous members: as many as possible stay (the sizes were chosen for that), and a
    ``locked`` team keeps exactly its present members."""
    if sum(sizes) != len(participants):
        raise ValueError("team sizes must add up to the number of participants")
    m = cp_model.CpModel()
    teams = range(len(sizes))
    x = {(p.id, k): m.new_bool_var(f"x[{p.id},{k}]") for p in participants for k in teams}
    for p in participants:
        m.add_exactly_one(x[p.id, k] for k in teams)
    for k in teams:
        m.add(sum(x[p.id, k] for p in participants) == sizes[k])
    present = {p.id for p in participants}
    for k, previous in enumerate(keep or ()):
        staying = [pid for pid in previous if pid in present]
        if locked is not None and locked[k]:
            for pid in staying:
                m.add(x[pid, k] == 1)
        elif staying:
            m.add(sum(x[pid, k] for pid in staying) >= min(len(staying), sizes[k]))

    group = len(participants)
    deviations: list[cp_model.IntVar] = []
    for attribute in ATTRIBUTES:
        by_category: dict[str, list[str]] = {}
        for p in participants:
            by_category.setdefault(attribute.category(p, year), []).append(p.id)
        if len(by_category) < 2:
            continue
        for category, ids in by_category.items():
            for k in teams:
                target = len(ids) * sizes[k]
                deviation = m.new_int_var(0, group * sizes[k], f"dev[{attribute.key},{category},{k}]")
                count = sum(x[pid, k] for pid in ids)
                m.add(deviation >= group * count - target)
                m.add(deviation >= target - group * count)
                deviations.append(deviation)
    m.minimize(sum(deviations))

    if keep is None:
        # A first assignment in order, so that the solver starts from a complete answer.
        order = iter(participants)
        for k in teams:
            for _ in range(sizes[k]):
                p = next(order)
                for other in teams:
                    m.add_hint(x[p.id, other], other == k)

    solver = cp_model.CpSolver()
    solver.parameters.random_seed = seed
    solver.parameters.num_workers = workers
    if deterministic:
        solver.parameters.max_deterministic_time = time_limit
    else:
        solver.parameters.max_time_in_seconds = time_limit
    status = solver.solve(m)
    if status == cp_model.UNKNOWN:  # out of time before any answer: people in order, kept ones kept
        return Composition(_in_order(participants, sizes, keep), 0, 0, optimal=False)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise RuntimeError(f"team composition failed: {solver.status_name(status)}")
    members = tuple(tuple(p.id for p in participants if solver.boolean_value(x[p.id, k])) for k in teams)
    return Composition(
        members,
        int(solver.objective_value),
        int(solver.best_objective_bound),
        status == cp_model.OPTIMAL,
    )


def _in_order(
    participants: Sequence[Participant], sizes: Sequence[int], keep: Sequence[Sequence[str]] | None
) -> tuple[tuple[str, ...], ...]:
    """A valid assignment without search: each team keeps its previous members first, then the
    others fill the free places in the order of the list."""
    teams: list[list[str]] = [[] for _ in sizes]
    placed: set[str] = set()
    present = {p.id for p in participants}
    for k, previous in enumerate(keep or ()):
        for pid in previous:
            if pid in present and pid not in placed and len(teams[k]) < sizes[k]:
                teams[k].append(pid)
                placed.add(pid)
    free = (p.id for p in participants if p.id not in placed)
    for k, size in enumerate(sizes):
        while len(teams[k]) < size:
            teams[k].append(next(free))
    return tuple(tuple(team) for team in teams)
