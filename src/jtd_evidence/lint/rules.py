"""The checks a careful bibliographer makes, one small rule each.

A rule is any object with a ``name`` and ``check(entries) -> Iterable[Finding]``.
:data:`DEFAULT_RULES` is the standard stack; :func:`jtd_evidence.lint.lint` runs it
(plus any ``append_rules``). Required fields follow the BibTeX/biblatex data model
(what JabRef's integrity check asks for), mapped onto CSL types.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Protocol

from jtd_evidence._text import fold
from jtd_evidence._urls import host
from jtd_evidence.framework import STATEMENTS
from jtd_evidence.identity import blocks, near_duplicate, normal_title
from jtd_evidence.lint.findings import Finding, Fix, Severity
from jtd_evidence.lint.similarity import close_title_pairs, close_titles, edit_distance, squash
from jtd_evidence.models import Entry, EntryType
from jtd_evidence.parsing.identifiers import doi_from_url

__all__ = ["DEFAULT_RULES", "Rule"]


class Rule(Protocol):
    name: str

    def check(self, entries: Sequence[Entry]) -> Iterable[Finding]: ...


REQUIRED: dict[EntryType, tuple[str, ...]] = {
    EntryType.ARTICLE_JOURNAL: ("authors", "title", "container_title", "year"),
    EntryType.ARTICLE_MAGAZINE: ("authors", "title", "container_title", "year"),
    EntryType.ARTICLE_NEWSPAPER: ("title", "container_title", "year"),
    EntryType.BOOK: ("authors|editors", "title", "publisher", "year"),
    EntryType.CHAPTER: ("authors", "title", "container_title", "publisher", "year"),
    EntryType.REPORT: ("authors", "title", "publisher|url", "year"),
    EntryType.THESIS: ("authors", "title", "publisher", "year"),
    EntryType.WEBPAGE: ("title", "url"),
    EntryType.PAPER_CONFERENCE: ("authors", "title", "container_title", "year"),
    EntryType.DATASET: ("title", "publisher|url", "year"),
    EntryType.LEGISLATION: ("title", "year"),
    EntryType.GENERIC: ("title",),
}
_FIELD_LABEL = {"authors": "author", "container_title": "container title", "publisher": "publisher"}


def _with_doi(entry: Entry, doi: str) -> Entry:
    return entry.model_copy(update={"doi": doi})


def _present(entry: Entry, name: str) -> bool:
    value = getattr(entry, name)
    return value not in (None, (), "")


def by_first_author_and_year(entries: Sequence[Entry], *, include_anonymous: bool) -> list[list[Entry]]:
    """Entries grouped by first author's family name (folded) and year, in input order."""
    groups: dict[tuple[str, int | None], list[Entry]] = defaultdict(list)
    for entry in entries:
        if entry.authors or include_anonymous:
            first = fold(entry.authors[0].full_family) if entry.authors else ""
            groups[first, entry.year].append(entry)
    return list(groups.values())


def _a(noun: str) -> str:
    """The noun with its indefinite article: 'a report', 'an article'."""
    return ("an " if noun[:1] in "aeiou" else "a ") + noun


class RequiredFields:
    """Fields an entry of its type must have (BibTeX/biblatex data model)."""

    name = "required-fields"

    def check(self, entries: Sequence[Entry]) -> Iterable[Finding]:
        for entry in entries:
            for wanted in REQUIRED.get(entry.type, ("title",)):
                options = wanted.split("|")
                if any(_present(entry, option) for option in options):
                    continue
                label = " or ".join(_FIELD_LABEL.get(o, o.replace("_", " ")) for o in options)
                severity = Severity.INFO if options == ["year"] else Severity.WARNING
                yield Finding(
                    self.name,
                    severity,
                    entry.key,
                    f"{_a(entry.type.value)} should have {_a(label)}",
                    "add it from the publication"
                    if options != ["year"]
                    else "add the year, or keep n.d. if truly undated",
                    field=options[0],
                )


class ProbableDuplicates:
    """Two entries that look like one work: what merging would have joined (see
    :mod:`jtd_evidence.identity`), or the same first author and year with titles a slip apart,
    or the same year and web address. Merging never joins the second kind on its own: a
    person decides."""

    name = "probable-duplicate"

    def check(self, entries: Sequence[Entry]) -> Iterable[Finding]:
        groups: dict[tuple[str, ...], list[int]] = defaultdict(list)  # by identity.blocks: all pairs
        nearby: dict[tuple[str, ...], list[int]] = defaultdict(list)  # same first author and year
        for index, entry in enumerate(entries):
            for key in blocks(entry):
                groups[key].append(index)
            if entry.title:  # what has no title has no title close to another's
                nearby[_nearby_key(entry, entry.title)].append(index)
        found = {
            (i, j) for members in groups.values() for n, i in enumerate(members) for j in members[n + 1 :]
        }
        for members in nearby.values():  # only a close title can make a pair here (near_duplicate)
            close = close_title_pairs([entries[index].title or "" for index in members])
            found.update((members[a], members[b]) for a, b in close)
        pairs = sorted(found)
        for i, j in pairs:
            a, b = entries[i], entries[j]
            why = near_duplicate(a, b, close_titles(a.title, b.title))
            if why:
                yield Finding(
                    self.name,
                    Severity.WARNING,
                    b.key,
                    f"looks like the same work as {a.key} ({a.name!r}): {why}",
                    f"merge the two entries, keeping the statements of both ({', '.join(sorted({*a.statements, *b.statements}))})",
                    related=(a.key or "",),
                )


def _nearby_key(entry: Entry, title: str) -> tuple[str, ...]:
    """The group of entries whose titles are compared with this one's: the same first author and
    year, or with no author, the same first two title words and year (so that groups stay small)."""
    if entry.authors:
        return ("first-author", normal_title(entry.authors[0].full_family), str(entry.year))
    return ("no-author", " ".join(normal_title(title).split()[:2]), str(entry.year))


def _one_edit_apart(names: Sequence[tuple[str, str]]) -> list[tuple[int, int]]:
    """Index pairs (i < j, sorted) of names with the same initial whose folded family names may be
    one edit apart: those sharing the name or the name less one letter. Linear in the names, where
    comparing every pair took minutes on a few thousand authors."""
    buckets: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, (family, initial) in enumerate(names):
        folded = fold(family)
        for variant in {folded, *(folded[:k] + folded[k + 1 :] for k in range(len(folded)))}:
            buckets[initial, variant].append(index)
    return sorted(
        {(i, j) for members in buckets.values() for n, i in enumerate(members) for j in members[n + 1 :]}
    )


class NameVariants:
    """One person spelled two ways across entries: family names one letter apart, same initials."""

    name = "name-variant"

    def check(self, entries: Sequence[Entry]) -> Iterable[Finding]:
        seen: dict[tuple[str, str], set[str]] = defaultdict(set)
        for entry in entries:
            for person in (*entry.authors, *entry.editors):
                if person.is_organisation:
                    continue
                initial = (person.given or "?")[:1].upper()
                seen[person.full_family, initial].add(entry.key or "")
        names = sorted(seen)
        for i, j in _one_edit_apart(names):
            (family_a, initial_a), (family_b, initial_b) = names[i], names[j]
            if initial_a != initial_b or family_a == family_b:
                continue
            if (
                edit_distance(fold(family_a), fold(family_b), limit=1) <= 1
                and min(len(family_a), len(family_b)) >= 4
            ):
                rare, common = sorted(
                    ((family_a, seen[family_a, initial_a]), (family_b, seen[family_b, initial_b])),
                    key=lambda pair: (len(pair[1]), pair[0]),
                )
                for key in sorted(rare[1]):
                    yield Finding(
                        self.name,
                        Severity.WARNING,
                        key,
                        f"author {rare[0]!r}, {initial_a}. is spelled {common[0]!r} in {', '.join(sorted(common[1]))}",
                        f"check the publication; if it is one person, use one spelling ({common[0]!r} is more common)",
                        field="authors",
                        related=tuple(sorted(common[1])),
                    )


def typo_close(a: str, b: str) -> bool:
    """Hosts that differ by a dot, or by a letter or two in a long name."""
    if a.replace(".", "") == b.replace(".", ""):
        return True
    distance = edit_distance(a, b, limit=2)
    shorter = min(len(a), len(b))
    return (distance == 1 and shorter >= 10) or (distance == 2 and shorter >= 18)


class HostTypos:
    """A URL host that looks like a typo of a host used more often elsewhere (a missing dot, a letter)."""

    name = "host-typo"

    def check(self, entries: Sequence[Entry]) -> Iterable[Finding]:
        uses: dict[str, list[str]] = defaultdict(list)
        for entry in entries:
            name = host(entry.url)
            if name:
                uses[name].append(entry.key or "")
        for name, keys in sorted(uses.items()):
            likely = [
                other
                for other in sorted(uses)
                if other != name and len(uses[other]) > len(keys) and typo_close(name, other)
            ]
            for other in likely[:1]:
                for key in keys:
                    yield Finding(
                        self.name,
                        Severity.WARNING,
                        key,
                        f"host {name!r} looks like a typo of {other!r} (used by {len(uses[other])} other entries)",
                        f"check the link; probably https://{other}/...",
                        field="url",
                        related=tuple(uses[other]),
                    )


class DoiInUrl:
    """The URL carries a DOI that the doi field lacks."""

    name = "doi-in-url"

    def check(self, entries: Sequence[Entry]) -> Iterable[Finding]:
        for entry in entries:
            doi = doi_from_url(entry.url) if entry.url else None
            if doi and not entry.doi:
                yield Finding(
                    self.name,
                    Severity.WARNING,
                    entry.key,
                    f"the URL contains the DOI {doi} but the doi field is empty",
                    f"set doi = {doi}",
                    field="doi",
                    fix=Fix(
                        entry.key or "",
                        f"set doi to {doi}",
                        functools.partial(_with_doi, doi=doi),
                    ),
                )


class ArticlesWithoutLink:
    """A journal article with neither DOI nor URL: readers cannot find it."""

    name = "article-without-link"

    def check(self, entries: Sequence[Entry]) -> Iterable[Finding]:
        for entry in entries:
            if entry.type == EntryType.ARTICLE_JOURNAL and not entry.doi and not entry.url:
                yield Finding(
                    self.name,
                    Severity.WARNING,
                    entry.key,
                    "journal article without DOI or URL",
                    "look the DOI up (e.g. on the journal's site or Crossref) and add it",
                    field="doi",
                )


class PublisherVariants:
    """One publisher written several ways ('The Kings Fund' / "The King's Fund")."""

    name = "publisher-variant"

    def check(self, entries: Sequence[Entry]) -> Iterable[Finding]:
        spellings: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for entry in entries:
            if entry.publisher:
                spellings[squash(entry.publisher)][entry.publisher].append(entry.key or "")
        for variants in spellings.values():
            if len(variants) < 2:
                continue
            usual = max(sorted(variants), key=lambda v: len(variants[v]))
            for variant, keys in sorted(variants.items()):
                if variant == usual:
                    continue
                for key in keys:
                    yield Finding(
                        self.name,
                        Severity.INFO,
                        key,
                        f"publisher {variant!r} is written {usual!r} elsewhere",
                        f"use one spelling: {usual!r}",
                        field="publisher",
                        related=tuple(variants[usual]),
                    )


class SameAuthorYear:
    """Several works by the same first author in one year: citations need 2021a/2021b."""

    name = "same-author-year"

    def check(self, entries: Sequence[Entry]) -> Iterable[Finding]:
        for group in by_first_author_and_year(entries, include_anonymous=False):
            if len(group) < 2:
                continue
            keys = [e.key or "" for e in group]
            for entry in group:
                yield Finding(
                    self.name,
                    Severity.INFO,
                    entry.key,
                    f"{len(group)} works by {entry.authors[0].full_family} in {entry.year or 'n.d.'}: "
                    "citations will carry year letters (a, b, ...)",
                    "check the titles tell the works apart",
                    related=tuple(k for k in keys if k != entry.key),
                )


class EmptyStatements:
    """A practice statement with no evidence at all."""

    name = "empty-statement"

    def check(self, entries: Sequence[Entry]) -> Iterable[Finding]:
        covered = {s for e in entries for s in e.statements}
        if not covered:
            return  # a .bib with no statement tags at all is not an evidence list
        for statement in STATEMENTS:
            if statement.id not in covered:
                yield Finding(
                    self.name,
                    Severity.WARNING,
                    None,
                    f"statement {statement.id} ({statement.name!r}) has no entries",
                    f"add evidence with: jtd-evidence add --statement {statement.id} FILE",
                )


DEFAULT_RULES: tuple[Rule, ...] = (
    RequiredFields(),
    ProbableDuplicates(),
    NameVariants(),
    HostTypos(),
    DoiInUrl(),
    ArticlesWithoutLink(),
    PublisherVariants(),
    SameAuthorYear(),
    EmptyStatements(),
)
