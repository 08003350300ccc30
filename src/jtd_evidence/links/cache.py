"""Results cache: a JSON file keyed by URL, with a time-to-live, written atomically.

Only working links are kept, so a re-run within the TTL checks again exactly what is new
or was failing. Entry keys are not stored: they belong to the run, not to the URL.

The cache is a convenience, never a failure: a file that cannot be read (a folder, no
permission, not JSON, rows that are not results) or written (read-only, full drive) costs a
:class:`LinkCacheWarning` that says what, where and what to do, and the run goes on without it.
Saving merges the rows another run saved meanwhile (the newer check of a URL wins), then
replaces the file in one rename, so two runs at once do not lose each other's results.
"""

from __future__ import annotations

import threading
import time
import warnings
from pathlib import Path
from typing import Any

from jtd_evidence._atomic import explain_os_error
from jtd_evidence._cachefile import Rows, Unreadable, is_time, merge_newer, read_table, write_table
from jtd_evidence.links.types import UNCHECKED, WORKING, LinkResult

__all__ = ["LinkCache", "LinkCacheWarning"]

_VERSION = 1


class LinkCacheWarning(UserWarning):
    """The results cache could not be read or written (a folder in its place, no permission, a
    read-only or full drive, a damaged file); the results of the run are complete, only cached
    results were not used or the next run cannot reuse these."""


def _warn(message: str) -> None:
    warnings.warn(message, LinkCacheWarning, stacklevel=3)


def _usable(row: Any) -> bool:
    """A row as :meth:`LinkCache.put` writes it: an object with a finite check time and a result object."""
    if not isinstance(row, dict) or not isinstance(row.get("result"), dict):
        return False
    return is_time(row.get("checked_epoch"))


def _read_rows(path: Path, *, quiet: bool = False) -> Rows:
    """The usable rows of the cache file at ``path`` ({} when there is none); a warning for
    anything that cannot be used, unless ``quiet``."""
    table = read_table(path, _VERSION, "results")
    if isinstance(table, Unreadable):
        if not quiet:
            _warn(_unreadable(path, table.error))
        return {}
    rows = {url: row for url, row in table.items() if isinstance(url, str) and _usable(row)}
    dropped = len(table) - len(rows)
    if dropped and not quiet:
        _warn(
            f"link cache {path}: {dropped} damaged row{'s' if dropped != 1 else ''} ignored (not result "
            "objects); those links were checked again and the file will be written anew"
        )
    return rows


def _unreadable(path: Path, error: Exception) -> str:
    if isinstance(error, OSError):
        return f"link cache {path} not read: {explain_os_error(error, path)[0]}; the links were checked without it"
    if isinstance(error, UnicodeDecodeError):
        return f"link cache {path} not read: it is not UTF-8 text; the links were checked without it"
    return f"link cache {path} not read: it is not valid JSON ({error}); it will be written anew"


class LinkCache:
    def __init__(self, path: Path, ttl: float) -> None:
        self.path = Path(path)
        self.ttl = ttl
        self._lock = threading.Lock()
        self._rows: Rows = _read_rows(self.path)
        self._removed: dict[str, float] = {}
        """URLs this run found failing, and when."""
        self._dirty = False

    def get(self, url: str, *, need_fragments: bool = False) -> LinkResult | None:
        """A fresh cached result for ``url``, or None."""
        with self._lock:
            row = self._rows.get(url)
        if not row:
            return None
        try:
            age = time.time() - float(row["checked_epoch"])
            result = LinkResult.from_dict(row["result"])
        except (KeyError, TypeError, ValueError, AttributeError):
            return None
        if not 0 <= age <= self.ttl:
            return None
        if need_fragments and not result.fragments_checked:
            return None
        return result.replace(cached=True)

    def put(self, result: LinkResult) -> None:
        with self._lock:
            if result.status in WORKING and not result.cached:
                row = result.replace(keys=(), cached=False).to_dict()
                self._rows[result.url] = {"checked_epoch": time.time(), "result": row}
                self._removed.pop(result.url, None)
                self._dirty = True
            elif result.status not in WORKING | UNCHECKED and result.url in self._rows:
                del self._rows[result.url]
                self._removed[result.url] = time.time()
                self._dirty = True

    def save(self) -> None:
        """Write the cache (dropping expired rows, keeping rows another run saved meanwhile) if
        anything changed; a cache that cannot be written is a :class:`LinkCacheWarning`."""
        with self._lock:
            if not self._dirty:
                return
            rows = _merged(_read_rows(self.path, quiet=True), self._rows, self._removed)
            now = time.time()
            rows = {u: r for u, r in rows.items() if now - float(r["checked_epoch"]) <= self.ttl}
            self._dirty = False
        try:
            write_table(self.path, _VERSION, "results", rows, indent=1)
        except OSError as error:  # a WriteError: names the path, says what went wrong and what to do
            _warn(f"link cache not saved: {error}")


def _merged(theirs: Rows, ours: Rows, removed: dict[str, float]) -> Rows:
    """Rows now on disk merged with this run's: for each URL the newer check wins; a URL this
    run found failing goes unless another run found it working later."""
    rows = dict(theirs)
    for url, when in removed.items():
        if url in rows and float(rows[url]["checked_epoch"]) <= when:
            del rows[url]
    return merge_newer(rows, ours, "checked_epoch")
