"""Two punctuation marks meeting where one piece of output ends and the next begins, merged as
citeproc-js merges them (its punctuation table: "?" then ":" is "?", ";" then "!" is "!",
":" then "," stays ":,"...).

The merge runs on a finished entry or citation; a field's own text keeps its punctuation
("Yahoo!: a history"), as :func:`protect` marks such pairs when the item is prepared.

    >>> merge_punctuation("Why?: an answer; <b>Doe Co.</b>. 1965, colon:! Go")
    'Why? an answer; <b>Doe Co.</b> 1965, colon! Go'
    >>> merge_punctuation(protect("Yahoo!: a history") + ".")
    'Yahoo!: a history.'
"""

from __future__ import annotations

import re

__all__ = ["merge_punctuation", "protect"]

KEEP = "\ue017"
"""Between two marks of a field's own text: never merged."""

_LEFT_WINS = frozenset({(";", ":"), ("!", ":"), ("?", ":"), (":", "."), (";", "."), ("!", "."), ("?", ".")})
_RIGHT_WINS = frozenset({(":", "!"), (";", "!"), (":", "?"), (";", "?")})
_PAIR = re.compile(r"([:;!?.,])((?:</[a-z]+>)*)([:;!?.,])")
_FIELD_PAIR = re.compile(r"([:;!?])(?=[:.!?])")


def merge_punctuation(html: str) -> str:
    """``html`` with the marks that meet merged; a mark repeated after closing tags is dropped
    ("<b>Co.</b>." is "<b>Co.</b>"; a mark repeated next to itself was dropped when joined)."""
    merged = _PAIR.sub(_merge, html)
    return merged.replace(KEEP, "") if KEEP in merged else merged


def protect(text: str) -> str:
    """A field's text with the mark pairs :func:`merge_punctuation` would merge kept apart."""
    return _FIELD_PAIR.sub(
        lambda m: m.group(1) + KEEP if _merges(m.group(1), m.string[m.end()]) else m.group(1), text
    )


def _merges(left: str, right: str) -> bool:
    return (left, right) in _LEFT_WINS or (left, right) in _RIGHT_WINS


def _merge(match: re.Match[str]) -> str:
    left, tags, right = match.groups()
    if (left == right and tags) or (left, right) in _LEFT_WINS:
        return left + tags
    if (left, right) in _RIGHT_WINS:
        return tags + right
    return match.group(0)
