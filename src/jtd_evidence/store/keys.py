"""Citation keys: ``family + year + title word``, unique, stable as the bibliography grows.

>>> from jtd_evidence.models import Entry, Person
>>> base_key(Entry(title="The Power of Care", year=2021,
...                authors=(Person(family="D'Arcy", given="K."),)))
'darcy2021power'
>>> base_key(Entry(title="Annual Report", authors=(Person(literal="Ofsted"),)))
'ofstedndannual'
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence

from jtd_evidence._text import strip_accents
from jtd_evidence.exceptions import JTDError
from jtd_evidence.models import Entry

__all__ = ["STOP_WORDS", "assign_keys", "base_key", "fold", "title_words"]

# fmt: off
STOP_WORDS = frozenset({
    "a", "an", "the", "of", "on", "in", "and", "or", "for", "to", "with", "without", "what", "is",
    "are", "was", "were", "be", "been", "at", "by", "from", "into", "onto", "as", "its", "it",
    "this", "that", "these", "those", "how", "why", "when", "where", "who", "whom", "which", "do",
    "does", "can", "not", "no", "our", "your", "their", "we", "you", "they", "about", "between",
    "through", "towards", "toward", "via", "vs", "versus", "than", "then", "there", "here", "s",
})
# fmt: on
"""Words skipped when picking title words for a key."""

# Letters that NFKD does not split into an ASCII base letter and an accent.
_TRANSLITERATE = str.maketrans(
    {"ß": "ss", "æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o", "œ": "oe", "Œ": "oe", "ł": "l", "Ł": "l"}
    | {"đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "þ": "th", "Þ": "th", "ı": "i"}
)
_WORD_BREAK = re.compile(r"[\s/\u2010-\u2015]+")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lower-case ASCII letters and digits only: "D'Arcy" -> "darcy", "Ángel" -> "angel"."""
    return _NOT_ALNUM.sub("", strip_accents(text.translate(_TRANSLITERATE)).lower())


def _words(text: str) -> list[str]:
    return [w for w in (fold(part) for part in _WORD_BREAK.split(text)) if w]


def title_words(text: str) -> list[str]:
    """The significant words of a title (or name), folded; stop words and numbers dropped.

    Falls back to every word when nothing else is left ("What is it?" -> what, is, it).
    """
    words = _words(text)
    significant = [w for w in words if w not in STOP_WORDS and not w.isdigit()]
    return significant or words


def _name_and_title_words(entry: Entry) -> tuple[str, list[str]]:
    """The name part of the key and the title words that may follow the year."""
    words = title_words(entry.title)
    if entry.authors:
        first = entry.authors[0]
        name = "".join(title_words(first.literal)[:2]) if first.literal else fold(str(first.family))
        if name:
            return name, words
    return (words[0], words[1:]) if words else ("", [])


def base_key(entry: Entry) -> str:
    """``family + year (or nd) + first significant title word``, before any collision suffix."""
    name, words = _name_and_title_words(entry)
    return _key(entry, name, words[:1])


def _key(entry: Entry, name: str, words: Sequence[str]) -> str:
    year = str(entry.year) if entry.year is not None else "nd"
    return name + year + "".join(words)


def _candidates(entry: Entry) -> list[str]:
    """Keys to try in turn: the base key, then one more title word at a time."""
    name, words = _name_and_title_words(entry)
    return [_key(entry, name, words[:n]) for n in range(1, max(len(words), 1) + 1)]


def _suffixes() -> Iterator[str]:
    """a, b, ..., z, aa, ab, ...: the last resort when titles cannot tell entries apart."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    width = 1
    while True:
        for number in range(len(letters) ** width):
            suffix = ""
            for _ in range(width):
                number, digit = divmod(number, len(letters))
                suffix = letters[digit] + suffix
            yield suffix
        width += 1


def _normal_title(entry: Entry) -> str:
    return " ".join(_words(entry.title))


def _normal_url(url: str | None) -> str | None:
    return url.rstrip("/").lower() if url else None


def _canonical(entry: Entry) -> str:
    """An order for entries that depends only on their content."""
    return entry.model_copy(update={"key": None}).model_dump_json()


def _claim_previous(
    entries: Sequence[Entry], todo: list[int], previous: Iterable[Entry], taken: set[str]
) -> dict[int, str]:
    """Old keys for new entries that match a previous one (title and year first, then URL)."""
    by_title: dict[tuple[str, int | None], list[str]] = defaultdict(list)
    by_url: dict[str, list[str]] = defaultdict(list)
    for old in sorted((p for p in previous if p.key), key=lambda p: str(p.key)):
        by_title[(_normal_title(old), old.year)].append(str(old.key))
        if url := _normal_url(old.url):
            by_url[url].append(str(old.key))
    claimed: dict[int, str] = {}
    ordered = sorted(todo, key=lambda i: _canonical(entries[i]))
    for look_up in (
        lambda e: by_title.get((_normal_title(e), e.year), []),
        lambda e: by_url.get(_normal_url(e.url) or "", []),
    ):
        for index in ordered:
            if index in claimed:
                continue
            free = [k for k in look_up(entries[index]) if k.lower() not in taken]
            if free:
                claimed[index] = free[0]
                taken.add(free[0].lower())
    return claimed


def _generate(entries: Sequence[Entry], todo: Iterable[int], taken: set[str]) -> dict[int, str]:
    """New unique keys: longer title-word keys for colliding entries, letters as a last resort."""
    candidates = {i: _candidates(entries[i]) for i in todo}
    keys: dict[int, str] = {}
    level = 0
    while candidates and level < max(len(c) for c in candidates.values()):
        groups: dict[str, list[int]] = defaultdict(list)
        for index, options in candidates.items():
            groups[options[min(level, len(options) - 1)]].append(index)
        for key, members in groups.items():
            if len(members) == 1 and key not in taken:
                keys[members[0]] = key
                taken.add(key)
                del candidates[members[0]]
        level += 1
    groups = defaultdict(list)
    for index, options in candidates.items():
        groups[options[-1]].append(index)
    for stem in sorted(groups):
        members = sorted(groups[stem], key=lambda i: _canonical(entries[i]))
        suffixes = (s for s in _suffixes() if stem + s not in taken)
        for index, suffix in zip(members, suffixes, strict=False):
            keys[index] = stem + suffix
            taken.add(stem + suffix)
    return keys


def assign_keys(entries: Iterable[Entry], previous: Iterable[Entry] = ()) -> list[Entry]:
    """The entries, in the same order, each with a unique citation key.

    An entry that already has a key keeps it. An entry matching one in ``previous`` (an
    already-keyed bibliography; same normalised title and year, or same URL) gets that
    entry's key back, so keys never change when entries are added. Keys of ``previous``
    are never handed to other works. Colliding new keys get more title words, and only
    then a letter; the result does not depend on the order of ``entries``.
    """
    entries = list(entries)
    previous = list(previous)
    keys: dict[int, str] = {}
    taken: set[str] = set()
    for index, entry in enumerate(entries):
        if entry.key:
            if entry.key.lower() in taken:
                raise JTDError(f"two entries have the key {entry.key!r}: give one of them another key")
            keys[index] = entry.key
            taken.add(entry.key.lower())
    todo = [i for i in range(len(entries)) if i not in keys]
    keys |= _claim_previous(entries, todo, previous, taken)
    taken |= {str(p.key).lower() for p in previous if p.key}
    keys |= _generate(entries, [i for i in todo if i not in keys], taken)
    return [
        entry if entry.key else entry.model_copy(update={"key": keys[i]}) for i, entry in enumerate(entries)
    ]
