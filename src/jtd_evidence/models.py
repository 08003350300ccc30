"""The data model: people, entries and their validation rules (pydantic v2).

Fields follow CSL-JSON's vocabulary so that an :class:`Entry` maps onto what
citeproc processors expect (:meth:`Entry.to_csl`). Models are frozen: an entry is
a value, compared and hashed by its fields.

    >>> from jtd_evidence.models import Entry, Person
    >>> e = Entry(type="report", title="Approaches to Strategy", year=2021,
    ...           authors=(Person(family="Grauberg", given="J."),))
    >>> e.to_csl()["author"]
    [{'family': 'Grauberg', 'given': 'J.'}]
"""

from __future__ import annotations

import datetime as _dt
import re
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from jtd_evidence import _urls
from jtd_evidence.exceptions import EntryValidationError
from jtd_evidence.framework import STATEMENT_IDS

__all__ = ["DOI_PATTERN", "Entry", "EntryType", "Person", "Publication", "make_entry"]

DOI_PATTERN = re.compile(r"^10\.\d{4,9}/\S+$")


class EntryType(StrEnum):
    """Kinds of work, named as in CSL."""

    ARTICLE_JOURNAL = "article-journal"
    ARTICLE_MAGAZINE = "article-magazine"
    ARTICLE_NEWSPAPER = "article-newspaper"
    BOOK = "book"
    CHAPTER = "chapter"
    REPORT = "report"
    THESIS = "thesis"
    WEBPAGE = "webpage"
    PAPER_CONFERENCE = "paper-conference"
    DATASET = "dataset"
    LEGISLATION = "legislation"
    GENERIC = "article"


class Person(BaseModel):
    """An author or editor: a family name with given names as written, or an organisation."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    family: str | None = None
    given: str | None = None
    particle: str | None = None
    suffix: str | None = None
    literal: str | None = None

    @field_validator("given", "particle", "suffix")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return value if value is None or value.strip() else None

    @model_validator(mode="after")
    def _one_form(self) -> Person:
        if self.literal is not None:
            if not self.literal.strip():
                raise ValueError("an organisation name must not be empty")
            if self.family or self.given or self.particle or self.suffix:
                raise ValueError(f"organisation {self.literal!r} cannot also have family/given names")
        elif not (self.family and self.family.strip()):
            raise ValueError(f"a person needs a family name (given {self.given!r})")
        return self

    @property
    def is_organisation(self) -> bool:
        return self.literal is not None

    @property
    def full_family(self) -> str:
        """Family name with its particle, e.g. 'van der Berg'; the organisation name for one."""
        if self.literal is not None:
            return self.literal
        return f"{self.particle} {self.family}" if self.particle else str(self.family)

    def display(self) -> str:
        """'Family, Given' (or the organisation name), as a reference list shows it."""
        if self.literal is not None:
            return self.literal
        text = self.full_family
        if self.given:
            text += f", {self.given}"
        if self.suffix:
            text += f", {self.suffix}"
        return text

    def to_csl(self) -> dict[str, str]:
        if self.literal is not None:
            return {"literal": self.literal}
        name: dict[str, str] = {"family": str(self.family)}
        if self.given:
            name["given"] = self.given
        if self.particle:
            name["non-dropping-particle"] = self.particle
        if self.suffix:
            name["suffix"] = self.suffix
        return name


def _next_year() -> int:
    return _dt.date.today().year + 1


_LATEST_ALLOWED = [0]
"""Next year, as :func:`_year_allowed` last asked the clock: the clock only moves on, so a year
no later is allowed without asking it again (it is asked once per entry made, and a parser makes
one or two for every reference it reads)."""


def _year_allowed(value: int) -> bool:
    """Whether ``value`` is a year from 1800 to next year."""
    if 1800 <= value <= _LATEST_ALLOWED[0]:
        return True
    _LATEST_ALLOWED[0] = _next_year()
    return 1800 <= value <= _LATEST_ALLOWED[0]


class _Heading(BaseModel):
    """What a reference opens with: who wrote or edited the work, when, and its title (with
    the entry's key and type). A base of :class:`Entry` only, so that its fields come first."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str | None = None
    type: EntryType = EntryType.GENERIC
    authors: tuple[Person, ...] = ()
    authors_et_al: bool = False
    editors: tuple[Person, ...] = ()
    year: int | None = None
    month: int | None = None
    day: int | None = None
    title: str | None = None


class Publication(BaseModel):
    """Where a work was published: the fields of an :class:`Entry` that the part of a reference
    after its title gives. Declared here once, for the entry and for the parser's reading of
    that part (:class:`jtd_evidence.parsing.source.SourceInfo`, which fills them in one by one)."""

    model_config = ConfigDict(extra="forbid")

    container_title: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    number: str | None = None
    edition: str | None = None
    genre: str | None = None
    publisher: str | None = None
    place: str | None = None


class Entry(Publication, _Heading):
    """One work in the evidence base, with the practice statements it informs.

    Its fields read: the heading's (key ... title), the publication's (container_title ...
    place), then its own (url ... extra_fields). pydantic takes a model's fields from its last
    base to its first, hence the bases' order; the fields' order is the order of
    ``model_dump_json``, on which the order of entries of equal content depends
    (``jtd_evidence.store.keys._canonical``), so a test pins it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    url: str | None = None
    doi: str | None = None
    accessed: _dt.date | None = None
    note: str | None = None
    statements: tuple[str, ...] = ()
    source: str | None = None
    extra_fields: tuple[tuple[str, str], ...] = ()
    """Fields this model has no name for (e.g. ``isbn``, ``abstract`` from a Zotero export),
    kept verbatim as (lower-case name, value) pairs so that rewriting a .bib loses nothing."""

    @property
    def name(self) -> str:
        """What to call the entry in a message: its title, or for an entry with none (a bare
        address the parser read no title in), the start of its source text, its container's or
        publisher's name, or its key."""
        named = self.title or self.source or self.container_title or self.publisher or self.key or "?"
        return named if len(named) <= 80 else named[:79] + "…"

    @field_validator(
        "title",
        "container_title",
        "volume",
        "issue",
        "pages",
        "number",
        "edition",
        "genre",
        "publisher",
        "place",
        "note",
        "key",
    )
    @classmethod
    def _strip_text(cls, value: str | None, info: Any) -> str | None:
        if value is None:
            return None
        stripped = value.strip()
        if not stripped:
            return None
        return stripped

    @field_validator("year")
    @classmethod
    def _year_in_range(cls, value: int | None) -> int | None:
        if value is not None and not _year_allowed(value):
            raise ValueError(f"year {value} is outside 1800-{_next_year()}: check the date, or use n.d.")
        return value

    @field_validator("month")
    @classmethod
    def _month_in_range(cls, value: int | None) -> int | None:
        if value is not None and not 1 <= value <= 12:
            raise ValueError(f"month {value} is not 1-12")
        return value

    @field_validator("day")
    @classmethod
    def _day_in_range(cls, value: int | None) -> int | None:
        if value is not None and not 1 <= value <= 31:
            raise ValueError(f"day {value} is not 1-31")
        return value

    @field_validator("url")
    @classmethod
    def _absolute_http_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip()
        if _urls.is_placeholder(value):
            raise ValueError(f"url {value!r} is a placeholder, not a link: give the real address")
        parts = _urls.split(value)
        if parts is None or parts.scheme not in ("http", "https") or not parts.netloc or " " in value:
            raise ValueError(f"url {value!r} is not an absolute http(s) address (expected https://host/path)")
        return value

    @field_validator("doi")
    @classmethod
    def _doi_form(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip()
        if not DOI_PATTERN.match(value):
            raise ValueError(f"doi {value!r} is not of the form 10.NNNN/suffix")
        return value

    @field_validator("statements")
    @classmethod
    def _known_statements(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = sorted(set(value) - STATEMENT_IDS)
        if unknown:
            raise ValueError(
                f"unknown statement id(s) {', '.join(unknown)}; known: {', '.join(sorted(STATEMENT_IDS))}"
            )
        return tuple(sorted(set(value)))

    @field_validator("extra_fields")
    @classmethod
    def _sorted_extra(cls, value: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
        return tuple(sorted((name.lower(), text) for name, text in value))

    @model_validator(mode="after")
    def _date_parts(self) -> Entry:
        if self.day is not None and self.month is None:
            raise ValueError("a day is given without a month")
        if self.month is not None and self.year is None:
            raise ValueError("a month is given without a year")
        return self

    @property
    def principles(self) -> tuple[str, ...]:
        """Ids of the principles this entry's statements belong to."""
        return tuple(sorted({s[:2] for s in self.statements}))

    def with_statements(self, *ids: str) -> Entry:
        """A copy carrying these statements as well."""
        return self.model_copy(update={"statements": tuple(sorted({*self.statements, *ids}))})

    def to_csl(self) -> dict[str, Any]:
        """This entry as a CSL-JSON item."""
        item: dict[str, Any] = {"id": self.key or "item", "type": self.type.value}
        if self.authors:
            item["author"] = [p.to_csl() for p in self.authors]
        if self.editors:
            item["editor"] = [p.to_csl() for p in self.editors]
        if self.year is not None:
            parts = [self.year] + [x for x in (self.month, self.day) if x is not None]
            item["issued"] = {"date-parts": [parts]}
        if self.accessed is not None:
            a = self.accessed
            item["accessed"] = {"date-parts": [[a.year, a.month, a.day]]}
        simple = {
            "title": self.title,
            "container-title": self.container_title,
            "volume": self.volume,
            "issue": self.issue,
            "page": self.pages,
            "number": self.number,
            "edition": self.edition,
            "genre": self.genre,
            "publisher": self.publisher,
            "publisher-place": self.place,
            "URL": self.url,
            "DOI": self.doi,
            "note": self.note,
        }
        item.update({k: v for k, v in simple.items() if v is not None})
        if self.statements:
            item["keyword"] = ", ".join(self.statements)
        return item


def make_entry(data: dict[str, Any], key: str | None = None) -> Entry:
    """Build an Entry, turning pydantic's errors into one EntryValidationError naming each field."""
    try:
        return Entry.model_validate(data)
    except ValidationError as error:
        problems = []
        for detail in error.errors():
            field = ".".join(str(part) for part in detail["loc"]) or "entry"
            message = detail["msg"].removeprefix("Value error, ")
            if "input" in detail and field not in message:
                message = f"{message} (value {detail['input']!r})"
            problems.append((field, message))
        raise EntryValidationError(key or data.get("key"), problems) from None
