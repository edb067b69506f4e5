"""Documents benchmark: every document of a 30-participant rally in under 15 s on 2 cores.

The rally is ``STANDARD`` seed 0 of ``benchmarks.generator`` (30 participants), planned by
``solve`` (20 s). The script times each kind alone in this process (``render``, one PDF), then
the whole of ``write_documents`` (all kinds and the archive) with one process and with the
pool of two that ``rallye documents`` uses: the last figure is the one the target is about.

    uv run python -m benchmarks.documents_bench [--seed N] [--out docs/benchmarks.md]
"""

from __future__ import annotations

import argparse
import shlex
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from benchmarks.generator import STANDARD, generate_rally
from benchmarks.report import append_section, header_lines, load_average, table, utc_date
from rallye.documents import KINDS, render, write_documents
from rallye.engine.params import SolveParams
from rallye.engine.solve import solve

TARGET_SECONDS = 15.0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.documents_bench", description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0, help="seed of the STANDARD rally (0: 30 participants)")
    parser.add_argument("--out", type=Path, help="append the results to this Markdown file")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    rally = generate_rally(STANDARD, args.seed)
    plan = solve(rally, SolveParams(time_limit=20)).plan
    people = sum(len(t.members) for t in plan.teams)
    print(
        f"STANDARD seed {args.seed}: {people} participants, {len(rally.companies)} companies, {len(plan.teams)} teams"
    )
    render("funder", rally, plan)  # warm-up: imports WeasyPrint and loads the fonts once

    rows = []
    for kind in KINDS:
        started = time.perf_counter()
        pdf = render(kind, rally, plan)
        elapsed = time.perf_counter() - started
        rows.append([kind, KINDS[kind].file, f"{len(pdf) // 1024} KiB", f"{elapsed:.2f}"])
        print(f"  {kind:<12} {elapsed:6.2f} s")
    totals = {}
    for workers in (1, 2):
        with tempfile.TemporaryDirectory() as folder:
            started = time.perf_counter()
            write_documents(rally, plan, Path(folder), workers=workers)
            totals[workers] = time.perf_counter() - started
        print(f"write_documents, {workers} process{'es' if workers > 1 else ''}: {totals[workers]:.2f} s")
    ok = totals[2] < TARGET_SECONDS
    print("target met" if ok else f"TARGET MISSED: {totals[2]:.2f} s >= {TARGET_SECONDS:g} s")

    if args.out is not None:
        command = "uv run python -m benchmarks.documents_bench " + shlex.join(sys.argv[1:])
        load = load_average()
        section = [
            *header_lines("Documents", command.strip(), utc_date()),
            f"Rally: `STANDARD` seed {args.seed} ({people} participants, {len(rally.companies)} companies, "
            f"{len(plan.teams)} teams), planned by `solve` (20 s). Load average before the run: "
            f"{'–' if load is None else f'{load:.2f}'}.",
            "",
            "Each kind rendered alone, in one process (after a warm-up that imports WeasyPrint):",
            "",
            *table(["kind", "file", "size", "seconds"], rows),
            "",
            f"- `write_documents`, all kinds and `documents.zip`, 1 process: {totals[1]:.2f} s",
            f"- `write_documents`, pool of 2 spawned processes (as `rallye documents`): **{totals[2]:.2f} s** "
            f"(target: under {TARGET_SECONDS:g} s: {'met' if ok else 'missed'})",
        ]
        append_section(args.out, section)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
