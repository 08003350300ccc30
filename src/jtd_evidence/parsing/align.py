"""Find where an entry's fields stand in the text it was read from: a labelled reference.

The grammar gives field values, not places. :func:`align` looks each value up in the
reference as written (allowing for case, spacing, dash and quote variants, and the
BibTeX-style '12-34' for '12–34'), claims the longest and surest first (addresses,
DOIs, titles), then the year and the short locators, and takes the authors as the stretch
before the first field after them. What cannot be found is left unlabelled and reported.
It serves two ends: labelled training references from text the grammar reads correctly
(the seed), and ``jtd-evidence parse --labels``, which writes a pasted list as tagged lines
for a maintainer to correct and feed back to training.

>>> from jtd_evidence.parsing.labels import format_tagged
>>> from jtd_evidence.parsing.reference import parse_reference
>>> text = "Firmin, C. (2020). *Contextual safeguarding and child protection*. Routledge."
>>> reference, missing = align(text, parse_reference(text))
>>> format_tagged(reference), missing
('<author>Firmin, C.</author> (<date>2020</date>). *<title>Contextual safeguarding and child protection</title>*. <publisher>Routledge</publisher>.', [])
"""

from __future__ import annotations

import bisect
import functools
import re

from jtd_evidence.models import Entry
from jtd_evidence.parsing.labels import Label, LabelledReference, Span

__all__ = ["align"]

_LEAD = re.compile(r"^\s*(?:[-*•]|\d{1,3}[.)]|\[\d{1,3}\])?\s*")
_AUTHOR_END = re.compile(r"[\s,;:(\[]+$")
_INITIAL_END = re.compile(r"\b[A-Z]\.$")
_EDITOR_TAIL = re.compile(r"\s*\((?:eds?|editors?)\.?\)|,?\s*(?:eds?\.|editors?)", re.IGNORECASE)


_DASHES = frozenset("-‐‑‒–—")
_SINGLE_QUOTES = frozenset("'’‘")
_DOUBLE_QUOTES = frozenset('"“”')


_FOLD = str.maketrans(
    {
        **dict.fromkeys(_DASHES, "-"),
        **dict.fromkeys(_SINGLE_QUOTES, "'"),
        **dict.fromkeys(_DOUBLE_QUOTES, '"'),
    }
)
_PIECE = re.compile(r"[^\s&-]+|-+|&")  # a run of other characters, of dashes, or an '&'
_DASH_RUN = re.compile(r"-{2,}")
_RUN = re.compile(r"\S+")


def _fold(text: str) -> tuple[str, list[int]]:
    """``text`` as values are compared with it: lower case, no spaces, a run of dashes one '-',
    curly quotes straight, '&' as 'and'; and for each folded character the index it came from.
    A value is found where its folded form is (the case, spacing, dash and quote variants of
    how a reference writes it), with one ``str.find`` and no pattern to build."""
    folded = text.translate(_FOLD).lower()
    if _slowly(text, folded):
        return _fold_slowly(text)
    if "&" not in folded and "--" not in folded:  # most references: only the spaces go
        return "".join(folded.split()), _kept(folded)
    out: list[str] = []
    where: list[int] = []
    for match in _PIECE.finditer(folded):  # word by word, not character by character
        piece, start = match.group(), match.start()
        if piece == "&":
            out.append("and")
            where += (start, start, start)
        elif piece[0] == "-":
            out.append("-")
            where.append(start)
        else:
            out.append(piece)
            where.extend(range(start, match.end()))
    return "".join(out), where


def _kept(folded: str) -> list[int]:
    """The index of each character that is not a space, a word at a time."""
    where: list[int] = []
    for match in _RUN.finditer(folded):
        where.extend(range(*match.span()))
    return where


def _folded(text: str) -> str:
    """The folded text of :func:`_fold` alone (a value looked for needs no indices)."""
    folded = text.translate(_FOLD).lower()
    if _slowly(text, folded):
        return _fold_slowly(text)[0]
    if "&" in folded:
        folded = folded.replace("&", "and")
    if "--" in folded:  # before the spaces go: dashes with a space between are two
        folded = _DASH_RUN.sub("-", folded)
    return "".join(folded.split())


def _slowly(text: str, folded: str) -> bool:
    """Whether ``text`` must be folded a character at a time: where lower-casing changes a
    character's length, and where it changes with the context (a final capital sigma), when
    there is an '&' or a run of dashes to fold too (else the whole text is lower-cased at once)."""
    return len(folded) != len(text) or ("Σ" in text and ("&" in text or "--" in folded))


def _fold_slowly(text: str) -> tuple[str, list[int]]:
    """:func:`_fold` a character at a time, for text whose folding changes its length."""
    out: list[str] = []
    where: list[int] = []
    previous = ""
    for index, char in enumerate(text):
        if char.isspace():
            previous = char
            continue
        if char in _DASHES:
            if previous in _DASHES:
                previous = char
                continue
            folded = "-"
        elif char in _SINGLE_QUOTES:
            folded = "'"
        elif char in _DOUBLE_QUOTES:
            folded = '"'
        elif char == "&":
            folded = "and"
        else:
            lower = char.lower()
            folded = lower if len(lower) == 1 else char
        out.append(folded)
        where.extend([index] * len(folded))
        previous = char
    return "".join(out), where


class _Claims:
    def __init__(self, text: str) -> None:
        self.text = text
        self.folded, self.where = _fold(text)
        self.spans: list[Span] = []

    def free(self, start: int, end: int) -> bool:
        return all(end <= span.start or start >= span.end for span in self.spans)

    def locate(self, value: str, start: int = 0) -> list[tuple[int, int]]:
        """Where ``value`` stands in the text at or after ``start``: (start, end) of each place."""
        needle = _folded(value)
        if not needle:
            return []
        first = bisect.bisect_left(self.where, start)
        found: list[tuple[int, int]] = []
        at = self.folded.find(needle, first)
        while at >= 0:
            found.append((self.where[at], self.where[at + len(needle) - 1] + 1))
            at = self.folded.find(needle, at + len(needle))
        return found

    def find(self, label: Label, value: str | None, start: int = 0) -> bool:
        if not value or not value.strip():
            return False
        for begin, end in self.locate(value.strip(), start):
            if self.free(begin, end):
                span = Span(label, begin, end)
                widened = _with_doi_prefix(self.text, span)  # claimed now: no later field may take it
                self.spans.append(widened if self.free(widened.start, widened.end) else span)
                return True
        return False

    def first_after(self, position: int) -> int:
        starts = [span.start for span in self.spans if span.start >= position]
        return min(starts) if starts else len(self.text)


def _year(claims: _Claims, entry: Entry) -> bool:
    """The year (and its letter) of the date: in brackets if it is there, else the first free one."""
    if entry.year is None:
        return claims.find(Label.DATE, "n.d.") or claims.find(Label.DATE, "nd")
    pattern = _year_pattern(entry.year)
    matches = [m for m in pattern.finditer(claims.text) if claims.free(m.start(), m.end())]
    bracketed = [m for m in matches if claims.text[max(0, m.start() - 1) : m.start()] in ("(", "[")]
    for match in bracketed or matches:
        claims.spans.append(Span(Label.DATE, match.start(), match.end()))
        return True
    return False


@functools.cache  # a few hundred years at most: the entry allows 1800 to next year
def _year_pattern(year: int) -> re.Pattern[str]:
    """The year as :func:`_year` looks for it, with its letter ('2020', '2020a'), compiled once."""
    return re.compile(rf"\b{year}(?:\s?[a-z]\b)?")


def _people(claims: _Claims, entry: Entry, missing: list[str]) -> None:
    if entry.authors:
        start = _LEAD.match(claims.text)
        begin = start.end() if start else 0
        end = claims.first_after(begin)
        stretch = _AUTHOR_END.sub("", claims.text[begin:end])
        while stretch.endswith(".") and not _INITIAL_END.search(
            stretch
        ):  # a full stop after an initial is the name's
            stretch = _AUTHOR_END.sub("", stretch[:-1])
        first = entry.authors[0].full_family.split()[0]
        if stretch and first.lower() in stretch.lower():
            claims.spans.append(Span(Label.AUTHOR, begin, begin + len(stretch)))
        else:
            missing.append("authors")
    if entry.editors:
        found = claims.locate(entry.editors[0].full_family)
        if not found:
            missing.append("editors")
            return
        begin, first_end = found[0]
        while begin > 0 and re.match(r"[A-Z]\.?\s?$", claims.text[max(0, begin - 3) : begin].strip() + " "):
            begin = claims.text.rfind(" ", 0, begin - 1) + 1 if " " in claims.text[: begin - 1] else 0
        tail = claims.locate(entry.editors[-1].full_family, found[0][0])
        end = tail[0][1] if tail else first_end
        label = _EDITOR_TAIL.match(claims.text, end)
        end = label.end() if label else end
        if claims.free(begin, end):
            claims.spans.append(Span(Label.EDITOR, begin, end))


def align(text: str, entry: Entry) -> tuple[LabelledReference, list[str]]:
    """The fields of ``entry`` as spans of ``text``, and the names of fields not found there."""
    claims = _Claims(text)
    missing: list[str] = []
    wanted: list[tuple[Label, str | None, str]] = [
        (Label.URL, entry.url, "url"),
        (Label.DOI, entry.doi, "doi"),
        (Label.TITLE, entry.title, "title"),
        (Label.CONTAINER, entry.container_title, "container_title"),
        (Label.PUBLISHER, entry.publisher, "publisher"),
        (Label.PLACE, entry.place, "place"),
        (Label.GENRE, entry.genre, "genre"),
        (Label.EDITION, entry.edition, "edition"),
    ]
    for label, value, name in wanted:
        if value and not claims.find(label, value):
            if label is Label.DOI and entry.url and entry.doi and entry.doi.lower() in entry.url.lower():
                continue  # the DOI is inside the address, labelled as it
            missing.append(name)
    if not _year(claims, entry) and entry.year is not None:
        missing.append("year")
    for label, value, name in (
        (Label.VOLUME, entry.volume, "volume"),
        (Label.ISSUE, entry.issue, "issue"),
        (Label.PAGES, entry.pages, "pages"),
    ):
        if value and not claims.find(label, value, _after_title(claims)):
            missing.append(name)
    _people(claims, entry, missing)
    if entry.note:  # a remark as written; a note the reader composed ("Also at ...") is not in the text
        claims.find(Label.NOTE, entry.note)
    spans = tuple(sorted(claims.spans, key=lambda span: span.start))
    return LabelledReference(text, spans), missing


_DOI_PREFIX = re.compile(r"(?:https?://(?:dx\.)?doi\.org/|doi:\s*)$", re.IGNORECASE)


def _with_doi_prefix(text: str, span: Span) -> Span:
    """A DOI's span takes in the 'https://doi.org/' or 'doi:' written before it."""
    if span.label is not Label.DOI:
        return span
    prefix = _DOI_PREFIX.search(text, 0, span.start)
    return Span(span.label, prefix.start(), span.end) if prefix else span


def _after_title(claims: _Claims) -> int:
    """Locators are looked for after the title (a title may hold numbers of its own)."""
    titles = [span.end for span in claims.spans if span.label is Label.TITLE]
    return titles[0] if titles else 0
