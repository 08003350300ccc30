"""How each command's time and peak memory grow with its input: 1x, 4x and 16x of a base size.

Workloads (each run as ``jtd-evidence ...`` in a child process of its own, so that one run's
memory does not count towards the next):

- ``parse, lines``: a pasted list of N references, one a line (``parse FILE``);
- ``parse, long line``: references joined into one line of N MB (a list whose line breaks were lost);
- ``add --dry-run``: a .bib of N entries added under a statement to an empty .bib;
- ``validate`` and ``lint``: a .bib of N entries;
- ``reading-list``: every reading list (all works, each principle and statement) of a .bib of N
  entries tagged with statements, in one style, as Markdown and HTML, without the render cache.

Each row shows the wall-clock and CPU seconds of the command (from inside the child, interpreter
start-up excluded; CPU includes the worker processes ``parse`` reads long lists on), its peak
resident memory (Linux ``VmHWM``; ``workers MB``: the largest worker's), and the growth of CPU
time and of memory over the size before it. A linear command costs about 4x per 4x step; a
quadratic one 16x. Sizes after one that took longer than ``--max-seconds`` are skipped. The
machine's load average is printed before and after: CPU seconds grow on a loaded machine too.

The table ends with one line per target of issue 10 (each 4x step at most about 5x CPU; peak
memory under 1 GB; with ``--full``: 50,000 entries validated in under 10 s, a 10 MB pasted list
parsed in under 60 s, both wall-clock: what a person waits, ``parse`` reading on every core;
measure them on an idle machine), saying met, NOT MET, or not measured.

The default sizes are small (a minute or two in all); ``--full`` runs the sizes of issue 10:
.bib files up to 50,000 entries and pasted lists up to about 10 MB. Inputs are generated,
deterministic, from ``scripts/synthetic_references.py``'s names and words.

Usage: python scripts/bench_scaling.py [--full] [--only NAME] [--max-seconds 120]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic_references import FAMILIES, JOURNALS, PUBLISHERS, TITLE_WORDS, generate, long_line

STATEMENT = "WC2"  # a statement of the shipped evidence base, for add
STATEMENTS = [f"{group}{n}" for group in ("BB", "LC", "WC") for n in range(1, 5)]


def _peak_kib() -> int | None:
    """This process's peak resident memory in KiB (Linux), or None elsewhere."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return None
    line = next((row for row in status.splitlines() if row.startswith("VmHWM:")), None)
    return int(line.split()[1]) if line else None


def _child(report: str, argv: list[str]) -> int:
    """Run the command line ``argv`` here, its output discarded; write seconds, memory and status."""
    from jtd_evidence.cli import main

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    start, cpu_start = time.perf_counter(), _cpu_seconds()
    status = main(argv)
    wall, cpu = time.perf_counter() - start, _cpu_seconds() - cpu_start
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux
    Path(report).write_text(
        json.dumps({"wall": wall, "cpu": cpu, "kib": _peak_kib(), "workers": workers, "status": status})
    )
    return 0


def _cpu_seconds() -> float:
    """CPU seconds of this process and of its worker processes that have ended."""
    own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def _pasted_lines(count: int) -> str:
    return "".join(item.text + "\n" for item in generate(count, seed=7))


def _bib(count: int, statements: bool = False) -> str:
    """``count`` BibTeX entries of several types, one to three authors each, unique keys; with
    ``statements``, each tagged with one or two statements of the framework."""
    rng = random.Random(3)
    out = []
    for n in range(count):
        people = " and ".join(
            f"{rng.choice(FAMILIES)}, {rng.choice('ABCDEFGHJKLMNPRST')}." for _ in range(rng.randint(1, 3))
        )
        title = " ".join(rng.choice(TITLE_WORDS) for _ in range(rng.randint(3, 9))).capitalize()
        year = 1990 + n % 35
        if n % 3:
            kind = "article"
            rest = (
                f"  journal = {{{rng.choice(JOURNALS)}}},\n  volume = {{{n % 60 + 1}}},\n"
                f"  pages = {{{n % 300 + 1}--{n % 300 + 15}}},\n  doi = {{10.5555/bench.{n}}},\n"
            )
        else:
            kind = "book"
            rest = f"  publisher = {{{rng.choice(PUBLISHERS)}}},\n  url = {{https://example.org/w/{n}}},\n"
        if statements:
            rest += (
                f"  jtd-statements = {{{', '.join(sorted(rng.sample(STATEMENTS, rng.randint(1, 2))))}}},\n"
            )
        out.append(
            f"@{kind}{{bench{n},\n  author = {{{people}}},\n  title = {{{title} {n}}},\n"
            f"  year = {{{year}}},\n{rest}}}\n\n"
        )
    return "".join(out)


@dataclass(frozen=True)
class Workload:
    unit: str
    base: float  # the default 1x size
    full: float  # the 1x size with --full
    make: Callable[[float], str]
    command: Callable[[Path, Path], list[str]]  # (input, scratch folder) -> argv


WORKLOADS: dict[str, Workload] = {
    "parse, lines": Workload(
        "lines", 500, 4000, lambda n: _pasted_lines(int(n)), lambda path, _: ["parse", str(path)]
    ),
    "parse, long line": Workload("MB", 1 / 32, 5 / 8, long_line, lambda path, _: ["parse", str(path)]),
    "add --dry-run": Workload(
        "entries",
        250,
        3125,
        lambda n: _bib(int(n)),
        lambda path, scratch: [
            "add",
            "--statement",
            STATEMENT,
            "--bib",
            str(scratch / "target.bib"),
            "--dry-run",
            str(path),
        ],
    ),
    "validate": Workload(
        "entries", 250, 3125, lambda n: _bib(int(n)), lambda path, _: ["validate", str(path)]
    ),
    "lint": Workload("entries", 250, 3125, lambda n: _bib(int(n)), lambda path, _: ["lint", str(path)]),
    "reading-list": Workload(
        "entries",
        100,
        625,
        lambda n: _bib(int(n), statements=True),
        lambda path, scratch: [
            "reading-list",
            "--bib",
            str(path),
            "-o",
            str(scratch / "lists"),
            "--style",
            "harvard",
            "--format",
            "md",
            "--format",
            "html",
            "--no-cache",
            "-q",
        ],
    ),
}


def _run(argv: list[str], scratch: Path) -> dict[str, float | int | None]:
    report = scratch / "report.json"
    report.unlink(missing_ok=True)
    subprocess.run([sys.executable, __file__, "--child", str(report), "--", *argv], check=True)
    result: dict[str, float | int | None] = json.loads(report.read_text())
    return result


def _ratio(now: float | None, before: float | None) -> str:
    return f"{now / before:.1f}" if now and before else "-"


@dataclass
class Row:
    """One workload at one size: what was measured, or None when it was skipped."""

    name: str
    step: int  # 0, 1, 2: 1x, 4x, 16x
    size: float
    result: dict[str, float | int | None] | None

    def peak_mb(self) -> float | None:
        """Peak memory of the command and its workers together (each worker counted at the largest
        one's peak, as many as the cores it may use: an upper bound)."""
        if self.result is None or not self.result.get("kib"):
            return None
        workers = int(self.result.get("workers") or 0)
        jobs = len(os.sched_getaffinity(0)) if workers and hasattr(os, "sched_getaffinity") else 0
        return (int(self.result["kib"] or 0) + jobs * workers) / 1024


def _print_row(row: Row, last: Row | None, unit: str) -> None:
    label = f"{row.size:,g} {unit}"
    now = row.result
    if now is None:
        print(f"{row.name:<17} {label:>14} {'skipped':>8}", flush=True)
        return
    before: dict[str, float | int | None] = (last.result if last else None) or {}
    kib, workers = now["kib"], now.get("workers") or 0
    peak = f"{kib / 1024:.0f}" if kib else "?"
    print(
        f"{row.name:<17} {label:>14} {now['wall']:>8.2f} {now['cpu']:>8.2f} "
        f"{_ratio(now['cpu'], before.get('cpu')):>6} {peak:>8} "
        f"{(f'{workers / 1024:.0f}' if workers else '-'):>7} "
        f"{_ratio(kib, before.get('kib')):>6} {now['status']:>4}",
        flush=True,
    )


def _verdict(ok: bool | None) -> str:
    return "not measured" if ok is None else ("met" if ok else "NOT MET")


def _targets(rows: list[Row], full: bool) -> list[str]:
    """One line per target of issue 10, for the workloads that were run."""
    lines = []
    by_name: dict[str, list[Row]] = {}
    for row in rows:
        by_name.setdefault(row.name, []).append(row)
    for name, runs in by_name.items():
        cpus = [r.result["cpu"] if r.result else None for r in runs]
        ratios = [now / before for before, now in itertools.pairwise(cpus) if now and before]
        worst = max(ratios, default=None)
        ok = None if len(ratios) < len(runs) - 1 or worst is None else worst <= 5.0
        shown = f"worst step {worst:.1f}x" if worst else "no step measured"
        lines.append(f"target {name}: each 4x step at most 5x CPU: {_verdict(ok)} ({shown})")
    peaks = [(peak, row) for row in rows if (peak := row.peak_mb()) is not None]
    if peaks:
        top, biggest = max(peaks, key=lambda pair: pair[0])
        lines.append(
            f"target peak memory under 1 GB everywhere: {_verdict(top < 1024)} "
            f"(largest {top:.0f} MB: {biggest.name}, {biggest.size:,g})"
        )
    if full:
        for name, size, limit, what in (
            ("validate", 50_000, 10.0, "50,000 entries validated"),
            ("parse, lines", 64_000, 60.0, "a 10 MB pasted list (64,000 lines) parsed"),
            ("parse, long line", 10, 60.0, "a 10 MB pasted list on one line parsed"),
        ):
            found = next((r for r in rows if r.name == name and r.size == size), None)
            if found is None:
                continue
            wall = found.result["wall"] if found.result else None
            cpu = found.result["cpu"] if found.result else None
            ok = None if wall is None else float(wall) < limit  # what the person waits (on all cores)
            shown = (
                f"{wall:.1f} s wall, {cpu:.1f} s CPU" if wall is not None and cpu is not None else "skipped"
            )
            lines.append(f"target {what} in under {limit:.0f} s: {_verdict(ok)} ({shown})")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--full", action="store_true", help="the sizes of issue 10 (takes minutes)")
    parser.add_argument("--only", choices=list(WORKLOADS), action="append", help="run only this workload")
    parser.add_argument(
        "--max-seconds", type=float, default=120.0, help="skip larger sizes once one takes longer"
    )
    parser.add_argument("--child", metavar="REPORT", help=argparse.SUPPRESS)
    args, rest = parser.parse_known_args(argv)
    if args.child:
        return _child(args.child, [a for a in rest if a != "--"])
    if rest:
        parser.error(f"unrecognized arguments: {' '.join(rest)}")

    print(f"load average {_load()}")
    print(
        f"{'workload':<17} {'size':>14} {'wall s':>8} {'cpu s':>8} {'x cpu':>6} {'peak MB':>8} "
        f"{'workers':>7} {'x mem':>6} {'exit':>4}"
    )
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="bench-scaling-") as folder:
        scratch = Path(folder)
        for name, work in WORKLOADS.items():
            if args.only and name not in args.only:
                continue
            last: Row | None = None
            for step in range(3):
                size = (work.full if args.full else work.base) * 4**step
                result = None
                if not (last and (last.result is None or float(last.result["wall"] or 0) > args.max_seconds)):
                    path = scratch / ("input.bib" if work.unit == "entries" else "input.txt")
                    path.write_text(work.make(size), encoding="utf-8")
                    result = _run(work.command(path, scratch), scratch)
                row = Row(name, step, size, result)
                _print_row(row, last, work.unit)
                rows.append(row)
                last = row
    print(f"load average {_load()}")
    for line in _targets(rows, args.full):
        print(line)
    return 0


def _load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


if __name__ == "__main__":
    sys.exit(main())
