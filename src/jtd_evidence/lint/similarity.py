"""Small string measures the lint rules share."""

from __future__ import annotations

from jtd_evidence import _urls
from jtd_evidence._text import fold


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Levenshtein distance, giving up (returning limit + 1) once it must exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def close_titles(a: str, b: str) -> bool:
    """Titles that are the same work written slightly differently."""
    fa, fb = fold(a), fold(b)
    if fa == fb:
        return True
    shorter = min(len(fa), len(fb))
    return shorter >= 12 and edit_distance(fa, fb, limit=max(2, shorter // 12)) <= max(2, shorter // 12)


def host(url: str | None) -> str | None:
    """The host of a URL, lower-case, without a leading 'www.'."""
    if not url:
        return None
    parts = _urls.split(url)
    name = parts.hostname if parts else None
    return name.removeprefix("www.") if name else None


def squash(text: str) -> str:
    """Letters and digits only, lower-case: 'The King's Fund' and 'The Kings Fund' agree."""
    return "".join(ch for ch in fold(text) if ch.isalnum())
