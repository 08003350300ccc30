r"""Rendered HTML to plain text and Markdown.

The engine renders HTML once; other formats are derived from it so that one rendering
serves every output.

    >>> to_text('Hill, N. (2021). <i>Hearing &amp; listening</i>. <a href="https://x.org/a?b=1&amp;c=2">https://x.org/a?b=1&amp;c=2</a>')
    'Hill, N. (2021). Hearing & listening. https://x.org/a?b=1&c=2'
    >>> print(to_markdown('Hill, N. (2021). <i>Hearing_listening*</i>. <a href="https://x.org/a">https://x.org/a</a>'))
    Hill, N. (2021). *Hearing\_listening\**. <https://x.org/a>
"""

from __future__ import annotations

import html
import re

from jtd_evidence.formatting._display import plain_display
from jtd_evidence.formatting._superscript import from_sup

__all__ = ["to_markdown", "to_text", "unlink"]

_TAG = re.compile(r"<[^>]+>")
_LINK = re.compile(r'<a href="([^"]*)">(.*?)</a>', re.S)
_MD_SPECIAL = re.compile(r"([\\`*_\[\]#<>|])")


def unlink(rendered: str) -> str:
    """The anchors around URLs and DOIs dropped, their text kept (citeproc-js's and Zotero's
    default HTML): ``<a href="https://x.org">https://x.org</a>`` becomes ``https://x.org``."""
    return _LINK.sub(r"\2", rendered) if "<a href=" in rendered else rendered


def to_text(rendered: str) -> str:
    """Plain text: tags dropped, entities decoded."""
    return html.unescape(_TAG.sub("", from_sup(plain_display(rendered))))


def to_markdown(rendered: str) -> str:
    """Markdown: italics as *...*, bold as **...**, links kept, Markdown characters escaped."""
    pieces: list[str] = []
    position = 0
    rendered = from_sup(plain_display(rendered))
    for match in re.finditer(r"<a href=\"([^\"]*)\">(.*?)</a>|<i>|</i>|<b>|</b>|<[^>]+>", rendered, re.S):
        pieces.append(_md_escape(html.unescape(rendered[position : match.start()])))
        token = match.group(0)
        if match.group(1) is not None:
            href = html.unescape(match.group(1))
            shown = html.unescape(_TAG.sub("", match.group(2)))
            pieces.append(f"<{href}>" if shown == href else f"[{_md_escape(shown)}]({href})")
        elif token in ("<i>", "</i>"):
            pieces.append("*")
        elif token in ("<b>", "</b>"):
            pieces.append("**")
        position = match.end()
    pieces.append(_md_escape(html.unescape(rendered[position:])))
    return "".join(pieces)


def _md_escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)
