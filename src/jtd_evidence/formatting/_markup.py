"""Rich text inside CSL-JSON fields: the HTML-like markup citeproc-js reads in a title.

Zotero exports titles with a small set of tags (``<i>``, ``<b>``, ``<sup>``, ``<sub>``,
``<sc>``, ``<span style="font-variant:small-caps;">`` and ``<span class="nocase">``);
citeproc-js renders them as markup and escapes everything else. :func:`field_html` does the
same for one field: the known tags are set aside while the field's text is transformed
(quotes, subtitles) and HTML-escaped, then put back. ``<sc>`` becomes the small-caps span
citeproc-js writes; ``<span class="nocase">`` is kept for citeproc-py, which reads it as
text that no text-case changes (and prints without the span); ``<span class="nodecor">``
is kept for :func:`flip_flop`.

:func:`flip_flop` then does to a rendered string what citeproc-js does to its output:
italics inside italics become upright (bold inside bold normal weight, small caps inside
small caps normal), and a ``nodecor`` span undoes every decoration around it.

    >>> field_html('A <i>Felis</i> & "cats"', lambda text: text)
    'A <i>Felis</i> &amp; "cats"'
    >>> field_html("<sc>Nasa</sc> <em>x</em>", lambda text: text)
    '<span style="font-variant:small-caps;">Nasa</span> &lt;em&gt;x&lt;/em&gt;'
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from citeproc.string import String

from jtd_evidence.formatting._state import render_state

__all__ = ["TAGS", "field_html", "flip_flop", "undecorated"]

_SMALL_CAPS = '<span style="font-variant:small-caps;">'
TAGS: dict[str, str] = {
    "<i>": "<i>",
    "</i>": "</i>",
    "<b>": "<b>",
    "</b>": "</b>",
    "<sup>": "<sup>",
    "</sup>": "</sup>",
    "<sub>": "<sub>",
    "</sub>": "</sub>",
    "<sc>": _SMALL_CAPS,
    "</sc>": "</span>",
    _SMALL_CAPS: _SMALL_CAPS,
    '<span class="nocase">': '<span class="nocase">',
    '<span class="nodecor">': '<span class="nodecor">',
    "</span>": "</span>",
}
"""Tags read as markup in a field (lower case), and what each is written as."""

_FOUND = re.compile("|".join(re.escape(tag) for tag in sorted(TAGS, key=len, reverse=True)), re.IGNORECASE)
# one private-use character stands for each tag while the text around it is transformed
_FIRST = 0xE010
_HOLDERS = {tag: chr(_FIRST + i) for i, tag in enumerate(TAGS)}
_BACK = {chr(_FIRST + i): written for i, written in enumerate(TAGS.values())}
_BACK_TABLE = str.maketrans(_BACK)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def field_html(value: str, transform: Callable[[str], str]) -> str:
    """``value`` transformed and HTML-escaped, its markup tags (:data:`TAGS`) kept as markup.

    A closing tag with no opening tag before it, or an opening tag never closed, is text."""
    if "<" not in value:
        return _escape(transform(value))
    held = _balanced(value)
    text = _FOUND.sub(lambda m: _HOLDERS[m.group(0).lower()] if m.start() in held else m.group(0), value)
    return _escape(transform(text)).translate(_BACK_TABLE)


def _balanced(value: str) -> set[int]:
    """Start offsets of the tags of ``value`` that open and close in pairs."""
    stack: list[tuple[str, int]] = []
    kept: set[int] = set()
    for match in _FOUND.finditer(value):
        tag = match.group(0).lower()
        if not tag.startswith("</"):
            stack.append((tag, match.start()))
            continue
        for depth in range(len(stack) - 1, -1, -1):
            opener = stack[depth][0]
            if _closes(opener, tag):
                kept.update((stack[depth][1], match.start()))
                del stack[depth:]
                break
    return kept


def _closes(opener: str, closer: str) -> bool:
    if opener.startswith("<span"):
        return closer == "</span>"
    return closer == "</" + opener[1:]


# tag -> (decoration, the span that undoes it)
_DECORATIONS = {
    "<i>": ("italic", '<span style="font-style:normal;">'),
    "<b>": ("bold", '<span style="font-weight:normal;">'),
    _SMALL_CAPS: ("small-caps", '<span style="font-variant:normal;">'),
}
_TAG = re.compile(r"(<[^>]+>)")


_NORMAL_MARKS = {"font-style": "\ue018", "font-weight": "\ue019", "font-variant": "\ue01a"}
_NORMAL_END = "\ue01b"
_NORMAL_TAGS = str.maketrans(
    {
        "\ue018": '<span class="normal-italic">',
        "\ue019": '<span class="normal-bold">',
        "\ue01a": '<span class="normal-small-caps">',
        _NORMAL_END: "</span>",
    }
)


def undecorated(element: Any, text: Any) -> Any:
    """``text`` of an element that sets font-style, font-weight or font-variant to "normal",
    marked so that :func:`flip_flop` undoes that decoration where an enclosing element set it
    (citeproc-js); elsewhere the marks vanish."""
    if text is None or not text:
        return text
    state = render_state()
    if not state.html or state.sort_mode:
        return text
    for attribute, mark in _NORMAL_MARKS.items():
        if element.get(attribute) == "normal":
            text = String(mark) + text + String(_NORMAL_END)
    return text


def flip_flop(html: str) -> str:
    """Nested decorations flipped as citeproc-js flips them, ``nodecor`` spans resolved.

    >>> flip_flop("<i>One <i>Two <i>Three</i></i></i>")
    '<i>One <span style="font-style:normal;">Two <i>Three</i></span></i>'
    >>> flip_flop('<i>Lessard <span class="nodecor">v.</span> Schmidt</i> <span class="nodecor">x</span>')
    '<i>Lessard <span style="font-style:normal;">v.</span> Schmidt</i> x'
    """
    if _NORMAL_END in html:
        html = html.translate(_NORMAL_TAGS)
    if "nodecor" not in html and "normal-" not in html and all(html.count(tag) < 2 for tag in _DECORATIONS):
        return html
    active = {name: False for name, _span in _DECORATIONS.values()}
    stack: list[tuple[str, dict[str, bool]]] = []  # what closes each open tag, decorations before it
    out: list[str] = []
    for token in _TAG.split(html):
        if not token.startswith("<") or token.endswith("/>"):
            out.append(token)
        elif token.startswith("</"):
            if stack:
                close, before = stack.pop()
                out.append(close)
                active.update(before)
            else:
                out.append(token)
        elif token in _DECORATIONS:
            name, normal = _DECORATIONS[token]
            stack.append(
                ("</span>" if active[name] else f"</{token[1:].split()[0].rstrip('>')}>", dict(active))
            )
            out.append(normal if active[name] else token)
            active[name] = not active[name]
        elif token.startswith('<span class="normal-'):  # an element's font-style="normal" (etc.)
            name = token[len('<span class="normal-') : -2]
            stack.append(("</span>" if active[name] else "", dict(active)))
            out.append(
                next(normal for n, normal in _DECORATIONS.values() if n == name) if active[name] else ""
            )
            active[name] = False
        elif token == '<span class="nodecor">':
            undone = [normal for name, normal in _DECORATIONS.values() if active[name]]
            stack.append(("</span>" * len(undone), dict(active)))
            out.append("".join(undone))
            active = dict.fromkeys(active, False)
        else:
            stack.append((f"</{token[1:].split()[0].rstrip('>')}>", dict(active)))
            out.append(token)
    return "".join(out)
