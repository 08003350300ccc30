"""Text from servers (and from the lists being checked) made harmless to show.

A reason phrase, a header or a URL can carry terminal escape sequences (set the window title,
clear the screen), bidirectional overrides that reorder what is shown, or cells that a spreadsheet
runs as a formula. :func:`printable` shows every such character as a visible escape instead;
:func:`spreadsheet_safe` keeps a CSV cell from being read as a formula; :func:`json_escaped` makes
the same characters JSON escapes (the data unchanged).

    >>> printable("Not Found\\x1b]0;owned\\x07")
    'Not Found\\\\x1b]0;owned\\\\x07'
    >>> spreadsheet_safe("=HYPERLINK(1)"), spreadsheet_safe("https://example.org/")
    ("'=HYPERLINK(1)", 'https://example.org/')
"""

from __future__ import annotations

import re

__all__ = ["json_escaped", "printable", "spreadsheet_safe"]

_BEYOND_C0 = (
    "\x7f-\x9f"  # DEL and C1 controls (CSI ...)
    "\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff"  # bidi marks and overrides, invisible marks
    "\ud800-\udfff"  # lone surrogates (from JSON): no file or terminal can take them
)
_HIDDEN = re.compile(f"[\x00-\x1f{_BEYOND_C0}]")  # and C0 controls (ESC, BEL ...)
_JSON_RAW = re.compile(f"[{_BEYOND_C0}]")  # json.dumps escapes C0 in strings itself
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with each control, invisible or direction-changing character written as an escape
    (``\\x1b``, ``\\u202e``): what it is can be read, it does nothing."""
    return _HIDDEN.sub(_escape, text)


def json_escaped(document: str) -> str:
    """JSON text with the characters :func:`printable` escapes written as ``\\uXXXX`` escapes:
    the same data once parsed, nothing hidden or active when the file is shown."""
    return _JSON_RAW.sub(lambda match: f"\\u{ord(match.group(0)):04x}", document)


def spreadsheet_safe(cell: str) -> str:
    """A CSV cell that spreadsheets show as text: one that begins like a formula gets a leading ``'``."""
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell
