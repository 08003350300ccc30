"""Atomic file writes: write a temporary file beside the target, then rename over it.

A failure at any point leaves the target exactly as it was.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace ``path`` with ``data`` in one rename; the old file survives any failure."""
    target = Path(path)
    if target.is_symlink():  # replace the file the link points to, not the link
        target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        temp = Path(temp_name)
        temp.chmod(target.stat().st_mode & 0o777 if target.exists() else 0o644)
        temp.replace(target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            Path(temp_name).unlink()
        raise


def atomic_write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write UTF-8 text with '\\n' line endings atomically (see atomic_write_bytes)."""
    atomic_write_bytes(path, text.encode("utf-8"))
