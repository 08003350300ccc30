"""Reading lists: the evidence base's works under each principle and practice statement,
as references in a citation style, ready for Markdown, HTML, plain text or Word.

    >>> import jtd_evidence
    >>> from jtd_evidence.reading_lists import reading_list
    >>> rl = reading_list(jtd_evidence.load(), style="apa", group_by="statement", statements=["WC2"])
    >>> [s.heading for s in rl.sections]
    ['WC2 Local approaches respond to locally evidenced context']
    >>> rl.sections[0].entries[0].as_("text")[:45]
    'Fraser, A., & Irwin-Rogers, K. (2021). A publ'
    >>> rl.sections[0].entries[0].citation
    '(Fraser & Irwin-Rogers, 2021)'

Each list is its own bibliography, as Zotero and pandoc make one per document: year
suffixes (2021a, 2021b) and added initials tell apart the works of that list only, so a
list that holds one of Wroe's two 2021 works shows "Wroe, L. (2021)". With
``consistent_across_base=True`` they are worked out over the whole base instead and are the
same in every list (for a set of documents that must agree). A work listed under several
statements appears under each.
``group_by="work"`` lists every work once, in the style's bibliography order:

    >>> len(reading_list(jtd_evidence.load(), group_by="work").keys)
    59

A list of one statement (or principle) is titled with it; its page shows the heading once
(:attr:`ReadingList.lead` and :attr:`ReadingList.body`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from jtd_evidence.base import EvidenceBase
from jtd_evidence.exceptions import UnknownChoiceError
from jtd_evidence.formatting import RenderedEntry, convert, render, resolve_style
from jtd_evidence.framework import PRINCIPLES, STATEMENTS, Statement, principle, statement
from jtd_evidence.models import Entry

__all__ = [
    "ListedEntry",
    "ReadingList",
    "Section",
    "incomplete_entries",
    "locale_name",
    "reading_list",
    "style_label",
]

STYLE_NAMES = {"harvard": "Harvard (Cite Them Right)", "apa": "APA 7th edition"}
GROUPINGS = ("principle", "statement", "work")
"""How :func:`reading_list` groups works: under principles and their statements, under
statements, or one list of every work once."""

_LANGUAGES = {
    "en": "English",
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "it": "Italian",
    "nl": "Dutch",
}
_REGIONS = {"GB": "UK", "US": "US", "AU": "Australian", "CA": "Canadian", "IE": "Irish", "NZ": "New Zealand"}


def locale_name(locale: str) -> str:
    """A locale tag as people say it: ``en-GB`` -> "UK English"; an unknown one as its tag.

    >>> locale_name("en-US"), locale_name("de-AT"), locale_name("xx")
    ('US English', 'German (de-AT)', 'xx')
    """
    language, _dash, region = locale.partition("-")
    name = _LANGUAGES.get(language.lower())
    if name is None:
        return locale
    if not region:
        return name
    adjective = _REGIONS.get(region.upper())
    return f"{adjective} {name}" if adjective else f"{name} ({locale})"


def style_label(style: str, locale: str) -> str:
    """A style and locale as one readable label.

    >>> style_label("harvard", "en-GB")
    'Harvard (Cite Them Right), UK English'
    """
    return f"{STYLE_NAMES.get(style, style)}, {locale_name(locale)}"


@dataclass(frozen=True)
class ListedEntry:
    """One work in a list: its key, reference (HTML) and parenthetical citation (text)."""

    key: str
    html: str
    citation: str

    def as_(self, output: str) -> str:
        """The reference as "html", "text" or "markdown"."""
        return convert(self.html, output)


@dataclass(frozen=True)
class Section:
    """A principle or statement heading with its works and, for principles, its statements."""

    id: str
    heading: str
    level: int
    entries: tuple[ListedEntry, ...] = ()
    sections: tuple[Section, ...] = ()
    summary: str = ""

    def walk(self) -> Iterable[Section]:
        yield self
        for child in self.sections:
            yield from child.walk()

    def promoted(self) -> Section:
        """The section one heading level up, with its sub-sections."""
        return replace(self, level=self.level - 1, sections=tuple(s.promoted() for s in self.sections))


@dataclass(frozen=True)
class ReadingList:
    """A titled reading list in one style and locale."""

    title: str
    style: str
    locale: str
    sections: tuple[Section, ...]
    incomplete: tuple[tuple[str, tuple[str, ...]], ...] = field(default=())
    built: date | None = None
    """The build date a page of a built site shows (None outside a site)."""
    root: str | None = None
    """The site's folder relative to the page (``..``), for the link back to the index."""

    @property
    def style_name(self) -> str:
        return STYLE_NAMES.get(self.style, self.style)

    @property
    def style_label(self) -> str:
        """Style and locale as people read them: "Harvard (Cite Them Right), UK English"."""
        return style_label(self.style, self.locale)

    @property
    def lead(self) -> Section | None:
        """The one section the title already names (a statement's or principle's list): its
        summary and works go under the title, with no heading of their own."""
        if len(self.sections) == 1 and self.sections[0].heading == self.title:
            return self.sections[0]
        return None

    @property
    def body(self) -> tuple[Section, ...]:
        """The sections a page shows under the title (and the lead), so the title is never repeated."""
        lead = self.lead
        if lead is None:
            return self.sections
        return tuple(child.promoted() for child in lead.sections)

    def walk(self) -> Iterable[Section]:
        for section in self.sections:
            yield from section.walk()

    @property
    def keys(self) -> tuple[str, ...]:
        """Keys of every work listed, once each, in first-seen order."""
        seen: dict[str, None] = {}
        for section in self.walk():
            for entry in section.entries:
                seen.setdefault(entry.key, None)
        return tuple(seen)


WORKS_TITLE = "Joining the Dots: bibliography"
"""The title of the list of every work once (``group_by="work"``)."""


def incomplete_entries(entries: Iterable[Entry]) -> list[tuple[str, tuple[str, ...]]]:
    """(key, missing fields) for works that render without a title, a date, a creator or a source."""
    found = []
    for entry in entries:
        missing = [] if entry.title else ["title"]
        if entry.year is None:
            missing.append("year")
        if not (entry.authors or entry.editors):
            missing.append("author")
        if not (entry.publisher or entry.container_title or entry.url or entry.doi):
            missing.append("publisher")
        if missing:
            found.append((entry.key or entry.name, tuple(missing)))
    return found


def reading_list(
    base: EvidenceBase,
    style: str = "harvard",
    locale: str = "en-GB",
    group_by: str = "principle",
    principles: Sequence[str] | None = None,
    statements: Sequence[str] | None = None,
    *,
    consistent_across_base: bool = False,
) -> ReadingList:
    """The reading list of a base, by principle (with a sub-list per statement), by statement,
    or by work (every work once, under one heading: the title).

    ``principles`` and ``statements`` (ids or names) restrict the list; with neither, every
    principle and statement is listed. Works are in the style's bibliography order. Year
    suffixes and added initials are worked out over the works of this list, or over the
    whole base with ``consistent_across_base``.
    """
    if group_by not in GROUPINGS:
        raise UnknownChoiceError("group_by", group_by, GROUPINGS)
    resolve_style(style)
    wanted_principles = [principle(p).id for p in principles] if principles else None
    wanted_statements = [statement(s).id for s in statements] if statements else None
    chosen = _chosen(wanted_principles, wanted_statements)
    bibliography = list(base.entries)
    if not consistent_across_base:  # this list's works are its bibliography
        chosen_ids = {s.id for s in chosen}
        bibliography = [entry for entry in bibliography if chosen_ids.intersection(entry.statements)]
    ordered = _ordered(bibliography, render(bibliography, style, locale, links=True).entries)
    sections = _sections(group_by, chosen, ordered)
    title = _title(group_by, sections, chosen, wanted_principles, wanted_statements)
    used = {key for section in sections for s in section.walk() for key in (e.key for e in s.entries)}
    incomplete = tuple(item for item in incomplete_entries(base.entries) if item[0] in used)
    return ReadingList(title, style, locale, sections, incomplete)


def _chosen(principles: Sequence[str] | None, statements: Sequence[str] | None) -> list[Statement]:
    """The statements listed, in the framework's order: those given and under the principles
    given (every one where neither is given)."""
    return [
        s
        for s in STATEMENTS
        if (statements is None or s.id in statements) and (principles is None or s.principle_id in principles)
    ]


def _sections(
    group_by: str, chosen: Sequence[Statement], ordered: Sequence[tuple[Entry, ListedEntry]]
) -> tuple[Section, ...]:
    """The list's sections: one of every work, one per statement, or one per principle with a
    sub-section per statement; each works in the bibliography's order."""

    def listed(statement_id: str) -> tuple[ListedEntry, ...]:
        return tuple(item for entry, item in ordered if statement_id in entry.statements)

    if group_by == "work":
        ids = {s.id for s in chosen}
        works = tuple(item for entry, item in ordered if ids.intersection(entry.statements))
        heading = WORKS_TITLE if len(chosen) == len(STATEMENTS) else f"{WORKS_TITLE}: {_joined(chosen)}"
        return (Section("works", heading, 2, works),)
    if group_by == "statement":
        return tuple(Section(s.id, f"{s.id} {s.name}", 2, listed(s.id)) for s in chosen)
    return tuple(
        Section(
            p.id,
            f"{p.id} {p.name}",
            2,
            sections=tuple(
                Section(s.id, f"{s.id} {s.name}", 3, listed(s.id)) for s in chosen if s.principle_id == p.id
            ),
            summary=p.summary,
        )
        for p in PRINCIPLES
        if any(s.principle_id == p.id for s in chosen)
    )


def _title(
    group_by: str,
    sections: Sequence[Section],
    chosen: Sequence[Statement],
    wanted_principles: Sequence[str] | None,
    wanted_statements: Sequence[str] | None,
) -> str:
    """The list's title: the works heading, the one statement or principle asked for, or the
    whole evidence."""
    if group_by == "work":
        return sections[0].heading
    if wanted_statements and len(chosen) == 1:
        return f"{chosen[0].id} {chosen[0].name}"
    if wanted_principles and len(wanted_principles) == 1 and not wanted_statements:
        only = principle(wanted_principles[0])
        return f"{only.id} {only.name}"
    return "Joining the Dots: the evidence"


def _joined(chosen: Sequence[Statement]) -> str:
    return ", ".join(s.id for s in chosen)


def _ordered(entries: Sequence[Entry], rendered: list[RenderedEntry]) -> list[tuple[Entry, ListedEntry]]:
    out = []
    for item in rendered:
        entry = entries[item.index]
        out.append(
            (
                entry,
                ListedEntry(entry.key or item.id, item.html, convert(item.citation.parenthetical, "text")),
            )
        )
    return out
