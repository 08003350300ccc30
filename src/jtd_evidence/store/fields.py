"""How entry types and fields map between :class:`Entry` and BibTeX; shared by reader and writer.

>>> bib_type(EntryType.CHAPTER, None)
('incollection', None)
>>> bib_type(EntryType.REPORT, None, lacking=("publisher",))
('misc', 'report')
>>> entry_type("misc", "legislation")
(<EntryType.LEGISLATION: 'legislation'>, True)
>>> field_names("publisher", "techreport")
('institution', 'publisher')
"""

from __future__ import annotations

import functools
from collections.abc import Collection

from jtd_evidence.models import EntryType

__all__ = ["FIELD_ORDER", "NEEDED", "TEXT_ATTRIBUTES", "bib_type", "entry_type", "field_names", "read_names"]

FIELD_ORDER = (
    "author",
    "editor",
    "title",
    "journal",
    "booktitle",
    "year",
    "date",
    "volume",
    "number",
    "issue",
    "eid",
    "pages",
    "edition",
    "publisher",
    "institution",
    "school",
    "address",
    "type",
    "entrysubtype",
    "url",
    "doi",
    "urldate",
    "note",
    "keywords",
    "jtd-statements",
    "jtd-source",
)
"""The order of the fields the writer produces; extra fields follow in name order."""

TEXT_ATTRIBUTES = ("container_title", "volume", "issue", "number", "edition", "publisher", "place")
"""Entry attributes written as (encoded) text under a field name that may depend on the BibTeX type."""

_WRITE_TYPES: dict[EntryType, tuple[str, str | None]] = {
    EntryType.ARTICLE_JOURNAL: ("article", None),
    EntryType.ARTICLE_MAGAZINE: ("article", "magazine"),
    EntryType.ARTICLE_NEWSPAPER: ("article", "newspaper"),
    EntryType.BOOK: ("book", None),
    EntryType.CHAPTER: ("incollection", None),
    EntryType.PAPER_CONFERENCE: ("inproceedings", None),
    EntryType.REPORT: ("techreport", None),
    EntryType.THESIS: ("phdthesis", None),
    EntryType.WEBPAGE: ("online", None),
    EntryType.DATASET: ("dataset", None),
    EntryType.LEGISLATION: ("misc", "legislation"),
    EntryType.GENERIC: ("misc", None),
}

_READ_TYPES: dict[str, EntryType] = {
    "article": EntryType.ARTICLE_JOURNAL,
    "book": EntryType.BOOK,
    "mvbook": EntryType.BOOK,
    "inbook": EntryType.CHAPTER,
    "incollection": EntryType.CHAPTER,
    "inproceedings": EntryType.PAPER_CONFERENCE,
    "conference": EntryType.PAPER_CONFERENCE,
    "techreport": EntryType.REPORT,
    "report": EntryType.REPORT,
    "phdthesis": EntryType.THESIS,
    "mastersthesis": EntryType.THESIS,
    "thesis": EntryType.THESIS,
    "online": EntryType.WEBPAGE,
    "electronic": EntryType.WEBPAGE,
    "www": EntryType.WEBPAGE,
    "webpage": EntryType.WEBPAGE,
    "dataset": EntryType.DATASET,
    "legislation": EntryType.LEGISLATION,
    "legal": EntryType.LEGISLATION,
}

_NEEDS: dict[str, str] = {"techreport": "publisher", "phdthesis": "publisher", "mastersthesis": "publisher"}
"""BibTeX type -> the entry attribute it cannot go without (its ``institution`` or ``school``, which
BibTeX and biblatex both require). An entry lacking it is written as ``@misc`` with its kind in
``entrysubtype`` (``@misc{..., entrysubtype = {report}}``), and read back as that kind."""

NEEDED: frozenset[str] = frozenset(_NEEDS.values())
"""The attributes whose absence can change an entry's BibTeX type (``lacking`` of :func:`bib_type`)."""

_SUBTYPES: dict[tuple[str, str], EntryType] = {
    ("article", "magazine"): EntryType.ARTICLE_MAGAZINE,
    ("article", "newspaper"): EntryType.ARTICLE_NEWSPAPER,
    ("misc", "legislation"): EntryType.LEGISLATION,
    **{("misc", _READ_TYPES[name].value): _READ_TYPES[name] for name in _NEEDS},
}

_REPORTS = frozenset({"techreport", "report"})
_THESES = frozenset({"phdthesis", "mastersthesis", "thesis"})


def bib_type(kind: EntryType, genre: str | None, lacking: Collection[str] = ()) -> tuple[str, str | None]:
    """The BibTeX entry type and ``entrysubtype`` (or None) that an entry is written as;
    ``lacking`` names the entry's attributes that are empty (see ``_NEEDS``)."""
    if kind is EntryType.THESIS and genre and "master" in genre.lower():
        written: tuple[str, str | None] = ("mastersthesis", None)
    else:
        written = _WRITE_TYPES[kind]
    if _NEEDS.get(written[0]) in lacking:
        return "misc", str(kind)
    return written


def entry_type(bibtype: str, subtype: str | None) -> tuple[EntryType, bool]:
    """The entry type for a BibTeX type, and whether ``entrysubtype`` was used to decide it."""
    bibtype = bibtype.lower()
    if subtype is not None and (bibtype, subtype.strip().lower()) in _SUBTYPES:
        return _SUBTYPES[(bibtype, subtype.strip().lower())], True
    return _READ_TYPES.get(bibtype, EntryType.GENERIC), False


@functools.lru_cache(maxsize=512)
def field_names(attribute: str, bibtype: str) -> tuple[str, ...]:
    """BibTeX fields holding an Entry attribute for this BibTeX type: written name first,
    then other names that the reader also accepts."""
    article = bibtype == "article"
    if attribute == "container_title":
        return ("journal", "journaltitle") if article else ("booktitle",)
    if attribute == "issue":
        return ("number", "issue") if article else ("issue",)
    if attribute == "number":
        return ("eid",) if article else ("number",)
    if attribute == "publisher":
        if bibtype in _REPORTS:
            return ("institution", "publisher")
        if bibtype in _THESES:
            return ("school", "institution", "publisher")
        return ("publisher",)
    return {"place": ("address", "location"), "genre": ("type",), "accessed": ("urldate",)}.get(
        attribute, (attribute,)
    )


def read_names(name: str, written_type: str, read_type: str) -> tuple[str, ...]:
    """The fields a reader of a ``read_type`` entry takes for what the writer writes as field ``name``
    in a ``written_type`` entry: e.g. ``address`` may have been read from ``location``.

    >>> read_names("address", "book", "book")
    ('address', 'location')
    >>> read_names("number", "article", "article")
    ('number', 'issue')
    """
    for attribute in (*TEXT_ATTRIBUTES, "genre"):
        if field_names(attribute, written_type)[0] == name:
            return tuple(dict.fromkeys((*field_names(attribute, read_type), name)))
    return (name,)
