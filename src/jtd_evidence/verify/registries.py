"""What to ask Crossref and OpenAlex, and how to read their answers into :class:`Record` values.

Pure functions, no I/O: a request is a (path, params) pair for :class:`RegistryClient`, an answer
is the decoded JSON. An answer that is not shaped as the registry's API documents raises
:class:`MalformedAnswerError` (the checker reports it as :attr:`ErrorKind.MALFORMED`); a single work
without a title inside a well-formed list is skipped, not an error.

    >>> crossref_record({"DOI": "10.1/X", "title": ["Safe <i>places</i>"], "subtitle": ["a study"],
    ...                  "author": [{"family": "Firmin", "given": "C."}], "issued": {"date-parts": [[2017, 3]]},
    ...                  "type": "journal-article", "page": "9-20"})
    Record(source='crossref', title='Safe places: a study', doi='10.1/X', families=('Firmin',), year=2017, years=(2017,), container=None, short_container=None, type='journal-article', volume=None, issue=None, pages='9-20')
"""

from __future__ import annotations

import html
import re
from typing import Any
from urllib.parse import quote

from jtd_evidence.models import Entry
from jtd_evidence.verify.match import families
from jtd_evidence.verify.types import Record

__all__ = [
    "CROSSREF_FIELDS",
    "MalformedAnswerError",
    "crossref_by_doi",
    "crossref_record",
    "crossref_records",
    "crossref_search",
    "openalex_by_doi",
    "openalex_record",
    "openalex_records",
    "openalex_search",
]

CROSSREF_FIELDS = (
    "DOI,title,subtitle,author,editor,issued,published-print,published-online,container-title,"
    "short-container-title,type,volume,issue,page"
)
"""Only what the matcher reads (Crossref's ``select``): a smaller answer for both sides."""

_TAG = re.compile(r"<[^>]{0,200}>")
_SPACES = re.compile(r"\s+")
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)", re.IGNORECASE)

Request = tuple[str, dict[str, str]]


class MalformedAnswerError(ValueError):
    """A registry answer that is not shaped as its API documents."""


def _text(value: Any) -> str | None:
    """A registry string as plain text (JATS/HTML tags and entities gone), or None."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), None)
    if not isinstance(value, str):
        return None
    text = _SPACES.sub(" ", html.unescape(_TAG.sub("", value))).strip()
    return text or None


def _number(value: Any) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return _text(value)


def _year(date: Any) -> int | None:
    """The year of a Crossref date object ({'date-parts': [[2017, 3, 1]]})."""
    try:
        year = date["date-parts"][0][0]
    except (KeyError, IndexError, TypeError):
        return None
    if isinstance(year, str) and year.isdigit():
        year = int(year)
    return year if isinstance(year, int) and not isinstance(year, bool) and 1000 <= year <= 2999 else None


def plain_doi(value: Any) -> str | None:
    """A DOI without 'https://doi.org/' or 'doi:' in front."""
    text = _text(value)
    return _DOI_PREFIX.sub("", text) if text else None


def _query_year_window(entry: Entry, window: int | None) -> tuple[int, int] | None:
    if entry.year is None or window is None:
        return None
    return entry.year - window, entry.year + window


# -- Crossref ---------------------------------------------------------------------------------


def crossref_by_doi(doi: str) -> Request:
    return f"/works/{quote(doi, safe='/:;()')}", {}


def crossref_search(entry: Entry, rows: int, year_window: int | None) -> Request:
    """A bibliographic query: the title (and container and year, which Crossref weighs), the
    family names, works of the years around ours."""
    words = [entry.title, entry.container_title or "", str(entry.year or "")]
    params = {
        "query.bibliographic": " ".join(w for w in words if w),
        "rows": str(rows),
        "select": CROSSREF_FIELDS,
    }
    names = families(entry)
    if names:
        params["query.author"] = " ".join(names)
    years = _query_year_window(entry, year_window)
    if years is not None:
        params["filter"] = f"from-pub-date:{years[0]},until-pub-date:{years[1]}"
    return "/works", params


def crossref_record(item: Any) -> Record | None:
    """One Crossref work as a :class:`Record` (None if it has no title)."""
    if not isinstance(item, dict):
        raise MalformedAnswerError("a Crossref work that is not a JSON object")
    title = _text(item.get("title"))
    if title is None:
        return None
    subtitle = _text(item.get("subtitle"))
    if subtitle and subtitle.casefold() not in title.casefold():
        title = f"{title}: {subtitle}"
    people = item.get("author") or item.get("editor") or []
    names = []
    if isinstance(people, list):
        for person in people:
            if isinstance(person, dict):
                name = _text(person.get("family")) or _text(person.get("name"))
                if name:
                    names.append(name)
    issued = _year(item.get("issued"))
    years = [issued] + [_year(item.get(k)) for k in ("published-print", "published-online", "published")]
    return Record(
        source="crossref",
        title=title,
        doi=plain_doi(item.get("DOI")),
        families=tuple(names),
        year=issued,
        years=tuple(sorted({y for y in years if y is not None})),
        container=_text(item.get("container-title")),
        short_container=_text(item.get("short-container-title")),
        type=_text(item.get("type")),
        volume=_number(item.get("volume")),
        issue=_number(item.get("issue")),
        pages=_text(item.get("page")),
    )


def _crossref_message(data: Any, kind: str) -> dict[str, Any]:
    if not isinstance(data, dict) or not isinstance(data.get("message"), dict):
        raise MalformedAnswerError("a Crossref answer without a 'message' object")
    if data.get("message-type") not in (None, kind):
        raise MalformedAnswerError(f"a Crossref answer of type {data.get('message-type')!r}, not {kind!r}")
    message: dict[str, Any] = data["message"]
    return message


def crossref_records(data: Any, *, single: bool = False) -> list[Record]:
    """The records of a Crossref answer: ``/works/{doi}`` (``single``) or a ``/works`` query."""
    if single:
        record = crossref_record(_crossref_message(data, "work"))
        return [] if record is None else [record]
    items = _crossref_message(data, "work-list").get("items")
    if not isinstance(items, list):
        raise MalformedAnswerError("a Crossref work list without an 'items' list")
    return [r for r in map(crossref_record, items) if r is not None]


# -- OpenAlex ---------------------------------------------------------------------------------


def openalex_by_doi(doi: str) -> Request:
    return f"/works/doi:{quote(doi, safe='/:;()')}", {}


def openalex_search(entry: Entry, rows: int, year_window: int | None) -> Request:
    params = {"search": entry.title or "", "per-page": str(rows)}
    years = _query_year_window(entry, year_window)
    if years is not None:
        params["filter"] = f"publication_year:{years[0]}-{years[1]}"
    return "/works", params


def _pages(biblio: dict[str, Any]) -> str | None:
    first, last = _number(biblio.get("first_page")), _number(biblio.get("last_page"))
    if first and last and last != first:
        return f"{first}-{last}"
    return first


def openalex_record(work: Any) -> Record | None:
    """One OpenAlex work as a :class:`Record` (None if it has no title)."""
    if not isinstance(work, dict):
        raise MalformedAnswerError("an OpenAlex work that is not a JSON object")
    title = _text(work.get("title")) or _text(work.get("display_name"))
    if title is None:
        return None
    names = []
    authorships = work.get("authorships")
    for authorship in authorships if isinstance(authorships, list) else []:
        author = authorship.get("author") if isinstance(authorship, dict) else None
        name = _text(author.get("display_name")) if isinstance(author, dict) else None
        if name:
            names.append(name)
    year = work.get("publication_year")
    year = year if isinstance(year, int) and not isinstance(year, bool) else None
    location = work.get("primary_location")
    source = location.get("source") if isinstance(location, dict) else None
    biblio: dict[str, Any] = work["biblio"] if isinstance(work.get("biblio"), dict) else {}
    return Record(
        source="openalex",
        title=title,
        doi=plain_doi(work.get("doi")),
        families=tuple(names),
        year=year,
        years=(year,) if year is not None else (),
        container=_text(source.get("display_name")) if isinstance(source, dict) else None,
        type=_text(work.get("type")),
        volume=_number(biblio.get("volume")),
        issue=_number(biblio.get("issue")),
        pages=_pages(biblio),
    )


def openalex_records(data: Any, *, single: bool = False) -> list[Record]:
    """The records of an OpenAlex answer: one work (``single``) or a ``/works`` list."""
    if single:
        record = openalex_record(data)
        return [] if record is None else [record]
    if not isinstance(data, dict) or not isinstance(data.get("results"), list):
        raise MalformedAnswerError("an OpenAlex answer without a 'results' list")
    return [r for r in map(openalex_record, data["results"]) if r is not None]
