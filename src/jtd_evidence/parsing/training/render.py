"""CSL-JSON items rendered through CSL styles, with every field's span in the output known.

Each style's XML is *instrumented*: every element that prints a variable (``cs:text``,
``cs:number``, ``cs:date`` and ``cs:names`` with a ``variable``, and the "no date" term)
gets a private-use marker character naming its label at the inner end of its prefix and
another at the inner end of its suffix, so the value it prints is enclosed in markers and
its affixes are not. Labels printed inside a name list ("(ed.)", "eds") and citation
numbers are enclosed in *hole* markers: their text is labelled other. The item is rendered
with the project's formatting layer (:class:`~jtd_evidence.formatting.engine.Processor`),
once with the instrumented style and once with the style as it is; the instrumented HTML
is walked (markers open and close labels, the innermost one wins; tags dropped or italics
written ``*...*``), its markers stripped, and the result compared with the plain rendering.

They differ where a marker stands between two punctuation marks that citeproc-py would
have merged ("J.." -> "J.") or where a marker blocks a seam rule; the labels are then
carried over to the plain text by aligning the two strings character by character
(:func:`align_labels`), and the item is dropped only if the two texts differ in more than
punctuation and spaces (:class:`RenderStats` counts both cases).

Spans leave out the quotes and italics a style puts around a field, the affixes
("pp. ", "vol. ", "Available at: ") and the spaces at their ends.
"""

from __future__ import annotations

import difflib
import html
import re
import warnings
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from random import Random
from typing import Any

from citeproc import Citation, CitationStylesBibliography, formatter
from lxml import etree

from jtd_evidence.formatting._source import CiteItem, make_source
from jtd_evidence.formatting._state import rendering
from jtd_evidence.formatting._text import CLOSE, CLOSE_INNER, MARKERS, STYLE_CLOSE, STYLE_OPEN, resolve_quotes
from jtd_evidence.formatting.engine import _PIQ, Processor
from jtd_evidence.parsing.labels import Label, LabelledReference
from jtd_evidence.parsing.training.spans import spans_from_labels

__all__ = [
    "VARIABLE_LABELS",
    "RenderStats",
    "StyleRenderer",
    "align_labels",
    "instrument",
]

CSL_NS = "http://purl.org/net/xbiblio/csl"
_NS = {"cs": CSL_NS}

VARIABLE_LABELS: dict[str, Label] = {
    "author": Label.AUTHOR,
    "composer": Label.AUTHOR,
    "director": Label.AUTHOR,
    "interviewer": Label.AUTHOR,
    "container-author": Label.AUTHOR,
    "editor": Label.EDITOR,
    "collection-editor": Label.EDITOR,
    "editorial-director": Label.EDITOR,
    "translator": Label.EDITOR,
    "issued": Label.DATE,
    "year-suffix": Label.DATE,
    "original-date": Label.DATE,
    "event-date": Label.NOTE,
    "accessed": Label.ACCESSED,
    "title": Label.TITLE,
    "title-short": Label.TITLE,
    "container-title": Label.CONTAINER,
    "container-title-short": Label.CONTAINER,
    "journalAbbreviation": Label.CONTAINER,
    "event": Label.CONTAINER,
    "collection-title": Label.COLLECTION,
    "collection-number": Label.VOLUME,
    "volume": Label.VOLUME,
    "issue": Label.ISSUE,
    "page": Label.PAGES,
    "page-first": Label.PAGES,
    "edition": Label.EDITION,
    "publisher": Label.PUBLISHER,
    "authority": Label.PUBLISHER,
    "publisher-place": Label.PLACE,
    "event-place": Label.NOTE,
    "URL": Label.URL,
    "DOI": Label.DOI,
    "ISBN": Label.IDENTIFIER,
    "ISSN": Label.IDENTIFIER,
    "PMID": Label.IDENTIFIER,
    "PMCID": Label.IDENTIFIER,
    "number": Label.NOTE,  # report and Act numbers (data/parser/README.md)
    "genre": Label.GENRE,
    "medium": Label.GENRE,
    "note": Label.NOTE,
    "annote": Label.NOTE,
    "status": Label.NOTE,
}
"""The label of each CSL variable; other variables (citation-number, locator, ...) are other."""

_LABELS = list(Label)
_OPEN_BASE, _CLOSE_BASE = 0xE100, 0xE180
_OPEN = {label: chr(_OPEN_BASE + i) for i, label in enumerate(_LABELS)}
_CLOSE = {label: chr(_CLOSE_BASE + i) for i, label in enumerate(_LABELS)}
_BY_MARK = {
    **{c: (True, label) for label, c in _OPEN.items()},
    **{c: (False, label) for label, c in _CLOSE.items()},
}
_OUR_MARKS = "".join(_BY_MARK)
_OPENERS = "".join(_OPEN.values())
_CLOSERS = "".join(_CLOSE.values())
# our opening markers move right past opening tags and the style's opening quote, closing
# ones left past closing tags and the style's closing quote: spans leave out italics and
# the quotes a style adds, and punctuation-in-quote still sees the quote next to the period
_OPEN_OUTSIDE = re.compile(f"([{_OPENERS}]+)((?:<(?!/)[^>]*>|{STYLE_OPEN})+)")
_CLOSE_OUTSIDE = re.compile(f"((?:</[^>]*>|[{STYLE_CLOSE}])+)([{_CLOSERS}]+)")
# a field that ends in a quote: the closing marker goes before the quote (which stays next to
# its field-end mark for punctuation-in-quote)
_QUOTED_END = re.compile(f"([{CLOSE}{CLOSE_INNER}]+)(\ue006)([{_CLOSERS}]+)")
_PERIOD_AFTER_MARK = re.compile(f"([?!])((?:</[a-z]+>|[{_OUR_MARKS}])*)\\.")
_STRIP_OURS = str.maketrans("", "", _OUR_MARKS)
_HTML_PIECE = re.compile(r"<[a-zA-Z/][^<>]*>|&[#a-zA-Z0-9]+;|[^<&]+|[<&]")
_TRIVIAL = re.compile(r"^[\s.,;:]*$")
_SEAM = frozenset(".,;:!? ")
_SUBSTITUTED = frozenset(("text", "number", "date", "label", "group", "names"))
_PRINTING = ("text", "number", "date", "names")


def instrument(xml: bytes) -> bytes:
    """A style's XML with label markers inside the affixes of every element that prints a variable."""
    root = etree.fromstring(xml)

    def wrap(element: Any, label: Label, inside: bool = True) -> None:
        prefix, suffix = element.get("prefix", ""), element.get("suffix", "")
        if inside:
            element.set("prefix", prefix + _OPEN[label])
            element.set("suffix", _CLOSE[label] + suffix)
        else:
            element.set("prefix", _OPEN[label] + prefix)
            element.set("suffix", suffix + _CLOSE[label])

    for tag in _PRINTING:
        for element in root.iter(f"{{{CSL_NS}}}{tag}"):
            variable = element.get("variable")
            if not variable:
                if tag == "text" and element.get("term") == "no date":
                    wrap(element, Label.DATE)
                continue
            first = variable.split()[0]
            label = VARIABLE_LABELS.get(first)
            if label is None:
                if first in ("citation-number", "citation-label", "first-reference-note-number"):
                    wrap(element, Label.OTHER, inside=False)
                continue
            wrap(element, label)
    for element in root.iterfind(".//cs:names/cs:label", _NS):
        wrap(element, Label.OTHER, inside=False)
    # what a name list's substitute prints (a title, a genre in brackets...) is not a name:
    # its pieces are holes in the name list's span, their own fields labelled inside them
    for substitute in root.iter(f"{{{CSL_NS}}}substitute"):
        for element in substitute.iterdescendants():
            if isinstance(element.tag, str) and element.tag.rsplit("}", 1)[-1] in _SUBSTITUTED:
                wrap(element, Label.OTHER, inside=False)
    out: bytes = etree.tostring(root, xml_declaration=True, encoding="utf-8")
    return out


class _Lean(Processor):
    """A processor that renders bibliography entries only, one by one in the order given:
    no sorting and no citations (disambiguation is not needed for training text; year
    suffixes are given)."""

    def entries(self, items: list[dict[str, Any]], suffixes: dict[int, str]) -> list[str]:
        prepared = []
        for i, item in enumerate(items):
            data = self.prepare(item)
            data["id"] = f"k{i}"
            prepared.append(data)
        source = make_source(prepared)
        bib = CitationStylesBibliography(self.style, source, formatter.html)
        cites = []
        for i in range(len(items)):
            key = f"k{i}"
            cite = Citation([CiteItem(key, source)])
            cite.bibliography = bib
            bib.keys.append(key)
            bib.items.append(cite.cites[0])
            cites.append(cite)
            if i in suffixes:
                dict.__setitem__(source[key], "year_suffix", suffixes[i])
        out = []
        with rendering(html=True, memo=None, digests=None):
            for cite in cites:
                try:
                    rendered = self.style.render_bibliography(cite.cites)
                except Exception:  # citeproc-py fails on some styles and items: nothing printed
                    rendered = None
                out.append(self.finish(str(rendered[0])) if rendered else "")
        return out


class _Marked(_Lean):
    """A processor for an instrumented style: markers moved off italics and style quotes before
    the engine's quote and punctuation rules run."""

    def finish(self, html: str) -> str:
        # as Processor.finish, with markers allowed between a question mark and its period
        html = _OPEN_OUTSIDE.sub(r"\2\1", html)
        html = _CLOSE_OUTSIDE.sub(r"\2\1", html)
        html = _QUOTED_END.sub(r"\3\1\2", html)
        if self.punctuation_in_quote:
            html = _PIQ.sub(r"\3\1\2", html)
        html = resolve_quotes(html, self.marks)
        return self.finish_layout(_PERIOD_AFTER_MARK.sub(r"\1\2", html))


def _walk(rendered: str, italics: bool) -> tuple[str, list[Label]]:
    """Text and per-character labels of instrumented HTML (markers consumed, tags dropped)."""
    chars: list[str] = []
    labels: list[Label] = []
    stack: list[Label] = []
    crossed = False  # a marker since the last character: a seam citeproc-py did not see
    for match in _HTML_PIECE.finditer(rendered):
        piece = match.group(0)
        if piece[0] == "<" and len(piece) > 1:
            crossed = False  # citeproc-py leaves seams next to markup alone
            if italics and piece in ("<i>", "</i>"):
                chars.append("*")
                labels.append(Label.OTHER)
            elif piece == "</div>":
                chars.append(" ")
                labels.append(Label.OTHER)
            continue
        text = html.unescape(piece) if piece.startswith("&") else piece
        for ch in text:
            mark = _BY_MARK.get(ch)
            if mark is not None:
                opening, label = mark
                if opening:
                    stack.append(label)
                elif label in stack:
                    del stack[len(stack) - 1 - stack[::-1].index(label)]
                crossed = True
                continue
            if ch in MARKERS:
                continue
            if crossed and chars and ch == chars[-1] and ch in _SEAM:
                continue  # as citeproc-py's normalize_seam: "J." + "." is "J."
            crossed = False
            chars.append(ch)
            labels.append(stack[-1] if stack else Label.OTHER)
    return "".join(chars), labels


def _trim(text: str, labels: list[Label]) -> tuple[str, list[Label]]:
    start, end = 0, len(text)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return text[start:end], labels[start:end]


_OPENING_QUOTES = "“‘\"'«"
_CLOSING_QUOTES = "”’\"'»"


def _unquote(text: str, labels: list[Label]) -> None:
    """A field that is all a quotation loses its opening quote too (its closing one is already out)."""
    for i, label in enumerate(labels):
        if label is Label.OTHER or text[i] not in _OPENING_QUOTES or (i and labels[i - 1] is label):
            continue
        j = i
        while j < len(labels) and labels[j] is label:
            j += 1
        if (text[j : j + 1] in _CLOSING_QUOTES and text[j : j + 1]) or (
            text[j : j + 2][:1] in ".,?!" and text[j + 1 : j + 2] in _CLOSING_QUOTES and text[j + 1 : j + 2]
        ):
            labels[i] = Label.OTHER


def _plain(rendered: str, italics: bool) -> str:
    out: list[str] = []
    for match in _HTML_PIECE.finditer(rendered):
        piece = match.group(0)
        if piece.startswith("<") and len(piece) > 1:
            if italics and piece in ("<i>", "</i>"):
                out.append("*")
            elif piece == "</div>":
                out.append(" ")
            continue
        out.append(html.unescape(piece) if piece.startswith("&") else piece)
    return "".join(out).translate(_STRIP_OURS)


def align_labels(source: str, labels: Sequence[Label], target: str) -> list[Label] | None:
    """``labels`` (one per character of ``source``) carried over to ``target``, which differs from
    ``source`` only in punctuation and spaces; None when it differs in more."""
    out: list[Label] = []
    matcher = difflib.SequenceMatcher(None, source, target, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal" or (
            op == "replace" and i2 - i1 == j2 - j1 and source[i1:i2].lower() == target[j1:j2].lower()
        ):
            out.extend(labels[i1:i2])
            continue
        if not (_TRIVIAL.match(source[i1:i2]) and _TRIVIAL.match(target[j1:j2])):
            return None
        if j2 > j1:
            before = labels[i1 - 1] if i1 > 0 else Label.OTHER
            after = labels[i2] if i2 < len(labels) else Label.OTHER
            fill = before if before is after else Label.OTHER
            out.extend([fill] * (j2 - j1))
    return out


@dataclass
class RenderStats:
    """What happened to the renderings of one run."""

    rendered: int = 0
    checked: int = 0  # also rendered without instrumentation, to compare
    identical: int = 0  # instrumented text equal to the plain text
    aligned: int = 0  # differing in punctuation or spaces only: labels carried over
    dropped: int = 0  # differing in more: not used
    empty: int = 0  # the style printed nothing for the item
    failed_styles: list[str] = field(default_factory=list)
    reasons: Counter[str] = field(default_factory=Counter)

    def merge(self, other: RenderStats) -> None:
        for name in ("rendered", "checked", "identical", "aligned", "dropped", "empty"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.failed_styles += other.failed_styles
        self.reasons.update(other.reasons)


_NUMBER_START = re.compile(r"^\s*[\[(]?\d+[\]).:]?\s*")


class StyleRenderer:
    """One style, instrumented and plain, for one locale: renders lists of items into labelled references."""

    def __init__(self, style_path: Path, workdir: Path, locale: str = "en-GB") -> None:
        self.style_path = style_path
        self.name = style_path.stem
        marked = workdir / f"{self.name}.marked.csl"
        if not marked.exists():
            marked.write_bytes(instrument(style_path.read_bytes()))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            self.plain = _Lean(str(style_path), locale)
            self.marked = _Marked(str(marked), locale)

    def render(
        self,
        items: list[dict[str, Any]],
        rng: Random,
        stats: RenderStats,
        italics_share: float = 0.3,
        suffix_share: float = 0.04,
        number_share: float = 0.25,
        check: bool = True,
    ) -> list[LabelledReference | None]:
        """Each item's labelled rendering (in the order given), None where it was dropped.

        With ``check``, the style is also rendered as it is and the instrumented text checked
        against it (labels carried over or the item dropped where they differ)."""
        suffixes = {i: rng.choice("abc") for i in range(len(items)) if rng.random() < suffix_share}
        marked = self.marked.entries(items, suffixes)
        plain = self.plain.entries(items, suffixes) if check else None
        out: list[LabelledReference | None] = []
        for index in range(len(items)):
            italics = rng.random() < italics_share
            keep_number = rng.random() < number_share
            angle_urls = rng.random() < 0.5
            stats.rendered += 1
            text, labels = _trim(*_walk(marked[index], italics))
            target = _plain(plain[index], italics).strip() if plain is not None else text.strip()
            if not target:
                stats.empty += 1
                out.append(None)
                continue
            if plain is not None:
                stats.checked += 1
            if text == target:
                stats.identical += 1 if plain is not None else 0
                found = labels
            else:
                carried = align_labels(text, labels, target)
                if carried is None:
                    stats.dropped += 1
                    stats.reasons[_difference(text, target)] += 1
                    out.append(None)
                    continue
                found = carried
                stats.aligned += 1
            text = target
            number = _NUMBER_START.match(text)
            if number and all(label is Label.OTHER for label in found[: number.end()]):
                if not keep_number:
                    text, found = text[number.end() :], list(found[number.end() :])
                elif not text[number.end() - 1].isspace():  # "[1]Firmin": citeproc-py drops the margin
                    text = f"{text[: number.end()]} {text[number.end() :]}"
                    found = [*found[: number.end()], Label.OTHER, *found[number.end() :]]
            text, found = _squeeze(text, list(found))
            _doi_prefix(text, found)
            _unquote(text, found)
            if italics and angle_urls:  # Markdown as the seed writes it: <https://...>
                text, found = _angle_urls(text, found)
            out.append(LabelledReference(text, spans_from_labels(text, found)))
        return out


_DOI_PREFIX = re.compile(r"(?:https?://)?(?:dx\.)?doi\.org/$", re.I)


def _doi_prefix(text: str, labels: list[Label]) -> None:
    """A DOI's resolver address written onto it ("https://doi.org/10.1/x") is part of the DOI span
    ("doi:" is not), as in data/parser/README.md."""
    for i in range(1, len(labels)):
        if labels[i] is Label.DOI and labels[i - 1] is Label.OTHER:
            found = _DOI_PREFIX.search(text, 0, i)
            if found:
                labels[found.start() : i] = [Label.DOI] * (i - found.start())


def _angle_urls(text: str, labels: list[Label]) -> tuple[str, list[Label]]:
    """Web addresses (and DOIs written as addresses) in angle brackets, outside their spans."""
    chars: list[str] = []
    out: list[Label] = []
    i = 0
    while i < len(text):
        label = labels[i]
        j = i + 1
        while j < len(text) and labels[j] is label:
            j += 1
        wrap = label in (Label.URL, Label.DOI) and text.startswith("http", i)
        piece = f"<{text[i:j]}>" if wrap else text[i:j]
        chars.append(piece)
        out.extend([Label.OTHER, *([label] * (j - i)), Label.OTHER] if wrap else [label] * (j - i))
        i = j
    return "".join(chars), out


def _squeeze(text: str, labels: list[Label]) -> tuple[str, list[Label]]:
    """Runs of white space as one space, none at the ends."""
    if "  " not in text and "\n" not in text and "\t" not in text and text == text.strip():
        return text, labels
    chars: list[str] = []
    kept: list[Label] = []
    for ch, label in zip(text, labels, strict=True):
        if ch.isspace():
            if not chars or chars[-1] == " ":
                continue
            ch = " "
        chars.append(ch)
        kept.append(label)
    while chars and chars[-1] == " ":
        chars.pop()
        kept.pop()
    return "".join(chars), kept


def _difference(a: str, b: str) -> str:
    """A short description of how two renderings differ (for the drop report)."""
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "equal":
            return f"{op} {a[i1:i2][:12]!r}->{b[j1:j2][:12]!r}"
    return "?"
