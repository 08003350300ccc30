"""Who may talk to which host when: a global limit (the worker count) and a per-host limit.

Workers take the next URL whose host has a free slot, round-robin over hosts, so a long
list from one site never stalls the others and no site sees more than ``per_host``
requests at once. A task holds one host slot at a time; following a redirect to another
host gives up the old slot before waiting for the new one, so no two tasks can deadlock.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from typing import Any, Generic, TypeVar

__all__ = ["HostScheduler", "run_pool"]

T = TypeVar("T")


class HostScheduler(Generic[T]):
    def __init__(self, per_host: int) -> None:
        self.per_host = per_host
        self._cond = threading.Condition()
        self._pending: dict[str, deque[T]] = {}
        self._order: deque[str] = deque()
        self._active: dict[str, int] = {}
        self._not_before: dict[str, float] = {}

    def add(self, key: str, task: T) -> None:
        with self._cond:
            if key not in self._pending:
                self._pending[key] = deque()
                self._order.append(key)
            self._pending[key].append(task)
            self._cond.notify()

    def take(self) -> tuple[str, T] | None:
        """The next task whose host has a free slot (its slot now held), or None when none is left."""
        with self._cond:
            while True:
                if not self._order:
                    return None
                now = time.monotonic()
                soonest: float | None = None
                for _ in range(len(self._order)):
                    key = self._order[0]
                    self._order.rotate(-1)
                    not_before = self._not_before.get(key, 0.0)
                    if not_before > now:
                        soonest = not_before if soonest is None else min(soonest, not_before)
                        continue
                    if self._active.get(key, 0) < self.per_host:
                        queue = self._pending[key]
                        task = queue.popleft()
                        if not queue:
                            del self._pending[key]
                            self._order.remove(key)
                        self._hold(key)
                        return key, task
                self._cond.wait(None if soonest is None else max(soonest - now, 0.001))

    def acquire(self, key: str, deadline: float) -> bool:
        """Wait for a slot to ``key``; False if the deadline passes first."""
        with self._cond:
            while True:
                now = time.monotonic()
                not_before = self._not_before.get(key, 0.0)
                if self._active.get(key, 0) < self.per_host and not_before <= now:
                    self._hold(key)
                    return True
                if now >= deadline:
                    return False
                wake = min(deadline, not_before) if not_before > now else deadline
                self._cond.wait(max(wake - now, 0.001))

    def release(self, key: str) -> None:
        with self._cond:
            self._active[key] -= 1
            self._cond.notify_all()

    def pause(self, key: str, seconds: float) -> None:
        """Send nothing new to ``key`` for a while (the host asked us to wait)."""
        with self._cond:
            until = time.monotonic() + seconds
            self._not_before[key] = max(self._not_before.get(key, 0.0), until)

    def _hold(self, key: str) -> None:
        self._active[key] = self._active.get(key, 0) + 1


class TaskGate:
    """The per-task view of the scheduler that the fetcher uses (one host slot held at a time)."""

    def __init__(self, scheduler: HostScheduler[Any], held: str | None) -> None:
        self._scheduler = scheduler
        self.held = held

    def enter(self, key: str, deadline: float) -> bool:
        if key == self.held:
            return True
        self.close()
        if self._scheduler.acquire(key, deadline):
            self.held = key
            return True
        return False

    def pause(self, key: str, seconds: float) -> None:
        self._scheduler.pause(key, seconds)

    def close(self) -> None:
        if self.held is not None:
            self._scheduler.release(self.held)
            self.held = None


def run_pool(
    tasks: Iterable[tuple[str, T]],
    work: Callable[[T, TaskGate], None],
    *,
    workers: int,
    per_host: int,
) -> HostScheduler[T]:
    """Run ``work(task, gate)`` for every (host key, task) with the given limits; re-raise a worker's bug."""
    scheduler: HostScheduler[T] = HostScheduler(per_host)
    count = 0
    for key, task in tasks:
        scheduler.add(key, task)
        count += 1
    errors: list[BaseException] = []

    def loop() -> None:
        while not errors:
            item = scheduler.take()
            if item is None:
                return
            key, task = item
            gate = TaskGate(scheduler, key)
            try:
                work(task, gate)
            except BaseException as error:
                errors.append(error)
                return
            finally:
                gate.close()

    threads = [
        threading.Thread(target=loop, name=f"link-worker-{i}", daemon=True)
        for i in range(min(workers, count))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return scheduler
