"""Reuse of renderings: in memory within a process, and optionally on disk between runs.

A rendering is keyed by the content of every item rendered together (year suffixes and
added initials depend on the whole list), the style file's content, the locale and this
package's engine version; any change to one of them gives a new key, so a cache entry is
never stale. On disk each rendering is one small JSON file, written atomically.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path
from typing import Any

from jtd_evidence._atomic import atomic_write_text
from jtd_evidence.formatting.engine import CitationForms, RenderedEntry

__all__ = ["ENGINE_VERSION", "RenderCache", "cache_key"]

ENGINE_VERSION = "2"
"""Bump when a change in this package changes rendered output, to retire cached renderings."""


def _file_digest(path: str) -> str:
    stat = Path(path).stat()
    return _content_digest(path, stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=64)
def _content_digest(path: str, size: int, mtime_ns: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def cache_key(items: list[dict[str, Any]], style_path: str, locale: str) -> str:
    """A digest of everything a rendering depends on."""
    digest = hashlib.sha256()
    digest.update(f"{ENGINE_VERSION}\0{_file_digest(style_path)}\0{locale}\0".encode())
    digest.update(json.dumps(items, sort_keys=True, ensure_ascii=False, default=str).encode())
    return digest.hexdigest()


class RenderCache:
    """Renderings by key: the last ``size`` in memory, all of them in ``directory`` if given."""

    def __init__(self, directory: str | os.PathLike[str] | None = None, size: int = 32) -> None:
        self.directory = Path(directory) if directory is not None else None
        self.size = size
        self._memory: OrderedDict[str, list[RenderedEntry]] = OrderedDict()
        self.hits = 0
        self.misses = 0

    def get(self, key: str) -> list[RenderedEntry] | None:
        found = self._memory.get(key)
        if found is None and self.directory is not None:
            path = self.directory / f"{key}.json"
            try:
                found = [_entry(row) for row in json.loads(path.read_text(encoding="utf-8"))]
            except (OSError, ValueError, KeyError, TypeError):
                found = None
            if found is not None:
                self._remember(key, found)
        if found is None:
            self.misses += 1
        else:
            self.hits += 1
            self._memory.move_to_end(key)
        return found

    def put(self, key: str, entries: list[RenderedEntry]) -> None:
        self._remember(key, entries)
        if self.directory is not None:
            rows = [
                {
                    "id": e.id,
                    "html": e.html,
                    "parenthetical": e.citation.parenthetical,
                    "author_only": e.citation.author_only,
                    "suppress_author": e.citation.suppress_author,
                    "year_suffix": e.year_suffix,
                    "index": e.index,
                }
                for e in entries
            ]
            atomic_write_text(self.directory / f"{key}.json", json.dumps(rows, ensure_ascii=False))

    def _remember(self, key: str, entries: list[RenderedEntry]) -> None:
        self._memory[key] = entries
        self._memory.move_to_end(key)
        while len(self._memory) > self.size:
            self._memory.popitem(last=False)


def _entry(row: dict[str, Any]) -> RenderedEntry:
    forms = CitationForms(row["parenthetical"], row["author_only"], row["suppress_author"])
    return RenderedEntry(row["id"], row["html"], forms, row["year_suffix"], int(row["index"]))
