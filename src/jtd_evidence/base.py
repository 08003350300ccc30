"""The evidence base as an immutable collection: look-ups by key, statement, principle and text.

>>> import jtd_evidence
>>> base = jtd_evidence.load()
>>> len(base)
59
>>> [e.key for e in base.for_statement("Language is clear, shared and respectful")][:2]
['beckett2017child', 'brodie2021child']
>>> base.statements_of("hurst2021place")
('BB3', 'WC2')
>>> len(base.search(author="Godar", year=2021))
2
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path

from jtd_evidence._text import fold
from jtd_evidence.exceptions import CitationKeyError, JTDError
from jtd_evidence.framework import PRINCIPLES, STATEMENTS, Principle, Statement, principle, statement
from jtd_evidence.models import Entry, EntryType
from jtd_evidence.store import dumps_bib, read_bib

__all__ = ["EvidenceBase", "UnknownEntryError", "load", "shipped_bib"]


class UnknownEntryError(JTDError, KeyError):
    """No entry has this key."""

    def __init__(self, key: str, suggestions: list[str]) -> None:
        self.key = key
        hint = f"; closest: {', '.join(suggestions)}" if suggestions else ""
        super().__init__(f"no entry with key {key!r}{hint}")

    def __str__(self) -> str:  # KeyError would quote the whole message
        return str(self.args[0])


class EvidenceBase:
    """An immutable set of entries, sorted by key."""

    __slots__ = ("_by_key", "_entries", "source")

    def __init__(self, entries: Iterable[Entry], source: str | None = None) -> None:
        ordered = sorted(entries, key=lambda e: e.key or "")
        missing = [e.name for e in ordered if not e.key]
        if missing:
            raise CitationKeyError(f"every entry in an evidence base needs a key; missing for {missing[0]!r}")
        self._entries: tuple[Entry, ...] = tuple(ordered)
        self._by_key: dict[str, Entry] = {e.key: e for e in ordered if e.key}
        self.source = source

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self._entries)

    def __contains__(self, key: object) -> bool:
        return key in self._by_key

    def __repr__(self) -> str:
        return f"EvidenceBase({len(self)} entries from {self.source or 'memory'})"

    @property
    def entries(self) -> tuple[Entry, ...]:
        return self._entries

    @property
    def principles(self) -> tuple[Principle, ...]:
        """The framework's three principles."""
        return PRINCIPLES

    @property
    def statements(self) -> tuple[Statement, ...]:
        """The framework's twelve practice statements."""
        return STATEMENTS

    def get(self, key: str) -> Entry:
        """The entry with this key; UnknownEntryError names the closest keys."""
        try:
            return self._by_key[key]
        except KeyError:
            raise UnknownEntryError(key, difflib.get_close_matches(key, list(self._by_key), n=3)) from None

    def statements_of(self, key: str) -> tuple[str, ...]:
        """Ids of the statements an entry informs."""
        return self.get(key).statements

    def for_statement(self, which: str) -> tuple[Entry, ...]:
        """Entries under a statement, given by id ('LC3') or name (variants accepted)."""
        wanted = statement(which).id
        return tuple(e for e in self._entries if wanted in e.statements)

    def for_principle(self, which: str) -> tuple[Entry, ...]:
        """Entries under any statement of a principle, given by id ('WC') or name."""
        wanted = principle(which).id
        return tuple(e for e in self._entries if wanted in e.principles)

    def search(
        self,
        text: str | None = None,
        *,
        author: str | None = None,
        year: int | None = None,
        type: str | EntryType | None = None,
    ) -> tuple[Entry, ...]:
        """Entries matching every criterion given: words in title/container/publisher/note, author
        family name (or organisation), year, CSL type."""
        words = fold(text).split() if text else []
        who = fold(author) if author else None
        kind = EntryType(type) if type else None
        found = []
        for entry in self._entries:
            if year is not None and entry.year != year:
                continue
            if kind is not None and entry.type != kind:
                continue
            if who and not any(who in fold(p.full_family) for p in (*entry.authors, *entry.editors)):
                continue
            if words:
                haystack = fold(
                    " ".join(filter(None, (entry.title, entry.container_title, entry.publisher, entry.note)))
                )
                if not all(w in haystack for w in words):
                    continue
            found.append(entry)
        return tuple(found)

    def to_bibtex(self) -> str:
        """The base as BibTeX (the format of the shipped .bib)."""
        return dumps_bib(self._entries)

    def to_biblatex(self) -> str:
        """The base as BibLaTeX (``@report``, ``journaltitle``, ``date``, ...).

        >>> load().to_biblatex().splitlines()[0]
        '@report{allnock2013one,'
        """
        return dumps_bib(self._entries, dialect="biblatex")

    def to_csl_json(self) -> str:
        """The base as CSL-JSON (Zotero, citeproc); statement ids in ``keyword``.

        >>> import json
        >>> json.loads(load().to_csl_json())[0]["keyword"]
        'LC1'
        """
        from jtd_evidence.formats import dumps_csl_json  # the formats layer only when asked for

        return dumps_csl_json(list(self._entries))

    def to_ris(self) -> str:
        """The base as RIS (EndNote, Mendeley); statement ids as ``KW`` tags.

        >>> load().to_ris().splitlines()[:2]
        ['TY  - RPRT', 'ID  - allnock2013one']
        """
        from jtd_evidence.formats import dumps_ris

        return dumps_ris(list(self._entries))


def shipped_bib() -> Path:
    """Where the shipped evidence base is, in a checkout or an installed wheel."""
    resource = resources.files("jtd_evidence") / "data" / "joining-the-dots.bib"
    return Path(str(resource))


def load(path: str | os.PathLike[str] | None = None) -> EvidenceBase:
    """Load an evidence base from a .bib file; with no path, the shipped Joining the Dots base."""
    target = Path(path) if path is not None else shipped_bib()
    return EvidenceBase(read_bib(target), source=str(target))
