"""Read one free-text reference (APA, Harvard or Vancouver-like) into an :class:`Entry`.

The grammar, stage by stage::

    reference   := bullet? author-block date-block title source identifiers remark?
                 | title date-block source identifiers        (APA, no author)
                 | author-block '.' title '.' container '.' year ';' locator   (Vancouver)
    author-block, date-block, title, source, identifiers: see names.py, dates.py,
    this module, source.py and identifiers.py.

A reference that cannot be read in full still gives an entry with what could be
read and the raw text; :func:`read_reference` also returns the problems found.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from jtd_evidence import _urls
from jtd_evidence._text import clip
from jtd_evidence.exceptions import ReferenceParseError
from jtd_evidence.models import Entry, EntryType, Person, make_entry
from jtd_evidence.parsing.dates import BARE_YEAR, DateBlock, find_date_block
from jtd_evidence.parsing.identifiers import Identifiers, take_identifiers
from jtd_evidence.parsing.labels import LabelledReference
from jtd_evidence.parsing.markup import ITALIC_CLOSE, ITALIC_OPEN, mark, reference_text, unmark
from jtd_evidence.parsing.names import ET_AL, NameList, looks_like_names, parse_names
from jtd_evidence.parsing.problems import NO_TITLE, NO_YEAR, Problem, Unread, kind_of, kinds
from jtd_evidence.parsing.sentences import boundaries, split_parts
from jtd_evidence.parsing.source import (
    BOOK_PUBLISHER,
    SourceInfo,
    is_prose,
    match_locator,
    normalise_pages,
    read_source,
)

if TYPE_CHECKING:
    from jtd_evidence.parsing.learned import LearnedReading

__all__ = [
    "REPORT_WORDS",
    "ReferenceReading",
    "infer_type",
    "parse_reference",
    "plausible_head",
    "read_reference",
    "read_references",
    "read_with_grammar",
    "salvage",
]

_QUOTES = {"'": "'’", "‘": "’'", '"': '"”', "“": '”"'}
_DOCUMENT_PATH = re.compile(r"\.(?:pdf|docx?|odt|rtf|pptx?)$", re.IGNORECASE)
VANCOUVER_AUTHORS = re.compile(
    r"^(?P<names>(?:(?:(?:van|von|de|der|den|du|da|di|del|la|le)\s)*[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+){0,2}\s[A-Z]{1,3}(?:,\s*|\.\s+|,?\s+et al\.\s+))+)"
)
VANCOUVER_LOCATOR = re.compile(
    r"[.,]?\s*(?P<year>(?:1[89]|20)\d\d)(?:\s+[A-Z][a-z]{2}(?:\s+\d{1,2})?)?\s*;\s*(?P<volume>\w+)"
    r"(?:\((?P<issue>[^)]+)\))?(?::\s*(?P<pages>[\w–-]+))?\.?\s*$"
)
# 'Smith, J., Lee, A.-B. and Khan, R. ' before an undated title: family names with initials ending in
# a full stop (an initial's full stop cuts no part, so the block is found by its shape instead)
_PARTICLED_FAMILY = r"(?:(?:van|von|de|der|den|du|da|di|del|la|le)\s)*[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)?"
_NAME_INITIALS = rf"{_PARTICLED_FAMILY},\s*[A-Z]\.(?:\s?-?[A-Z]\.)*"
UNDATED_AUTHORS = re.compile(
    rf"^(?P<names>{_NAME_INITIALS}(?:,?\s*(?:,|&|and|;)\s*{_NAME_INITIALS})*(?:,?\s*et al\.)?)"
    r"\s+(?=[A-Z0-9'‘\"“\x01])"
)
_STANDALONE_YEAR = re.compile(r"(?:^|(?<=[.;,]))\s*(?P<year>(?:1[89]|20)\d\d)[a-z]?\s*(?:[.;,]|$)")
VANCOUVER_BOOK = re.compile(r"^(?P<publication>.+?);\s*(?P<year>(?:1[89]|20)\d\d)\.?\s*$")
_LEGISLATION = re.compile(
    r"^(?P<title>(?:(?:[A-Z][\w'’()-]*|and|of|for|the|on|in|to)\s+){1,10}(?:Act|Regulations|Order|Bill|Measure)"
    r"(?:\s+\(\w+\))?\s+(?P<year>(?:1[89]|20)\d\d))(?:\s*,?\s*\(?c(?:hapter)?\.?\s*(?P<chapter>\d+)\)?)?\s*[.,]?"
)
_EDITORS_AS_AUTHORS = re.compile(r"\s*\((?:eds?|editors?)\.?\)\s*\.?\s*$", re.IGNORECASE)
_BRACKET = re.compile(r"\s\[[^\]]+\]")
_AFTER_QUOTED_TITLE = re.compile(r"^[,.]\s+(?:[Ii]n:?\s|[A-Z]|" + ITALIC_OPEN + ")")
_TRAILING_BRACKET = re.compile(r"\s*\[[^\]]{1,120}\]$")
_LONGEST_SOURCE = 400  # characters: a journal with its volume, issue and pages is never longer
REPORT_WORDS = re.compile(r"\b(?:report|review|briefing|guidance|guide|toolkit|evaluation|summary)\b", re.I)


@dataclass
class ReferenceReading:
    """An entry plus what the parser noticed while reading it, and (from the learned reader)
    how sure it is of each field: the field's name ("title", "container-title", ...) and the
    lowest probability the model gave any of its words."""

    entry: Entry
    problems: list[str] = field(default_factory=list)  # could not read something: check by hand
    notes: list[str] = field(default_factory=list)  # read fine, but the source is untidy
    confidence: dict[str, float] = field(default_factory=dict)
    labelled: LabelledReference | None = None
    """The reference as the model labelled it, where it did and this was asked for (``labels``
    of :func:`read_reference`), even where the grammar's reading was taken instead."""

    @property
    def weakest(self) -> tuple[str, float] | None:
        """The least certain field and its confidence (None from the grammar, which gives none)."""
        if not self.confidence:
            return None
        name = min(self.confidence, key=lambda key: (self.confidence[key], key))
        return name, self.confidence[name]


def parse_reference(text: str) -> Entry:
    """Parse one free-text reference into an Entry (problems are not raised; see read_reference).

    >>> e = parse_reference("Uhl-Bien, M., & Arena, M. (2017). Complexity leadership. "
    ...                     "*Organizational Dynamics*, 46(1), 9–20.")
    >>> e.type.value, e.authors[0].family, e.year, e.container_title, e.volume, e.issue, e.pages
    ('article-journal', 'Uhl-Bien', 2017, 'Organizational Dynamics', '46', '1', '9-20')
    """
    return read_reference(text).entry


LONGEST_LEARNED = 3000
"""Longer text (a page pasted as one line) is read by the grammar: the model's features for
a text cost memory in proportion to its length, and no reference is this long."""


def read_reference(
    text: str, *, learned: bool | None = None, model: Path | None = None, labels: bool = False
) -> ReferenceReading:
    """Parse one reference and report what could not be read.

    ``learned``: read with the learned model (:mod:`.learned`) or the grammar; by default the
    model when the package ships one, else the grammar. Where the model leaves something
    unread (no title, no year) and the grammar reads the reference without a problem, the
    grammar's reading is returned. ``model``: another model file than the shipped one (which
    means ``learned``), for measuring a model before shipping it. ``labels``: keep the model's
    labelling on the reading (:attr:`ReferenceReading.labelled`)."""
    if model is not None and learned is None:
        learned = True
    if _grammar_reads(text, learned):
        return read_with_grammar(text)
    from jtd_evidence.parsing.learned import read_learned

    with _grammar_kept():
        return _settled(text, read_learned(text, model), labels)


def read_references(
    texts: Sequence[str], labels: bool = False
) -> list[ReferenceReading | ReferenceParseError]:
    """:func:`read_reference` of each text (or the error saying it is no reference), the
    model's labelling done for all of them at once (see
    :func:`~jtd_evidence.parsing.learned.read_learned_many`): the same readings, quicker."""
    found: dict[int, ReferenceReading | ReferenceParseError] = {}
    learned: list[int] = []
    for number, text in enumerate(texts):
        if _grammar_reads(text, None):
            try:
                found[number] = read_with_grammar(text)
            except ReferenceParseError as error:
                found[number] = error
        else:
            learned.append(number)
    if learned:
        from jtd_evidence.parsing.learned import read_learned_many

        with _grammar_kept():
            for number, reading in zip(learned, read_learned_many([texts[n] for n in learned]), strict=True):
                found[number] = (
                    reading
                    if isinstance(reading, ReferenceParseError)
                    else _settled(texts[number], reading, labels)
                )
    return [found[number] for number in range(len(texts))]


def _grammar_reads(text: str, learned: bool | None) -> bool:
    """Whether the grammar reads ``text`` rather than the model: asked for (``learned=False``),
    or by default where no model is shipped or the text is longer than any reference (the
    grammar reads it in linear time)."""
    if learned is None:
        return len(text) > LONGEST_LEARNED or not _model_shipped()
    return not learned


def _settled(text: str, learned: LearnedReading, labels: bool = False) -> ReferenceReading:
    """The model's reading, or where it leaves the title or the year unread, the grammar's,
    if the grammar reads the reference without a problem; with ``labels``, the model's
    labelling kept on it."""
    grammar = read_with_grammar(text) if learned.unread else None
    reading = grammar if grammar is not None and _reads_more(grammar, learned) else learned.reading()
    if labels:
        reading.labelled = learned.labelled
    return reading


def _reads_more(grammar: ReferenceReading, learned: LearnedReading) -> bool:
    """Whether the grammar reads what the model left unread: without a problem, or, where the
    model found no title, with a title of its own and a year wherever the model had one
    ('Geosphere R package. https://...': no year on either side, a title only on the grammar's)."""
    if not grammar.problems:
        return True
    return (
        Unread.TITLE in kinds(learned.notes)
        and (grammar.entry.year is not None or learned.entry.year is None)
        and all(kind_of(problem) is Unread.YEAR for problem in grammar.problems)
    )


def _model_shipped() -> bool:
    from jtd_evidence.parsing.learned import MODEL

    return _is_file(MODEL)


@functools.lru_cache(maxsize=4)
def _is_file(path: Path) -> bool:
    """Whether the model file is there, asked once per path (not once per reference read)."""
    return path.is_file()


_KEPT: contextvars.ContextVar[dict[str, ReferenceReading] | None] = contextvars.ContextVar(
    "grammar_readings_kept", default=None
)
"""The grammar's readings of the texts being read, by text, while :func:`read_reference` or
:func:`read_references` runs (None outside): the model's features read each text with the
grammar, and where the model leaves the title or the year unread :func:`_settled` asks the
grammar again. Kept for one call only, so a text read twice is read twice."""


@contextlib.contextmanager
def _grammar_kept() -> Iterator[None]:
    """Within: :func:`read_with_grammar` reads each text once and hands out copies."""
    token = _KEPT.set({})
    try:
        yield
    finally:
        _KEPT.reset(token)


def read_with_grammar(text: str) -> ReferenceReading:
    """Parse one reference with the hand-written grammar alone."""
    kept = _KEPT.get()
    if kept is None:
        return _read_with_grammar(text)
    read = kept.get(text)
    if read is None:
        read = kept[text] = _read_with_grammar(text)
    return ReferenceReading(read.entry, list(read.problems), list(read.notes))


def _read_with_grammar(text: str) -> ReferenceReading:
    problems: list[str] = []
    notes: list[str] = []
    raw = reference_text(text)
    ids = take_identifiers(mark(text))
    body = ids.body
    names, date, title, source = _split_reference(body, problems)
    if names:
        notes.extend(names.notes)
    fields = _fields(raw, names, date, title, source, ids)
    if date is None:
        problems.append(NO_YEAR)
    if not title:
        problems.append(NO_TITLE)
    unread = [text for text in source.leftovers if is_prose(text) or any(c.isdigit() for c in text)]
    if unread:
        problems.append(Problem(Unread.TEXT, "text not understood: " + _quoted(unread)))
    try:
        entry = make_entry(fields)
    except Exception as error:  # keep what we can: drop the fields that fail, keep the raw text
        problems.append(Problem(Unread.FIELD, f"invalid field(s): {error}"))
        entry = salvage(fields)
    return ReferenceReading(entry, problems, notes)


def _quoted(pieces: list[str], most: int = 3) -> str:
    """Pieces of a reference for a message, each cut to 60 characters and at most ``most`` of them:
    a whole pasted file on one line must not come back as a warning of the same size."""
    shown = " | ".join(clip(piece, 60) for piece in pieces[:most])
    return shown + (f" (and {len(pieces) - most} more)" if len(pieces) > most else "")


def salvage(fields: dict[str, object]) -> Entry:
    """An entry from what of ``fields`` is valid: the type, title, source and note, then each other
    field that the entry can hold (used when the fields together fail the model)."""
    safe = {k: v for k, v in fields.items() if k in ("type", "title", "source", "note")}
    for name, value in fields.items():
        if name in safe:
            continue
        try:
            make_entry({**safe, name: value})
        except Exception:
            continue
        safe[name] = value
    return make_entry(safe)


def _split_reference(
    body: str, problems: list[str]
) -> tuple[NameList | None, DateBlock | None, str, SourceInfo]:
    """Cut the body into author block, date, title and source."""
    law = _LEGISLATION.match(unmark(body))
    if law:  # 'Children Act 1989, c. 41.' names itself: no author, the year is part of the title
        source = read_source(body[law.end() :])
        source.legislation = True
        source.number = source.number or law["chapter"]
        return None, DateBlock(0, 0, int(law["year"])), law["title"].strip(), source
    date = find_date_block(body)
    head = body[: date.start].strip() if date else ""
    if date is not None and plausible_head(head):
        rest = body[date.end :]
        if head and _reads_as_title(head):  # APA: 'Title. (2020). Publisher.'
            return None, date, unmark(head).strip(" ."), read_source(rest)
        editors = _EDITORS_AS_AUTHORS.search(unmark(head)) if head else None
        if editors:  # 'Smith, J. (Ed.). (2019). *Book*.': an edited book, its editors in the author place
            source_editors = parse_names(unmark(head)[: editors.start()])
            title, rest = split_title(rest)
            source = read_source(rest)
            source.editors = list(source_editors.people)
            source.edited_book = True
            return None, date, title, source
        names = parse_names(unmark(head)) if head else None
        title, rest = split_title(rest)
        return names, date, title, read_source(rest)
    bare = BARE_YEAR.search(body)
    if bare and bare.start() < 120 and not is_prose(body[: bare.start()]):
        year = int(bare["year"])
        date = DateBlock(bare.start(), bare.end(), year, bare["suffix"])
        names = parse_names(unmark(body[: bare.start()]))
        title, rest = split_title(body[bare.end() :])
        return names, date, title, read_source(rest)
    return _vancouver_or_undated(body)


def _vancouver_or_undated(body: str) -> tuple[NameList | None, DateBlock | None, str, SourceInfo]:
    """'Smith J, Lee AB. Title. Journal. 2020;9(4):37.' or a reference with no date at all."""
    names = None
    authors = VANCOUVER_AUTHORS.match(unmark(body))
    if authors:
        names = parse_names(authors.group("names").strip().rstrip("."))
        names = replace(names, notes=())  # 'Smith J' is how Vancouver writes names, not a missing comma
        body = unmark(body)[authors.end() :]
    elif undated := UNDATED_AUTHORS.match(unmark(body)):
        names = parse_names(undated["names"])
        body = unmark(body)[undated.end() :]
    else:
        first = split_parts(body)
        organisation = len(first) >= 3 and not is_prose(first[0]) and ": " not in first[0]
        if (
            len(first) >= 2
            and not is_prose(first[0])
            and (looks_like_names(unmark(first[0])) or organisation)
        ):
            names = parse_names(unmark(first[0]))
            body = body[body.index(first[0]) + len(first[0]) :].lstrip(" .")
    title, rest = split_title(body)
    locator = VANCOUVER_LOCATOR.search(unmark(rest))
    if locator:
        source = SourceInfo(
            container_title=unmark(rest)[: locator.start()].strip(" .,") or None,
            volume=locator["volume"],
            issue=locator["issue"],
            pages=normalise_pages(locator["pages"]) if locator["pages"] else None,
            is_journal=True,
        )
        return names, DateBlock(0, 0, int(locator["year"])), title, source
    book = VANCOUVER_BOOK.search(unmark(rest))
    if book:
        return names, DateBlock(0, 0, int(book["year"])), title, read_source(book["publication"])
    year = _STANDALONE_YEAR.search(rest)
    if year:
        rest = rest[: year.start()] + rest[year.end() :]
        return names, DateBlock(0, 0, int(year["year"])), title, read_source(rest)
    return names, None, title, read_source(rest)


def _without_et_al(text: str) -> str:
    return ET_AL.sub("", unmark(text))


def plausible_head(head: str) -> bool:
    """Can ``head`` stand before a reference's date: nothing, an author block, or an APA title?"""
    if not head or _reads_as_title(head):
        return True
    return looks_like_names(unmark(head)) or not is_prose(_without_et_al(head))


def _reads_as_title(head: str) -> bool:
    """A reference with no author starts with its title: APA 'Title. (2020).', Harvard 'Title (2020)'.
    A title is in sentence case (several lower-case words); an author block is not."""
    plain = unmark(head).strip()
    if head.startswith(ITALIC_OPEN) or ": " in plain:  # names never hold ': '; titles often do
        return True
    if looks_like_names(plain):
        return False
    return is_prose(_without_et_al(plain))


def split_title(rest: str) -> tuple[str, str]:
    """Take the title off the front of what follows the date; return (title, remainder)."""
    title, remainder = _split_title(rest.lstrip(" .,:;"))
    bracket = _TRAILING_BRACKET.search(title)
    if bracket:  # 'Title [Online]', 'Title [Report]': the description belongs to the source part
        return title[: bracket.start()].strip(), bracket.group(0) + ". " + remainder
    return title, remainder


def _split_title(rest: str) -> tuple[str, str]:
    if rest.startswith(ITALIC_OPEN) and ITALIC_CLOSE in rest:
        close = rest.index(ITALIC_CLOSE)
        after = rest[close + 1 :]
        if not match_locator(rest[: close + 1] + after.split(". ")[0]) or after.startswith("."):
            return _tidy_title(rest[1:close]), after
    if rest[:1] in _QUOTES:
        quoted = _quoted_title(rest)
        if quoted:
            return quoted
    stops = boundaries(rest)  # lazily: usually the first stop ends the title
    first_stop = next(stops, None)
    first = rest[: first_stop + 1] if first_stop is not None else rest
    by_comma = _title_then_journal(first)
    if by_comma:
        return _tidy_title(by_comma[0]), by_comma[1] + rest[len(first) :]
    for stop in itertools.chain(() if first_stop is None else (first_stop,), stops):
        tail = rest[stop + 1 :]
        if rest[stop] == "." or _plausible_source(tail):
            return _tidy_title(rest[: stop + 1]), tail
    bracket = _BRACKET.search(rest)
    if bracket:
        return _tidy_title(rest[: bracket.start()]), rest[bracket.start() :]
    return _tidy_title(rest), ""


def _title_then_journal(sentence: str) -> tuple[str, str] | None:
    """'Title of the article, Journal of X, 12(3): 45-67' (Harvard without quotes or italics)."""
    if "," not in sentence or not any(c.isdigit() for c in sentence):
        return None
    first = max(0, len(sentence) - _LONGEST_SOURCE)  # else one match per comma of a long text: quadratic
    for comma in (i for i, c in enumerate(sentence) if c == "," and i >= first):
        candidate = sentence[comma + 1 :].strip()
        locator = match_locator(candidate.rstrip(".")) if candidate[:1].isupper() else None
        if locator and (locator.get("issue") or locator.get("pages")):  # a bare number may be a year
            return sentence[:comma], candidate
    return None


def _quoted_title(rest: str) -> tuple[str, str] | None:
    """Harvard ''Title', Journal' (the quotes delimit the title) or None when the title runs on."""
    closers = _QUOTES[rest[0]]
    for index in range(1, len(rest)):
        if rest[index] in closers and (index + 1 == len(rest) or not rest[index + 1].isalnum()):
            after = rest[index + 1 :]
            if _AFTER_QUOTED_TITLE.match(after):
                return _tidy_title(rest[1:index]), after
            return None
    return None


def _plausible_source(tail: str) -> bool:
    """Could ``tail`` be all that follows a title (a journal, a publisher, an edition ...)?"""
    parts = split_parts(tail)
    if not parts or len(parts) > 3:
        return not parts
    return all(not is_prose(p) or match_locator(p) for p in parts)


def _tidy_title(text: str) -> str:
    title = unmark(text).strip()
    if title.endswith(".") and not title.endswith("..."):
        title = title[:-1]
    title = title.strip(" ,;")
    for opener, closers in _QUOTES.items():  # a whole title in quotes: the quotes are decoration
        inner = title[1:-1]
        if (
            title[:1] == opener
            and title[-1:] in closers
            and opener not in inner
            and not any(c in inner for c in closers if c != "'")
        ):
            return inner.strip()
    return title


def infer_type(source: SourceInfo, url: str | None, title: str) -> EntryType:
    """The entry type the fields read so far point to (the rules both readers share)."""
    if source.legislation:
        return EntryType.LEGISLATION
    if source.is_chapter:
        return EntryType.CHAPTER
    if source.is_thesis:
        return EntryType.THESIS
    if source.is_journal or (source.container_title and (source.volume or source.pages)):
        return EntryType.ARTICLE_JOURNAL
    if source.periodical:
        return EntryType(f"article-{source.periodical}")
    if source.edition or source.edited_book or (source.publisher and BOOK_PUBLISHER.search(source.publisher)):
        return EntryType.BOOK
    if source.publisher or source.number:
        return EntryType.REPORT
    if url:
        parts = _urls.split(url)
        path = parts.path if parts else ""
        if _DOCUMENT_PATH.search(path) or REPORT_WORDS.search(title):
            return EntryType.REPORT
        return EntryType.WEBPAGE
    return EntryType.REPORT if REPORT_WORDS.search(title) else EntryType.GENERIC


def _fields(
    raw: str,
    names: NameList | None,
    date: DateBlock | None,
    title: str,
    source: SourceInfo,
    ids: Identifiers,
) -> dict[str, object]:
    authors: tuple[Person, ...] = tuple(names.people) if names else ()
    fields: dict[str, object] = {
        "type": infer_type(source, ids.url, title),
        "authors": authors,
        "authors_et_al": bool(names and names.et_al),
        "editors": tuple(source.editors),
        "title": title or None,
        "source": raw,
    }
    if date is not None:
        fields.update(year=date.year, month=date.month, day=date.day)
        if date.status:
            source.leftovers.insert(0, date.status.capitalize())
    fields.update(source.entry_fields())
    fields["extra_fields"] = tuple(sorted(ids.standard_numbers.items()))
    remarks = [text for text in source.leftovers if text] + ([ids.note] if ids.note else [])
    remarks += [f"Also at {link}" for link in ids.extra_links]
    note = ". ".join(r.rstrip(".") for r in remarks) + "." if remarks else None
    fields.update(url=ids.url, doi=ids.doi, accessed=ids.accessed, note=note)
    return fields
