"""Read many references at once, on several processes when there are enough of them.

Reading a reference with the learned model costs a couple of milliseconds, nearly all of it
in Python: one process uses one core. :func:`read_references` reads a list in order on up to
``jobs`` worker processes (forked where the platform can, so each starts with the model
already loaded) and gives back, for each text, its reading or the error that says it is no
reference. Results do not depend on ``jobs``: each text is read on its own.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor

from jtd_evidence.exceptions import ReferenceParseError
from jtd_evidence.parsing.reference import ReferenceReading, read_reference

Outcome = ReferenceReading | ReferenceParseError
"""What reading one text gives: its reading, or why it is no reference."""

FEWEST_PER_JOB = 100
"""Below this many texts per worker, starting the workers costs more than it saves."""


def default_jobs() -> int:
    """The processes to read with: the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not every platform can say which cores a process may use
        return max(1, os.cpu_count() or 1)


def workers_for(count: int, jobs: int) -> int:
    """How many processes reading ``count`` texts is worth, up to ``jobs`` (1: read here)."""
    return max(1, min(jobs, count // FEWEST_PER_JOB))


def _read(text: str) -> Outcome:
    try:
        return read_reference(text)
    except ReferenceParseError as error:
        return error


def read_references(texts: Sequence[str], jobs: int = 1) -> list[Outcome]:
    """Each text's reading (or the error saying it is no reference), in the order given.

    With ``jobs`` above 1 and at least :data:`FEWEST_PER_JOB` texts for each, the texts are
    read on that many worker processes; otherwise here, one after another."""
    workers = workers_for(len(texts), jobs)
    if workers == 1:
        return [_read(text) for text in texts]
    _read(texts[0])  # load the model here first: forked workers start with it
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    chunk = max(1, min(200, len(texts) // (workers * 4)))
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        return list(pool.map(_read, texts, chunksize=chunk))
