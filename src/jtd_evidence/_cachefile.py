"""The file under both result caches (links, registries): one JSON object holding a format
version and one table of rows keyed by URL, each row stamped with the time it was made.

A cache is a convenience, never a failure: :func:`read_table` says why a file could not be
read (the caller warns in its own words and goes on without it) and treats another version's
file as empty; :func:`merge_newer` keeps, for each URL, the newer of two runs' rows;
:func:`write_table` clears temporaries a killed run left and replaces the file in one rename.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeGuard

from jtd_evidence._atomic import atomic_write_text, remove_stale_temporaries

__all__ = ["Rows", "Unreadable", "default_path", "is_time", "merge_newer", "read_table", "write_table"]

Rows = dict[str, dict[str, Any]]


def default_path(name: str) -> Path:
    """``$XDG_CACHE_HOME/jtd-evidence/NAME`` (``~/.cache/...`` when the variable is unset)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "jtd-evidence" / name


@dataclass(frozen=True)
class Unreadable:
    """Why a cache file could not be read: an OSError, a UnicodeDecodeError (not UTF-8) or a
    ValueError from the JSON decoder."""

    error: Exception


def read_table(path: Path, version: int, table: str) -> dict[str, Any] | Unreadable:
    """The ``table`` object of the cache file at ``path``: {} when there is no file or it is
    another version's (rewritten at the next save), :class:`Unreadable` when it cannot be read."""
    try:
        text = path.read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError):
        return {}  # no cache yet (a file where its folder should be is said when saving)
    except (OSError, UnicodeDecodeError) as error:
        return Unreadable(error)
    try:
        data = json.loads(text)
    except ValueError as error:
        return Unreadable(error)
    if not isinstance(data, dict) or data.get("version") != version or not isinstance(data.get(table), dict):
        return {}
    rows: dict[str, Any] = data[table]
    return rows


def is_time(value: object) -> TypeGuard[float]:
    """Whether a row's stamp is a usable time: a finite number of seconds (not a bool)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def merge_newer(theirs: Mapping[str, dict[str, Any]], ours: Mapping[str, dict[str, Any]], stamp: str) -> Rows:
    """``theirs`` (the file as another run left it) with ``ours`` laid over it: for each URL the
    row with the later ``stamp`` wins (ours on a tie)."""
    rows = dict(theirs)
    for url, row in ours.items():
        other = rows.get(url)
        if other is None or float(other[stamp]) <= float(row[stamp]):
            rows[url] = row
    return rows


def write_table(path: Path, version: int, table: str, rows: Rows, *, indent: int | None = None) -> None:
    """Replace the file at ``path`` with ``rows`` as ``table`` (keys sorted, so the same rows give
    the same bytes); raises the WriteError (an OSError) of :func:`atomic_write_text`."""
    separators = None if indent is not None else (",", ":")
    text = json.dumps({"version": version, table: rows}, indent=indent, sort_keys=True, separators=separators)
    if path.parent.is_dir():
        remove_stale_temporaries(path.parent, path.name)  # left by a killed run
    atomic_write_text(path, text + "\n")
