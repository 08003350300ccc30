"""Field-text transforms that citeproc-js (as Zotero runs it) applies and citeproc-py does not.

Three things happen to a title or publisher before a CSL style sees it:

* straight quotes become quote *spans* that the style's locale renders, nesting-aware
  ('"Both/And"' inside a quoted article title comes out as inner quotes);
* a straight apostrophe inside a word becomes a typographic one (``Children’s``);
* for APA-family styles, the first word of every subtitle is capitalised ("uppercase
  subtitles"), and a spaced hyphen between title parts becomes an em dash.

Quote spans are carried through citeproc-py as private-use marker characters and resolved
to the locale's quote marks once an entry is rendered (:func:`resolve_quotes`), because only
then is it known whether a span sits inside a quoted title.

    >>> resolve_quotes(smarten("'It's not them, it's us': the making"), QuoteMarks("‘", "’", "“", "”"))
    '‘It’s not them, it’s us’: the making'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "CLOSE",
    "CLOSE_INNER",
    "FIELD_END",
    "MARKERS",
    "OPEN",
    "OPEN_INNER",
    "STYLE_CLOSE",
    "STYLE_OPEN",
    "QuoteMarks",
    "capitalize_first",
    "resolve_quotes",
    "smarten",
    "uppercase_subtitles",
]

# A quote span whose outer form is the locale's main quote (OPEN/CLOSE) or its inner quote.
OPEN, CLOSE, OPEN_INNER, CLOSE_INNER = "\ue000", "\ue001", "\ue002", "\ue003"
# Quotes the style adds (quotes="true"); only these take punctuation-in-quote.
STYLE_OPEN, STYLE_CLOSE = "\ue004", "\ue005"
# Put after a field whose text ends in a quote: punctuation the style adds after the field
# may move inside that quote (punctuation-in-quote); punctuation inside a field never moves.
FIELD_END = "\ue006"
MARKERS = OPEN + CLOSE + OPEN_INNER + CLOSE_INNER + STYLE_OPEN + STYLE_CLOSE + FIELD_END
_STRIP_MARKERS = str.maketrans("", "", MARKERS)

_ROMANESQUE = r"[-0-9a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0370-\u03ff\u0400-\u052f\u1f00-\u1fff]"
_CURLY_APOSTROPHE = re.compile(f"({_ROMANESQUE})\u2019({_ROMANESQUE})")
_QUOTE_TAGS = re.compile(r"( \"| '|\(\"|\('|\"|')")
_NO_APOSTROPHE_AFTER = set(",.?:; ")


@dataclass(frozen=True)
class QuoteMarks:
    """A locale's quote marks (CSL terms open-quote, close-quote, open-inner-quote, close-inner-quote)."""

    open: str
    close: str
    open_inner: str
    close_inner: str


def strip_markers(text: str) -> str:
    return text.translate(_STRIP_MARKERS)


_BEFORE_HIGH_PUNCTUATION = re.compile(" ([:;?!\u00bb])|(\u00ab) ")


def smarten(text: str) -> str:
    """Straight quotes to quote-span markers and apostrophes to ’, as citeproc-js's flip-flop parser does;
    the space before : ; ? ! » and after « a narrow no-break space, as citeproc-js spaces field text
    (French orthography: "« Anonyme »" stays on one line).

    >>> smarten("His « Anonymous » Life : A Study")
    'His «\u202fAnonymous\u202f» Life\u202f: A Study'
    """
    if " " in text:
        text = _BEFORE_HIGH_PUNCTUATION.sub(lambda m: "\u202f" + m[1] if m[1] else m[2] + "\u202f", text)
    if "'" not in text and '"' not in text and "\u2019" not in text:
        return text
    source = " " + _CURLY_APOSTROPHE.sub(r"\1'\2", text)
    parts = _QUOTE_TAGS.split(source)
    strings, tags = parts[0::2], parts[1::2]
    stack: list[int] = []  # positions of open tags
    literal: dict[int, str] = {}  # tag index -> text it becomes when not a quote
    for i, tag in enumerate(tags):
        following = strings[i + 1]
        if tag == "'" and following and following[0] not in _NO_APOSTROPHE_AFTER:
            literal[i] = "\u2019"
            continue
        if tag == " '" and following[:1] == " ":
            literal[i] = " \u2019"
            continue
        if tag in (' "', " '", '("', "('"):
            stack.append(i)
            continue
        # a closer: does it close the innermost open span?
        while True:
            if stack and _closer_of(tags[stack[-1]]) == tag:
                stack.pop()
                break
            if tag == "'":
                literal[i] = "\u2019"
                break
            if stack:
                failed = stack.pop()
                literal[failed] = tags[failed]
                continue
            literal[i] = tag
            break
    for i in stack:  # unclosed openers stay as text
        literal[i] = " \u2019" if tags[i] == " '" else tags[i]
    first_form = next((tags[i].strip("( ") for i in range(len(tags)) if i not in literal), None)
    out = [strings[0]]
    for i, tag in enumerate(tags):
        if i in literal:
            out.append(literal[i])
        elif tag in (' "', " '", '("', "('"):
            inner = tag.strip("( ") != first_form
            out.append(tag[0] + (OPEN_INNER if inner else OPEN))
        else:
            inner = tag != first_form
            out.append(CLOSE_INNER if inner else CLOSE)
        out.append(strings[i + 1])
    text = "".join(out)[1:]
    return text + FIELD_END if text.endswith((CLOSE, CLOSE_INNER)) else text


def _closer_of(opener: str) -> str:
    return opener[-1]


def resolve_quotes(text: str, marks: QuoteMarks) -> str:
    """Turn quote-span markers into the locale's marks; a span inside another takes the other form."""
    if not any(m in text for m in MARKERS):
        return text
    levels: list[bool] = []  # True = inner form

    def mark(found: re.Match[str]) -> str:
        ch = found.group()
        if ch in _OPENING:
            inner = (not levels[-1]) if levels else ch == OPEN_INNER
            levels.append(inner)
            return marks.open_inner if inner else marks.open
        if ch in _CLOSING:
            inner = levels.pop() if levels else ch == CLOSE_INNER
            return marks.close_inner if inner else marks.close
        return ""  # FIELD_END

    return _QUOTE_MARKERS.sub(mark, text)


_OPENING = (OPEN, OPEN_INNER, STYLE_OPEN)
_CLOSING = (CLOSE, CLOSE_INNER, STYLE_CLOSE)
_QUOTE_MARKERS = re.compile(f"[{''.join(_OPENING + _CLOSING)}{FIELD_END}]")
"""The markers resolve_quotes replaces (text between them is copied as it is)."""


def capitalize_first(text: str) -> str:
    """citeproc-js capitalize-first: upper-case the first letter of the first word if that word is all lower case."""
    match = re.search(r"[^\s\W\d_]", text)
    if not match:
        return text
    if text.lstrip()[:1] in (OPEN, OPEN_INNER, "'", '"', "\u2018", "\u201c"):
        return text  # a part that opens with a quote keeps its case, as in citeproc-js
    start = match.start()
    end = start
    while end < len(text) and not text[end].isspace():
        end += 1
    word = text[start:end]
    if strip_markers(word) != strip_markers(word).lower():
        return text
    return text[:start] + text[start].upper() + text[start + 1 :]


_SPLIT = re.compile(r"(\.\s+|!\s+|\?\s+|\s*::*\s+|\s*—\s*|\s+-\s+|\s*---*\s*)")


def uppercase_subtitles(title: str) -> str:
    """Zotero's APA behaviour: capitalise each title part after ': ', '. ', '? ', '! ' or a dash;
    a hyphen or dash between parts becomes an em dash, a colon becomes ': '."""
    pieces = _SPLIT.split(title)
    if len(pieces) == 1:
        return capitalize_first(title)
    # recombine splits after a part ending in a capital letter ("U.S. Army")
    parts: list[str] = [pieces[0]]
    for sep, nxt in zip(pieces[1::2], pieces[2::2], strict=True):
        last = parts[-1].strip()
        if last and last[-1] != last[-1].lower():
            parts[-1] = parts[-1] + sep + nxt
        else:
            parts[-1] = parts[-1].strip()
            parts.extend([sep, nxt])
    for i in range(0, len(parts), 2):
        parts[i] = capitalize_first(parts[i])
    for i in range(1, len(parts) - 1, 2):
        found = re.search(r"([:?!] )", parts[i])
        if found:
            parts[i] = found.group(1)
        if "-" in parts[i] or "—" in parts[i]:
            parts[i] = "—"
    return "".join(parts)
