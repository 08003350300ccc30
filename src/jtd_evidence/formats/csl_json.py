"""CSL-JSON: what Zotero, Mendeley and citeproc processors exchange.

Export writes standard CSL-JSON (statement ids in ``keyword``) plus, under
``custom.jtd``, what CSL has no variable for (the et-al marker, the raw source
text, extra BibTeX fields), so an export reads back as equal entries. Import
accepts any CSL-JSON list or single item, e.g. a Zotero export.
"""

from __future__ import annotations

import datetime as _dt
import json
from typing import Any

from pydantic import ValidationError

from jtd_evidence.exceptions import EntryValidationError, FormatError, JTDError
from jtd_evidence.formats._private import pack, unpack
from jtd_evidence.framework import STATEMENT_IDS
from jtd_evidence.models import Entry, EntryType, Person, make_entry

__all__ = ["dumps_csl_json", "loads_csl_json"]

_TYPE_ALIASES = {
    "post": EntryType.WEBPAGE,
    "post-weblog": EntryType.WEBPAGE,
    "manuscript": EntryType.GENERIC,
    "document": EntryType.GENERIC,
    "bill": EntryType.LEGISLATION,
    "regulation": EntryType.LEGISLATION,
    "entry-encyclopedia": EntryType.CHAPTER,
    "entry-dictionary": EntryType.CHAPTER,
}
_SIMPLE = {
    "title": "title",
    "container-title": "container_title",
    "volume": "volume",
    "issue": "issue",
    "page": "pages",
    "number": "number",
    "edition": "edition",
    "genre": "genre",
    "publisher": "publisher",
    "publisher-place": "place",
    "URL": "url",
    "DOI": "doi",
    "note": "note",
}
_HANDLED = {*_SIMPLE, "id", "type", "author", "editor", "issued", "accessed", "keyword", "custom"}
# The CSL variable behind each Entry attribute, to name it in messages.
_VARIABLES = {attribute: name for name, attribute in _SIMPLE.items()} | {
    "authors": "author",
    "editors": "editor",
    "year": "issued",
    "month": "issued",
    "day": "issued",
    "accessed": "accessed",
    "statements": "keyword",
}


class _ItemError(Exception):
    """A problem with one variable of a CSL-JSON item (turned into a FormatError naming the item)."""

    def __init__(self, variable: str, message: str) -> None:
        super().__init__(message)
        self.variable = variable


def _person_from_csl(name: Any, variable: str) -> Person:
    if not isinstance(name, dict):
        raise _ItemError(
            variable, f'{name!r} is not a name object (e.g. {{"family": "Smith", "given": "J."}})'
        )
    try:
        if "literal" in name:
            return Person(literal=str(name["literal"]))
        return Person(
            family=name.get("family"),
            given=name.get("given"),
            particle=name.get("non-dropping-particle") or name.get("dropping-particle"),
            suffix=name.get("suffix"),
        )
    except ValidationError as error:
        problem = error.errors()[0]["msg"].removeprefix("Value error, ")
        raise _ItemError(
            variable, f"{json.dumps(name, ensure_ascii=False)} is not a name: {problem}"
        ) from None


def _people(item: dict[str, Any], variable: str) -> tuple[Person, ...]:
    names = item.get(variable, [])
    if not isinstance(names, list):
        raise _ItemError(variable, "should be a list of names")
    return tuple(_person_from_csl(n, variable) for n in names)


def _date_parts(value: Any, variable: str) -> list[int] | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise _ItemError(variable, f'{value!r} is not a date object (e.g. {{"date-parts": [[2021, 5]]}})')
    parts = value.get("date-parts")
    try:
        if parts and parts[0] and parts[0][0] not in ("", None):
            return [int(p) for p in parts[0][:3]]
    except (TypeError, ValueError, IndexError, KeyError):
        raise _ItemError(
            variable, f"date-parts {json.dumps(parts)} are not numbers [[year, month, day]]"
        ) from None
    raw = value.get("raw") or value.get("literal")
    if raw and str(raw)[:4].isdigit():
        pieces = str(raw).replace("/", "-").split("-")
        return [int(p) for p in pieces[:3] if p.isdigit()]
    return None


def _entry_from_csl(item: dict[str, Any], position: int) -> Entry:
    """The entry a CSL-JSON item describes, read variable group by group; an _ItemError names
    the variable that cannot be read."""
    key = str(item.get("id") or f"item{position}")
    custom = _custom(item)
    entry_type, extra = _entry_type(item.get("type", "article"))
    data: dict[str, Any] = {"key": key, "type": entry_type}
    data["authors"] = _people(item, "author")
    data["editors"] = _people(item, "editor")
    data.update(_dates(item))
    for csl_name, attribute in _SIMPLE.items():
        if item.get(csl_name) not in (None, ""):
            data[attribute] = str(item[csl_name])
    keywords = [k.strip() for k in str(item.get("keyword", "")).split(",") if k.strip()]
    statements = custom.get("statements", [k for k in keywords if k in STATEMENT_IDS])
    data["statements"] = tuple(statements) if isinstance(statements, list) else statements
    if "extra_fields" not in custom:
        extra.update(_unnamed(item, [k for k in keywords if k not in STATEMENT_IDS]))
    try:
        unpack(custom, data, extra)
    except (TypeError, ValueError) as error:
        raise _ItemError("custom", f"custom.jtd cannot be read ({error})") from None
    data["extra_fields"] = tuple(extra.items())
    try:
        return make_entry(data, key=key)
    except EntryValidationError as error:
        attribute, message = error.problems[0]
        attribute = attribute.split(".")[0]
        raise _ItemError(_VARIABLES.get(attribute, attribute), message) from None


def _custom(item: dict[str, Any]) -> dict[str, Any]:
    """This program's own data in the item (``custom.jtd``, an object), else {}."""
    custom = item.get("custom") or {}
    custom = custom.get("jtd") or {} if isinstance(custom, dict) else {}
    if not isinstance(custom, dict):
        raise _ItemError("custom", "custom.jtd is not an object")
    return custom


def _entry_type(kind: Any) -> tuple[EntryType, dict[str, str]]:
    """The entry type of a CSL type, and the extra field that keeps a type with no entry type
    of its own (``csl-type``)."""
    try:
        return EntryType(kind), {}
    except ValueError:
        known = _TYPE_ALIASES.get(kind, EntryType.GENERIC) if isinstance(kind, str) else EntryType.GENERIC
        return known, {"csl-type": str(kind)}


def _dates(item: dict[str, Any]) -> dict[str, Any]:
    """Year, month and day issued, and the access date (an _ItemError if it is no date)."""
    data: dict[str, Any] = {}
    issued = _date_parts(item.get("issued"), "issued")
    if issued:
        data.update(zip(("year", "month", "day"), issued, strict=False))
    accessed = _date_parts(item.get("accessed"), "accessed")
    if accessed and len(accessed) == 3:
        try:
            data["accessed"] = _dt.date(*accessed)
        except ValueError as error:
            raise _ItemError("accessed", f"{accessed} is not a date ({error})") from None
    return data


def _unnamed(item: dict[str, Any], keywords: list[str]) -> dict[str, str]:
    """Keywords that are no statement id, and the item's plain variables that an entry has no
    field for, as extra fields."""
    extra = {"keywords": ", ".join(keywords)} if keywords else {}
    for name, value in item.items():
        if name not in _HANDLED and isinstance(value, str | int | float):
            extra[name.lower()] = str(value)
    return extra


_MAX_DIGITS = 100
"""Longest whole number read from CSL-JSON: no year, page or count comes near it."""


class _LongNumberError(JTDError):
    def __init__(self, digits: int) -> None:
        self.digits = digits
        super().__init__(digits)


def _whole_number(literal: str) -> int:
    """A JSON integer, refusing the absurdly long (Python would stop at 4,300 digits with an error
    of its own, and the time to convert grows with the square of the length)."""
    digits = len(literal.lstrip("-"))
    if digits > _MAX_DIGITS:
        raise _LongNumberError(digits)
    return int(literal)


def loads_csl_json(text: str, source: str = "<string>") -> list[Entry]:
    """Entries from CSL-JSON text (a list of items, or one item)."""
    try:
        data = json.loads(text, parse_int=_whole_number)
    except json.JSONDecodeError as error:
        raise FormatError(f"{source}:{error.lineno}: not valid JSON ({error.msg})") from None
    except _LongNumberError as error:
        raise FormatError(
            f"{source}: a number {error.digits:,} digits long: no CSL-JSON value (a year, a page, a count) "
            f"has more than {_MAX_DIGITS}; check the file"
        ) from None
    except RecursionError:
        raise FormatError(f"{source}: the JSON is nested too deeply to be CSL-JSON") from None
    items = data if isinstance(data, list) else [data]
    if not all(isinstance(i, dict) and ("type" in i or "title" in i) for i in items):
        raise FormatError(f"{source}: JSON, but not CSL-JSON items (each needs a 'type' and a 'title')")
    entries = []
    for position, item in enumerate(items, start=1):
        try:
            entries.append(_entry_from_csl(item, position))
        except _ItemError as error:
            name = f" (id {item['id']!r})" if item.get("id") not in (None, "") else ""
            raise FormatError(f"{source}: item {position}{name}, {error.variable}: {error}") from None
    return entries


def _item(entry: Entry) -> dict[str, Any]:
    item = entry.to_csl()
    other = dict(entry.extra_fields).get("keywords")
    if other:
        item["keyword"] = ", ".join([*entry.statements, other]) if entry.statements else other
    jtd: dict[str, Any] = {"statements": list(entry.statements), **pack(entry)}
    item["custom"] = {"jtd": jtd}
    return item


def dumps_csl_json(entries: list[Entry]) -> str:
    """CSL-JSON for ``entries``, deterministic (sorted keys, two-space indent)."""
    return json.dumps([_item(e) for e in entries], indent=2, ensure_ascii=False, sort_keys=True) + "\n"
