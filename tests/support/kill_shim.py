"""Run a command and kill it with SIGKILL at its N-th filesystem change: the crash tests' shim.

Usage: ``python kill_shim.py -m MODULE ARGS...`` or ``python kill_shim.py SCRIPT ARGS...``.

Every call that changes the file system (opening a file for writing, ``fsync``, rename,
replace, unlink, mkdir, rmdir, link, symlink, chmod, truncate) is a point where the
process can die: once before the call and once after it. With ``JTD_KILL_AT=N`` the
process kills itself with SIGKILL at point N, as a power cut or ``kill -9`` would, with no
clean-up and no ``finally``. With ``JTD_COUNT_FILE=PATH`` the number of points the run
went through is written there when it ends, so that a test can pick points at random
over the whole run. Importing this module changes nothing; only running it does.
"""

from __future__ import annotations

import builtins
import io
import os
import runpy
import signal
import sys
from collections.abc import Callable
from typing import Any

_WRITE_MODES = frozenset("wax+")
_CALLS = (
    "replace", "rename", "unlink", "remove", "mkdir", "rmdir", "link", "symlink",
    "fsync", "chmod", "truncate", "ftruncate", "makedirs", "removedirs",
)  # fmt: skip


class _Points:
    def __init__(self, kill_at: int) -> None:
        self.kill_at = kill_at
        self.count = 0

    def reach(self) -> None:
        self.count += 1
        if self.count == self.kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    def wrap(self, call: Callable[..., Any]) -> Callable[..., Any]:
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            self.reach()
            try:
                return call(*args, **kwargs)
            finally:
                self.reach()

        return wrapped

    def wrap_open(self, call: Callable[..., Any]) -> Callable[..., Any]:
        def wrapped(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
            if not _WRITE_MODES.intersection(str(mode)):
                return call(file, mode, *args, **kwargs)
            return self.wrap(call)(file, mode, *args, **kwargs)

        return wrapped

    def wrap_os_open(self, call: Callable[..., Any]) -> Callable[..., Any]:
        changes = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND

        def wrapped(path: Any, flags: int, *args: Any, **kwargs: Any) -> Any:
            if not flags & changes:
                return call(path, flags, *args, **kwargs)
            return self.wrap(call)(path, flags, *args, **kwargs)

        return wrapped


def install(kill_at: int) -> _Points:
    """Count (and kill at) every file-system change this process makes from now on."""
    points = _Points(kill_at)
    for name in _CALLS:
        if hasattr(os, name):
            setattr(os, name, points.wrap(getattr(os, name)))
    os.open = points.wrap_os_open(os.open)
    builtins.open = io.open = points.wrap_open(io.open)  # type: ignore[assignment]
    return points


def run(arguments: list[str], kill_at: int, count_file: str | None) -> None:
    """Run ``-m MODULE ARGS`` or ``SCRIPT ARGS`` as ``python`` would, under :func:`install`."""
    points = install(kill_at)
    try:
        if arguments[0] == "-m":
            sys.argv = [arguments[1], *arguments[2:]]
            runpy.run_module(arguments[1], run_name="__main__", alter_sys=True)
        else:
            sys.argv = arguments
            runpy.run_path(arguments[0], run_name="__main__")
    finally:
        if count_file:
            with io.FileIO(count_file, "w") as stream:  # FileIO is not wrapped: not counted
                stream.write(str(points.count).encode())


if __name__ == "__main__":
    run(sys.argv[1:], int(os.environ.get("JTD_KILL_AT", "0")), os.environ.get("JTD_COUNT_FILE"))
