"""Changes to an evidence base that span files land together, one run at a time.

``add`` writes the source lists and the .bib; killed between the two, the source would be
new and the .bib old. :func:`editing` prevents that and lost updates:

1. **Lock.** It holds ``.NAME.lock`` beside the .bib (an OS lock, so a killed run never
   leaves it held) for the whole read-plan-write, so two runs at once take turns and
   neither loses its change. A run that waits too long gets a :class:`LockedError` naming
   the run that holds it.
2. **Write all, then rename all.** Each new content goes to a temporary file beside its
   target (``.NAME.HOST-PID-RANDOM.tmp``, see :mod:`jtd_evidence._atomic`), flushed to disk. Then a journal
   (``.NAME.journal``) listing every (target, temporary) pair is put in place with one
   rename: that rename is the moment the change happens. Then each temporary is renamed
   over its target and the journal removed.
3. **Recovery.** Every run starts, under the lock, by finishing what a killed run left: with
   a journal, the remaining renames are done (the change had happened); without one, the
   temporaries of dead processes are removed (it had not). Either way every file is old or new, never mixed.

Disk errors before the journal leave every file as it was and reach the caller as a
:class:`WriteError` naming the path.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from jtd_evidence._atomic import atomic_write_bytes, remove_stale_temporaries, write_error, write_temporary
from jtd_evidence.exceptions import JournalError, LockedError

__all__ = ["Transaction", "editing"]

WAIT = 60.0
"""Seconds a run waits for another to finish before giving up with :class:`LockedError`
(the environment variable ``JTD_LOCK_WAIT`` overrides it)."""


def _lock_path(bib: Path) -> Path:
    return bib.parent / f".{bib.name}.lock"


def _journal_path(bib: Path) -> Path:
    return bib.parent / f".{bib.name}.journal"


def _fsync_folder(folder: Path) -> None:
    if os.name == "nt":
        return
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


class _Lock:
    """An exclusive OS lock on a file; released by the OS if the process dies."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.handle: int | None = None

    def acquire(self, wait: float, what: str) -> None:
        deadline = time.monotonic() + wait
        while True:
            handle = self._open()
            if self._try_lock(handle):
                try:
                    same = os.fstat(handle).st_ino == self.path.stat().st_ino
                except FileNotFoundError:
                    same = False
                if same:  # not a lock file that its last holder removed as we opened it
                    self.handle = handle
                    os.ftruncate(handle, 0)
                    os.write(
                        handle, f"pid {os.getpid()}, {what}, since {time.strftime('%H:%M:%S')}\n".encode()
                    )
                    return
            os.close(handle)
            if time.monotonic() >= deadline:
                raise LockedError(
                    str(self.path),
                    f"another jtd-evidence run is changing these files ({self._holder()}); "
                    "wait for it to finish and run the command again",
                )
            time.sleep(0.05)

    def _open(self) -> int:
        try:
            return os.open(self.path, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError as error:
            raise write_error(self.path, error, "create the lock file") from error

    @staticmethod
    def _try_lock(handle: int) -> bool:
        if sys.platform == "win32":  # pragma: no cover - Windows
            import msvcrt

            try:
                msvcrt.locking(handle, msvcrt.LK_NBLCK, 1)
            except OSError:
                return False
            return True
        else:
            import fcntl

            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return False
            return True

    def _holder(self) -> str:
        try:
            return self.path.read_text(encoding="utf-8", errors="replace").strip() or "holder unknown"
        except OSError:
            return "holder unknown"

    def release(self) -> None:
        if self.handle is None:
            return
        with contextlib.suppress(OSError):
            self.path.unlink()  # while still held, so no one locks a file about to vanish
        os.close(self.handle)  # closing releases the lock
        self.handle = None


@dataclass
class Transaction:
    """Files to change together; see :func:`editing`."""

    bib: Path
    folders: tuple[Path, ...]
    recovered: list[str] = field(default_factory=list)
    """What this run finished or undid of a killed run, in words for the user."""
    _pending: dict[Path, bytes] = field(default_factory=dict)

    def write(self, path: str | os.PathLike[str], data: str | bytes) -> None:
        """Stage new content for ``path`` (UTF-8 for text); nothing is written until :meth:`commit`."""
        self._pending[Path(path)] = data.encode("utf-8") if isinstance(data, str) else data

    def commit(self) -> None:
        """Write every staged file: all of them, or (on any failure before the journal) none."""
        pending, self._pending = self._pending, {}
        if not pending:
            return
        if len(pending) == 1:  # one file: one atomic rename is a transaction already
            [(path, data)] = pending.items()
            atomic_write_bytes(path, data)
            return
        written: list[tuple[Path, Path]] = []
        try:
            for target, data in sorted(pending.items()):
                written.append((_target(target), _write_temporary(_target(target), data)))
            for folder in {temp.parent for _, temp in written}:
                _fsync_folder(folder)
            journal = {"pid": os.getpid(), "files": [[str(t), str(temp)] for t, temp in written]}
            atomic_write_bytes(_journal_path(self.bib), json.dumps(journal, indent=1).encode())
        except BaseException:
            for _, temp in written:
                with contextlib.suppress(OSError):
                    temp.unlink()
            raise
        _finish(self.bib, written)

    def recover(self) -> None:
        """Finish (journal present) or undo (no journal) what a killed run left."""
        journal = _journal_path(self.bib)
        if journal.exists():
            try:
                data = json.loads(journal.read_text(encoding="utf-8"))
                pairs = [(Path(t), Path(temp)) for t, temp in data["files"]]
            except (OSError, ValueError, KeyError, TypeError) as error:
                raise JournalError(
                    f"{journal}: cannot read the record of an interrupted change ({error}); "
                    "check the files it names, then delete it"
                ) from None
            done = [str(t) for t, temp in pairs if temp.exists()]
            _finish(self.bib, pairs)
            self.recovered.append(
                "finished a change that an interrupted run had begun: "
                + (", ".join(done) or "nothing left to do")
            )
        for folder in self.folders:  # without a journal, a killed run's change never happened
            for temp in remove_stale_temporaries(folder):
                self.recovered.append(f"removed {temp}, left by an interrupted run")


def _target(path: Path) -> Path:
    return path.resolve() if path.is_symlink() else path


def _write_temporary(target: Path, data: bytes) -> Path:
    try:
        return write_temporary(target, data)
    except OSError as error:
        raise write_error(target, error) from error


def _finish(bib: Path, pairs: Sequence[tuple[Path, Path]]) -> None:
    """Rename each temporary still there over its target, then drop the journal."""
    for target, temp in pairs:
        if temp.exists():
            try:
                temp.replace(target)
            except OSError as error:
                raise write_error(target, error, "replace") from error
    for folder in {target.parent for target, _ in pairs}:
        _fsync_folder(folder)
    with contextlib.suppress(FileNotFoundError):
        _journal_path(bib).unlink()


def _wait() -> float:
    try:
        return float(os.environ.get("JTD_LOCK_WAIT", WAIT))
    except ValueError:
        return WAIT


@contextlib.contextmanager
def editing(
    bib: str | os.PathLike[str],
    folders: Sequence[Path] = (),
    *,
    what: str = "jtd-evidence",
    wait: float | None = None,
) -> Iterator[Transaction]:
    """Hold ``bib``'s lock, finish or undo what a killed run left (in the .bib's folder and
    ``folders``), and give a :class:`Transaction`; what it staged is committed when the block
    ends without error, and dropped otherwise. ``wait``: seconds to wait for the lock
    (default :data:`WAIT`, or ``JTD_LOCK_WAIT``)."""
    path = Path(bib)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = _Lock(_lock_path(path))
    lock.acquire(_wait() if wait is None else wait, what)
    try:
        transaction = Transaction(path, (path.parent, *folders))
        transaction.recover()
        yield transaction
        transaction.commit()
    finally:
        lock.release()
