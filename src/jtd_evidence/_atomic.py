"""Atomic file writes: write a temporary file beside the target, then rename over it.

A failure at any point leaves the target exactly as it was, and reaches the caller as a
:class:`~jtd_evidence.exceptions.WriteError` that names the path and says, in plain words,
what went wrong (a read-only drive, a full disk, no permission, a file where a folder
should be) and what to do.

New files get the permissions the user's umask gives (0644 by default), so colleagues on
a shared drive can read them; a file that is replaced keeps its own permissions.

Temporary files are named ``.<name>.<host>-<pid>-<random>.tmp``: a run that starts after a
crash can tell which ones are left over (see :func:`remove_stale_temporaries`).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import secrets
import socket
import stat
import time
from pathlib import Path

from jtd_evidence.exceptions import WriteError

__all__ = [
    "HOST_TAG",
    "STALE_AFTER",
    "atomic_write_bytes",
    "atomic_write_text",
    "check_writable",
    "explain_os_error",
    "in_use",
    "process_alive",
    "remove_stale_temporaries",
    "temporary_name",
    "write_error",
    "write_temporary",
]

HOST_TAG = hashlib.blake2s(socket.gethostname().encode(), digest_size=3).hexdigest()
"""Six hex digits naming this computer in temporary names (a shared drive has several)."""

STALE_AFTER = 3600.0
"""Seconds after which a temporary file or folder that another computer (or an older version,
whose names carry no process id) left is taken to be abandoned."""

_TEMP = re.compile(r"^\.(?P<name>.+)\.(?P<host>[0-9a-f]{6})-(?P<pid>\d+)-[0-9a-f]{8}\.tmp$")
_LEGACY_TEMP = re.compile(r"^\.(?P<name>.+)\.[a-z0-9_]{8}\.tmp$")  # tempfile.mkstemp, before pids


def temporary_name(name: str, kind: str = "tmp") -> str:
    """A name for a temporary sibling of ``name`` that says which process made it."""
    token = secrets.token_hex(4)
    if kind == "tmp":
        return f".{name}.{HOST_TAG}-{os.getpid()}-{token}.tmp"
    return f".{name}-{kind}-{HOST_TAG}-{os.getpid()}-{token}"


def process_alive(pid: int) -> bool:
    """Whether process ``pid`` runs on this computer (True when it cannot be told)."""
    if pid == os.getpid():
        return True
    if pid <= 0 or os.name == "nt":  # os.kill would end the process on Windows
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: alive, another user's
        return True
    with contextlib.suppress(OSError, IndexError):  # a killed child not yet reaped is a zombie
        state = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()[0]
        return state not in ("Z", "X")
    return True


def in_use(host: str | None, pid: int | None, path: Path) -> bool:
    """Whether a temporary file or folder named with ``host`` and ``pid`` may still be written:
    its process runs here, or another computer (or an old version) touched it within
    :data:`STALE_AFTER` seconds."""
    if host == HOST_TAG and pid is not None:
        return process_alive(pid)
    try:
        return time.time() - path.lstat().st_mtime < STALE_AFTER
    except OSError:
        return False


def remove_stale_temporaries(directory: str | os.PathLike[str], prefix: str = "") -> list[Path]:
    """Delete the temporary files :func:`atomic_write_bytes` left in ``directory`` (for targets
    whose name starts with ``prefix``) when a run was killed; returns what was removed.

    Only files named as this module names them, and not in use (see :func:`in_use`), go.
    """
    removed: list[Path] = []
    try:
        names = [path.name for path in Path(directory).iterdir()]
    except OSError:
        return removed
    for name in names:
        match = _TEMP.match(name)
        if match is not None:
            host, pid = match["host"], int(match["pid"])
        else:
            match = _LEGACY_TEMP.match(name)
            if match is None:
                continue
            host, pid = None, None
        if not match["name"].startswith(prefix):
            continue
        path = Path(directory) / name
        if not path.is_file() or in_use(host, pid, path):
            continue
        with contextlib.suppress(OSError):
            path.unlink()
            removed.append(path)
    return removed


def _blocking_file(path: Path) -> Path | None:
    """The first part of ``path`` that exists but is not a folder (so nothing can go under it),
    or ``path`` itself if it is not a folder."""
    for parent in [*reversed(path.parents), path]:
        try:
            if not parent.is_dir() and parent.exists():
                return parent
        except OSError:
            return None
    return None


def explain_os_error(error: OSError, path: str | os.PathLike[str]) -> tuple[str, str]:
    """What went wrong writing ``path``, in plain words, and what to do about it."""
    code = error.errno
    target = Path(path)
    if code in (errno.ENOTDIR, errno.EEXIST):
        blocker = _blocking_file(target)
        if blocker is not None:
            return (
                f"{blocker} is a file, not a folder",
                "give another path, or move that file out of the way",
            )
    if code == errno.EROFS:
        return "the drive is read-only", "write to a folder on another drive, or ask for write access"
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG):
        return (
            "no space left on the drive (or your quota is used up)",
            "free some space or write to another drive, then run the command again",
        )
    if code in (errno.EACCES, errno.EPERM):
        return (
            "permission denied",
            "choose a folder you can write to, or ask the folder's owner for write access",
        )
    if code == errno.EISDIR:
        return "it is a folder, not a file", "give the path of a file to write"
    if code == errno.ENOENT:
        return (
            "its folder does not exist (it may have been moved or removed)",
            "check the path and run the command again",
        )
    if code == errno.ENAMETOOLONG:
        return "the name is too long", "choose a shorter name or a folder nearer the top of the drive"
    if code == errno.EIO:
        return (
            "the drive reported an input/output error",
            "check that the drive or network share is still connected, then run the command again",
        )
    reason = error.strerror or str(error) or type(error).__name__
    return reason[:1].lower() + reason[1:], "check the path and the drive, then run the command again"


def write_error(path: str | os.PathLike[str], error: OSError, what: str = "write") -> WriteError:
    """``error``, met while writing ``path``, as a :class:`WriteError` that says what to do:
    "PATH: cannot WHAT it: REASON; nothing was changed. To fix: ADVICE." (``what`` is a verb, as
    "write" or "replace", or a phrase with its object, as "create the lock file").

    The result keeps ``errno`` and the original error as its cause."""
    if isinstance(error, WriteError):
        return error
    reason, advice = explain_os_error(error, path)
    action = what if " " in what else f"{what} it"
    result = WriteError(str(path), f"cannot {action}: {reason}; nothing was changed. To fix: {advice}.")
    result.errno = error.errno
    result.strerror = reason
    result.filename = str(path)
    result.__cause__ = error
    return result


def _create_temporary(target: Path) -> tuple[int, Path]:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)
    for _attempt in range(100):
        temp = target.parent / temporary_name(target.name)
        try:
            return os.open(temp, flags, 0o666), temp  # 0o666 less the umask, as for any new file
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(target.parent))


def write_temporary(target: Path, data: bytes) -> Path:
    """``data`` in a new temporary file beside ``target`` (named by :func:`temporary_name`),
    flushed to disk, with ``target``'s permissions if it exists (else the umask's); the caller
    renames it over ``target``. Nothing is left behind if this fails (raises ``OSError``)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode: int | None = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = None
    handle, temp = _create_temporary(target)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if mode is not None:
            temp.chmod(mode)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    return temp


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace ``path`` with ``data`` in one rename; the old file survives any failure.

    Raises :class:`WriteError` (an ``OSError``) when the file cannot be written."""
    target = Path(path)
    try:
        if target.is_symlink():  # replace the file the link points to, not the link
            target = target.resolve()
        temp = write_temporary(target, data)
        try:
            temp.replace(target)
        except BaseException:
            with contextlib.suppress(OSError):
                temp.unlink()
            raise
    except OSError as error:
        raise write_error(path, error) from error


def atomic_write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write UTF-8 text with '\\n' line endings atomically (see atomic_write_bytes)."""
    atomic_write_bytes(path, text.encode("utf-8"))


def check_writable(path: str | os.PathLike[str]) -> None:
    """Raise :class:`WriteError` now if ``path`` clearly cannot be written later (its folder is
    read-only, not writable by this user, or a file; or ``path`` is a folder). Creates nothing
    that stays. Use before long work whose result would otherwise be lost."""
    target = Path(path)
    try:
        if target.is_dir():
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(target))
        folder = target.parent
        while not folder.exists() and folder != folder.parent:
            folder = folder.parent
        if not folder.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(folder))
        handle, temp = _create_temporary(folder / target.name)
        os.close(handle)
        temp.unlink()
    except OSError as error:
        raise write_error(path, error) from error
