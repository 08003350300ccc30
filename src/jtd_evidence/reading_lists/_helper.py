"""A second process for a build's slow, independent pieces (the coverage charts, Word documents).

A build spends most of its time drawing charts (matplotlib) and writing Word documents
(python-docx), each piece a pure function of data already in memory. :class:`Helper` hands
such pieces to one forked process, which starts with everything the build has imported and
read, while the build carries on. :meth:`Pending.result` gives a piece's value: the helper's
if it has taken the piece, else the piece is computed here and then, so the build never waits
for a piece the helper has not started (work is shared without planning who does what). A
piece gives the same value wherever it is computed, so the output does not depend on the
helper; where the platform cannot fork, with one core, or when the helper process dies, every
piece is computed in the build's own process. The helper is Linux-only: there a helper ends
with the build's process even when that is killed (nothing is left running).
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Generic, TypeVar

__all__ = ["Helper", "Pending"]

T = TypeVar("T")


class Pending(Generic[T]):
    """A piece of work handed to the helper: ``fn(*args)``."""

    def __init__(self, fn: Callable[..., T], args: tuple[Any, ...], future: Future[T] | None) -> None:
        self._fn = fn
        self._args = args
        self._future = future

    def result(self) -> T:
        """The piece's value: the helper's, or computed here if the helper has not started it."""
        future, self._future = self._future, None
        if future is not None and not future.cancel():
            try:
                return future.result()
            except BrokenProcessPool:  # the helper died (killed, out of memory): do it here
                pass
        return self._fn(*self._args)


class Helper:
    """One forked helper process (none when ``jobs`` is 1 or the platform cannot fork); use as
    a context manager, which stops the helper and drops the work it has not started."""

    def __init__(self, jobs: int) -> None:
        self._pool: ProcessPoolExecutor | None = None
        if jobs > 1 and sys.platform == "linux":
            self._pool = ProcessPoolExecutor(
                1,
                mp_context=multiprocessing.get_context("fork"),
                initializer=_end_with,
                initargs=(os.getpid(),),
            )

    def submit(self, fn: Callable[..., T], *args: Any) -> Pending[T]:
        """Hand ``fn(*args)`` to the helper (a module-level function and picklable arguments);
        pieces are taken in the order given."""
        future = None
        if self._pool is not None:
            try:
                future = self._pool.submit(fn, *args)
            except BrokenProcessPool:  # the helper died: every piece from now on is done here
                self._pool.shutdown(wait=False)
                self._pool = None
        return Pending(fn, args, future)

    def __enter__(self) -> Helper:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)


_PR_SET_PDEATHSIG = 1


def _end_with(parent: int) -> None:
    """In the helper: be killed when ``parent`` ends, however it ends (a killed build cannot
    stop its helper, which would otherwise wait for work forever)."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # it ended before the request was made
        os._exit(1)
