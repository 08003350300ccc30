"""A URL's hard deadline, kept even against a server that drip-feeds its answer.

A :class:`Watchdog` thread watches one :class:`Guard` per URL being fetched; past a guard's
deadline it shuts the socket in use, so no read can hang. Connections report the socket they
use through :func:`attach_socket`, which hands it to the guard of the calling thread (set by
:meth:`Watchdog.guarding` for the duration of one fetch).
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator

__all__ = ["Guard", "Watchdog", "attach_socket"]

_current = threading.local()
"""The guard of the fetch running on this thread (``_current.guard``), if any."""


class Guard:
    """One URL's deadline and the socket it currently reads from."""

    __slots__ = ("deadline", "fired", "sock")

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline
        self.sock: socket.socket | None = None
        self.fired = False

    def attach(self, sock: socket.socket) -> None:
        self.sock = sock
        if time.monotonic() >= self.deadline:
            self.fire()

    def release(self) -> None:
        """The socket is no longer this URL's (the response was read or dropped)."""
        self.sock = None

    def fire(self) -> None:
        sock = self.sock
        if sock is None or self.fired:
            return
        self.fired = True
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


def attach_socket(sock: socket.socket) -> None:
    """Put ``sock`` under the deadline of the fetch running on this thread (no-op outside one)."""
    guard: Guard | None = getattr(_current, "guard", None)
    if guard is not None:
        guard.attach(sock)


class Watchdog:
    """One thread (started on first use) firing the guards whose deadline has passed."""

    def __init__(self, tick: float = 0.05) -> None:
        self._guards: set[Guard] = set()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._tick = tick

    @contextlib.contextmanager
    def guarding(self, deadline: float) -> Iterator[Guard]:
        """A guard for ``deadline``, watched and current on this thread inside the block."""
        guard = Guard(deadline)
        with self._lock:
            self._guards.add(guard)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="link-deadlines", daemon=True)
                self._thread.start()
        _current.guard = guard
        try:
            yield guard
        finally:
            _current.guard = None
            with self._lock:
                self._guards.discard(guard)

    def _run(self) -> None:
        while not self._stop.wait(self._tick):
            now = time.monotonic()
            with self._lock:
                late = [g for g in self._guards if now >= g.deadline and not g.fired]
            for guard in late:
                guard.fire()

    def close(self) -> None:
        self._stop.set()
