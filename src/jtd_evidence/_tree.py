"""Replace a whole folder safely: build the new one beside it, then swap it in.

A build writes into a *staging* folder beside the target (``.<name>-new-<host>-<pid>-<random>``)
and writes its *marker* file (the reading lists' manifest) last, so a staging folder
that holds its marker is complete. The swap exchanges the two folders in one step where the
system can (Linux, local drives); elsewhere it renames the target to
``.<name>-old-<host>-<pid>-<random>`` and the staging folder to the target. Then it deletes
the old copy (its marker first, so a half-deleted copy is never complete).

Every run takes a lock (``.<name>.lock`` beside the target, released by the system even if
the process is killed) and then recovers from a run that was killed:

* if the target is missing but a complete copy sits beside it (a run killed between the
  two renames of a swap), the copy whose marker was written last is put back: the new
  folder when it got that far, else the old one;
* every other leftover folder named as above is deleted, unless it is in use: touched by
  another computer within the last hour (:data:`jtd_evidence._atomic.STALE_AFTER`) or, on a
  drive that cannot lock files, made by a process still running on this computer (with the
  lock held, no other build on this computer can be writing one, whatever process id it
  names: ids are reused). Folders that earlier versions left
  (``.<name>-<8 characters>``, ``.<name>-old-<8 characters>``) are treated the same once an
  hour old, if they hold nothing a build would not write.

So a killed run leaves the old folder or the new one, and the next run leaves no staging
folders behind. Folders and files are created with the user's umask; the new folder takes
the old one's permissions.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import re
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import TracebackType

from jtd_evidence._atomic import HOST_TAG, in_use, temporary_name
from jtd_evidence.exceptions import LockedError

__all__ = ["FolderLock", "discard", "leftovers", "new_staging", "recover", "swap"]


def _pattern(name: str) -> re.Pattern[str]:
    escaped = re.escape(name)
    return re.compile(
        rf"^\.{escaped}-(?:(?P<kind>new|old)-(?P<host>[0-9a-f]{{6}})-(?P<pid>\d+)-[0-9a-f]{{8}}"
        rf"|(?P<legacy_old>old-)?[a-z0-9_]{{8}})$"
    )


def leftovers(
    target: Path, built: Callable[[Path], bool] | None = None, locked: bool = False
) -> Iterator[tuple[Path, str, bool]]:
    """Folders beside ``target`` that a build of it made: (path, "new" or "old", in use).

    With ``locked`` (the caller holds the :class:`FolderLock`), no other build on this computer
    can be writing one, whatever process ids they name (ids are reused). Names without a
    process id (older versions') are only taken when ``built`` says the folder holds nothing
    but what a build writes (a hidden folder of the user's could be named so)."""
    pattern = _pattern(target.name)
    try:
        names = sorted(path.name for path in target.parent.iterdir())
    except OSError:
        return
    for name in names:
        match = pattern.match(name)
        if match is None:
            continue
        path = target.parent / name
        if not path.is_dir() or path.is_symlink():
            continue
        if match["kind"]:
            mine = locked and match["host"] == HOST_TAG
            yield path, match["kind"], not mine and in_use(match["host"], int(match["pid"]), path)
        elif built is not None and built(path):
            yield path, "old" if match["legacy_old"] else "new", in_use(None, None, path)


def discard(folder: Path, marker: str | None = None) -> None:
    """Delete a staging folder or old copy: its marker first, so that what a killed deletion
    leaves is never taken for complete."""
    if marker is not None:
        with contextlib.suppress(OSError):
            (folder / marker).unlink()
    shutil.rmtree(folder, ignore_errors=True)


def recover(
    target: Path, marker: str, built: Callable[[Path], bool] | None = None, locked: bool = False
) -> Path | None:
    """Undo what a killed run left beside ``target`` (see the module's documentation); returns
    the folder put back as ``target``, if any. Call with the lock held (and say so with
    ``locked``). ``built`` tells the folders of older versions from others (see
    :func:`leftovers`)."""
    found = [(path, kind) for path, kind, busy in leftovers(target, built, locked) if not busy]
    restored = None
    if not os.path.lexists(target):
        complete = []
        for path, kind in found:
            with contextlib.suppress(OSError):
                complete.append(((path / marker).stat().st_mtime_ns, kind == "new", path))
        if complete:
            restored = max(complete)[2]
            try:
                restored.rename(target)
            except OSError:
                restored = None
    for path, _kind in found:
        if path != restored:
            discard(path, marker)
    return restored


def new_staging(target: Path) -> Path:
    """Make an empty staging folder beside ``target``, with the user's umask's permissions
    (the caller gives it the target's once it is written)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    for _attempt in range(100):
        staging = target.parent / temporary_name(target.name, "new")
        try:
            staging.mkdir()  # 0o777 less the umask
        except FileExistsError:
            continue
        return staging
    raise FileExistsError(errno.EEXIST, "no free staging name", str(target.parent))


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux ``renameat2(RENAME_EXCHANGE)``); False where the system
    or the drive cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
        return False
    raise OSError(code, os.strerror(code), str(a), None, str(b))


def swap(staging: Path, target: Path, marker: str | None = None) -> None:
    """Put ``staging`` where ``target`` is, keeping the old folder until the new one is in place.

    Where the system can, the two change places in one step; elsewhere the target is renamed
    aside first, and a run killed between the two renames is undone by :func:`recover`."""
    old = None
    if os.path.lexists(target):
        if _exchange(staging, target):
            discard(staging, marker)  # now the old folder
            return
        old = target.parent / temporary_name(target.name, "old")
        target.rename(old)
    try:
        staging.rename(target)
    except BaseException:
        if old is not None:
            old.rename(target)
        raise
    if old is not None:
        discard(old, marker)


class FolderLock:
    """An exclusive lock on building ``target``: ``.<name>.lock`` beside it, held while the
    ``with`` block runs. Waits up to ``timeout`` seconds for another run, then raises
    :class:`LockedError`. The system releases it when the process ends, however it ends; a
    drive that cannot lock files is used without a lock."""

    def __init__(self, target: Path, timeout: float = 300.0, what: str = "build") -> None:
        self.path = target.parent / f".{target.name}.lock"
        self.target = target
        self.timeout = timeout
        self.what = what
        self._handle: int | None = None
        self.held = False
        """Whether the lock is held (False on a drive that cannot lock files)."""

    def __enter__(self) -> FolderLock:
        self.target.parent.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + self.timeout
        while True:
            handle = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o666)
            try:
                locked = _try_lock(handle)
            except OSError:  # the drive cannot lock: go on without
                os.close(handle)
                return self
            if locked:
                try:
                    same = os.path.samestat(os.fstat(handle), self.path.stat())
                except OSError:
                    same = False
                if same:  # not a file that the previous holder deleted as we waited
                    self._handle = handle
                    self.held = True
                    with contextlib.suppress(OSError):
                        os.ftruncate(handle, 0)
                        os.write(handle, f"{os.getpid()}\n".encode())
                    return self
            os.close(handle)
            if time.monotonic() > deadline:
                raise LockedError(
                    str(self.path),
                    f"another {self.what} is writing {self.target}; wait for it to finish and run "
                    "the command again",
                )
            time.sleep(0.05)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._handle is not None:
            with contextlib.suppress(OSError):
                self.path.unlink()  # still locked: nobody else holds this file
            os.close(self._handle)
            self._handle = None
            self.held = False


def _try_lock(handle: int) -> bool:
    """Lock the open file without waiting; False if another process holds it."""
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(handle, msvcrt.LK_NBLCK, 1)
        except OSError as error:
            if error.errno in (errno.EACCES, errno.EDEADLK):
                return False
            raise
        return True
    import fcntl

    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True
