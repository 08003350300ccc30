"""Small string measures the lint rules share."""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence

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


def close_titles(a: str | None, b: str | None) -> bool:
    """Titles that are the same work written slightly differently (never where either is missing
    or has no letter or digit, as verify's title_similarity judges it: two works without
    a title are not one work)."""
    fa, fb = _folded(a or ""), _folded(b or "")
    if not fa or not fb:
        return False
    if fa == fb:
        return True
    shorter = min(len(fa), len(fb))
    return shorter >= 12 and edit_distance(fa, fb, limit=max(2, shorter // 12)) <= max(2, shorter // 12)


def squash(text: str) -> str:
    """Letters and digits only, lower-case: 'The King's Fund' and 'The Kings Fund' agree."""
    return "".join(ch for ch in fold(text) if ch.isalnum())


def _allowed(length: int) -> int:
    """The edits :func:`close_titles` allows between a folded title of ``length`` and a longer one."""
    return max(2, length // 12)


@functools.lru_cache(maxsize=512)
def _pieces(length: int) -> tuple[tuple[int, int], ...]:
    """Where the pieces of a folded title of ``length`` start and end: one more than its allowance."""
    count = _allowed(length) + 1
    return tuple((n * length // count, (n + 1) * length // count) for n in range(count))


def close_title_pairs(titles: Sequence[str]) -> list[tuple[int, int]]:
    """The index pairs (i < j, sorted) whose titles are :func:`close_titles`, without measuring
    every pair. Equal folded titles are found by a dict. For titles a slip apart, pigeonholes: a
    title allowed k edits is cut into k + 1 pieces, and a title at most k edits away (the
    allowance of a pair, the shorter one's, is never above either one's) keeps at least one piece
    whole, moved by at most k letters, and differs in length by at most k. So each title looks up
    only its substrings at those places, and only the pairs found so are measured.

    >>> close_title_pairs(["Youth work in England", "Youth wrok in England", "Other", "other"])
    [(0, 1), (2, 3)]
    """
    folded = [_folded(title) for title in titles]
    pairs = _equal_pairs(folded)
    index = _piece_index(folded)
    lengths = {len(text) for text in folded}
    measured: set[tuple[int, int]] = set()
    for number, text in enumerate(folded):
        for match in _sharing_a_piece(text, lengths, index):
            pair = (min(number, match), max(number, match))
            if match != number and pair not in pairs and pair not in measured:
                measured.add(pair)
                if close_titles(titles[pair[0]], titles[pair[1]]):
                    pairs.add(pair)
    return sorted(pairs)


def _equal_pairs(folded: Sequence[str]) -> set[tuple[int, int]]:
    """The index pairs of equal folded titles."""
    same: dict[str, list[int]] = {}
    for number, text in enumerate(folded):
        same.setdefault(text, []).append(number)
    return {(i, j) for members in same.values() for n, i in enumerate(members) for j in members[n + 1 :]}


def _piece_index(folded: Sequence[str]) -> dict[tuple[int, int, str], list[int]]:
    """The titles (of 12 letters or more) by (title length, piece, the piece's text)."""
    index: dict[tuple[int, int, str], list[int]] = {}
    for number, text in enumerate(folded):
        if len(text) >= 12:
            for piece, (start, end) in enumerate(_pieces(len(text))):
                index.setdefault((len(text), piece, text[start:end]), []).append(number)
    return index


def _sharing_a_piece(
    text: str, lengths: set[int], index: dict[tuple[int, int, str], list[int]]
) -> Iterator[int]:
    """The titles that have a piece whole in ``text``, moved by no more than its allowance,
    among those whose length is within it (a title may come more than once)."""
    size = len(text)
    if size < 12:
        return
    reach = _allowed(size)
    for other in range(max(12, size - reach), size + reach + 1):
        if other not in lengths:
            continue
        for piece, (start, end) in enumerate(_pieces(other)):
            width = end - start
            for at in range(max(0, start - reach), min(size - width, start + reach) + 1):
                yield from index.get((other, piece, text[at : at + width]), ())
