"""Benchmark the reference readers: strings per second, peak memory, start-up.

Parses N generated APA/Harvard/Vancouver reference strings (scripts/synthetic_references.py)
with the hand-written grammar (target >= 5,000 strings/s) and with the learned model, on one
process and as ``parse`` and ``add`` read, on every core (target >= 2,000 strings/s on 2 cores,
when the package ships one), and, as a named peer in the same run, times
bibtexparser 2 reading the same works from BibTeX (the structured route a reference manager
takes). Also times `jtd-evidence parse` on a one-line file from a cold start (target < 1 s).

Usage: python scripts/bench_parse.py [--n 10000] [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import bibtexparser

sys.path.insert(0, str(Path(__file__).resolve().parent))

from jtd_evidence.parsing.batch import default_jobs, read_references
from jtd_evidence.parsing.learned import MODEL, read_learned
from jtd_evidence.parsing.reference import read_with_grammar
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
    read_with_grammar(texts[0])  # warm up imports and regex caches

    ours = _time(lambda: [read_with_grammar(t) for t in texts], args.runs)
    tracemalloc.start()
    entries = [read_with_grammar(t).entry for t in texts]
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    bibtex = dumps_bib(assign_keys(entries))
    peer = _time(lambda: bibtexparser.parse_string(bibtex), args.runs)

    rate, peer_rate = args.n / ours, args.n / peer
    print(f"references parsed:            {args.n}")
    print(f"grammar (read_with_grammar):  {ours:.3f} s  ({rate:,.0f} strings/s; target >= 5,000)")
    print(f"peak traced memory (grammar): {peak / 2**20:.1f} MiB for {args.n} entries")
    fast_enough = rate >= 5000
    if MODEL.is_file():
        read_learned(texts[0])
        learned = _time(lambda: [read_learned(t) for t in texts], args.runs)
        learned_rate = args.n / learned
        jobs = default_jobs()
        shared = _time(lambda: read_references(texts, jobs), args.runs)
        shared_rate = args.n / shared
        fast_enough &= shared_rate >= 2000
        print(f"learned model (read_learned), one process: {learned:.3f} s  ({learned_rate:,.0f} strings/s)")
        print(
            f"read_references on {jobs} process(es) (what parse and add use): {shared:.3f} s  "
            f"({shared_rate:,.0f} strings/s; target >= 2,000 on 2 cores)"
        )
        print(
            f"start-up, jtd-evidence parse on one line: {_startup(texts[0], args.runs):.2f} s (target < 1 s)"
        )
    else:
        print(f"learned model: none at {MODEL} (train one with scripts/train_parser.py)")
    print(f"peer bibtexparser 2 (same works as BibTeX): {peer:.3f} s  ({peer_rate:,.0f} entries/s)")
    print(f"ratio grammar/peer (time):    {ours / peer:.2f}x")
    return 0 if fast_enough else 1


def _startup(line: str, runs: int) -> float:
    """Seconds from starting `jtd-evidence parse FILE` on a one-reference file to its exit."""
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "one.txt"
        path.write_text(line + "\n", encoding="utf-8")
        command = [sys.executable, "-m", "jtd_evidence", "parse", str(path), "--statement", "WC1"]
        return _time(lambda: subprocess.run(command, capture_output=True, check=False), runs)


if __name__ == "__main__":
    sys.exit(main())
