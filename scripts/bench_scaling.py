"""How each command's time and peak memory grow with its input: 1x, 4x and 16x of a base size.

Workloads (each run as ``jtd-evidence ...`` in a child process of its own, so that one run's
memory does not count towards the next):

- ``parse, lines``: a pasted list of N references, one a line (``parse FILE``);
- ``parse, long line``: references joined into one line of N MB (a list whose line breaks were lost);
- ``add --dry-run``: a .bib of N entries added under a statement to an empty .bib;
- ``validate`` and ``lint``: a .bib of N entries.

Each row shows the wall-clock and CPU seconds of the command (from inside the child, interpreter
start-up excluded), its peak resident memory (Linux ``VmHWM``), and the growth of CPU time and of
memory over the size before it. A linear command costs about 4x per 4x step; a quadratic one 16x.
Sizes after one that took longer than ``--max-seconds`` are skipped.

The default sizes are small (a minute or two in all); ``--full`` runs the sizes of issue 10:
.bib files up to 50,000 entries and pasted lists up to about 10 MB. Inputs are generated,
deterministic, from ``scripts/synthetic_references.py``'s names and words.

Usage: python scripts/bench_scaling.py [--full] [--only NAME] [--max-seconds 120]
"""

from __future__ import annotations

import argparse
import json
import os
import random
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
    start, cpu_start = time.perf_counter(), time.process_time()
    status = main(argv)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    Path(report).write_text(json.dumps({"wall": wall, "cpu": cpu, "kib": _peak_kib(), "status": status}))
    return 0


def _pasted_lines(count: int) -> str:
    return "".join(item.text + "\n" for item in generate(count, seed=7))


def _bib(count: int) -> str:
    """``count`` BibTeX entries of several types, one to three authors each, unique keys."""
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
}


def _run(argv: list[str], scratch: Path) -> dict[str, float | int | None]:
    report = scratch / "report.json"
    report.unlink(missing_ok=True)
    subprocess.run([sys.executable, __file__, "--child", str(report), "--", *argv], check=True)
    result: dict[str, float | int | None] = json.loads(report.read_text())
    return result


def _ratio(now: float | None, before: float | None) -> str:
    return f"{now / before:.1f}" if now and before else "-"


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

    print(
        f"{'workload':<17} {'size':>14} {'wall s':>8} {'cpu s':>8} {'x cpu':>6} {'peak MB':>8} {'x mem':>6} {'exit':>4}"
    )
    with tempfile.TemporaryDirectory(prefix="bench-scaling-") as folder:
        scratch = Path(folder)
        for name, work in WORKLOADS.items():
            if args.only and name not in args.only:
                continue
            last: dict[str, float | int | None] = {}
            for step in range(3):
                size = (work.full if args.full else work.base) * 4**step
                label = f"{size:,g} {work.unit}"
                if (last.get("wall") or 0) > args.max_seconds:
                    print(f"{name:<17} {label:>14} {'skipped':>8}", flush=True)
                    continue
                path = scratch / ("input.bib" if work.unit == "entries" else "input.txt")
                path.write_text(work.make(size), encoding="utf-8")
                now = _run(work.command(path, scratch), scratch)
                kib = now["kib"]
                peak = f"{kib / 1024:.0f}" if kib else "?"
                print(
                    f"{name:<17} {label:>14} {now['wall']:>8.2f} {now['cpu']:>8.2f} "
                    f"{_ratio(now['cpu'], last.get('cpu')):>6} {peak:>8} "
                    f"{_ratio(kib, last.get('kib')):>6} {now['status']:>4}",
                    flush=True,
                )
                last = now
    return 0


if __name__ == "__main__":
    sys.exit(main())
