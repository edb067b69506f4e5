"""Why no plan exists, when counting found no plain reason: the rules and data in conflict.

The routing model is rebuilt for feasibility only, with each relaxable rule behind a switch
(:class:`~rallye.engine.routing.Switches`): a company's availability, its capacity, its maximum
of visits, a session's lunch break, the minimum of visits per team, distinct sectors, the six
companies in all. Solved with every switch assumed on, an impossible model yields a set of
switches that cannot all hold (an infeasibility core); removing, one by one, those that are not
needed leaves a small set, which is said in an organiser's words, with what to change.
"""

from __future__ import annotations

import time

from ortools.sat.python import cp_model

from rallye.domain import charter, french
from rallye.domain.clock import hhmm
from rallye.domain.rally import Rally
from rallye.domain.travel import TravelTimes
from rallye.engine.results import Reason
from rallye.engine.routing import SWITCH_RULES, RoutingModel, SwitchKey


def explain_infeasibility(
    rally: Rally, travel: TravelTimes, *, time_limit: float = 10.0, seed: int = 0
) -> list[Reason]:
    """The rules and data in conflict, as one reason naming them; empty if none could be isolated
    in time."""
    deadline = time.monotonic() + time_limit
    routing = RoutingModel(rally, travel, len(rally.present_participants), explain=True)
    switches = routing.switches
    assert switches is not None
    core = _core(routing, list(switches.literals), deadline, seed)
    if not core:
        return []
    for key in list(core):
        if len(core) == 1 or time.monotonic() >= deadline:
            break
        smaller = _core(routing, [k for k in core if k != key], deadline, seed)
        if smaller:
            core = smaller
    return [_sentence(rally, core)]


def _core(routing: RoutingModel, keys: list[SwitchKey], deadline: float, seed: int) -> list[SwitchKey]:
    """A subset of ``keys`` that cannot all hold, or [] if they can (or time ran out)."""
    assert routing.switches is not None
    model = routing.model
    model.clear_assumptions()
    model.add_assumptions([routing.switches.literals[k] for k in keys])
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = seed
    solver.parameters.max_time_in_seconds = max(deadline - time.monotonic(), 0.1)
    if solver.solve(model) != cp_model.INFEASIBLE:
        return []
    found = {routing.switches.key_of(index) for index in solver.sufficient_assumptions_for_infeasibility()}
    return [k for k in keys if k in found] or keys


def _sentence(rally: Rally, core: list[SwitchKey]) -> Reason:
    rules = [_rule(rally, key) for key in core]
    levers = [lever for key in core if (lever := _lever(rally, key))]
    text = "Ces règles et données ne peuvent pas être respectées toutes ensemble : " + " ; ".join(rules) + "."
    if levers:
        text += " Pour qu'un planning existe, il faut par exemple " + ", ou ".join(levers) + "."
    return Reason(text, tuple(dict.fromkeys(SWITCH_RULES[kind] for kind, *_ in core)))


def _company(rally: Rally, company_id: str) -> str:
    company = rally.company(company_id)
    return f"{company.name} ({company.id})"


def _rule(rally: Rally, key: SwitchKey) -> str:
    kind, *subject = key
    if kind == "availability":
        company = rally.company(subject[0])
        windows = ", ".join(f"{french.day_short(w.date)} {hhmm(w.start)}-{hhmm(w.end)}" for w in company.availability)
        return f"les disponibilités de {_company(rally, company.id)} ({windows})"
    if kind == "lunch":
        session = rally.visit_sessions[int(subject[0])]
        assert session.lunch is not None
        return (
            f"la pause déjeuner du {french.day_month(session.date)} "
            f"({hhmm(session.lunch[0])}-{hhmm(session.lunch[1])}), sans visite"
        )
    if kind == "capacity":
        company = rally.company(subject[0])
        who = _company(rally, company.id)
        return f"la capacité de {who} ({company.capacity} personnes à la fois, accompagnateurs compris)"
    if kind == "max_visits":
        company = rally.company(subject[0])
        return f"le maximum de {french.count(company.max_visits or 0, 'visite')} chez {_company(rally, company.id)}"
    if kind == "min_visits":
        return f"au moins {rally.visits_per_team.min} visites par équipe, selon {charter.mention('K4')}"
    if kind == "sectors":
        return f"des entreprises de secteurs tous différents pour chaque équipe, selon {charter.mention('E1')}"
    if kind == "min_companies":
        return f"au moins {charter.MIN_COMPANIES} entreprises visitées en tout, selon {charter.mention('K5')}"
    raise ValueError(key)


def _lever(rally: Rally, key: SwitchKey) -> str | None:
    kind, *subject = key
    if kind == "availability":
        return f"élargir les disponibilités de {_company(rally, subject[0])}"
    if kind == "lunch":
        return "raccourcir la pause déjeuner"
    if kind == "capacity":
        return f"demander à {_company(rally, subject[0])} d'accueillir plus de personnes à la fois"
    if kind == "max_visits":
        return f"demander à {_company(rally, subject[0])} de recevoir plus de visites"
    if kind == "min_visits":
        return "baisser le nombre minimum de visites par équipe"
    if kind == "sectors":
        return "mobiliser une entreprise d'un autre secteur"
    return None
