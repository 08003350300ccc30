"""Registry answers kept on disk for a time-to-live, so a re-run asks only about what changed.

The cache maps a request (the URL with its query, without the ``mailto``) to what the registry
answered: a work list, a work, or "no such DOI" (a 404). A query is made from the entry's
fields, so an entry that was edited asks anew while the others are answered from here.
Failures (timeouts, 5xx, malformed bodies) are never kept.

Like the link cache (:mod:`jtd_evidence.links.cache`), it is a convenience, never a failure: a
file that cannot be read or written costs a :class:`RegistryCacheWarning` and the run goes on.
Saving merges what another run saved meanwhile (the newer answer wins) and replaces the file
in one rename.
"""

from __future__ import annotations

import time
import warnings
from pathlib import Path
from typing import Any

from jtd_evidence._cachefile import (
    Rows,
    Unreadable,
    default_path,
    is_time,
    merge_newer,
    read_table,
    write_table,
)

__all__ = ["RegistryCache", "RegistryCacheWarning", "default_registry_cache"]

_VERSION = 1


class RegistryCacheWarning(UserWarning):
    """The registry cache could not be read or written; the check is complete without it."""


def default_registry_cache() -> Path:
    """``$XDG_CACHE_HOME/jtd-evidence/registries.json`` (``~/.cache/...`` when the variable is unset)."""
    return default_path("registries.json")


def _fresh_row(row: Any, now: float, ttl: float) -> bool:
    if not isinstance(row, dict) or not isinstance(row.get("status"), int) or "data" not in row:
        return False
    epoch = row.get("fetched_epoch")
    return is_time(epoch) and 0 <= now - epoch <= ttl


class RegistryCache:
    """Answers by request URL, each with the time it was fetched."""

    def __init__(self, path: Path, ttl: float) -> None:
        self.path = Path(path)
        self.ttl = ttl
        self._rows = self._load(warn=True)
        self._new: dict[str, dict[str, Any]] = {}

    def _load(self, *, warn: bool) -> Rows:
        table = read_table(self.path, _VERSION, "answers")
        if isinstance(table, Unreadable):
            if warn:
                warnings.warn(
                    f"registry cache {self.path} not read ({table.error}); every entry is asked anew and the "
                    "file is written again at the end",
                    RegistryCacheWarning,
                    stacklevel=3,
                )
            return {}
        now = time.time()
        return {url: row for url, row in table.items() if _fresh_row(row, now, self.ttl)}

    def get(self, url: str) -> tuple[int, Any] | None:
        """(HTTP status, decoded JSON) answered for ``url`` within the time-to-live, or None."""
        row = self._new.get(url) or self._rows.get(url)
        if row is None or not _fresh_row(row, time.time(), self.ttl):
            return None
        return int(row["status"]), row["data"]

    def put(self, url: str, status: int, data: Any) -> None:
        self._new[url] = {"fetched_epoch": time.time(), "status": status, "data": data}

    def save(self) -> None:
        """Write the answers of this run (merged with the file as it is now) if there are any."""
        if not self._new:
            return
        rows = merge_newer(self._load(warn=False), self._new, "fetched_epoch")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_table(self.path, _VERSION, "answers", rows)
        except OSError as error:
            warnings.warn(
                f"registry cache not saved: {error}; give --cache FILE for another place or --no-cache",
                RegistryCacheWarning,
                stacklevel=2,
            )
            return
        self._rows, self._new = rows, {}
