"""One error path for every command: an exception becomes one clear line on stderr and an exit status.

The rule, the same for every subcommand:

* 0 -- all well;
* 1 -- findings: the command ran and found something to look at (lint warnings, invalid entries
  reported by ``validate``, dead links, lines of pasted text that are not references);
* 2 -- usage or input error: bad arguments, an unknown statement or key, a file that cannot be
  read or parsed, a disk error, another run holding the lock;
* 130 -- interrupted (Ctrl-C).

A bug of ours is reported in one line too (and says so), never as a Python traceback, unless
``JTD_TRACEBACK=1`` is set in the environment.
"""

from __future__ import annotations

import errno
import os
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from jtd_evidence._input import EncodingNote
from jtd_evidence.exceptions import JTDError

__all__ = ["FINDINGS", "INTERRUPTED", "OK", "USAGE", "describe", "notes_on_stderr", "report"]

OK, FINDINGS, USAGE, INTERRUPTED = 0, 1, 2, 130

_OS_ADVICE = {
    errno.ENOENT: "no such file or folder: check the name",
    errno.EACCES: "permission denied: check who may read or write it",
    errno.EPERM: "not permitted: check who may read or write it",
    errno.EISDIR: "this is a folder, not a file: give a file",
    errno.ENOTDIR: "part of this path is a file, not a folder",
    errno.ENOSPC: "the disk is full: free some space and run again",
    errno.EROFS: "the disk is read-only: write somewhere else",
    errno.EDQUOT: "over the disk quota: free some space and run again",
    errno.ENAMETOOLONG: "the file name is too long",
}


def describe(error: BaseException) -> str:
    """The one-line message for ``error``: what is wrong, where, and what to do."""
    if isinstance(error, JTDError):
        return str(error)
    if isinstance(error, OSError):
        where = error.filename if error.filename is not None else None
        what = _OS_ADVICE.get(error.errno or -1) or (error.strerror or str(error))
        if where is not None and getattr(error, "filename2", None):
            return f"{where} -> {error.filename2}: {what}"
        return f"{where}: {what}" if where is not None else what
    if isinstance(error, KeyError) and error.args:  # a lookup that failed: its message says which
        return str(error.args[0])
    if isinstance(error, UnicodeError):
        return f"text that is not in a known encoding ({error}): save the file as UTF-8"
    if isinstance(error, MemoryError):
        return "not enough memory for this input: split it into smaller files"
    if isinstance(error, RecursionError):
        return "the input is nested too deeply to read: check its braces and brackets"
    name = type(error).__name__
    first = (str(error).strip().splitlines() or [""])[0][:200]
    return (
        f"internal error ({name}: {first}); this is a bug in jtd-evidence, not in your data: "
        "please report it with the command you ran (set JTD_TRACEBACK=1 to see the details)"
    )


def status_of(error: BaseException) -> int:
    """The exit status for an error that stopped a command."""
    if isinstance(error, KeyboardInterrupt):
        return INTERRUPTED
    return USAGE


def report(error: BaseException, prog: str, stream: TextIO | None = None) -> int:
    """Print ``error`` as one clear line on ``stream`` (stderr) and return its exit status."""
    if isinstance(error, KeyboardInterrupt):
        print(f"{prog}: interrupted", file=stream or sys.stderr)
        return INTERRUPTED
    if os.environ.get("JTD_TRACEBACK") and not isinstance(error, JTDError | OSError):
        raise error
    print(f"{prog}: error: {describe(error)}", file=stream or sys.stderr)
    return status_of(error)


@contextmanager
def notes_on_stderr(prog: str, stream: TextIO | None = None) -> Iterator[None]:
    """Show the library's notes to the user (e.g. a file read as Windows-1252) as one line each,
    once per file, instead of as Python warnings."""
    with warnings.catch_warnings():
        original = warnings.showwarning
        warnings.simplefilter("default", EncodingNote)

        def show(
            message: Warning | str,
            category: type[Warning],
            filename: str,
            lineno: int,
            file: TextIO | None = None,
            line: str | None = None,
        ) -> None:
            if issubclass(category, EncodingNote):
                print(f"{prog}: note: {message}", file=stream or sys.stderr)
            else:
                original(message, category, filename, lineno, file, line)

        warnings.showwarning = show
        yield
