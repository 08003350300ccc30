"""Read many references at once, on several processes when there are enough of them.

Reading a reference with the learned model costs a millisecond or two, nearly all of it in
Python: one process uses one core. The model labels a batch of texts at once
(:func:`~jtd_evidence.parsing.reference.read_references`), which costs less than one by one. :func:`read_references` reads a list in order on up to
``jobs`` worker processes (forked where the platform can, so each starts with the model
already loaded) and gives back, for each text, its reading or the error that says it is no
reference; :func:`judge_lines` tells, the same way, which lines of a long document are
references. Results do not depend on ``jobs``: each text's reading is its own, whatever it is
read with (the model's confidences may differ in the last bits of a double, far below the
three decimals a reading keeps).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

from jtd_evidence.exceptions import ReferenceParseError
from jtd_evidence.parsing import reference
from jtd_evidence.parsing.reference import ReferenceReading
from jtd_evidence.parsing.reference_line import Verdict, judge_line

Outcome = ReferenceReading | ReferenceParseError
"""What reading one text gives: its reading, or why it is no reference."""

FEWEST_PER_JOB = 100
"""Below this many texts per worker, starting the workers costs more than it saves."""

LARGEST_CHUNK = 250
"""Texts handed to a worker at a time, at most: fewer, larger chunks cost less to pass round;
no more than this, so that the workers finish close together and hold little at a time."""

_In = TypeVar("_In")
_Out = TypeVar("_Out")


def default_jobs() -> int:
    """The processes to read with: the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not every platform can say which cores a process may use
        return max(1, os.cpu_count() or 1)


def workers_for(count: int, jobs: int) -> int:
    """How many processes reading ``count`` texts is worth, up to ``jobs`` (1: read here)."""
    return max(1, min(jobs, count // FEWEST_PER_JOB))


def _read(texts: list[str]) -> list[Outcome]:
    return reference.read_references(texts)


def _in_workers(
    function: Callable[[_In], _Out], items: Sequence[_In], workers: int, chunk: int | None = None
) -> list[_Out]:
    """``function`` of each item, in order: here, or on ``workers`` worker processes. Workers
    are forked where the platform can, so they start with what this process has loaded; each
    gets a few large chunks of the items (or chunks of ``chunk`` items)."""
    if workers <= 1:
        return [function(item) for item in items]
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    if chunk is None:
        chunk = max(1, min(LARGEST_CHUNK, len(items) // (workers * 4)))
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        return list(pool.map(function, items, chunksize=chunk))


def read_references(texts: Sequence[str], jobs: int = 1) -> list[Outcome]:
    """Each text's reading (or the error saying it is no reference), in the order given.

    The texts are read in batches of up to :data:`LARGEST_CHUNK` (the model labels a batch at
    once: :func:`~jtd_evidence.parsing.reference.read_references`). With ``jobs`` above 1 and
    at least :data:`FEWEST_PER_JOB` texts for each, the batches are read on that many worker
    processes; otherwise here, one after another."""
    workers = workers_for(len(texts), jobs)
    if workers > 1:
        _read(list(texts[:1]))  # load the model here first: forked workers start with it
    size = max(1, min(LARGEST_CHUNK, len(texts) // (workers * 4)))
    batches = [list(texts[start : start + size]) for start in range(0, len(texts), size)]
    return [outcome for batch in _in_workers(_read, batches, workers, chunk=1) for outcome in batch]


def judge_lines(lines: Sequence[str], jobs: int = 1) -> list[Verdict]:
    """Each line's :func:`~jtd_evidence.parsing.reference_line.judge_line` verdict, in order,
    on up to ``jobs`` processes as :func:`read_references` reads. Equal verdicts are one object
    (most lines of a long list show the same few marks): a 10 MB list keeps a few hundred."""
    verdicts = _in_workers(judge_line, lines, workers_for(len(lines), jobs))
    kept: dict[Verdict, Verdict] = {}
    return [kept.setdefault(verdict, verdict) for verdict in verdicts]
