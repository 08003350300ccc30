"""How the evidence-list reader's time grows with its input: a table of sizes x seconds.

Four shapes of input, each at 1x, 2x, 4x, 8x ... its base size:

- ``lines, document``: a document (no statement given, as ``add`` first reads it) of N non-blank
  lines with no blank line between them: references and the odd sentence of prose;
- ``lines, pasted``: the same lines read as a pasted list (``parse FILE``);
- ``lines, headed``: the same lines under a principle and a statement heading;
- ``one long line``: references joined into a single line of the given size (``parse`` on a
  list whose line breaks were lost).

A linear reader costs about 2x time per 2x input; a quadratic one 4x. Both the wall-clock time and
the process's CPU time are shown (the growth is worked out on CPU time, which other work on a shared
machine does not inflate). A size is skipped once the one before it took longer than ``--max-seconds``. The references come from
``scripts/synthetic_references.py`` (deterministic).

Usage: python scripts/bench_parse_scaling.py [--steps 4] [--lines 2000] [--mb 0.25] [--max-seconds 30]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from jtd_evidence.parsing.evidence_list import ParseResult, parse_evidence_list
from synthetic_references import generate, long_line

PROSE = "This paragraph explains how the works below were chosen by the group that met in 2019."
HEADINGS = "Bridging Boundaries\nNon-traditional partners share power\n"


def _lines(count: int) -> str:
    references = (item.text for item in generate(count, seed=7))
    return "\n".join(PROSE if n % 7 == 3 else next(references) for n in range(count)) + "\n"


SHAPES: dict[str, tuple[str, Callable[[float], str], Callable[[str], ParseResult]]] = {
    "lines, document": ("lines", lambda n: _lines(int(n)), parse_evidence_list),
    "lines, pasted": (
        "lines",
        lambda n: _lines(int(n)),
        lambda t: parse_evidence_list(t, keep_unassigned=True),
    ),
    "lines, headed": ("lines", lambda n: HEADINGS + _lines(int(n)), parse_evidence_list),
    "one long line": ("MB", long_line, lambda t: parse_evidence_list(t, keep_unassigned=True)),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--steps", type=int, default=4, help="sizes per shape, each twice the last (default 4)"
    )
    parser.add_argument("--lines", type=int, default=2000, help="base size of the line shapes (default 2000)")
    parser.add_argument(
        "--mb", type=float, default=0.25, help="base size of the long line, MB (default 0.25)"
    )
    parser.add_argument(
        "--max-seconds", type=float, default=30.0, help="skip larger sizes once one takes longer (default 30)"
    )
    parser.add_argument("--only", choices=list(SHAPES), action="append", help="run only this shape")
    args = parser.parse_args(argv)

    parse_evidence_list("Smith, J. (2020). *Warm up*. Press.\n", keep_unassigned=True)
    print(f"{'shape':<17} {'size':>11} {'wall s':>8} {'cpu s':>8} {'x last':>7}  entries")
    for name, (unit, make, run) in SHAPES.items():
        if args.only and name not in args.only:
            continue
        base = args.lines if unit == "lines" else args.mb
        last: float | None = None
        for step in range(args.steps):
            size = base * 2**step
            label = f"{size:g} {unit}"
            if last is not None and last > args.max_seconds:
                print(f"{name:<17} {label:>11} {'skipped':>8}")
                continue
            text = make(size)
            start, cpu_start = time.perf_counter(), time.process_time()
            result = run(text)
            seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
            growth = f"{cpu / last:.1f}" if last else "-"
            print(
                f"{name:<17} {label:>11} {seconds:>8.2f} {cpu:>8.2f} {growth:>7}  {len(result.entries)}",
                flush=True,
            )
            last = cpu
    return 0


if __name__ == "__main__":
    sys.exit(main())
