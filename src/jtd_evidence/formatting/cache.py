"""Reuse of renderings: per entry in memory, per entry on disk between runs, whole lists in memory.

What one entry renders to depends on the entry, the style, the locale and, for citations
and year suffixes, on the entries it must be told apart from. The engine asks an
:class:`EntryMemo` before every render of one entry, under a key naming what is rendered
(a sort key, a citation, the reference) with a digest of the entry's content and every
disambiguation setting that changes it (added names, initials, year suffix). Entries that
did not change are never rendered again; an entry whose disambiguation changed gets a new
key.

:class:`RenderCache` keeps each processor's memo in one file per style, locale and engine
version (a digest of the style and locale files, this package's :data:`ENGINE_VERSION`
and citeproc-py's version names the file), written atomically after a render; a file
that cannot be read is ignored with a warning and replaced at the next write, one that
cannot be written (a read-only or full drive) is a warning too, and temporary files that a
killed run left are removed.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import warnings
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path
from typing import Any

from jtd_evidence._atomic import atomic_write_text, remove_stale_temporaries

__all__ = [
    "ENGINE_VERSION",
    "CacheWarning",
    "EntryMemo",
    "RenderCache",
    "cache_key",
    "entry_digest",
    "file_digest",
]

ENGINE_VERSION = "13"
"""Bump when a change in this package changes rendered output, to retire cached renderings."""

_MISSING = object()


class CacheWarning(UserWarning):
    """A cache file could not be read; it is ignored (and rewritten at the next build)."""


def file_digest(path: str | os.PathLike[str]) -> str:
    """SHA-256 of a file's bytes (remembered while its size and modification time stay)."""
    stat = Path(path).stat()
    return _content_digest(str(path), stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=64)
def _content_digest(path: str, size: int, mtime_ns: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def entry_digest(item: dict[str, Any]) -> str:
    """A digest of one CSL-JSON item's content (its id is a name, not content, and is left out)."""
    content = {k: v for k, v in item.items() if k != "id"}
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def cache_key(items: list[dict[str, Any]], fingerprint: str) -> str:
    """A digest of a whole list of items for one processor (see Processor.fingerprint)."""
    digest = hashlib.sha256(f"{fingerprint}\0".encode())
    digest.update(json.dumps(items, sort_keys=True, ensure_ascii=False, default=str).encode())
    return digest.hexdigest()


class EntryMemo:
    """Rendered pieces of single entries, by key; remembers which keys were used since :meth:`mark`.

    Values are JSON values (strings, lists of strings, None). When more than ``limit`` are
    held, the memo starts afresh (a long-running process renders unbounded input).
    """

    def __init__(self, limit: int = 500_000) -> None:
        self.limit = limit
        self._data: dict[str, Any] = {}
        self._used: set[str] = set()
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._data)

    def get(self, key: str, default: Any = None) -> Any:
        value = self._data.get(key, _MISSING)
        if value is _MISSING:
            self.misses += 1
            return default
        self.hits += 1
        self._used.add(key)
        return value

    def put(self, key: str, value: Any) -> None:
        if len(self._data) >= self.limit:
            self._data.clear()
            self._used.clear()
        self._data[key] = value
        self._used.add(key)

    def update(self, values: dict[str, Any]) -> None:
        """Add values (from disk) without marking them used."""
        self._data.update(values)

    def mark(self) -> None:
        """Start counting used keys afresh."""
        self._used = set()

    def used(self) -> dict[str, Any]:
        """The values read or written since :meth:`mark`."""
        return {key: self._data[key] for key in self._used if key in self._data}


class RenderCache:
    """Renderings kept between runs: one file of per-entry renderings per style and locale in
    ``directory`` (none when ``directory`` is None), and whole renderings of the last ``size``
    lists in memory.
    """

    def __init__(self, directory: str | os.PathLike[str] | None = None, size: int = 32) -> None:
        self.directory = Path(directory) if directory is not None else None
        self.size = size
        self._memory: OrderedDict[str, Any] = OrderedDict()
        self._lock = threading.Lock()  # one cache may serve several threads
        self._loaded: set[str] = set()
        self.hits = 0
        self.misses = 0

    # -- whole renderings, in memory -----------------------------------------------------
    def get(self, key: str) -> Any:
        with self._lock:
            found = self._memory.get(key)
            if found is None:
                self.misses += 1
            else:
                self.hits += 1
                self._memory.move_to_end(key)
            return found

    def put(self, key: str, value: Any) -> None:
        with self._lock:
            self._memory[key] = value
            self._memory.move_to_end(key)
            while len(self._memory) > self.size:
                self._memory.popitem(last=False)

    # -- per-entry renderings, on disk ---------------------------------------------------
    def path(self, fingerprint: str) -> Path | None:
        """The file holding renderings for a processor fingerprint."""
        if self.directory is None:
            return None
        return self.directory / f"entries-{fingerprint}.json"

    def load(self, fingerprint: str, memo: EntryMemo) -> None:
        """Put the renderings stored for ``fingerprint`` into ``memo`` (once per cache object)."""
        path = self.path(fingerprint)
        if path is None or fingerprint in self._loaded:
            return
        self._loaded.add(fingerprint)
        memo.mark()
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return
        except OSError as error:
            warnings.warn(f"ignoring formatting cache {path}: {error}", CacheWarning, stacklevel=2)
            return
        try:
            data = json.loads(text)
            if data.get("version") != ENGINE_VERSION or data.get("fingerprint") != fingerprint:
                raise ValueError("written for another engine, style or locale")
            entries = data["entries"]
            if not isinstance(entries, dict):
                raise ValueError("no entries")
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            warnings.warn(f"ignoring unreadable formatting cache {path}: {error}", CacheWarning, stacklevel=2)
            return
        memo.update(entries)

    def save(self, fingerprint: str, memo: EntryMemo) -> None:
        """Write the renderings used since :meth:`load` (those of the last build), atomically."""
        path = self.path(fingerprint)
        if path is None:
            return
        entries = memo.used()
        data = {"version": ENGINE_VERSION, "fingerprint": fingerprint, "entries": entries}
        text = json.dumps(data, ensure_ascii=False, sort_keys=True)
        try:
            if path.read_text(encoding="utf-8") == text:
                return
        except (OSError, ValueError):
            pass
        remove_stale_temporaries(path.parent, "entries-")  # left by a killed run
        try:
            atomic_write_text(path, text)
        except OSError as error:  # a cache is worth a warning, not the build
            warnings.warn(f"formatting cache not saved: {error}", CacheWarning, stacklevel=2)
