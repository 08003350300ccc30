"""From labelled spans to an :class:`Entry`: the grammar's stages read each field the model found.

The model says *where* each field is; the rules here say what it *means*: an author span
becomes people and organisations (:func:`~jtd_evidence.parsing.names.parse_names`), a date
span a year (with its letter), month and day or n.d., a pages span a page range, a DOI or
URL span an identifier, and the fields present together decide the entry type (a container
with a volume is a journal article; with editors or "In", a chapter; a thesis genre, a
thesis; a publisher alone, a book or, by its words, a report; an address alone, a web page).

>>> from jtd_evidence.parsing.labels import parse_tagged
>>> entry, notes = entry_from_spans(parse_tagged(
...     "<author>Hill, N., &amp; Wroe, L.</author> (<date>2019a</date>). <title>Young people's voices</title>. "
...     "<container-title>*Child Abuse Review*</container-title>, <volume>28</volume>(<issue>3</issue>), "
...     "<pages>12–30</pages>."))
>>> entry.type.value, [p.family for p in entry.authors], entry.year, entry.container_title, entry.pages
('article-journal', ['Hill', 'Wroe'], 2019, 'Child Abuse Review', '12-30')
"""

from __future__ import annotations

import re
from typing import Any

from jtd_evidence._text import clip
from jtd_evidence.exceptions import EntryValidationError
from jtd_evidence.models import Entry, EntryType, make_entry
from jtd_evidence.parsing.dates import MONTHS, parse_accessed
from jtd_evidence.parsing.identifiers import DOI_IN_TEXT, STANDARD_NUMBER, doi_from_url
from jtd_evidence.parsing.labels import Label, LabelledReference
from jtd_evidence.parsing.markup import with_scheme
from jtd_evidence.parsing.names import parse_names
from jtd_evidence.parsing.problems import NO_TITLE, Problem, Unread
from jtd_evidence.parsing.reference import infer_type, salvage
from jtd_evidence.parsing.source import SourceInfo

__all__ = ["entry_from_spans", "read_spans"]

_LEADING, _TRAILING = ",.;:*_([", ",;:*_)]"
"""What a field's text loses at its start and at its end, besides spaces."""
_EDGE = re.compile(rf"^[\s{re.escape(_LEADING)}]+|[\s{re.escape(_TRAILING)}]+$")
_TRAILING_DOT = re.compile(r"(?<=[a-z0-9\)])(?<!\bal)(?<!\betc)(?<!\bInc)(?<!\bLtd)(?<!\bCo)\.$")
_INITIAL_END = re.compile(r"\b[A-Z]\.$")
_PAIRS = {"'": "'’", "‘": "’'", '"': '"”', "“": '”"'}
_YEAR = re.compile(r"\b(?P<year>(?:1[5-9]|20)\d\d)\s?(?P<suffix>[a-z])?\b")
_NO_DATE = re.compile(r"\bn\.?\s?d\b|no date|undated|in press|forthcoming", re.IGNORECASE)
_MONTH_WORD = re.compile(r"\b([A-Za-z]{3,9})\.?\b")
_DAY = re.compile(r"\b([0-3]?\d)\b")
_MONTH_WORD_IN = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|spring|summer|autumn|winter)", re.IGNORECASE
)
_DASHES = re.compile(r"\s*[-‐‑‒–—―]+\s*")
_PAGE_WORDS = re.compile(r"^(?:pp?\.?|pages?|page)\s*", re.IGNORECASE)
_LOCATOR_WORDS = re.compile(r"^(?:vol(?:ume)?\.?|no\.?|issue|iss\.?|nr\.?)\s*", re.IGNORECASE)
_EDITOR_WORDS = re.compile(r"\s*\(?\b(?:eds?|editors?|hrsg)\b\.?\)?\s*", re.IGNORECASE)
_THESIS = re.compile(r"thesis|dissertation", re.IGNORECASE)
_LEGISLATION = re.compile(r"\b(?:Act|Regulations|Order|Bill)\s+(?:1[89]|20)\d\d\b")
_BARE_NUMBER = re.compile(r"[\dXx][\d\sXx-]{6,16}[\dXx]")
_URL = re.compile(r"(?:https?://|www\.)\S+")
_BARE_DOI = re.compile(r"(?P<doi>10\.\d{4,9}/\S+)")


def _clean(text: str) -> str:
    """A field's text without the punctuation, quotes and italic marks around it."""
    text = " ".join(text.split())
    previous = None
    while previous != text:
        previous = text
        if text and (text[0] in _LEADING or text[-1] in _TRAILING or text[0].isspace() or text[-1].isspace()):
            text = _EDGE.sub("", text)
        if text.endswith(".") and not _INITIAL_END.search(text):  # both patterns end with a full stop
            text = _TRAILING_DOT.sub("", text)
        if len(text) > 1 and text[0] in _PAIRS and text[-1] in _PAIRS[text[0]]:  # quotes around it all
            text = text[1:-1]
    return text


def _date(text: str, data: dict[str, Any], notes: list[str]) -> None:
    match = _YEAR.search(text)
    if match is None:
        if not _NO_DATE.search(text):
            notes.append(Problem(Unread.DATE_WITHOUT_YEAR, f"could not read a year in {text!r}"))
        return
    data["year"] = int(match["year"])
    for word in _MONTH_WORD.findall(text):
        month = MONTHS.get(word.lower())
        if month:
            data["month"] = month
            day = _DAY.search(_YEAR.sub("", text))
            if day and 1 <= int(day.group(1)) <= 31:
                data["day"] = int(day.group(1))
            break


def _people(text: str, notes: list[str]) -> tuple[tuple[Any, ...], bool]:
    """The people of an author or editor span; asterisks are no part of a name: Markdown's bold
    on a CV owner's name ('**Batailler, C.**, Brannon, S. M.') or an equal-contribution mark
    ('Roesler*, E.')."""
    names = parse_names(_EDITOR_WORDS.sub(" ", text.replace("*", "")).strip(" ,;:"))
    notes.extend(names.notes)
    return names.people, names.et_al


def _kind(data: dict[str, Any], fields: dict[Label, str]) -> EntryType:
    """The entry type, by the rules the grammar uses (:func:`.reference.infer_type`), from what
    the model found: a container with editors is a chapter's book, with a volume, issue or DOI a
    journal; a thesis genre makes a thesis; an Act's name without authors, legislation."""
    container = data.get("container_title")
    editors = bool(data.get("editors")) or Label.EDITOR in fields
    source = SourceInfo(
        container_title=container,
        volume=data.get("volume"),
        issue=data.get("issue"),
        pages=data.get("pages"),
        edition=data.get("edition"),
        genre=data.get("genre"),
        publisher=data.get("publisher"),
        place=data.get("place"),
        is_chapter=bool(container and editors),
        edited_book=bool(editors and not container),
        legislation=bool(_LEGISLATION.search(data.get("title", "")) and not data.get("authors")),
        is_thesis=bool(_THESIS.search(fields.get(Label.GENRE, ""))),
        is_journal=bool(container and (data.get("volume") or data.get("issue") or data.get("doi"))),
    )
    return infer_type(source, data.get("url"), data.get("title", ""))


_LISTS = frozenset({Label.AUTHOR, Label.EDITOR})
"""Labels whose spans all count when a label is seen more than once (names interrupted by an
ORCID or a stray mark): joined with a comma. For the other labels the longest span counts."""
_WORDS = frozenset(
    {Label.AUTHOR, Label.EDITOR, Label.TITLE, Label.CONTAINER, Label.COLLECTION, Label.PUBLISHER}
)
"""Labels of running text, whose spans a mark or two apart are one field."""
_GAP = re.compile(r"^[\s,.:;!?'‘’“”\"*_()\[\]-]{0,3}$")


def _field_texts(reference: LabelledReference) -> dict[Label, str]:
    """Each label's text: spans of one label with only a mark or two between them are one span
    (a title the model broke at an inner quote); then lists are joined, and of other labels'
    spans the longest is kept (a stray number labelled pages does not spoil the page range)."""
    merged: list[list[Any]] = []  # [label, start, end]
    last: dict[Label, list[Any]] = {}
    for span in reference.spans:
        before = last.get(span.label)
        if (
            span.label in _WORDS
            and before is not None
            and _GAP.match(reference.text[before[2] : span.start])
            and before is merged[-1]
        ):
            before[2] = span.end
            continue
        merged.append([span.label, span.start, span.end])
        last[span.label] = merged[-1]
    fields: dict[Label, str] = {}
    for label, start, end in merged:
        text = reference.text[start:end]
        if label is Label.DATE and label in fields:
            fields[label] = _dates(fields[label], text)
        elif label not in fields:
            fields[label] = text
        elif label in _LISTS:
            fields[label] = f"{fields[label].rstrip(' ,;')}, {text}"
        elif len(text) > len(fields[label]):
            fields[label] = text
    return fields


def _dates(first: str, second: str) -> str:
    """Two date spans as one: the one with a year, and the day and month of the other where it
    has no year ("(2017) ... The Independent, 13 September"); of two with years, the longer."""
    first_year, second_year = _YEAR.search(first), _YEAR.search(second)
    if first_year and second_year:
        return second if len(second) > len(first) else first
    if first_year or second_year:
        dated, other = (first, second) if first_year else (second, first)
        return dated if _MONTH_WORD_IN.search(dated) else f"{other} {dated}"
    return second if len(second) > len(first) else first


def entry_from_spans(reference: LabelledReference) -> tuple[Entry, list[str]]:
    """The entry a labelled reference describes, and notes on what could not be read or is
    untidy in the source (both lists of :func:`read_spans` together)."""
    entry, problems, untidy = read_spans(reference)
    return entry, problems + untidy


def read_spans(reference: LabelledReference) -> tuple[Entry, list[str], list[str]]:
    """The entry a labelled reference describes, what could not be read (problems), and what
    was read but is untidy in the source (a missing comma between authors)."""
    fields = _field_texts(reference)
    notes: list[str] = []
    untidy: list[str] = []
    data: dict[str, Any] = {"source": reference.text.strip()}
    if Label.AUTHOR in fields:
        data["authors"], data["authors_et_al"] = _people(fields[Label.AUTHOR], untidy)
    if Label.EDITOR in fields:
        data["editors"], _ = _people(fields[Label.EDITOR], untidy)
    if Label.DATE in fields:
        _date(fields[Label.DATE], data, notes)
    _read_texts(fields, data, reference.text)
    _read_locators(fields, data)
    _read_links(fields, data, notes)
    _read_extras(fields, data)
    if not data.get("title") and data.get("container_title"):
        # the only name of a work in the reference is its title ("Body. *Title*. address")
        data["title"] = data.pop("container_title")
    if not data.get("title"):
        notes.append(NO_TITLE)
    data = {k: v for k, v in data.items() if v not in (None, "", ())}
    data["type"] = _kind(data, fields)
    try:
        return make_entry(data), notes, untidy
    except EntryValidationError as error:  # a field the model found that the entry cannot hold
        notes.append(Problem(Unread.FIELD, str(error)))
        return salvage(data), notes, untidy


_TEXTS = (
    (Label.TITLE, "title"),
    (Label.CONTAINER, "container_title"),
    (Label.PUBLISHER, "publisher"),
    (Label.PLACE, "place"),
    (Label.EDITION, "edition"),
    (Label.GENRE, "genre"),
    (Label.NOTE, "note"),
)
"""Labels whose text is the field's value as it stands (cleaned of marks and spacing)."""


def _read_texts(fields: dict[Label, str], data: dict[str, Any], text: str) -> None:
    for label, name in _TEXTS:
        cleaned = _clean(fields[label]) if label in fields else ""
        if cleaned:
            data[name] = cleaned
    note = data.get("note")
    if note and " " in note and f"{note}." in text:  # a remark is a sentence: it keeps its stop
        data["note"] = f"{note}."


def _read_locators(fields: dict[Label, str], data: dict[str, Any]) -> None:
    """Volume and issue without their words ("vol.", "no."), pages without "pp." and with a hyphen."""
    for label, name in ((Label.VOLUME, "volume"), (Label.ISSUE, "issue")):
        if label in fields:
            data[name] = _clean(_LOCATOR_WORDS.sub("", _clean(fields[label])))
    if Label.PAGES in fields:
        pages = _DASHES.sub("-", _PAGE_WORDS.sub("", _clean(fields[Label.PAGES])))
        if pages:
            data["pages"] = pages


def _read_links(fields: dict[Label, str], data: dict[str, Any], notes: list[str]) -> None:
    """The DOI, the address (and the DOI in it, if none was labelled) and the access date; a
    problem for a DOI or an address labelled but holding none (the text stays in the entry's
    source), as these are what links are checked and works verified by."""
    if Label.DOI in fields:
        text = "".join(fields[Label.DOI].split())
        found = DOI_IN_TEXT.search(text) or _BARE_DOI.search(text)
        if found:
            data["doi"] = found.group("doi").rstrip(".,;)")
        else:
            notes.append(_unreadable("DOI", fields[Label.DOI], "no '10.prefix/suffix' in it"))
    if Label.URL in fields:
        written = "".join(fields[Label.URL].split())
        url = _URL.search(written)
        address = url.group(0) if url else written  # 'geography.org.uk': a host without a scheme
        linked = with_scheme(address.rstrip(".,;)>"))
        if linked[:8].lower().startswith(("http://", "https://")):
            data["url"] = linked
            data.setdefault("doi", doi_from_url(data["url"]))
        else:
            notes.append(_unreadable("address", fields[Label.URL], "not an http or https web address"))
    if Label.ACCESSED in fields:
        accessed = parse_accessed(fields[Label.ACCESSED])
        if accessed:
            data["accessed"] = accessed


def _unreadable(field: str, text: str, why: str) -> Problem:
    """A problem for a field read in the reference that holds no value the entry can keep."""
    return Problem(
        Unread.FIELD,
        f"the {field} {clip(text.strip(), 60)!r} could not be read ({why}): it is left out; "
        "add it to the entry by hand if the work has one",
    )


def _read_extras(fields: dict[Label, str], data: dict[str, Any]) -> None:
    """A collection as the note when there is none; ISBNs and ISSNs as the grammar keeps them
    (isbn / issn extra fields)."""
    if Label.COLLECTION in fields and "note" not in data:
        data["note"] = _clean(fields[Label.COLLECTION])
    if Label.IDENTIFIER in fields:
        data["extra_fields"] = _standard_numbers(fields[Label.IDENTIFIER])


def _standard_numbers(text: str) -> tuple[tuple[str, str], ...]:
    """ISBNs and ISSNs in an identifier span; a bare number is an ISSN at 8 characters, else an ISBN."""
    found = {m["kind"].lower(): m["number"].strip() for m in STANDARD_NUMBER.finditer(text)}
    if not found and (bare := _BARE_NUMBER.search(text)):
        digits = re.sub(r"[\s-]", "", bare.group(0))
        found["issn" if len(digits) == 8 else "isbn"] = bare.group(0)
    return tuple(sorted(found.items()))
