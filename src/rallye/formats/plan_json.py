"""Plan files (format ``rallye-plan/1``): read with every problem reported, and write."""

from __future__ import annotations

import json
from typing import Any

from rallye.domain.clock import hhmm
from rallye.domain.plan import Plan, PlanStatus, Team, Visit
from rallye.formats.json_text import parse_json
from rallye.formats.problems import InvalidInput, Path, Problem, json_locator
from rallye.formats.rally_input import RallyValidator, shown

FORMAT = "rallye-plan/1"


def plan_to_content(plan: Plan) -> dict[str, Any]:
    content: dict[str, Any] = {
        "format": FORMAT,
        "rally": plan.rally,
        "status": plan.status.value,
        "teams": [
            {
                "id": team.id,
                "name": team.name,
                "vehicle": team.vehicle,
                "members": list(team.members),
                "visits": [
                    {
                        "company": v.company,
                        "date": v.date.isoformat(),
                        "start": hhmm(v.start),
                        "end": hhmm(v.end),
                        **({"locked": True} if v.locked else {}),
                    }
                    for v in sorted(team.visits, key=lambda v: (v.date, v.start))
                ],
                **({"locked": True} if team.locked else {}),
            }
            for team in plan.teams
        ],
        "absent": list(plan.absent),
        "metrics": plan.metrics,
        "solver": plan.solver,
    }
    if plan.changes is not None:
        content["changes"] = plan.changes
    return content


def dump_plan(plan: Plan) -> str:
    return json.dumps(plan_to_content(plan), ensure_ascii=False, indent=2) + "\n"


def parse_plan_json(text: str, file_name: str = "plan.json") -> Plan:
    return plan_from_content(parse_json(text, file_name), file_name)


def plan_from_content(content: Any, file_name: str = "plan.json") -> Plan:
    v = RallyValidator(json_locator(file_name))
    if not isinstance(content, dict):
        raise InvalidInput([Problem(file_name, "le fichier doit contenir un objet JSON ({…})")])
    if content.get("format") != FORMAT:
        v.problem(("format",), f"{shown(content.get('format'))} n'est pas un format connu (attendu : {FORMAT})")
    status_text = content.get("status", PlanStatus.FEASIBLE.value)
    status = PlanStatus.FEASIBLE
    if status_text in {s.value for s in PlanStatus}:
        status = PlanStatus(status_text)
    else:
        v.problem(("status",), f"{shown(status_text)} n'est pas un statut (attendu : optimal ou feasible)")
    teams = v.each(content, (), "teams", lambda raw, path: _team(v, raw, path), required=True)
    absent = [str(p) for p in v.items(content, (), "absent", required=False)]
    metrics = content.get("metrics") if isinstance(content.get("metrics"), dict) else {}
    solver = content.get("solver") if isinstance(content.get("solver"), dict) else {}
    if v.problems:
        raise InvalidInput(v.problems)
    return Plan(
        rally=str(content.get("rally", "")),
        teams=tuple(teams),
        status=status,
        absent=tuple(absent),
        metrics=dict(metrics or {}),
        solver=dict(solver or {}),
        changes=content.get("changes") if isinstance(content.get("changes"), dict) else None,
    )


def _team(v: RallyValidator, raw: dict[str, Any], path: Path) -> Team | None:
    before = len(v.problems)
    ident = v.text(raw, path, "id", what="un identifiant d'équipe")
    name = v.text(raw, path, "name", required=False) or ident or ""
    vehicle = v.text(raw, path, "vehicle", what="l'identifiant du véhicule") or ""
    members = [str(m) for m in v.items(raw, path, "members", required=True)]
    visits = v.each(raw, path, "visits", lambda r, p: _visit(v, r, p), required=True)
    locked = v.boolean(raw, path, "locked", default=False)
    if len(v.problems) > before or ident is None:
        return None
    return Team(ident, name, vehicle, tuple(members), tuple(visits), bool(locked))


def _visit(v: RallyValidator, raw: dict[str, Any], path: Path) -> Visit | None:
    before = len(v.problems)
    company = v.text(raw, path, "company", what="l'identifiant de l'entreprise")
    day, start, end = v.window(raw, path)
    locked = v.boolean(raw, path, "locked", default=False)
    if len(v.problems) > before or company is None or day is None or start is None or end is None:
        return None
    return Visit(company, day, start, end, bool(locked))
