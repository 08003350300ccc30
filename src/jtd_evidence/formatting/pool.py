"""The works a citation is rendered against: the reference list it belongs to (``context``),
then each work it cites that the list lacks, found by key in the list or in the shipped
evidence base.

    >>> pool = ItemPool([{"id": "a", "type": "book", "title": "A"}])
    >>> pool.add(Cite("a", locator="4"))[0], pool.add("hurst2021place")[0], len(pool.items)
    (0, 1, 2)
    >>> pool.add("hurst2021plaec")
    Traceback (most recent call last):
    ...
    jtd_evidence.base.UnknownEntryError: no entry with key 'hurst2021plaec'; closest: hurst2021place, fraser2021public
"""

from __future__ import annotations

import difflib
import sys
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from jtd_evidence.formatting.cites import Cite

if TYPE_CHECKING:
    from typing import TypeGuard

    from jtd_evidence.base import EvidenceBase
    from jtd_evidence.models import Entry

__all__ = ["ItemPool", "closest_keys", "is_entry"]


def is_entry(value: object) -> TypeGuard[Entry]:
    """Whether ``value`` is a :class:`jtd_evidence.models.Entry`, without importing the models
    (a third of the time formatting takes to import): no Entry exists before they are imported."""
    models = sys.modules.get("jtd_evidence.models")
    return models is not None and isinstance(value, models.Entry)


@lru_cache(maxsize=1)
def _shipped() -> EvidenceBase:
    from jtd_evidence.base import load

    return load()


def closest_keys(key: str, known: Iterable[str], n: int = 3) -> list[str]:
    """The known keys most like ``key`` (a mistyped citation key), best first."""
    return difflib.get_close_matches(key, list(dict.fromkeys(known)), n=n, cutoff=0.6)


class ItemPool:
    """CSL-JSON items in the order given: the context first, then works cited that it lacks."""

    def __init__(self, context: Iterable[Entry | dict[str, Any]] | None = None) -> None:
        self.items: list[dict[str, Any]] = [e.to_csl() if is_entry(e) else dict(e) for e in context or ()]
        self._by_id: dict[str, int] = {}
        for index, item in enumerate(self.items):
            self._by_id.setdefault(str(item.get("id")), index)

    def add(self, cited: Entry | dict[str, Any] | Cite | str) -> tuple[int, Cite | None]:
        """The position of a cited work among :attr:`items` (added if new) and its cite options.

        A key (a str or a :class:`Cite`) is looked up among the items' ids, then in the shipped
        evidence base; an unknown key raises :class:`~jtd_evidence.base.UnknownEntryError`
        naming the closest known keys."""
        if isinstance(cited, str | Cite):
            key = cited if isinstance(cited, str) else cited.key
            return self._find(key), cited if isinstance(cited, Cite) else None
        item = cited.to_csl() if is_entry(cited) else dict(cited)
        try:
            return self.items.index(item), None
        except ValueError:
            return self._append(item), None

    def known_keys(self) -> list[str]:
        return [*self._by_id, *(str(e.key) for e in _shipped().entries)]

    def _append(self, item: dict[str, Any]) -> int:
        self.items.append(item)
        self._by_id.setdefault(str(item.get("id")), len(self.items) - 1)
        return len(self.items) - 1

    def _find(self, key: str) -> int:
        found = self._by_id.get(key)
        if found is not None:
            return found
        from jtd_evidence.base import UnknownEntryError

        base = _shipped()
        if key not in base:
            raise UnknownEntryError(key, closest_keys(key, self.known_keys()))
        return self._append(base.get(key).to_csl())
