"""One work cited under several statements is one entry: recognise the same work twice.

Two readings are one work when :func:`jtd_evidence.identity.same_work` says so (the same
DOI; or the same year and authors with the same title, or one without its subtitle, or the
same web address; organisations in any of their forms). A reading joins a work only if it
is the same work as *every* reading the work already has, so two different works never
end up as one through a third reading that resembles both. A later reading adds its
statements and fills fields the first lacked; a title spelled differently is reported.

A work keeps one reading per distinct identity (the fields :func:`same_work` reads), so a work
cited a thousand times in the same words is compared once per new reading, not a thousand times.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from jtd_evidence.identity import blocks, same_work
from jtd_evidence.models import Entry, Person

__all__ = ["Merger"]

_Identity = tuple[
    str | None, int | None, str | None, str | None, tuple[Person, ...], tuple[Person, ...], bool
]


def _identity(entry: Entry) -> _Identity:
    """What :func:`same_work` reads of an entry: two readings alike in these compare alike."""
    return (entry.doi, entry.year, entry.url, entry.title, entry.authors, entry.editors, entry.authors_et_al)


@dataclass
class Merger:
    """Collects readings in document order and merges repeats of the same work."""

    entries: list[Entry] = field(default_factory=list)
    readings: list[list[Entry]] = field(default_factory=list)  # one per distinct identity
    _identities: list[set[_Identity]] = field(default_factory=list)
    _index: dict[tuple[str, ...], dict[int, None]] = field(default_factory=lambda: defaultdict(dict))

    @classmethod
    def of(cls, entries: list[Entry]) -> Merger:
        """A merger already holding ``entries`` (merging any repeats among them)."""
        merger = cls()
        for entry in entries:
            merger.add(entry)
        return merger

    @classmethod
    def keeping(cls, entries: list[Entry]) -> Merger:
        """A merger holding ``entries`` as distinct works, even look-alikes among them: entries
        already in someone's .bib are the works they chose to keep apart (lint reports the pairs)."""
        merger = cls()
        for index, entry in enumerate(entries):
            merger.entries.append(entry)
            merger.readings.append([entry])
            merger._identities.append({_identity(entry)})
            merger._remember(entry, index)
        return merger

    def find(self, entry: Entry) -> int | None:
        """The index of the work ``entry`` is a reading of, or None."""
        candidates = sorted({i for key in blocks(entry) for i in self._index.get(key, ())})
        identity = _identity(entry)
        for index in candidates:
            if identity in self._identities[index]:
                return index  # alike a reading already compared with all the others
            if all(same_work(reading, entry) for reading in self.readings[index]):
                return index
        return None

    def add(self, entry: Entry) -> tuple[int, str | None]:
        """Add a reading; returns (index of its work, a message if the title differs from before)."""
        index = self.find(entry)
        if index is None:
            index = len(self.entries)
            self.entries.append(entry)
            self.readings.append([entry])
            self._identities.append({_identity(entry)})
            self._remember(entry, index)
            return index, None
        known = self.entries[index]
        message = None
        if known.title != entry.title:
            message = (
                f"title differs from the earlier citation of this work: {known.title!r} vs {entry.title!r}"
            )
        self.entries[index] = _combine(known, entry)
        identity = _identity(entry)
        if identity not in self._identities[index]:
            self._identities[index].add(identity)
            self.readings[index].append(entry)
            self._remember(entry, index)
        return index, message

    def _remember(self, entry: Entry, index: int) -> None:
        for key in blocks(entry):
            self._index[key][index] = None  # a dict as an ordered set: no list scan per add


def _combine(first: Entry, later: Entry) -> Entry:
    """The first reading, with the later one's statements and any fields the first lacked."""
    update: dict[str, object] = {"statements": tuple(sorted({*first.statements, *later.statements}))}
    for name in Entry.model_fields:
        if name in ("statements", "source", "key"):
            continue
        if getattr(first, name) in (None, (), False) and getattr(later, name) not in (None, (), False):
            update[name] = getattr(later, name)
    return first.model_copy(update=update)
