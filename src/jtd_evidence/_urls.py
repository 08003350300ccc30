"""What every part of the library means by a URL: splitting that never raises (a malformed
address, e.g. a stray ']' in the host, is just 'no URL') and the placeholders that stand where
an address is missing.

    >>> [is_placeholder(u) for u in ("#", " TODO ", "#top", "n/a", "https://example.org/")]
    [True, True, True, True, False]
"""

from __future__ import annotations

from urllib.parse import SplitResult, urlsplit

__all__ = ["PLACEHOLDERS", "host", "is_placeholder", "split"]

PLACEHOLDERS = frozenset(
    {
        "",
        "#",
        "?",
        "-",
        "about:blank",
        "url",
        "link",
        "todo",
        "tbd",
        "tba",
        "n/a",
        "na",
        "none",
        "null",
        "nil",
    }
)
"""What people write where a link's address should be (compared stripped and lower-cased)."""


def is_placeholder(url: str) -> bool:
    """True for a stand-in for a missing address: one of :data:`PLACEHOLDERS`, or a bare
    in-page anchor ('#', '#top'), which points nowhere outside the document it was copied from."""
    text = url.strip().lower()
    return text in PLACEHOLDERS or text.startswith("#")


def host(url: str | None) -> str | None:
    """The host of a URL, lower-case, without a leading 'www.' (None without one)."""
    if not url:
        return None
    parts = split(url)
    name = parts.hostname if parts else None
    return name.removeprefix("www.") if name else None


def split(url: str) -> SplitResult | None:
    """urllib's urlsplit, or None where it would raise ValueError."""
    try:
        parts = urlsplit(url)
        parts.hostname  # noqa: B018 - raises for a malformed host such as 'a.o]rg'
        return parts
    except ValueError:
        return None
