"""Shared pieces of the benchmark reports: Markdown tables, stage cells, the machine and the code
measured, the load of the machine, appending a section to a file."""

from __future__ import annotations

import importlib.metadata
import os
import platform
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rallye.engine.params import Progress

ROOT = Path(__file__).resolve().parent.parent
STAGES = ("coverage", "longest_day", "days_travel", "mixity")
"""Stage columns, in the solver's order; other stages (re-planning, …) get columns after them."""
FIRST_PLAN_EVENT = "first_plan"
TERM_NAMES = {
    "unvisited_companies": "unvisited",
    "longest_day_minutes": "longest day",
    "team_size_spread": "spread",
    "total_day_minutes": "days",
    "travel_minutes": "travel",
    "non_hiring_visits": "non-hiring",
    "moved_people": "moved",
    "visit_changes": "visit changes",
    "shifted_minutes": "shifted min",
}


# -- measuring -----------------------------------------------------------------------------


def first_plan_seconds(events: Sequence[Progress]) -> float | None:
    """When the first complete plan was found: the ``first_plan`` event of a rally planned by
    parts, otherwise the first progress event (the first solution of the first stage)."""
    marked = [event.elapsed for event in events if event.stage == FIRST_PLAN_EVENT]
    if marked:
        return marked[0]
    return events[0].elapsed if events else None


def load_average() -> float | None:
    """The machine's 1-minute load average (other work sharing the cores)."""
    try:
        return os.getloadavg()[0]
    except OSError:
        return None


def command_output(command: Sequence[str]) -> str | None:
    try:
        completed = subprocess.run(command, capture_output=True, text=True, check=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return completed.stdout.strip()


def utc_date() -> str:
    return command_output(["date", "-u"]) or time.strftime("%a %b %d %H:%M:%S UTC %Y", time.gmtime())


# -- cells ---------------------------------------------------------------------------------


def seconds(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def yes_no(value: bool | None) -> str:
    return "–" if value is None else ("yes" if value else "**NO**")


def ratio(value: float | None, reference: float | None) -> str:
    return "–" if value is None or not reference else f"{value / reference:.2f}"


def rules_cell(hard_ok: bool | None, failed: Sequence[str]) -> str:
    """``yes``, or ``**NO** (H3)``; failed charter rules (K1…) in brackets after ``yes``."""
    hard = [code for code in failed if code.startswith("H")]
    charter = [code for code in failed if not code.startswith("H")]
    cell = yes_no(hard_ok) + (f" ({', '.join(hard)})" if hard else "")
    return cell + (f"; charter: {', '.join(charter)}" if charter else "")


def stage_base(name: str) -> tuple[str, str]:
    """``("days_travel", "partie 1/3")`` from ``"days_travel (partie 1/3)"``."""
    base, _, label = name.partition(" (")
    return base, label.rstrip(")")


def terms_text(terms: dict[str, Any]) -> str:
    return "(" + ", ".join(f"{TERM_NAMES.get(name, name)} {term}" for name, term in terms.items()) + ")"


def stage_cell(stage: dict[str, Any], bound_terms: dict[str, int] | None = None) -> str:
    """One stage report: status and objective; when not proven, the bound and the gap; seconds.

    ``bound_terms``: the stage's bound decoded into its terms (see ``benchmarks.lexgap``), to
    show the first term where the bound is below the plan, with its gap in the term's units."""
    status = str(stage.get("status", "?"))
    base, label = stage_base(str(stage.get("stage", "?")))
    prefix = f"{label}: " if label else ""
    timing = f" · {float(stage.get('seconds', 0.0)):.1f} s" if base != "mixity" else ""
    if status not in ("optimal", "feasible"):
        return f"{prefix}{status}{timing}"
    objective, bound = int(stage["objective"]), int(stage["bound"])
    terms: dict[str, Any] = dict(stage.get("terms") or {})
    value = terms_text(terms) if len(terms) > 1 else str(objective)
    if status == "optimal":
        return f"{prefix}opt {value}{timing}"
    relative = f"{100 * (objective - bound) / abs(objective):.1f} %" if objective else "–"
    if len(terms) > 1:  # a lexicographic sum: its relative gap, and the first term it bounds
        text = f"{prefix}feas {value}, gap {relative}"
        if bound_terms is not None:
            text += ", " + term_gap_text(terms, bound_terms)
        return text + timing
    return f"{prefix}feas {value}, bound {bound}, gap {objective - bound} ({relative}){timing}"


def term_gap_text(terms: dict[str, Any], bound_terms: dict[str, int]) -> str:
    """``days ≥ 2230 (gap 17.4 %)``: the first term where the decoded bound is below the plan."""
    for name, value in terms.items():
        low = bound_terms.get(name)
        if low is not None and low < int(value):
            relative = f"{100 * (int(value) - low) / int(value):.1f} %"
            return f"{TERM_NAMES.get(name, name)} ≥ {low} (gap {relative})"
    return "bound = plan on every term"


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines.extend("| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows)
    return lines


# -- the machine and the code --------------------------------------------------------------


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.partition(":")[2].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def machine_lines() -> list[str]:
    cores = command_output(["nproc"]) or str(len(os.sched_getaffinity(0)))
    try:
        ortools = importlib.metadata.version("ortools")
    except importlib.metadata.PackageNotFoundError:
        ortools = "unknown"
    return [
        f"- Machine: {cores} cores (`nproc`), {cpu_model()}",
        f"- Python {platform.python_version()}, OR-Tools {ortools}, {platform.system()} {platform.release()}",
    ]


def code_line() -> str:
    """The commit measured, whether ``src/`` differs from it (others may be editing it), and which
    other files of the tree do."""
    commit = command_output(["git", "-C", str(ROOT), "log", "-1", "--format=%h %s"])
    if commit is None:
        return "- Code: not a git checkout"
    status = command_output(["git", "-C", str(ROOT), "status", "--porcelain"]) or ""
    paths = [line.split(maxsplit=1)[1] for line in status.splitlines() if len(line.split(maxsplit=1)) == 2]
    in_src = [path for path in paths if path.startswith("src/")]
    others = [path for path in paths if not path.startswith("src/")]
    state = f"uncommitted changes under src/: {len(in_src)} files" if in_src else "src/ clean"
    if others:
        shown = ", ".join(others[:6]) + (", …" if len(others) > 6 else "")
        state += f"; other uncommitted files: {shown}"
    else:
        state += "; rest of the tree clean"
    return f"- Code: commit {commit} ({state})"


def header_lines(title: str, command: str, date: str) -> list[str]:
    return [f"## {title}", "", "```sh", command, "```", "", f"- Date: {date}", code_line(), *machine_lines(), ""]


def append_section(out: Path, lines: Sequence[str]) -> None:
    """Append ``lines`` to ``out``, separated from what it holds by one blank line."""
    out.parent.mkdir(parents=True, exist_ok=True)
    previous = out.read_text(encoding="utf-8") if out.exists() else ""
    separator = "" if not previous or previous.endswith("\n\n") else ("\n" if previous.endswith("\n") else "\n\n")
    out.write_text(previous + separator + "\n".join(lines) + "\n", encoding="utf-8")
