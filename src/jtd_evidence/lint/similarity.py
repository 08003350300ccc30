"""Small string measures the lint rules share."""

from __future__ import annotations

import functools

from jtd_evidence import _urls
from jtd_evidence._text import fold


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Levenshtein distance, or limit + 1 when it exceeds ``limit``. Only the cells within
    ``limit`` of the diagonal are worked out (a path leaving that band costs more than ``limit``),
    so comparing two titles costs their length times the limit, not their lengths multiplied."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    over = limit + 1
    previous = [j if j <= limit else over for j in range(len(b) + 1)]
    for i, char_a in enumerate(a, start=1):
        low, high = max(1, i - limit), min(len(b), i + limit)
        current = [over] * (len(b) + 1)
        current[0] = min(i, over)
        for j in range(low, high + 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != b[j - 1]))
        if min(current[low - 1 : high + 1]) > limit:
            return over
        previous = current
    return min(previous[-1], over)


_folded = functools.lru_cache(maxsize=2**18)(fold)  # a title is compared with many others


def close_titles(a: str, b: str) -> bool:
    """Titles that are the same work written slightly differently."""
    fa, fb = _folded(a), _folded(b)
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
