"""Read many references at once, on several processes when there are enough of them.

Reading a reference with the learned model costs a millisecond or two, nearly all of it in
Python: one process uses one core. The model labels a batch of texts at once
(:func:`~jtd_evidence.parsing.reference.read_references`), which costs less than one by one. :func:`read_references` reads a list in order on up to
``jobs`` worker processes (forked where the platform can, so each starts with the model
already loaded) and gives back, for each text, its reading or the error that says it is no
reference. :class:`Workers` judges which lines of a long document are references and reads
them, on one set of processes, its results
handed over as they arrive, so that the document's structure is worked out here while the
workers go on. Results do not depend on ``jobs``: each text's reading is its own, whatever it is
read with (the model's confidences may differ in the last bits of a double, far below the
three decimals a reading keeps).
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Hashable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing.context import BaseContext
from types import TracebackType
from typing import Generic, TypeVar

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

COLLECT_AFTER = 100_000
"""New objects after which the cyclic garbage collector looks for cycles while a long list is
read (Python's default: 700). Reading makes and frees thousands of objects a reference, nearly
none of them in cycles (reference counting frees them), while the readings kept pile up: at the
default the collector ran thousands of times over a 10 MB list, going over every reading kept
so far each time it looked at all objects, for a tenth of all the time, and found a few hundred
objects."""

_In = TypeVar("_In")
_Out = TypeVar("_Out")
_Key = TypeVar("_Key", bound=Hashable)
_Value = TypeVar("_Value")


def default_jobs() -> int:
    """The processes to read with: the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not every platform can say which cores a process may use
        return max(1, os.cpu_count() or 1)


@contextlib.contextmanager
def fewer_collections() -> Iterator[None]:
    """Run the cyclic garbage collector less often (after :data:`COLLECT_AFTER` new objects)
    until the block ends, here and in the worker processes forked inside it (they start with
    this process's settings); the setting before is restored after. A collector switched off
    (threshold 0) or set to run less often already is left as it is."""
    before = gc.get_threshold()
    if not before[0] or before[0] >= COLLECT_AFTER:
        yield
        return
    gc.set_threshold(COLLECT_AFTER, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def workers_for(count: int, jobs: int) -> int:
    """How many processes reading ``count`` texts is worth, up to ``jobs`` (1: read here)."""
    return max(1, min(jobs, count // FEWEST_PER_JOB))


_A_REFERENCE = "Firmin, C. (2020). *Contextual safeguarding and child protection*. Routledge."


def preload_model() -> None:
    """Load the reference model in this process (reading a reference loads it), so that the
    worker processes forked after this start with it loaded instead of each loading its own."""
    reference.read_references([_A_REFERENCE])


def _read(texts: list[str], labels: bool = False) -> list[Outcome]:
    return reference.read_references(texts, labels)


def _in_workers(function: Callable[[_In], _Out], items: Sequence[_In], workers: int) -> list[_Out]:
    """``function`` of each item (a batch), in order: here, or on ``workers`` worker processes
    forked where the platform can, so that they start with what this process has loaded."""
    if workers <= 1:
        return [function(item) for item in items]
    with ProcessPoolExecutor(workers, mp_context=_forking()) as pool:
        return list(pool.map(function, items))


def _forking() -> BaseContext:
    """Fork where the platform can: the workers start with what this process has loaded."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


def chunk_size(count: int, workers: int) -> int:
    """Items handed to a worker at a time, of ``count`` shared among ``workers``: about four
    chunks each, at most :data:`LARGEST_CHUNK`."""
    return max(1, min(LARGEST_CHUNK, count // (workers * 4)))


def read_references(texts: Sequence[str], jobs: int = 1) -> list[Outcome]:
    """Each text's reading (or the error saying it is no reference), in the order given.

    The texts are read in batches of up to :data:`LARGEST_CHUNK` (the model labels a batch at
    once: :func:`~jtd_evidence.parsing.reference.read_references`). With ``jobs`` above 1 and
    at least :data:`FEWEST_PER_JOB` texts for each, the batches are read on that many worker
    processes; otherwise here, one after another."""
    workers = workers_for(len(texts), jobs)
    if workers > 1:
        preload_model()
    size = chunk_size(len(texts), workers)
    batches = [list(texts[start : start + size]) for start in range(0, len(texts), size)]
    with fewer_collections():
        return [outcome for batch in _in_workers(_read, batches, workers) for outcome in batch]


def _judge(lines: list[str]) -> list[Verdict]:
    return [judge_line(line) for line in lines]


class Arriving(Generic[_Key, _Value]):
    """Results of work handed to worker processes, by key, as they arrive: :meth:`get` of a key
    whose result has not come yet waits for the results handed over before it (they come in the
    order they were asked for), so that the work here goes on while the workers do theirs."""

    def __init__(self, kept: Callable[[_Value], _Value] | None = None) -> None:
        self._known: dict[_Key, _Value] = {}
        self._coming: deque[tuple[list[_Key], Future[list[_Value]]]] = deque()
        self._kept = kept  # what each result is kept as (one object for equal results, ...)

    def expect(self, keys: list[_Key], future: Future[list[_Value]]) -> None:
        """The results for ``keys``, in their order, will be ``future``'s."""
        self._coming.append((keys, future))

    def get(self, key: _Key) -> _Value | None:
        """The result for ``key``, once it has come (None if no work asked for it gives one)."""
        found = self._known.get(key)
        while found is None and self._coming:
            keys, future = self._coming.popleft()
            values = future.result()
            if self._kept is not None:
                values = list(map(self._kept, values))
            self._known.update(zip(keys, values, strict=True))
            found = self._known.get(key)
        return found

    def __setitem__(self, key: _Key, value: _Value) -> None:
        self._known[key] = value


class Workers:
    """Worker processes that judge a long document's lines and read its references, the work
    handed over in chunks and the results taken as they arrive (:class:`Arriving`): the lines
    are judged while the document's structure is worked out here, and the references found
    are read while it goes on. Use it as a context manager; the workers start (forked, with
    what this process has loaded: the model, after :func:`preload_model`) on
    the first work handed to them."""

    def __init__(self, workers: int, lines: int, labels: bool = False) -> None:
        self._pool = ProcessPoolExecutor(workers, mp_context=_forking())
        self._size = chunk_size(lines, workers)  # as read_references shares them
        self._labels = labels  # keep the model's labelling on each reading
        self._reading: list[str] = []
        self._asked: set[str] = set()
        self.readings: Arriving[str, Outcome] = Arriving()
        """Each reference text's reading, as it arrives (see :meth:`read`)."""

    def __enter__(self) -> Workers:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._pool.shutdown(wait=True, cancel_futures=error is not None)

    def judge(self, lines: Sequence[str]) -> Arriving[str, Verdict]:
        """Each line's :func:`~jtd_evidence.parsing.reference_line.judge_line` verdict, as it
        arrives. Equal verdicts are kept as one object (most lines of a long list show the same
        few marks: a 10 MB list keeps a few hundred)."""
        kept: dict[Verdict, Verdict] = {}
        verdicts: Arriving[str, Verdict] = Arriving(lambda verdict: kept.setdefault(verdict, verdict))
        for start in range(0, len(lines), self._size):
            chunk = list(lines[start : start + self._size])
            verdicts.expect(chunk, self._pool.submit(_judge, chunk))
        return verdicts

    def read(self, text: str) -> None:
        """Have ``text`` read (once, however often it is asked for): its reading arrives in
        :attr:`readings`, after the texts asked for before it."""
        if text in self._asked:
            return
        self._asked.add(text)
        self._reading.append(text)
        if len(self._reading) >= self._size:
            self.flush()

    def flush(self) -> None:
        """Hand the texts asked for so far to the workers, however few."""
        if self._reading:
            batch, self._reading = self._reading, []
            self.readings.expect(batch, self._pool.submit(_read, batch, self._labels))
