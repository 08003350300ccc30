"""RIS: the tagged format EndNote, Mendeley, Zotero and most databases export.

Export: one record per entry, statement ids as ``KW`` lines (tags in reference
managers), the citation key as ``ID``; what RIS has no tag for (et al., the raw
source text, extra BibTeX fields) goes as JSON in ``C8`` so a round trip is exact.
Import reads the common tags of EndNote, Mendeley and Zotero exports.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from collections import defaultdict
from typing import Any

from pydantic import ValidationError

from jtd_evidence.exceptions import EntryValidationError, FormatError
from jtd_evidence.formats._private import pack, unpack
from jtd_evidence.framework import STATEMENT_IDS
from jtd_evidence.models import Entry, EntryType, Person, make_entry
from jtd_evidence.parsing.names import PARTICLES

__all__ = ["dumps_ris", "loads_ris"]

_TY_OUT = {
    EntryType.ARTICLE_JOURNAL: "JOUR",
    EntryType.ARTICLE_MAGAZINE: "MGZN",
    EntryType.ARTICLE_NEWSPAPER: "NEWS",
    EntryType.BOOK: "BOOK",
    EntryType.CHAPTER: "CHAP",
    EntryType.REPORT: "RPRT",
    EntryType.THESIS: "THES",
    EntryType.WEBPAGE: "ELEC",
    EntryType.PAPER_CONFERENCE: "CPAPER",
    EntryType.DATASET: "DATA",
    EntryType.LEGISLATION: "STAT",
    EntryType.GENERIC: "GEN",
}
_TY_IN = {value: key for key, value in _TY_OUT.items()} | {
    "JFULL": EntryType.ARTICLE_JOURNAL,
    "EJOUR": EntryType.ARTICLE_JOURNAL,
    "ABST": EntryType.ARTICLE_JOURNAL,
    "EBOOK": EntryType.BOOK,
    "EDBOOK": EntryType.BOOK,
    "ECHAP": EntryType.CHAPTER,
    "WEB": EntryType.WEBPAGE,
    "BLOG": EntryType.WEBPAGE,
    "CONF": EntryType.PAPER_CONFERENCE,
    "BILL": EntryType.LEGISLATION,
    "GOVDOC": EntryType.REPORT,
    "PAMP": EntryType.REPORT,
}
_LINE = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*))?$")
_SINGLE = {
    "TI": "title", "T1": "title", "CT": "title", "BT": "container_title", "T2": "container_title",
    "JO": "container_title", "JF": "container_title", "JA": "container_title", "VL": "volume",
    "IS": "issue", "M1": "number", "ET": "edition", "M3": "genre", "PB": "publisher", "CY": "place",
    "UR": "url", "DO": "doi", "N1": "note",
}  # fmt: skip
_PREFERRED = {"title": ("TI", "T1", "CT"), "container_title": ("T2", "JO", "JF", "BT", "JA")}


def _person_out(person: Person) -> str:
    if person.literal is not None:
        return person.literal
    family = person.full_family
    parts = [family, person.given or ""]
    if person.suffix:
        parts.append(person.suffix)
    return ", ".join(parts)


def _person_in(text: str) -> Person:
    if "," not in text:
        return Person(literal=text.strip())
    family, _, rest = (part.strip() for part in text.partition(","))
    given, _, suffix = (part.strip() for part in rest.partition(","))
    words = family.split()
    lead = []
    while len(words) > 1 and words[0] in PARTICLES:
        lead.append(words.pop(0))
    return Person(
        family=" ".join(words), given=given or None, particle=" ".join(lead) or None, suffix=suffix or None
    )


def _date(entry: Entry) -> str:
    parts = [f"{entry.year:04d}" if entry.year else "", f"{entry.month:02d}" if entry.month else ""]
    parts.append(f"{entry.day:02d}" if entry.day else "")
    return "/".join(parts) + "/"


def _record(entry: Entry) -> list[str]:
    lines = [f"TY  - {_TY_OUT[entry.type]}"]

    def add(tag: str, value: object) -> None:
        if value not in (None, ""):
            lines.append(f"{tag}  - {value}")

    add("ID", entry.key)
    for person in entry.authors:
        add("AU", _person_out(person))
    for person in entry.editors:
        add("A2" if entry.type is EntryType.CHAPTER else "ED", _person_out(person))
    add("TI", entry.title)
    add("T2", entry.container_title)
    if entry.year:
        add("PY", entry.year)
        add("DA", _date(entry))
    add("VL", entry.volume)
    add("IS", entry.issue)
    if entry.pages:
        first, _, last = entry.pages.partition("-")
        add("SP", first)
        add("EP", last)
    for tag, value in (("M1", entry.number), ("ET", entry.edition), ("M3", entry.genre)):
        add(tag, value)
    add("PB", entry.publisher)
    add("CY", entry.place)
    add("UR", entry.url)
    add("DO", entry.doi)
    if entry.accessed:
        add("Y2", entry.accessed.strftime("%Y/%m/%d"))
    add("N1", entry.note)
    other = dict(entry.extra_fields).get("keywords")
    for keyword in [*entry.statements, *([k.strip() for k in other.split(",")] if other else [])]:
        add("KW", keyword)
    private = pack(entry)
    if private:
        add("C8", "jtd:" + json.dumps(private, ensure_ascii=False, sort_keys=True))
    lines.append("ER  - ")
    return lines


def dumps_ris(entries: list[Entry]) -> str:
    """RIS records for ``entries``, one blank line between records."""
    return "\n\n".join("\n".join(_record(e)) for e in entries) + "\n"


_TAG_NAMES = {
    "AU": "author", "A1": "author", "ED": "editor", "A2": "editor", "A3": "editor", "DA": "date",
    "PY": "year", "Y1": "date", "Y2": "access date", "C8": "private data", "SP": "start page",
}  # fmt: skip
_ATTRIBUTE_TAGS = {
    "authors": ("AU", "A1"), "editors": ("ED", "A2", "A3"), "year": ("DA", "PY", "Y1"),
    "month": ("DA", "PY", "Y1"), "day": ("DA", "PY", "Y1"), "accessed": ("Y2",), "pages": ("SP", "EP"),
    **{attribute: tuple(t for t, a in _SINGLE.items() if a == attribute) for attribute in _SINGLE.values()},
}  # fmt: skip


class _Record:
    """One RIS record: its values by tag, and the line each value came from."""

    def __init__(self, source: str, start: int) -> None:
        self.source = source
        self.start = start
        self.tags: dict[str, list[str]] = defaultdict(list)
        self.lines: dict[str, list[int]] = defaultdict(list)

    def first(self, tag: str) -> str | None:
        """The first value of ``tag`` in the record, if it has one."""
        values = self.tags.get(tag)
        return values[0] if values else None

    def add(self, tag: str, value: str, line: int) -> None:
        self.tags[tag].append(value)
        self.lines[tag].append(line)

    def error(self, tag: str, index: int, message: str) -> FormatError:
        """A FormatError naming the file, the line, the record and the field."""
        line = self.lines[tag][index] if tag in self.lines else self.start
        name = _TAG_NAMES.get(tag) or _SINGLE.get(tag, tag).replace("_", " ")
        return FormatError(
            f"{self.source}:{line}: RIS record starting on line {self.start}, {tag} ({name}) line: {message}"
        )

    def people(self, tags: tuple[str, ...]) -> tuple[Person, ...]:
        found = []
        for tag in tags:
            for index, text in enumerate(self.tags.get(tag, [])):
                try:
                    found.append(_person_in(text))
                except ValidationError as error:
                    problem = error.errors()[0]["msg"].removeprefix("Value error, ")
                    raise self.error(
                        tag,
                        index,
                        f"{text!r} is not a name ({problem}); write 'Family, Given' or an organisation",
                    ) from None
        return tuple(found)


_DATE_TAGS = ("DA", "PY", "Y1")
"""Where a record's date of publication is, in order of preference ('YYYY/MM/DD/' or a year)."""
_EXTRA_TAGS = {"SN": "isbn", "AB": "abstract", "LA": "language"}
"""Tags kept as the entry's extra fields, by the field's name."""


def _entry(record: _Record) -> Entry:
    """The entry a record describes, read tag group by tag group; a FormatError names the line."""
    data: dict[str, Any] = {
        "type": _TY_IN.get((record.first("TY") or "GEN").strip().upper(), EntryType.GENERIC)
    }
    data["key"] = record.first("ID")
    data["authors"] = record.people(("AU", "A1"))
    data["editors"] = record.people(("ED", "A2", "A3"))
    data.update(_texts(record))
    data.update(_dates(record))
    keywords = record.tags.get("KW", [])
    data["statements"] = tuple(k for k in keywords if k in STATEMENT_IDS)
    extra = _extra(record, [k for k in keywords if k not in STATEMENT_IDS])
    _unpack_private(record, data, extra)
    data["extra_fields"] = tuple(extra.items())
    return _make(record, {k: v for k, v in data.items() if v is not None})


def _texts(record: _Record) -> dict[str, str]:
    """The fields of one tag each (the first line of it), and title and container title from
    the first of their tags that has a value."""
    data = {
        attribute: record.tags[tag][0]
        for tag, attribute in _SINGLE.items()
        if record.tags.get(tag) and attribute not in _PREFERRED
    }
    for attribute, order in _PREFERRED.items():
        value = next((record.tags[t][0] for t in order if record.tags.get(t)), None)
        if value:
            data[attribute] = value
    if record.tags.get("SP"):
        data["pages"] = record.tags["SP"][0] + (f"-{record.tags['EP'][0]}" if record.tags.get("EP") else "")
    return data


def _dates(record: _Record) -> dict[str, object]:
    """Year, month and day of publication, and the access date (a FormatError if not a date)."""
    date = next((record.tags[t][0] for t in _DATE_TAGS if record.tags.get(t)), "")
    numbers = [int(p) for p in re.split(r"[/-]", date)[:3] if p.strip().isdigit()]
    data: dict[str, object] = dict(zip(("year", "month", "day"), numbers, strict=False))
    accessed = record.first("Y2")
    if accessed is not None:
        pieces = [int(p) for p in re.split(r"[/-]", accessed) if p.strip().isdigit()]
        if len(pieces) == 3:
            try:
                data["accessed"] = _dt.date(*pieces)
            except ValueError as error:
                raise record.error(
                    "Y2", 0, f"{accessed!r} is not a date ({error}); write YYYY/MM/DD"
                ) from None
    return data


def _extra(record: _Record, keywords: list[str]) -> dict[str, str]:
    """Keywords that are no statement id, ISBN, abstract and language, by extra field name."""
    extra: dict[str, str] = {}
    if keywords:
        extra["keywords"] = ", ".join(keywords)
    for tag, name in _EXTRA_TAGS.items():
        if record.tags.get(tag):
            extra[name] = record.tags[tag][0]
    return extra


def _unpack_private(record: _Record, data: dict[str, Any], extra: dict[str, str]) -> None:
    """Put back what this program's own data holds: the first ``C8`` line that starts ``jtd:``
    and a JSON object (a FormatError if it cannot be read); without one, the defaults."""
    for index, value in enumerate(record.tags.get("C8", [])):
        if not value.startswith("jtd:"):
            continue
        try:
            private = json.loads(value[4:])
            if isinstance(private, dict):
                unpack(private, data, extra)
                return
            problem = "not a JSON object"
        except (ValueError, TypeError) as error:
            problem = str(error)
        raise record.error("C8", index, f"the jtd: data cannot be read ({problem}); delete this line")
    unpack({}, data, extra)


def _make(record: _Record, data: dict[str, Any]) -> Entry:
    """The entry; a field that does not validate is reported at the line of the tag it came from."""
    try:
        return make_entry(data, key=data.get("key"))
    except EntryValidationError as error:
        attribute, message = error.problems[0]
        attribute = attribute.split(".")[0]
        found = next((t for t in _ATTRIBUTE_TAGS.get(attribute, ()) if record.tags.get(t)), None)
        if found is not None:
            raise record.error(found, 0, message) from None
        raise FormatError(
            f"{record.source}:{record.start}: RIS record starting here cannot become an entry: {error}"
        ) from None


def loads_ris(text: str, source: str = "<string>") -> list[Entry]:
    """Entries from RIS text; keys come from ``ID`` tags where present (otherwise none)."""
    entries: list[Entry] = []
    record: _Record | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip("\r").lstrip("\ufeff")
        if not line.strip():
            continue
        match = _LINE.match(line)
        if not match:
            if record is None or not record.tags:
                raise FormatError(
                    f"{source}:{number}: not a RIS line ('XX  - value' expected): {line[:60]!r}"
                )
            last = next(reversed(record.tags))  # a wrapped continuation of the previous value
            record.tags[last][-1] += " " + line.strip()
            continue
        tag, value = match.group(1), (match.group(2) or "").strip()
        if tag == "TY" and record is not None and record.tags:
            raise FormatError(
                f"{source}:{record.start}: the record starting here has no 'ER  - ' end line before "
                f"the next record on line {number}: add 'ER  - ' at its end"
            )
        if tag == "TY" or record is None:
            record = _Record(source, number)
        if tag == "ER":
            entries.append(_entry(record))
            record = None
            continue
        record.add(tag, value, number)
    if record is not None and record.tags:
        raise FormatError(f"{source}:{record.start}: the record starting here has no 'ER  - ' end line")
    if not entries:
        raise FormatError(f"{source}: no RIS records found (each starts 'TY  - ' and ends 'ER  - ')")
    return entries
