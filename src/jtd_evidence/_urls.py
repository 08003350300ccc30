"""URL splitting that never raises: a malformed address (e.g. a stray ']' in the host) is just 'no URL'."""

from __future__ import annotations

from urllib.parse import SplitResult, urlsplit


def split(url: str) -> SplitResult | None:
    """urllib's urlsplit, or None where it would raise ValueError."""
    try:
        parts = urlsplit(url)
        parts.hostname  # noqa: B018 - raises for a malformed host such as 'a.o]rg'
        return parts
    except ValueError:
        return None
