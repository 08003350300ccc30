"""Entries to BibTeX text: one fixed field order, entries sorted by key, byte-identical output.

Every file is read back before it is returned, so what :func:`dumps_bib` gives (and what
:func:`write_bib` puts on disk) always reads back as the same entries; an entry that
could not survive that raises an :class:`EntryValidationError` naming it and its field.

    >>> from jtd_evidence.models import Entry, Person
    >>> print(dumps_bib([Entry(key="ofsted2021annual", type="report", year=2021, title="Annual Report",
    ...     authors=(Person(literal="Ofsted"),), publisher="Ofsted")]), end="")
    @techreport{ofsted2021annual,
      author = {{Ofsted}},
      title = {Annual Report},
      year = {2021},
      institution = {Ofsted}
    }
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterable

from bibtexparser import model as bib
from bibtexparser.entrypoint import write_string
from bibtexparser.library import Library
from bibtexparser.middlewares import AddEnclosingMiddleware
from bibtexparser.writer import BibtexFormat

from jtd_evidence._atomic import atomic_write_text
from jtd_evidence._gc import paused_collector
from jtd_evidence.exceptions import (
    CitationKeyError,
    EntryValidationError,
    JTDError,
    NameWriteError,
    UnknownChoiceError,
    UnsafeEditError,
)
from jtd_evidence.models import Entry, Person
from jtd_evidence.store.biblatex import as_read, to_biblatex
from jtd_evidence.store.fields import FIELD_ORDER, NEEDED, TEXT_ATTRIBUTES, bib_type, field_names
from jtd_evidence.store.latex import encode, is_balanced
from jtd_evidence.store.names import format_names, normalise_person

__all__ = ["dumps_bib", "write_bib"]

_KEY = re.compile(r"^[^\s,{}()=\"#%'\\~]+$")
_FIELD_NAME = re.compile(r"^[^\s\"#%'(),={}\\@]+$")


def _format() -> BibtexFormat:
    form = BibtexFormat()
    form.indent = "  "
    form.block_separator = "\n"
    return form


def _verbatim(entry: Entry, name: str, value: str) -> str:
    if not is_balanced(value):
        raise EntryValidationError(
            entry.key, [(name, f"{value!r} has unpaired braces or ends in a backslash: fix or escape them")]
        )
    return value


def _pages(text: str) -> str:
    """Pages with BibTeX's en dash: "12-34" -> "12--34" (the reader undoes it)."""
    return "--".join(encode(part) for part in text.split("-"))


def _keywords(statements: tuple[str, ...], other: str | None) -> str | None:
    """Statement ids first, so that reference managers show them as tags; then other keywords."""
    parts = [*statements, *([other] if other is not None else [])]
    return ", ".join(parts) if parts else None


def _date(entry: Entry) -> str | None:
    if entry.month is None:
        return None
    text = f"{entry.year:04d}-{entry.month:02d}"
    return text + (f"-{entry.day:02d}" if entry.day is not None else "")


def _people(entry: Entry, name: str, people: tuple[Person, ...], et_al: bool = False) -> str | None:
    if not people and not et_al:
        return None
    try:
        return format_names(people, et_al)
    except NameWriteError as error:
        raise EntryValidationError(entry.key, [(name, str(error))]) from None


def _fields(entry: Entry, bibtype: str, subtype: str | None) -> list[tuple[str, str]]:
    """The (name, raw BibTeX value) pairs of one entry, in the fixed order."""
    extra = dict(entry.extra_fields)
    other_keywords = extra.pop("keywords", None)
    twice = sorted(name for name, count in Counter(n for n, _ in entry.extra_fields).items() if count > 1)
    if twice:
        raise EntryValidationError(entry.key, [(name, "this extra field is given twice") for name in twice])
    values = _own_values(entry, subtype, other_keywords)
    for attribute in TEXT_ATTRIBUTES:
        text = getattr(entry, attribute)
        if text:
            values[field_names(attribute, bibtype)[0]] = encode(text)
    written = [(name, values[name]) for name in FIELD_ORDER if values.get(name) is not None]
    names = {name for name, _ in written}
    for name, value in extra.items():
        if name in names:
            raise EntryValidationError(
                entry.key, [(name, "this extra field is also written from the entry's own data: drop it")]
            )
        if not _FIELD_NAME.match(name):
            raise EntryValidationError(entry.key, [(name, "is not a valid BibTeX field name")])
        written.append((name, _verbatim(entry, name, value)))
    return [(name, str(value)) for name, value in written]


def _own_values(entry: Entry, subtype: str | None, other_keywords: str | None) -> dict[str, str | None]:
    """The raw values of the fields written from the entry's own data (but the text attributes,
    whose field names depend on the BibTeX type), None where there is nothing to write."""
    return {
        "author": _people(entry, "authors", entry.authors, entry.authors_et_al),
        "editor": _people(entry, "editors", entry.editors),
        "title": encode(entry.title) if entry.title else None,
        "year": str(entry.year) if entry.year is not None else None,
        "date": _date(entry),
        "pages": _pages(entry.pages) if entry.pages else None,
        "type": encode(entry.genre) if entry.genre else None,
        "entrysubtype": subtype,
        "url": _verbatim(entry, "url", entry.url) if entry.url else None,
        "doi": _verbatim(entry, "doi", entry.doi) if entry.doi else None,
        "urldate": entry.accessed.isoformat() if entry.accessed else None,
        "note": encode(entry.note) if entry.note else None,
        "keywords": _keywords(entry.statements, other_keywords),
        "jtd-statements": ", ".join(entry.statements) or None,
        "jtd-source": encode(entry.source) if entry.source is not None else None,
    }


def entry_fields(entry: Entry) -> tuple[str, list[tuple[str, str]]]:
    """The BibTeX type of an entry and its (field name, raw value) pairs, as the writer renders them
    (values without their enclosing braces)."""
    bibtype, subtype = bib_type(
        entry.type, entry.genre, [name for name in NEEDED if not getattr(entry, name)]
    )
    return bibtype, _fields(entry, bibtype, subtype)


def _block(entry: Entry) -> bib.Entry:
    bibtype, fields = entry_fields(entry)
    return bib.Entry(
        entry_type=bibtype, key=str(entry.key), fields=[bib.Field(name, value) for name, value in fields]
    )


def normalise(entry: Entry) -> Entry:
    """The entry as BibTeX can hold it: empty name parts become None."""
    return entry.model_copy(
        update={
            "authors": tuple(normalise_person(p) for p in entry.authors),
            "editors": tuple(normalise_person(p) for p in entry.editors),
        }
    )


def check_keys(entries: list[Entry]) -> None:
    seen: dict[str, str] = {}
    for entry in entries:
        if not entry.key:
            raise EntryValidationError(
                None,
                [
                    (
                        "key",
                        f"the entry {entry.name!r} has no citation key: give it one (see assign_keys)",
                    )
                ],
            )
        if not _KEY.match(entry.key):
            raise EntryValidationError(
                entry.key, [("key", "a BibTeX key cannot contain spaces or any of , { } ( ) = \" # % ' \\ ~")]
            )
        if entry.key.lower() in seen:
            raise CitationKeyError(
                f"two entries share the key {entry.key!r} (BibTeX ignores case): rename one"
            )
        seen[entry.key.lower()] = entry.key


def verify_readback(text: str, entries: list[Entry]) -> None:
    """Read the text back and insist on getting the same (normalised) entries, in the same order
    (each converted and compared in turn: a large file is not held twice as entries)."""
    from jtd_evidence.store.reader import checked_blocks, convert_block

    def unreadable(error: JTDError) -> JTDError:
        return UnsafeEditError(f"the BibTeX written does not read back, so nothing was written: {error}")

    try:
        blocks = checked_blocks(text, source="<written BibTeX>")
    except JTDError as error:
        raise unreadable(error) from None
    if len(blocks) != len(entries):
        raise UnsafeEditError(f"the BibTeX written reads back as {len(blocks)} entries, not {len(entries)}")
    for before, block in zip(entries, blocks, strict=True):
        try:
            after = convert_block(block, "<written BibTeX>")
        except JTDError as error:
            raise unreadable(error) from None
        if before != after:
            changed = [
                (name, f"would read back as {getattr(after, name)!r}, not {getattr(before, name)!r}")
                for name in type(before).model_fields
                if getattr(before, name) != getattr(after, name)
            ]
            raise EntryValidationError(before.key, changed)


@paused_collector()  # many long-lived objects: see jtd_evidence._gc
def dumps_bib(entries: Iterable[Entry], dialect: str = "bibtex") -> str:
    """The entries as BibTeX (or, with ``dialect="biblatex"``, BibLaTeX) text, sorted by key;
    the same entries always give the same text."""
    if dialect not in ("bibtex", "biblatex"):
        raise UnknownChoiceError("dialect", dialect, ("bibtex", "biblatex"))
    entries = [normalise(entry) for entry in entries]
    check_keys(entries)
    entries.sort(key=lambda e: (str(e.key).lower(), str(e.key)))
    blocks = [_block(entry) for entry in entries]
    if dialect == "biblatex":
        blocks = [to_biblatex(block) for block in blocks]
        entries = [as_read(entry, block) for entry, block in zip(entries, blocks, strict=True)]
    library = Library(list[bib.Block](blocks))
    enclose = AddEnclosingMiddleware(
        reuse_previous_enclosing=False,
        enclose_integers=True,
        default_enclosing="{",
        allow_inplace_modification=True,
    )
    text = write_string(library, unparse_stack=[enclose], bibtex_format=_format())
    del blocks, library  # not kept while the text is read back (the peak memory of a large file)
    verify_readback(text, entries)
    return text


def write_bib(entries: Iterable[Entry], path: str | os.PathLike[str]) -> None:
    """Write the entries to ``path`` atomically: on any error the old file is left untouched."""
    atomic_write_text(path, dumps_bib(entries))
