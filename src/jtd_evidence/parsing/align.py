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

import re

from jtd_evidence.models import Entry
from jtd_evidence.parsing.labels import Label, LabelledReference, Span

__all__ = ["align"]

_VARIANTS = {
    "-": "[-‐‑‒–—]+",
    "–": "[-‐‑‒–—]+",
    "—": "[-‐‑‒–—]+",
    "'": "['’‘]",
    "’": "['’‘]",
    '"': '["“”]',
    "“": '["“”]',
    "”": '["“”]',
    "&": "(?:&|and)",
}
_LEAD = re.compile(r"^\s*(?:[-*•]|\d{1,3}[.)]|\[\d{1,3}\])?\s*")
_AUTHOR_END = re.compile(r"[\s,;:(\[]+$")
_INITIAL_END = re.compile(r"\b[A-Z]\.$")
_EDITOR_TAIL = re.compile(r"\s*\((?:eds?|editors?)\.?\)|,?\s*(?:eds?\.|editors?)", re.IGNORECASE)


def _pattern(value: str) -> re.Pattern[str]:
    parts: list[str] = []
    for word in value.split():
        parts.append("".join(_VARIANTS.get(char, re.escape(char)) for char in word))
    return re.compile(r"\s*".join(parts) if len(parts) > 1 else parts[0], re.IGNORECASE)


class _Claims:
    def __init__(self, text: str) -> None:
        self.text = text
        self.spans: list[Span] = []

    def free(self, start: int, end: int) -> bool:
        return all(end <= span.start or start >= span.end for span in self.spans)

    def find(self, label: Label, value: str | None, start: int = 0) -> bool:
        if not value or not value.strip():
            return False
        for match in _pattern(value.strip()).finditer(self.text, start):
            if match.end() > match.start() and self.free(match.start(), match.end()):
                self.spans.append(Span(label, match.start(), match.end()))
                return True
        return False

    def first_after(self, position: int) -> int:
        starts = [span.start for span in self.spans if span.start >= position]
        return min(starts) if starts else len(self.text)


def _year(claims: _Claims, entry: Entry) -> bool:
    """The year (and its letter) of the date: in brackets if it is there, else the first free one."""
    if entry.year is None:
        return claims.find(Label.DATE, "n.d.") or claims.find(Label.DATE, "nd")
    pattern = re.compile(rf"\b{entry.year}(?:\s?[a-z]\b)?")
    matches = [m for m in pattern.finditer(claims.text) if claims.free(m.start(), m.end())]
    bracketed = [m for m in matches if claims.text[max(0, m.start() - 1) : m.start()] in ("(", "[")]
    for match in bracketed or matches:
        claims.spans.append(Span(Label.DATE, match.start(), match.end()))
        return True
    return False


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
        family = entry.editors[0].full_family
        match = _pattern(family).search(claims.text)
        last = _pattern(entry.editors[-1].full_family)
        if match is None:
            missing.append("editors")
            return
        begin = match.start()
        while begin > 0 and re.match(r"[A-Z]\.?\s?$", claims.text[max(0, begin - 3) : begin].strip() + " "):
            begin = claims.text.rfind(" ", 0, begin - 1) + 1 if " " in claims.text[: begin - 1] else 0
        tail = last.search(claims.text, match.start())
        end = tail.end() if tail else match.end()
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
    claims.spans = [_with_doi_prefix(text, span) for span in claims.spans]
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
