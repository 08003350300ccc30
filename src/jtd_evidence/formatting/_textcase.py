"""text-case as citeproc-js applies it, to text that may hold markup.

citeproc-py changes the case of a rendered string word by word, markup and all: an
uppercased title turned ``&amp;`` into ``&AMP;`` and ``<i>`` into ``<I>``, title case split
words only at spaces ("Self-evaluation", "Cat/mouse", "“new Career”") and used a short list
of stop words. Here the text is read as characters that may change and characters that may
not: HTML tags and entities, text marked ``nocase`` (``<span class="nocase">`` in a field,
citeproc-py's :class:`~citeproc.string.NoCase`) and, as in citeproc-js, text in small caps,
superscript or subscript. Only the first kind is changed.

Title case (English only, as CSL says) follows citeproc-js: each word, and each part of a word after a hyphen, slash or dash, is capitalised when
it is in lower case and not a stop word; the first word, the last word and a word after a
colon, question or exclamation mark are capitalised even when they are stop words, and so is
the first part of a hyphenated word; words with a capital already are kept.

    >>> case_text("employee pro-environmental behavior of cat/mouse", "title")
    'Employee Pro-Environmental Behavior of Cat/Mouse'
    >>> case_text("pens &amp; <i>pencils</i>", "uppercase")
    'PENS &amp; <i>PENCILS</i>'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from citeproc.string import MixedString, NoCase, String

from jtd_evidence.formatting._host import CiteprocElement

__all__ = ["STOP_WORDS", "TextCase", "case_text", "protected_text"]

STOP_WORDS = frozenset(
    """a about above across afore after against al along alongside amid amidst among amongst an and anenst
    apropos apud around as aside astride at athwart atop barring before behind below beneath beside besides
    between beyond but by c ca circa d' de despite down during et except for forenenst from given in inside
    into lest like modulo near next nor notwithstanding of off on onto or out over per plus pro qua sans
    since so than the through thru throughout thruout till to toward towards under underneath until unto up
    upon v v. van versus via vis-à-vis von vs vs. with within without yet""".split()
)
"""Words title case leaves in lower case (citeproc-js's list, single words)."""

# markup no case change may touch, and markup whose content keeps its case (citeproc-js)
_MARKUP = re.compile(r"<[^>]*>|&[#a-zA-Z0-9]+;")
_KEEP_OPEN = re.compile(r'<(sup|sub)>|<span style="font-variant:\s*small-caps;?">|<span class="nocase">')
_SENTENCE_END = ":?!"
_GREEK_FIRST, _GREEK_LAST = "\u0370", "\u03ff"
_SPLIT = "-/\u2013\u2014"  # hyphen, slash, en dash, em dash: the parts of a word each take a capital


def protected_text(segments: Iterable[tuple[str, bool]]) -> tuple[str, list[bool]]:
    """The text of ``segments`` ((text, keep case) pairs) and, per character, whether its case is kept."""
    text = ""
    keep: list[bool] = []
    for part, fixed in segments:
        text += part
        keep += [fixed] * len(part)
    depth = 0  # inside a span or tag whose content keeps its case
    stack: list[bool] = []
    position = 0
    for match in _MARKUP.finditer(text):
        for i in range(position, match.start()):
            keep[i] = keep[i] or depth > 0
        for i in range(match.start(), match.end()):
            keep[i] = True
        tag = match.group(0)
        if tag.startswith("</"):
            if stack and stack.pop():
                depth -= 1
        elif tag.startswith("<") and not tag.endswith("/>"):
            kept = bool(_KEEP_OPEN.fullmatch(tag))
            stack.append(kept)
            depth += kept
        position = match.end()
    for i in range(position, len(text)):
        keep[i] = keep[i] or depth > 0
    return text, keep


_TURKIC = frozenset({"tr", "az"})  # dotted and dotless i are two letters: i/İ, ı/I


def _upper(ch: str, language: str | None) -> str:
    """``ch`` in upper case by the rules of ``language`` (a two-letter code), as JavaScript's
    toLocaleUpperCase (citeproc-js) gives it."""
    return "\u0130" if ch == "i" and language in _TURKIC else ch.upper()


def _lower(ch: str, language: str | None) -> str:
    if language in _TURKIC and ch in "I\u0130":
        return "\u0131" if ch == "I" else "i"
    return ch.lower()


def case_text(text: str, case: str, keep: list[bool] | None = None, language: str | None = None) -> str:
    """``text`` in CSL text-case ``case``; characters with ``keep`` set (default: markup) stay as they are.
    ``language`` (the item's, else the style's, two-letter code) decides casing where it differs
    ("ic" in Turkish is "İC").

    >>> case_text("ic and ıd", "uppercase", language="tr"), case_text("ic and ıd", "uppercase", language="en")
    ('İC AND ID', 'IC AND ID')
    >>> case_text("DIŞ İŞLER", "lowercase", language="tr")
    'dış işler'
    """
    if keep is None:
        text, keep = protected_text([(text, False)])
    chars = list(text)
    free = [i for i, fixed in enumerate(keep) if not fixed]
    if case == "uppercase":
        for i in free:
            chars[i] = _upper(chars[i], language)
    elif case == "lowercase":
        for i in free:
            chars[i] = _lower(chars[i], language)
    elif case in ("capitalize-first", "capitalize-all", "sentence", "title"):
        words = _words(text, keep)
        if case == "sentence":
            shouting = _all_capitals(chars, free)
            for start, end in words:
                word = [chars[i] for i in range(start, end) if not keep[i]]
                if shouting or not _all_capitals(word, range(len(word))):
                    for i in range(start, end):
                        if not keep[i]:
                            chars[i] = chars[i].lower()
            words = words[:1]
        elif case == "capitalize-first":  # the first character, as citeproc-py (a quote mark stays)
            first = next((i for i in free if not chars[i].isspace()), None)
            if first is not None:
                chars[first] = chars[first].upper()
            words = []
        if case == "title":
            _title(chars, keep, words)
        else:
            for start, end in words:
                _capitalise(chars, keep, start, end)
    return "".join(chars)


def _all_capitals(chars: list[str], indices: Iterable[int]) -> bool:
    letters = [chars[i] for i in indices if chars[i].isalpha()]
    return bool(letters) and all(not ch.islower() for ch in letters)


def _words(text: str, keep: list[bool]) -> list[tuple[int, int]]:
    """(start, end) of each run of characters that are not white space; markup joins words."""
    found = []
    start = None
    for i, ch in enumerate(text):
        space = ch.isspace() and not keep[i]
        if space and start is not None:
            found.append((start, i))
            start = None
        elif not space and start is None:
            start = i
    if start is not None:
        found.append((start, len(text)))
    return found


def _capitalise(chars: list[str], keep: list[bool], start: int, end: int) -> None:
    """Upper-case the first letter of chars[start:end] (unless kept)."""
    for i in range(start, end):
        if keep[i]:
            if chars[i].isalpha():
                return  # the word opens with text that keeps its case
            continue
        if chars[i].isalpha():
            if not (_GREEK_FIRST <= chars[i] <= _GREEK_LAST and _plain(chars, keep, start, end) == chars[i]):
                chars[i] = chars[i].upper()  # a lone Greek letter ("β-carotine") is a symbol: citeproc-js
            return
        if chars[i].isdigit():
            return


def _plain(chars: list[str], keep: list[bool], start: int, end: int) -> str:
    return "".join(chars[i] for i in range(start, end) if not keep[i])


def _title(chars: list[str], keep: list[bool], words: list[tuple[int, int]]) -> None:
    opening = True  # first word, or after a colon, question or exclamation mark
    for n, (start, end) in enumerate(words):
        text = _plain(chars, keep, start, end)
        bare = text.strip("\"'“”‘’()[]{}.,;:?!\ue000\ue001\ue002\ue003\ue004\ue005\ue006").lower()
        last = n == len(words) - 1
        parts = _parts(chars, start, end)
        if not parts:  # a dash or slash standing alone
            continue
        if _plain(chars, keep, *parts[0])[:1].isdigit():
            parts = parts[:1]  # "07-x": parts after a number keep their case
        for p, (part_start, part_end) in enumerate(parts):
            part = _plain(chars, keep, part_start, part_end)
            letters = [ch for ch in part if ch.isalpha()]
            if not letters or any(ch.isupper() for ch in letters):
                continue  # a word with a capital already keeps its case
            stop = (bare if p == 0 else part.strip("\"'“”‘’()[]{}.,;:?!").lower()) in STOP_WORDS
            if p == 0 and len(parts) > 1:
                stop = bare in STOP_WORDS  # a hyphenated word is not a stop word ("Pro-Environmental")
            if not stop or (p == 0 and (opening or last)):
                _capitalise(chars, keep, part_start, part_end)
        closed = text.rstrip("\"'”’)\ue001\ue003\ue005\ue006")
        if closed or not text:  # a word of closing quotes alone ("Obligations " of") changes nothing
            opening = bool(closed) and closed[-1] in _SENTENCE_END


def _parts(chars: list[str], start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of the parts of a word split at hyphens, slashes and dashes."""
    found = []
    part_start = start
    for i in range(start, end):
        if chars[i] in _SPLIT:
            found.append((part_start, i))
            part_start = i + 1
    found.append((part_start, end))
    return [(a, b) for a, b in found if a < b]


class TextCase(CiteprocElement):
    """Mixin for citeproc-py's text-cased elements: :meth:`case` by :func:`case_text`."""

    def case(self, text: Any, language: Any = None) -> Any:
        text_case = self.get("text-case")
        if text_case is None or text is None or (text_case == "title" and language != "en"):
            return text
        pieces = list(text) if isinstance(text, MixedString) else [text]
        segments = [(str(piece), isinstance(piece, NoCase)) for piece in pieces]
        plain, keep = protected_text(segments)
        changed = case_text(plain, text_case, keep, str(language).lower() if language else None)
        out: list[Any] = []  # text that kept its case stays NoCase for an enclosing text-case
        start = 0
        for i in range(1, len(changed) + 1):
            if i == len(changed) or keep[i] != keep[start]:
                out.append((NoCase if keep[start] else String)(changed[start:i]))
                start = i
        return MixedString(out) if len(out) != 1 else out[0]
