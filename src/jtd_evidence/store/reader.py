"""BibTeX text to entries: ours read back exactly, other tools' files as well as they allow.

Syntax problems raise :class:`BibSyntaxError` (file and line); an entry whose fields
break the model raises :class:`BibDataError` (file, key, field). Fields the model has
no name for are kept verbatim in ``Entry.extra_fields``.

    >>> [e.title for e in loads_bib("@article{k, title = {Caf{\\\\'e} \\\\& Co}}")]
    ['Café & Co']
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
from typing import Any

from bibtexparser import model as bib
from bibtexparser.library import Library
from bibtexparser.middlewares import (
    MonthIntMiddleware,
    NormalizeFieldKeys,
    RemoveEnclosingMiddleware,
    ResolveStringReferencesMiddleware,
    SeparateCoAuthors,
    SplitNameParts,
)
from bibtexparser.splitter import Splitter
from pydantic import ValidationError

from jtd_evidence._input import read_text
from jtd_evidence.exceptions import BibDataError, BibSyntaxError, EntryValidationError
from jtd_evidence.framework import STATEMENT_IDS
from jtd_evidence.models import Entry, make_entry
from jtd_evidence.store.biblatex import read_genre
from jtd_evidence.store.diagnose import Problem, diagnose_failed, loose_fields, missing_comma, value_parts
from jtd_evidence.store.fields import entry_type, field_names
from jtd_evidence.store.latex import decode
from jtd_evidence.store.names import parse_names

__all__ = ["loads_bib", "read_bib"]

# bibtexparser logs each block it cannot parse; we raise an error saying the same, so
# keep its warnings off stderr unless the application has configured logging.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())

_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:/.*)?$")
_YEAR = re.compile(r"^(\d{4})[a-z]?$")
_NO_YEAR = {"", "nd", "n.d.", "n. d.", "no date", "s.d.", "s. d."}
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_NAME_FIELDS = ("author", "editor")
_TEXT_ATTRIBUTES = ("container_title", "volume", "issue", "number", "edition", "publisher", "place")


def _parse_stack() -> list[Any]:
    return [
        ResolveStringReferencesMiddleware(),
        RemoveEnclosingMiddleware(),
        NormalizeFieldKeys(),
        MonthIntMiddleware(),
        SeparateCoAuthors(name_fields=_NAME_FIELDS),
        SplitNameParts(name_fields=_NAME_FIELDS),
    ]


def _line(block: bib.Block | bib.Field) -> int | None:
    return block.start_line + 1 if block.start_line is not None else None


class _Fields:
    """One entry's fields, remembering which were used and which field gave each attribute."""

    def __init__(self, block: bib.Entry, source: str) -> None:
        self.block = block
        self.source = source
        self.values: dict[str, Any] = {f.key: f.value for f in block.fields}
        self.used: set[str] = set()
        self.origin: dict[str, str] = {}

    def error(self, field: str, message: str) -> BibDataError:
        return BibDataError(
            self.source, self.block.key, field, f"{message} (entry on line {_line(self.block)})"
        )

    def take(self, attribute: str, names: tuple[str, ...]) -> Any:
        """The value of the first of ``names`` present (preferring non-blank ones), or None."""
        name = None
        for candidate in names:
            if candidate in self.values:
                name = name or candidate
                value = self.values[candidate]  # a string, or (month, names) not blank
                if not isinstance(value, str) or value.strip():
                    name = candidate
                    break
        if name is None:
            return None
        self.used.add(name)
        self.origin[attribute] = name
        return self.values[name]

    def text(self, attribute: str, names: tuple[str, ...]) -> str | None:
        value = self.take(attribute, names)
        return decode(value) if value is not None else None


def _year(fields: _Fields) -> dict[str, int | None]:
    """year, month and day from ``date`` (ISO) or ``year`` and ``month``; they must agree."""
    found: dict[str, int | None] = {}
    date = fields.take("date", ("date",))
    if date is not None:
        match = _DATE.match(date.strip())
        if not match:
            raise fields.error("date", f"date {date!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        found = dict(
            zip(("year", "month", "day"), (int(x) if x else None for x in match.groups()), strict=True)
        )
    year = fields.take("year", ("year",))
    if year is not None:
        text = decode(str(year)).strip()
        match = _YEAR.match(text)
        if not match and text.lower() not in _NO_YEAR:
            raise fields.error(
                "year", f"year {text!r} is not a four-digit year: write e.g. 2021, or drop it for n.d."
            )
        value = int(match.group(1)) if match else None
        if date is not None and value != found["year"]:
            raise fields.error("year", f"year {text!r} disagrees with date {date!r}: keep one of them")
        found["year"] = value
    month = fields.take("month", ("month",))
    if month is not None:
        if not isinstance(month, int):
            raise fields.error("month", f"month {month!r} is not a month name or number 1-12")
        if date is not None and month != found.get("month"):
            raise fields.error("month", f"month {month} disagrees with date {date!r}: keep one of them")
        found["month"] = month
    return found


def _tagged(keywords: str) -> tuple[tuple[str, ...], str | None]:
    """The statement ids among ``keywords`` (a BibLaTeX export, or a reference manager's tags,
    carry them there alone), and the other keywords: verbatim when the ids come first, as our
    writers put them; else the others joined by ", ".

    >>> _tagged("LC3, WC1, CSE,county lines"), _tagged("harm, LC3")
    ((('LC3', 'WC1'), 'CSE,county lines'), (('LC3',), 'harm'))
    """
    parts = keywords.split(",")
    ids = tuple(part.strip() for part in parts if part.strip() in STATEMENT_IDS)
    if not ids:
        return (), keywords
    if all(part.strip() in STATEMENT_IDS for part in parts[: len(ids)]):
        rest = ",".join(parts[len(ids) :]).removeprefix(" ")
    else:
        rest = ", ".join(p.strip() for p in parts if p.strip() and p.strip() not in STATEMENT_IDS)
    return ids, rest or None


def _statements(fields: _Fields) -> tuple[tuple[str, ...], str | None]:
    """Statement ids, and what ``keywords`` holds besides them (kept as an extra field)."""
    raw = fields.take("statements", ("jtd-statements",))
    keywords = fields.take("keywords", ("keywords",))
    if raw is None:
        return _tagged(keywords) if keywords is not None else ((), None)
    ids = [part.strip() for part in raw.split(",") if part.strip()]
    if keywords is None:
        return tuple(ids), None
    parts = keywords.split(",", len(ids)) if ids else []
    if ids and sorted(p.strip() for p in parts[: len(ids)]) == sorted(ids):
        rest = parts[len(ids)] if len(parts) > len(ids) else None
        return tuple(ids), rest.removeprefix(" ") if rest is not None else None
    return tuple(ids), keywords


def _convert(block: bib.Entry, source: str) -> Entry:
    """An Entry from one parsed BibTeX entry; a value nested too deeply for the LaTeX decoder
    (hundreds of braces or commands inside each other) is a BibDataError naming the entry's line."""
    try:
        return _convert_fields(block, source)
    except RecursionError:
        raise BibDataError(
            source,
            block.key,
            None,
            f"a value is nested too deeply to read (braces or LaTeX commands hundreds of levels "
            f"inside each other; entry on line {_line(block)}): remove the extra braces or commands",
        ) from None


def _convert_fields(block: bib.Entry, source: str) -> Entry:
    fields = _Fields(block, source)
    subtype = fields.values.get("entrysubtype")
    kind, used_subtype = entry_type(block.entry_type, decode(subtype) if isinstance(subtype, str) else None)
    if used_subtype:
        fields.used.add("entrysubtype")
    bibtype = block.entry_type.lower()
    data: dict[str, Any] = {"key": block.key, "type": kind, **_year(fields)}
    for attribute, name in (("authors", "author"), ("editors", "editor")):
        names = fields.take(attribute, (name,))
        if names:
            try:
                people, et_al = parse_names(names)
            except ValidationError as error:
                message = error.errors()[0]["msg"].removeprefix("Value error, ")
                raise fields.error(name, message) from None
            data[attribute] = tuple(people)
            if attribute == "authors":
                data["authors_et_al"] = et_al
    for attribute in ("title", "edition", "note", "genre", *_TEXT_ATTRIBUTES):
        data[attribute] = fields.text(attribute, field_names(attribute, bibtype))
    data["genre"] = read_genre(bibtype, data["genre"])
    pages = fields.take("pages", ("pages",))
    if pages is not None:
        data["pages"] = "-".join(decode(part) for part in pages.split("--"))
    url = fields.take("url", ("url",))
    if url is not None:
        data["url"] = re.sub(r"^\\url\{(.*)\}$", r"\1", url.strip())
    doi = fields.take("doi", ("doi",))
    if doi is not None:
        data["doi"] = _DOI_PREFIX.sub("", doi.strip())
    accessed = fields.take("accessed", ("urldate",))
    if accessed is not None:
        try:
            data["accessed"] = dt.date.fromisoformat(accessed.strip()[:10])
        except ValueError:
            raise fields.error("urldate", f"urldate {accessed!r} is not a date YYYY-MM-DD") from None
    source_text = fields.take("source", ("jtd-source",))
    if source_text is not None:
        data["source"] = decode(source_text)
    data["statements"], keywords = _statements(fields)
    extra = [(k, str(v)) for k, v in fields.values.items() if k not in fields.used]
    data["extra_fields"] = tuple(extra) + ((("keywords", keywords),) if keywords is not None else ())
    data = {k: v for k, v in data.items() if v is not None}
    try:
        return make_entry(data, key=block.key)
    except EntryValidationError as error:
        attribute, message = error.problems[0]
        attribute = attribute.split(".")[0]
        more = f" (and {len(error.problems) - 1} more problem(s))" if len(error.problems) > 1 else ""
        raise fields.error(fields.origin.get(attribute, attribute), message + more) from None


def syntax_error(block: bib.ParsingFailedBlock, source: str) -> Exception:
    """The error for a block bibtexparser could not take in, saying what to do."""
    line = _line(block)
    if isinstance(block, bib.MiddlewareErrorBlock):
        entry = block.ignore_error_block
        assert isinstance(entry, bib.Entry)  # middlewares fail on entries only
        name = getattr(block.error, "name", None)
        field = next((f for f in entry.fields if f.key in _NAME_FIELDS and name in f.value), None)
        where = f"entry on line {line}" if field is None else f"{field.key} field on line {_line(field)}"
        message = f"{block.error}: check its braces and commas ({where})"
        return BibDataError(source, entry.key, field.key if field else None, message)
    if isinstance(block, bib.DuplicateBlockKeyBlock):
        first = _line(block.previous_block)
        return BibSyntaxError(
            source,
            line,
            f"duplicate key {block.key!r} (first used on line {first}): rename or merge one entry",
            key=block.key,
        )
    if isinstance(block, bib.DuplicateFieldKeyBlock):
        seen: set[str] = set()
        entry = block.ignore_error_block
        assert isinstance(entry, bib.Entry)  # a field can be given twice in an entry only
        for field in entry.fields:
            if field.key in block.duplicate_keys and field.key in seen:
                again = _line(field)
                return BibSyntaxError(
                    source,
                    again,
                    f"the {field.key} field is given twice in entry {entry.key!r} (again on "
                    f"line {again}): delete one of them",
                    key=entry.key,
                    field=field.key,
                )
            seen.add(field.key)
        names = ", ".join(sorted(block.duplicate_keys))
        return BibSyntaxError(source, line, f"a field is given twice ({names}): delete one of them")
    return _problem_error(diagnose_failed(block), source)


def _problem_error(problem: Problem, source: str) -> BibSyntaxError:
    return BibSyntaxError(source, problem.line, problem.message, key=problem.key, field=problem.field)


def raw_problems(library: Library) -> list[Problem]:
    """What is wrong in a freshly split library, in file order: blocks that could not be split,
    field lines without their comma, fields lost outside any entry."""
    problems = []
    previous: bib.Block | None = None
    for block in library.blocks:
        found = None
        if isinstance(block, bib.Entry):
            found = missing_comma(block)
        elif type(block) is bib.ParsingFailedBlock:
            found = diagnose_failed(block)
        elif isinstance(block, bib.ImplicitComment):
            found = loose_fields(block, previous)
        if found is not None:
            problems.append(found)
        previous = block
    return problems


def split_bib(text: str) -> Library:
    """``text`` split into blocks, with raw (untransformed) field values."""
    return Splitter(text).split()


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _join_concatenations(library: Library) -> None:
    """Resolve ``a # {b} # "c"`` values into one braced value (bibtexparser resolves a macro only
    when it is the whole value, and would keep ``pre # { lives}`` as that text)."""
    strings = {s.key.lower(): s.value for s in library.strings if isinstance(s.value, str)}

    def content(part: str, depth: int) -> str:
        if part[:1] in ("{", '"'):
            return part[1:-1]
        if part.isdigit():
            return part
        macro = strings.get(part.lower())
        if macro is not None and depth < 10:
            parts = value_parts(macro.strip())
            if parts is not None:
                return "".join(content(p, depth + 1) for p in parts)
        if part.lower() in _MONTHS:
            return _MONTH_NAMES[_MONTHS.index(part.lower())]
        return part  # an unknown macro: kept as written, as BibTeX would warn and go on

    for block in library.entries:
        for field in block.fields:
            value = field.value
            if isinstance(value, str) and "#" in value:
                parts = value_parts(value)
                if parts is not None and len(parts) > 1:
                    field.value = "{" + "".join(content(p, 0) for p in parts) + "}"


_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")  # fmt: skip


def transform(library: Library) -> Library:
    """A split library with @string macros resolved, enclosing braces removed and names parsed."""
    _join_concatenations(library)
    for middleware in _parse_stack():
        library = middleware.transform(library=library)
    return library


def convert_block(block: bib.Entry, source: str) -> Entry:
    """An Entry from one transformed BibTeX entry block; BibDataError names its key and field."""
    return _convert(block, source)


def loads_bib(text: str, source: str = "<string>") -> list[Entry]:
    """The entries of BibTeX ``text``, in file order; ``source`` names it in error messages."""
    return [_convert(block, source) for block in checked_blocks(text, source)]


def checked_blocks(text: str, source: str = "<string>") -> list[bib.Entry]:
    """The transformed entry blocks of BibTeX ``text``, in file order, once the whole text is known
    to be free of syntax errors, key-less entries and repeated keys (else BibSyntaxError); each is
    turned into an Entry by :func:`convert_block`."""
    library = split_bib(text)
    problems = raw_problems(library)
    if problems:
        raise _problem_error(problems[0], source)
    library = transform(library)
    failed = sorted(library.failed_blocks, key=lambda b: b.start_line or 0)
    if failed:
        raise syntax_error(failed[0], source)
    keys: dict[str, bib.Entry] = {}
    for block in library.entries:
        if not block.key:
            raise BibSyntaxError(
                source, _line(block), "this entry has no citation key: add one before the first ','"
            )
        if block.key.lower() in keys:
            first = _line(keys[block.key.lower()])
            raise BibSyntaxError(
                source,
                _line(block),
                f"duplicate key {block.key!r} (BibTeX ignores case; line {first}): rename one",
            )
        keys[block.key.lower()] = block
    return library.entries


def read_bib(path: str | os.PathLike[str]) -> list[Entry]:
    """The entries of the BibTeX file at ``path``: UTF-8 (or UTF-16 with a byte-order mark, or
    Windows-1252 with an :class:`~jtd_evidence._input.EncodingNote`); binary data is refused."""
    return loads_bib(read_text(path, newlines="keep").text, source=str(path))
