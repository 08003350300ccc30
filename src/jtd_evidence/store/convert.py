"""One parsed BibTeX entry block to an :class:`~jtd_evidence.models.Entry`: dates, names, DOIs,
statement ids and every field the model has no name for (kept verbatim in ``extra_fields``).

A value the model refuses raises :class:`BibDataError` naming the file, the key, the field and
the entry's line.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from bibtexparser import model as bib
from pydantic import ValidationError

from jtd_evidence.exceptions import BibDataError, EntryValidationError
from jtd_evidence.framework import STATEMENT_IDS
from jtd_evidence.models import Entry, make_entry
from jtd_evidence.store.biblatex import read_genre
from jtd_evidence.store.diagnose import line_of
from jtd_evidence.store.fields import TEXT_ATTRIBUTES, entry_type, field_names
from jtd_evidence.store.latex import decode
from jtd_evidence.store.names import parse_names

__all__ = ["convert_block"]

_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:/.*)?$")
_YEAR = re.compile(r"^(\d{4})[a-z]?$")
_NO_YEAR = {"", "nd", "n.d.", "n. d.", "no date", "s.d.", "s. d."}
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)


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
            self.source, self.block.key, field, f"{message} (entry on line {line_of(self.block)})"
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


def convert_block(block: bib.Entry, source: str) -> Entry:
    """An Entry from one transformed BibTeX entry block; a value nested too deeply for the LaTeX decoder
    (hundreds of braces or commands inside each other) is a BibDataError naming the entry's line."""
    try:
        return _convert_fields(block, source)
    except RecursionError:
        raise BibDataError(
            source,
            block.key,
            None,
            f"a value is nested too deeply to read (braces or LaTeX commands hundreds of levels "
            f"inside each other; entry on line {line_of(block)}): remove the extra braces or commands",
        ) from None


def _convert_fields(block: bib.Entry, source: str) -> Entry:
    fields = _Fields(block, source)
    subtype = fields.values.get("entrysubtype")
    kind, used_subtype = entry_type(block.entry_type, decode(subtype) if isinstance(subtype, str) else None)
    if used_subtype:
        fields.used.add("entrysubtype")
    bibtype = block.entry_type.lower()
    data: dict[str, Any] = {"key": block.key, "type": kind, **_year(fields)}
    data.update(_people_of(fields))
    for attribute in ("title", "edition", "note", "genre", *TEXT_ATTRIBUTES):
        data[attribute] = fields.text(attribute, field_names(attribute, bibtype))
    data["genre"] = read_genre(bibtype, data["genre"])
    data.update(_locators(fields))
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


def _people_of(fields: _Fields) -> dict[str, Any]:
    """Authors (and whether they end in "and others") and editors."""
    data: dict[str, Any] = {}
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
    return data


def _locators(fields: _Fields) -> dict[str, Any]:
    """Pages (``--`` read as a hyphen), the address and the DOI without their wrapping, and the
    access date (a date YYYY-MM-DD, else an error naming the field)."""
    data: dict[str, Any] = {}
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
    return data
