"""CPU time per reference of the learned reader in one process, for comparing two trees.

Reads a set of references with :func:`jtd_evidence.parsing.reference.read_references` in
batches of 250 (as each worker of ``read_references(texts, jobs=2)`` does) and prints the
process's CPU time (``time.process_time``) per reference: steadier than wall time on a shared
machine. The set: ``--n`` generated references (``scripts/synthetic_references.py``, seed 2026,
as ``scripts/bench_parse.py``) and, with ``--real``, every hand-labelled reference of
``data/parser/train`` as written there (tags taken off). The model is loaded before the clock
starts; the reader's word caches start empty, as in a new process. As a named peer, in the same
run, it prints bibtexparser 2's CPU time per entry reading the same works from BibTeX (the
grammar's entries, keyed and written as ``scripts/bench_parse.py`` writes them), so that a
figure taken at one load can be set against one taken at another.

Compare two trees by running this alternately with each tree's ``src`` first on ``PYTHONPATH``
(the script uses only the public API):

    for i in 1 2 3; do for tree in /old /new; do PYTHONPATH=$tree/src python scripts/bench_parse_cpu.py; done; done

``--profile N`` prints the N costliest functions by their own time and by cumulative time
(cProfile; the figures then include the profiler's own cost).

Usage: python scripts/bench_parse_cpu.py [--n 3000] [--real] [--profile N]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bibtexparser

from jtd_evidence.parsing.batch import LARGEST_CHUNK, fewer_collections, preload_model
from jtd_evidence.parsing.labels import read_tagged
from jtd_evidence.parsing.reference import read_references, read_with_grammar
from jtd_evidence.store import assign_keys, dumps_bib
from synthetic_references import generate

ROOT = Path(__file__).resolve().parents[1]


def texts(count: int, real: bool) -> list[str]:
    """The references to read: ``count`` generated ones, then (``real``) those of train/."""
    found = [item.text for item in generate(count, seed=2026)]
    if real:
        for path in sorted((ROOT / "data" / "parser" / "train").glob("*.tagged")):
            found.extend(reference.text for reference in read_tagged(path))
    return found


def read_all(references: list[str]) -> None:
    """Read ``references`` in batches of :data:`LARGEST_CHUNK`, as a worker is handed them (with
    the garbage collector set as :func:`~jtd_evidence.parsing.batch.read_references` sets it)."""
    with fewer_collections():
        for start in range(0, len(references), LARGEST_CHUNK):
            read_references(references[start : start + LARGEST_CHUNK])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=3000, help="generated references (default 3000)")
    parser.add_argument("--real", action="store_true", help="also every reference of data/parser/train")
    parser.add_argument("--profile", type=int, metavar="N", default=0, help="print the N costliest functions")
    args = parser.parse_args(argv)
    references = texts(args.n, args.real)
    preload_model()
    if args.profile:
        profile = cProfile.Profile()
        profile.runcall(read_all, references)
        stats = pstats.Stats(profile).strip_dirs()
        stats.sort_stats("tottime").print_stats(args.profile)
        stats.sort_stats("cumulative").print_stats(args.profile)
        return 0
    start = time.process_time()
    read_all(references)
    spent = time.process_time() - start
    print(
        f"{len(references)} references: {spent:.3f} s CPU, {spent / len(references) * 1e6:.0f} us per reference"
    )
    bibtex = dumps_bib(assign_keys([read_with_grammar(text).entry for text in references]))
    start = time.process_time()
    peer = len(bibtexparser.parse_string(bibtex).entries)
    spent_peer = time.process_time() - start
    print(
        f"peer bibtexparser 2, the same works from BibTeX: {spent_peer:.3f} s CPU, "
        f"{spent_peer / peer * 1e6:.0f} us per entry; ratio ours/peer {spent / len(references) / (spent_peer / peer):.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
