"""Where one part of a reference ends and the next begins.

References separate their parts with '. ' (and sometimes '? ' or '! ' when a
title is a question). Not every full stop is a boundary: initials ("J."),
abbreviations ("e.g.", "No."), ellipses ("...") and stops inside italics,
brackets or quotes are not.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from jtd_evidence.parsing.markup import ITALIC_CLOSE, ITALIC_OPEN

ABBREVIATIONS = frozenset(
    [
        "e.g",
        "i.e",
        "vs",
        "etc",
        "al",
        "no",
        "nos",
        "vol",
        "vols",
        "pp",
        "p",
        "st",
        "dr",
        "mr",
        "mrs",
        "ms",
        "prof",
        "co",
        "inc",
        "ltd",
        "dept",
        "univ",
        "approx",
        "ch",
        "fig",
        "rev",
        "repr",
        "trans",
        "cf",
        "ca",
        "op",
        "cit",
        "ibid",
        "jr",
        "sr",
        "est",
        "govt",
        "intl",
        "natl",
    ]
)
_OPENERS = {"(": ")", "[": "]", ITALIC_OPEN: ITALIC_CLOSE}
_CLOSERS = {v: k for k, v in _OPENERS.items()}
_INTERESTING = re.compile(r"[.?!()\[\]" + ITALIC_OPEN + ITALIC_CLOSE + "]")
_DOTTED_CAPITALS = re.compile(r"(?:[A-Z]\.)+[A-Z]")
_NON_SPACE = re.compile(r"\S")


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the full stop at ``dot`` ends an initial, an abbreviation or an ellipsis."""
    if dot > 0 and text[dot - 1] in ".…":
        return True
    if dot + 1 < len(text) and text[dot + 1] == ".":
        return True
    start = dot
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "._"):
        start -= 1  # back over the word the stop ends (cheaper than a regex anchored at its end)
    word = text[start:dot]
    if not word:
        return False
    if len(word) == 1 and word.isupper():
        return True  # an initial
    if _DOTTED_CAPITALS.fullmatch(word):
        return True  # "U.K", "B.N"
    return word.lower().rstrip(".") in ABBREVIATIONS


def boundaries(text: str, start: int = 0) -> Iterator[int]:
    """Indexes of the punctuation marks ('.', '?', '!') that end a part, outside brackets and italics."""
    depth: list[str] = []
    for match in _INTERESTING.finditer(text, start):
        char = match.group()
        if char in _OPENERS:
            depth.append(_OPENERS[char])
            continue
        if char in _CLOSERS:
            if depth and depth[-1] == char:
                depth.pop()
            continue
        index = match.start()
        if depth:
            continue
        after = text[index + 1 : index + 2]
        if after and not after.isspace():
            continue
        if char == "." and _is_abbreviation(text, index):
            continue
        following = _NON_SPACE.search(text, index + 1)  # not text[index + 1 :].lstrip(): linear
        if following and following.group().islower():
            continue
        yield index


def split_parts(text: str) -> list[str]:
    """Cut ``text`` at every boundary; parts keep no trailing stop and no surrounding space."""
    parts, position = [], 0
    for index in boundaries(text):
        parts.append(text[position : index + (0 if text[index] == "." else 1)].strip())
        position = index + 1
    last = text[position:].strip()
    if last.endswith(".") and not _is_abbreviation(last, len(last) - 1):
        last = last[:-1]
    parts.append(last)
    return [p.strip() for p in parts if p.strip(" .")]
