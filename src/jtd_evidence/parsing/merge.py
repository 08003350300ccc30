"""One work cited under several statements is one entry: recognise the same work twice.

Two readings are the same work when they have the same DOI, or the same authors
(family names), year and title after normalisation, or the same authors, year and URL. A second
reading adds its statements and fills fields the first lacked; a title spelled
differently is reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from jtd_evidence import _urls
from jtd_evidence._text import fold
from jtd_evidence.models import Entry


def _authors(entry: Entry) -> str:
    return "|".join(fold(p.full_family) for p in entry.authors)


def _url(url: str | None) -> str:
    if not url:
        return ""
    parts = _urls.split(url)
    if parts is None:
        return url
    host = parts.netloc.lower().removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}?{parts.query}"


def title_identity(entry: Entry) -> tuple[str, str, str]:
    return (_authors(entry), str(entry.year), fold(entry.title))


def url_identity(entry: Entry) -> tuple[str, str, str] | None:
    return (_authors(entry), str(entry.year), _url(entry.url)) if entry.url else None


@dataclass
class Merger:
    """Collects readings in document order and merges repeats of the same work."""

    entries: list[Entry] = field(default_factory=list)
    by_title: dict[tuple[str, str, str], int] = field(default_factory=dict)
    by_url: dict[tuple[str, str, str], int] = field(default_factory=dict)
    by_doi: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, entries: list[Entry]) -> Merger:
        """A merger already holding ``entries`` (merging any repeats among them)."""
        merger = cls()
        for entry in entries:
            merger.add(entry)
        return merger

    def add(self, entry: Entry) -> tuple[int, str | None]:
        """Add a reading; returns (index of its work, a message if the title differs from before)."""
        index = self.by_doi.get(entry.doi.lower()) if entry.doi else None
        if index is None:
            index = self.by_title.get(title_identity(entry))
        by_url = url_identity(entry)
        if index is None and by_url is not None:
            index = self.by_url.get(by_url)
        if index is None:
            index = len(self.entries)
            self.entries.append(entry)
            self.remember(entry, index)
            return index, None
        known = self.entries[index]
        message = None
        if known.title != entry.title:
            message = (
                f"title differs from the earlier citation of this work: {known.title!r} vs {entry.title!r}"
            )
        self.entries[index] = _combine(known, entry)
        self.remember(entry, index)
        return index, message

    def remember(self, entry: Entry, index: int) -> None:
        """Index ``entry`` as the work at ``index`` (by title and by URL)."""
        self.by_title.setdefault(title_identity(entry), index)
        by_url = url_identity(entry)
        if by_url is not None:
            self.by_url.setdefault(by_url, index)
        if entry.doi:
            self.by_doi.setdefault(entry.doi.lower(), index)


def _combine(first: Entry, later: Entry) -> Entry:
    """The first reading, with the later one's statements and any fields the first lacked."""
    update: dict[str, object] = {"statements": tuple(sorted({*first.statements, *later.statements}))}
    for name in Entry.model_fields:
        if name in ("statements", "source", "key"):
            continue
        if getattr(first, name) in (None, (), False) and getattr(later, name) not in (None, (), False):
            update[name] = getattr(later, name)
    return first.model_copy(update=update)
