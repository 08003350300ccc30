"""The ``display`` attribute and ``second-field-align``, as citeproc-js writes them in HTML.

An element with ``display`` ("block", "left-margin", "right-inline", "indent") is marked
while it renders (:func:`displayed`, around its affixes) and the marks become citeproc-js's
``<div class="csl-...">`` when the entry is finished (:func:`resolve_display`). A
bibliography with ``second-field-align`` puts its layout's first rendered child in the left
margin and the rest inline on its right (:func:`second_field`). Only bibliography entries are
displayed; citations and sort keys ignore the attribute, as citeproc-js does.

    >>> resolve_display(OPENS["left-margin"] + "[1]" + CLOSE + OPENS["right-inline"] + "A. Smith, Title" + CLOSE + ". ")
    '\\n    <div class="csl-left-margin">[1]</div><div class="csl-right-inline">A. Smith, Title.</div>\\n   '
    >>> plain_display(resolve_display(OPENS["block"] + "Doe" + CLOSE + OPENS["left-margin"] + "1999" + CLOSE + "Title"))
    'Doe 1999 Title'
"""

from __future__ import annotations

import re
from typing import Any

from citeproc.string import String

from jtd_evidence.formatting._state import render_state

__all__ = ["CLOSE", "OPENS", "displayed", "plain_display", "resolve_display", "second_field"]

OPENS = {"block": "\ue010", "left-margin": "\ue011", "right-inline": "\ue012", "indent": "\ue013"}
CLOSE = "\ue014"
_KIND = {mark: kind for kind, mark in OPENS.items()}
_HTML = {  # citeproc-js's HTML: (before, after) the displayed text
    "block": ('\n\n    <div class="csl-block">', "</div>\n"),
    "left-margin": ('\n    <div class="csl-left-margin">', "</div>"),
    "right-inline": ('<div class="csl-right-inline">', "</div>\n  "),
    "indent": ('<div class="csl-indent">', "</div>\n  "),
}
_INNERMOST = re.compile("([\ue010-\ue013])([^\ue010-\ue014]*)\ue014([.,;:!?]*)(\\s*)")
_TAGS_AT_END = re.compile(r"(?:</[a-z]+>)+$")
_DIV = re.compile(r'\s*<div class="csl-(block|left-margin|right-inline|indent)">(.*?)</div>\s*', re.S)


def displayed(element: Any, text: Any) -> Any:
    """``text`` (an element's output with its affixes) marked for the element's ``display``."""
    display = element.get("display")
    if display not in OPENS or text is None or not _bibliography_html():
        return text
    return String(OPENS[display]) + text + String(CLOSE)


def second_field(first: Any, rest: Any) -> Any:
    """A second-field-align entry: ``first`` in the left margin, ``rest`` inline on its right."""
    left = String(OPENS["left-margin"]) + first + String(CLOSE)
    return left if rest is None else left + String(OPENS["right-inline"]) + rest + String(CLOSE)


def aligns_second_field(layout: Any) -> bool:
    """Whether ``layout`` (a cs:layout) is a bibliography's with ``second-field-align``, now displayed."""
    aligned = layout.__dict__.get("_memo_second_field")  # what the style says (remembered on the layout)
    if aligned is None:
        parent = layout.getparent()
        aligned = layout.__dict__["_memo_second_field"] = bool(parent.get("second-field-align")) and bool(
            parent.tag.endswith("bibliography")
        )
    return bool(aligned) and _bibliography_html()


def resolve_display(html: str) -> str:
    """Display marks as citeproc-js's divs: punctuation right after a displayed piece moves into
    it, and spaces at the end of the right-inline piece move out."""
    while CLOSE in html:
        html = _INNERMOST.sub(_div, html)
    return html


def plain_display(html: str) -> str:
    """The divs of :func:`resolve_display` as plain runs of text, one space between two pieces."""
    if '<div class="csl-' not in html:
        return html
    pieces = _DIV.sub(lambda m: "\0" + m.group(2).strip() + "\0", html)
    return re.sub(r"\s*\0+\s*(?=[.,;:!?]?)", _space, pieces).strip()


def _space(match: re.Match[str]) -> str:
    following = match.string[match.end() : match.end() + 1]
    return "" if following in (".", ",", ";", ":", "!", "?") else " "


def _div(match: re.Match[str]) -> str:
    mark, text, punctuation, space = match.groups()
    kind = _KIND[mark]
    if punctuation:  # the layout's suffix after the last piece: a period already there is not doubled
        text += punctuation[1:] if _TAGS_AT_END.sub("", text).endswith(punctuation[0]) else punctuation
    trailing = text[len(text.rstrip()) :] if kind == "right-inline" else ""
    before, after = _HTML[kind]
    return before + text[: len(text) - len(trailing)] + after + trailing + space


def _bibliography_html() -> bool:
    state = render_state()
    return state.html and not state.in_citation and not state.sort_mode
