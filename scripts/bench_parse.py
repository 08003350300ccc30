"""Benchmark the reference parser: strings per second and peak memory.

Parses N generated APA/Harvard/Vancouver reference strings (scripts/synthetic_references.py)
and, as a named peer in the same run, times bibtexparser 2 reading the same works from
BibTeX (the structured route a reference manager takes). Target: >= 5,000 strings/s.

Usage: python scripts/bench_parse.py [--n 10000] [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

import bibtexparser

sys.path.insert(0, str(Path(__file__).resolve().parent))

from jtd_evidence.parsing.reference import parse_reference
from jtd_evidence.store import assign_keys, dumps_bib
from synthetic_references import generate


def _time(function, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=10_000, help="reference strings to parse (default 10000)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs; the median is reported (default 3)")
    args = parser.parse_args(argv)

    texts = [item.text for item in generate(args.n, seed=2026)]
    parse_reference(texts[0])  # warm up imports and regex caches

    ours = _time(lambda: [parse_reference(t) for t in texts], args.runs)
    tracemalloc.start()
    entries = [parse_reference(t) for t in texts]
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    bibtex = dumps_bib(assign_keys(entries))
    peer = _time(lambda: bibtexparser.parse_string(bibtex), args.runs)

    rate, peer_rate = args.n / ours, args.n / peer
    print(f"references parsed:            {args.n}")
    print(f"jtd_evidence parse_reference: {ours:.3f} s  ({rate:,.0f} strings/s; target >= 5,000)")
    print(f"peak traced memory (parse):   {peak / 2**20:.1f} MiB for {args.n} entries")
    print(f"peer bibtexparser 2 (same works as BibTeX): {peer:.3f} s  ({peer_rate:,.0f} entries/s)")
    print(f"ratio ours/peer (time):       {ours / peer:.2f}x")
    return 0 if rate >= 5000 else 1


if __name__ == "__main__":
    sys.exit(main())
