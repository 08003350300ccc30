"""Pandoc's citation syntax: where a text cites, and what.

A bracketed citation holds cites separated by ";", each an optional prefix, a key after "@"
("-@key" leaves the author out) and an optional locator and suffix after a comma; a key
outside brackets is cited in the text (narrative), with an optional "[locator]" after it.

    >>> [(m.start, m.end, m.mode, [c.key for c in m.cites]) for m in find_citations("As [see @a; @b, ch. 3] says.")]
    [(3, 22, 'parenthetical', ['a', 'b'])]
    >>> [c.locator for c in find_citations("[@hurst2021place, pp. 12-14, emphasis added]")[0].cites]
    ['12-14']
    >>> find_citations("[@hurst2021place, pp. 12-14, emphasis added]")[0].cites[0].suffix
    ', emphasis added'
    >>> m = find_citations("@godar2021using [ch. 3] shows")[0]
    >>> m.mode, m.cites[0].label, m.cites[0].locator, m.end
    ('narrative', 'chapter', '3', 23)
    >>> find_citations("[-@godar2021using]")[0].cites[0].suppress_author
    True
    >>> find_citations("mail me at jo@example.org")
    []

Locator labels are read as pandoc reads them in English ("p.", "pp.", "ch.", "chap.", "sec.",
"§", "para.", "¶", "fig.", "vol.", "l.", "n.", "s.v." ...); a number with no label is a page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jtd_evidence.formatting.cites import Cite

__all__ = ["Citation", "find_citations", "parse_cite", "parse_locator"]

_LABELS = {
    "book": ("book", "bk.", "bks.", "books"),
    "chapter": ("chapter", "chapters", "chap.", "chaps.", "ch.", "chs."),
    "column": ("column", "columns", "col.", "cols."),
    "figure": ("figure", "figures", "fig.", "figs."),
    "folio": ("folio", "folios", "fol.", "fols."),
    "issue": ("number", "numbers", "no.", "nos.", "issue"),
    "line": ("line", "lines", "l.", "ll."),
    "note": ("note", "notes", "n.", "nn."),
    "opus": ("opus", "opera", "op.", "opp."),
    "page": ("page", "pages", "p.", "pp.", "pg.", "pgs."),
    "paragraph": ("paragraph", "paragraphs", "para.", "paras.", "¶", "¶¶"),
    "part": ("part", "parts", "pt.", "pts."),
    "section": ("section", "sections", "sec.", "secs.", "sect.", "§", "§§"),
    "sub-verbo": ("sub verbo", "sub verbis", "s.v.", "s.vv."),
    "verse": ("verse", "verses", "v.", "vv."),
    "volume": ("volume", "volumes", "vol.", "vols."),
    "table": ("table", "tables", "tbl."),
    "appendix": ("appendix", "appendices", "app."),
}
"""CSL locator term -> the words and abbreviations a writer uses for it (as pandoc reads English)."""

_BY_WORD = {word.lower(): label for label, words in _LABELS.items() for word in words}
_LABEL = "|".join(re.escape(word) for word in sorted(_BY_WORD, key=len, reverse=True))
_NUMBER = r"(?:[A-Za-z]?\d+[A-Za-z]?|[ivxlcdmIVXLCDM]+)(?:\.\d+)*"
_VALUE = rf"{_NUMBER}(?:\s*(?:[-\u2013\u2014]|,(?=\s*\d)|&|and(?=\s))\s*{_NUMBER})*"
_LOCATOR = re.compile(
    rf"^\s*(?:(?P<label>{_LABEL})(?:(?<=[.§¶])\s*|\s+))?(?P<value>\{{[^}}]*\}}|{_VALUE})(?![\w])", re.I
)
_KEY = r"(?:\{(?P<braced>[^{}\s]+)\}|(?P<plain>[\w](?:[\w:.#$%&+?<>~/-]*[\w])?))"
_CITE_KEY = re.compile(rf"(?<![\w])(?P<minus>-?)@{_KEY}")
_BRACKETED = re.compile(r"\[(?P<body>[^\[\]]*@[^\[\]]*)\](?!\()")
_IN_TEXT = re.compile(rf"(?<![\w@\[-])@{_KEY}(?:\s?\[(?P<after>[^\[\]@]*)\](?!\())?")


@dataclass(frozen=True)
class Citation:
    """One citation found in a text: where it is (``text[start:end]``), how it cites
    ("parenthetical" or "narrative") and its cites."""

    start: int
    end: int
    mode: str
    cites: tuple[Cite, ...]
    source: str


def parse_locator(text: str) -> tuple[str | None, str, str]:
    """(locator, label, rest) read from the start of a cite's suffix, e.g.
    ", pp. 33-35, and elsewhere" -> ("33-35", "page", ", and elsewhere"); (None, "page", text)
    when it starts with no locator. A value with no label is a page if it holds a digit."""
    body = text.lstrip()
    body = body[1:] if body.startswith(",") else body
    match = _LOCATOR.match(body)
    if match is None:
        return None, "page", text
    word, value = match.group("label"), match.group("value")
    if value.startswith("{"):
        value = value[1:-1]
    elif word is None and not any(ch.isdigit() for ch in value):
        return None, "page", text  # ", civil law": words, not a locator
    label = _BY_WORD[word.lower()] if word else "page"
    return value.strip(), label, body[match.end() :]


def parse_cite(text: str) -> Cite | None:
    """One cite of a bracketed citation ("see @doe99, pp. 33-35, and elsewhere"); None if it names no key."""
    match = _CITE_KEY.search(text)
    if match is None:
        return None
    key = match.group("braced") or match.group("plain")
    prefix = text[: match.start()].strip()
    rest = text[match.end() :]
    locator, label, suffix = parse_locator(rest) if rest.strip() else (None, "page", "")
    suffix = suffix.rstrip()
    return Cite(
        key,
        locator=locator,
        label=label,
        prefix=prefix or None,
        suffix=suffix or None,
        suppress_author=bool(match.group("minus")),
    )


def _bracketed(body: str) -> tuple[Cite, ...] | None:
    parts = body.split(";")
    cites = [parse_cite(part) for part in parts]
    if any(cite is None for cite in cites):
        return None  # "[see @a; not a cite]": not a citation, as pandoc reads it
    return tuple(cite for cite in cites if cite is not None)


def find_citations(text: str) -> list[Citation]:
    """Every pandoc citation in ``text``, in order (bracketed ones, then keys in the text between them)."""
    found: list[Citation] = []
    taken: list[tuple[int, int]] = []
    for match in _BRACKETED.finditer(text):
        cites = _bracketed(match.group("body"))
        if cites:
            found.append(Citation(match.start(), match.end(), "parenthetical", cites, match.group(0)))
            taken.append((match.start(), match.end()))
    for match in _IN_TEXT.finditer(text):
        if any(start <= match.start() < end for start, end in taken):
            continue
        key = match.group("braced") or match.group("plain")
        locator, label, suffix = None, "page", ""
        after = match.group("after")
        end = match.end()
        if after is not None:
            locator, label, suffix = parse_locator(after)
            if locator is None and not after.strip():
                end = match.start() + len(match.group(0).split("[")[0].rstrip())
        cite = Cite(key, locator=locator, label=label, suffix=suffix.strip() or None)
        found.append(Citation(match.start(), end, "narrative", (cite,), text[match.start() : end]))
    return sorted(found, key=lambda c: c.start)
