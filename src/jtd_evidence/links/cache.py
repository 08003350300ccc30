"""Results cache: a JSON file keyed by URL, with a time-to-live, written atomically.

Only working links are kept, so a re-run within the TTL checks again exactly what is new
or was failing. Entry keys are not stored: they belong to the run, not to the URL.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import warnings
from pathlib import Path
from typing import Any

from jtd_evidence._atomic import atomic_write_text, remove_stale_temporaries
from jtd_evidence.links.types import WORKING, LinkResult

__all__ = ["LinkCache", "LinkCacheWarning"]

log = logging.getLogger(__name__)
_VERSION = 1


class LinkCacheWarning(UserWarning):
    """The results cache could not be written (a read-only or full drive, no permission); the
    results of the run are complete, only the next run cannot reuse them."""


class LinkCache:
    def __init__(self, path: Path, ttl: float) -> None:
        self.path = Path(path)
        self.ttl = ttl
        self._lock = threading.Lock()
        self._rows: dict[str, dict[str, Any]] = {}
        self._dirty = False
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return
        except (OSError, ValueError) as error:
            log.warning("ignoring unreadable link cache %s (%s); it will be rewritten", self.path, error)
            return
        if (
            isinstance(data, dict)
            and data.get("version") == _VERSION
            and isinstance(data.get("results"), dict)
        ):
            self._rows = data["results"]

    def get(self, url: str, *, need_fragments: bool = False) -> LinkResult | None:
        """A fresh cached result for ``url``, or None."""
        with self._lock:
            row = self._rows.get(url)
        if not row:
            return None
        try:
            age = time.time() - float(row["checked_epoch"])
            result = LinkResult.from_dict(row["result"])
        except (KeyError, TypeError, ValueError):
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
                self._dirty = True
            elif result.status not in WORKING and result.url in self._rows:
                del self._rows[result.url]
                self._dirty = True

    def save(self) -> None:
        """Write the cache (dropping expired rows) if anything changed; a cache that cannot be
        written is a :class:`LinkCacheWarning`, not an error."""
        with self._lock:
            if not self._dirty:
                return
            now = time.time()
            rows = {u: r for u, r in self._rows.items() if now - float(r.get("checked_epoch", 0)) <= self.ttl}
            text = json.dumps({"version": _VERSION, "results": rows}, indent=1, sort_keys=True)
            self._dirty = False
        remove_stale_temporaries(self.path.parent, self.path.name)  # left by a killed run
        try:
            atomic_write_text(self.path, text + "\n")
        except OSError as error:
            warnings.warn(f"link cache not saved: {error}", LinkCacheWarning, stacklevel=2)
