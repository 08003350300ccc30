"""Unicode superscript characters as ``<sup>`` in HTML, as citeproc-js writes them.

A locale's ordinal suffixes are often superscript characters ("1ʳᵉ", "2.º"); citeproc-js's
HTML gives each as ``<sup>`` around its base character. Plain text and Markdown get the
characters back. The characters are those Unicode decomposes as ``<super>``, and four
modifier letters (:data:`_MODIFIERS`).

    >>> html = to_sup("1ʳᵉ éd., 2.º")
    >>> html
    '1<sup>r</sup><sup>e</sup> éd., 2.<sup>o</sup>'
    >>> from_sup(html)
    '1ʳᵉ éd., 2.º'
"""

from __future__ import annotations

import functools
import re
import unicodedata

__all__ = ["from_sup", "to_sup"]


_MODIFIERS = {"\u02c0": "\u0294", "\u02c1": "\u0295", "\u06e5": "\u0648", "\u06e6": "\u064a"}
"""Modifier letters citeproc-js also writes as <sup> though Unicode gives them no <super>
decomposition: ˀ ˁ (glottal stop, pharyngeal), Arabic small waw and small yeh."""


def _decomposed(char: str) -> str | None:
    """The base of ``char`` if it is a superscript (one of :data:`_MODIFIERS`, or what Unicode
    decomposes as ``<super>``), else None."""
    found = _MODIFIERS.get(char)
    if found is None and 0x80 <= ord(char) < 0x10000:
        decomposition = unicodedata.decomposition(char)
        if decomposition.startswith("<super> "):
            found = "".join(chr(int(part, 16)) for part in decomposition.split()[1:])
    return found


_TAGGED = re.compile(r"<sup>(.)</sup>")


@functools.cache
def _superscript_of() -> dict[str, str]:
    """Base character -> its superscript (built when first needed: it walks the Unicode database)."""
    bases = {chr(code): _decomposed(chr(code)) for code in range(0x80, 0x10000)}
    return {b: char for char, b in sorted(bases.items(), reverse=True) if b is not None and len(b) == 1}


_BASES: dict[str, str | None] = {}
"""Character -> its base if it is a superscript, else None; filled as :func:`to_sup` meets
characters (the whole table is built only for :func:`from_sup`)."""


def _base(char: str) -> str | None:
    if char not in _BASES:
        _BASES[char] = _decomposed(char)
    return _BASES[char]


def to_sup(html: str) -> str:
    """Each superscript character of ``html`` as ``<sup>`` around its base character."""
    if html.isascii():
        return html
    if not any(_base(char) is not None for char in set(html) if not char.isascii()):
        return html
    return "".join(
        char if char.isascii() or _base(char) is None else f"<sup>{_base(char)}</sup>" for char in html
    )


def from_sup(html: str) -> str:
    """``<sup>`` around one character that has a superscript form, as that character."""
    if "<sup>" not in html:
        return html
    superscript = _superscript_of()
    return _TAGGED.sub(lambda m: superscript.get(m.group(1), m.group(0)), html)
