"""Citation keys: ``family + year + title word``, unique, stable as the bibliography grows.

>>> from jtd_evidence.models import Entry, Person
>>> base_key(Entry(title="The Power of Care", year=2021,
...                authors=(Person(family="D'Arcy", given="K."),)))
'darcy2021power'
>>> base_key(Entry(title="Annual Report", authors=(Person(literal="Ofsted"),)))
'ofstedndannual'
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import overload

from jtd_evidence import _urls
from jtd_evidence._text import strip_accents
from jtd_evidence.exceptions import CitationKeyError
from jtd_evidence.identity import blocks, normal_url, same_authors, same_work
from jtd_evidence.models import Entry

__all__ = ["STOP_WORDS", "assign_keys", "base_key", "key_letters", "title_words"]

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


def key_letters(text: str) -> str:
    """The letters and digits a citation key is made of, lower-case ASCII only: "D'Arcy" -> "darcy",
    "Ángel" -> "angel" (unlike :func:`jtd_evidence._text.fold`, which keeps words apart for comparing text)."""
    return _NOT_ALNUM.sub("", strip_accents(text.translate(_TRANSLITERATE)).lower())


def _words(text: str) -> list[str]:
    return [w for w in map(_word_letters, _WORD_BREAK.split(text)) if w]


_word_letters = functools.lru_cache(maxsize=1 << 14)(key_letters)
""":func:`key_letters` of one word, worked out once per distinct word (titles share most of theirs)."""


def title_words(text: str) -> list[str]:
    """The significant words of a title (or name), folded; stop words and numbers dropped.

    Falls back to every word when nothing else is left ("What is it?" -> what, is, it).
    """
    words = _words(text)
    significant = [w for w in words if w not in STOP_WORDS and not w.isdigit()]
    return significant or words


def _name_and_title_words(entry: Entry) -> tuple[str, list[str]]:
    """The name part of the key and the title words that may follow the year. An entry without
    a title is named by its container or its publisher instead, and with no author either, by its
    address's host (``nspcc2021``, not ``nd`` alone)."""
    words = title_words(entry.title or entry.container_title or entry.publisher or "")
    if entry.authors:
        first = entry.authors[0]
        name = "".join(title_words(first.literal)[:2]) if first.literal else key_letters(str(first.family))
        if name:
            return name, words
    words = words or title_words(_host(entry.url))
    return (words[0], words[1:]) if words else ("", [])


_SECOND_LEVEL = frozenset(
    {"ac", "co", "com", "edu", "gov", "ltd", "net", "nhs", "org", "plc", "police", "sch"}
)
"""Labels that stand before a country's (``nspcc.org.uk``, ``leeds.ac.uk``): not a site's name."""


def _host(url: str | None) -> str:
    """The name in a web address's host (``https://www.nspcc.org.uk/x`` -> ``nspcc``), or ''."""
    labels = [label for label in (_urls.host(url) or "").split(".") if label]
    del labels[-1:]  # the top level: uk, com, org
    while len(labels) > 1 and labels[-1] in _SECOND_LEVEL:
        del labels[-1]
    return labels[-1] if labels else ""


def base_key(entry: Entry) -> str:
    """``family + year (or nd) + first significant title word``, before any collision suffix."""
    name, words = _name_and_title_words(entry)
    return _key(entry, name, words[:1])


def _key(entry: Entry, name: str, words: Sequence[str]) -> str:
    year = str(entry.year) if entry.year is not None else "nd"
    return name + year + "".join(words)


class _Candidates(Sequence[str]):
    """Keys to try in turn: the base key, then one more title word at a time. Each is built when
    asked for: building them all at once took time and memory quadratic in the title's length
    (a pasted 10 MB line ran out of memory)."""

    def __init__(self, entry: Entry) -> None:
        self.entry = entry
        self.name, self.words = _name_and_title_words(entry)

    def __len__(self) -> int:
        return max(len(self.words), 1)

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...
    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return _key(self.entry, self.name, self.words[: index + 1])


def _candidates(entry: Entry) -> Sequence[str]:
    """Keys to try in turn: the base key, then one more title word at a time."""
    return _Candidates(entry)


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


def _canonical(entry: Entry) -> str:
    """An order for entries that depends only on their content."""
    return entry.model_copy(update={"key": None}).model_dump_json()


def _exact(entry: Entry) -> tuple[str, ...]:
    """What a reading of a work says about it, field for field (its source text aside)."""
    people = "|".join(
        key_letters(p.full_family) + "," + key_letters(p.given or "") for p in entry.authors or entry.editors
    )
    return (people, str(entry.year), key_letters(entry.title or ""), entry.type.value)


def _title_year(entry: Entry) -> list[tuple[str, ...]]:
    """The look-up key of the levels that match by title and year (none without a title)."""
    return [("title-year", key_letters(entry.title), str(entry.year))] if entry.title else []


def _same_title_year(old: Entry, new: Entry) -> bool:
    """The same title letters and year (:func:`_title_year`); never for two entries without a title."""
    found = _title_year(old)
    return bool(found) and found == _title_year(new)


def _titled(old: Entry, new: Entry) -> bool:
    """Whether both have a title: two entries without one are never matched by it."""
    return bool(old.title and new.title)


# How sure a match between a previous entry and a new one is, surest first. A previous key
# goes to the new entry it matches at the surest level; keys are handed out level by level,
# so a key can never go to a look-alike while the work it names is still there.
_LEVELS: tuple[Callable[[Entry, Entry], bool], ...] = (
    lambda old, new: old.source is not None and old.source == new.source,
    lambda old, new: bool(old.doi and new.doi) and str(old.doi).lower() == str(new.doi).lower(),
    lambda old, new: _titled(old, new) and _exact(old) == _exact(new),
    lambda old, new: _same_title_year(old, new) and same_authors(old, new),
    same_work,
    _same_title_year,
    lambda old, new: bool(old.url) and normal_url(old.url) == normal_url(new.url) and old.year == new.year,
)


def _claim_previous(
    entries: Sequence[Entry], todo: list[int], previous: Iterable[Entry], taken: set[str]
) -> dict[int, str]:
    """Old keys for new entries that are the same work as a previous one (see ``_LEVELS``)."""
    olds = sorted(
        (p for p in previous if p.key and str(p.key).lower() not in taken), key=lambda p: str(p.key)
    )
    if not olds:  # nothing to claim (a pasted list keyed afresh): no look-up table to build
        return {}
    by_block: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for index in todo:
        for block in (*blocks(entries[index]), *_title_year(entries[index])):
            by_block[block].append(index)
    candidates: dict[str, list[int]] = {}
    for old in olds:
        near = {i for b in (*blocks(old), *_title_year(old)) for i in by_block.get(b, ())}
        candidates[str(old.key)] = sorted(near, key=lambda i: _canonical(entries[i]))
    claimed: dict[int, str] = {}
    for level in _LEVELS:
        for old in olds:
            key = str(old.key)
            if key.lower() in taken:
                continue
            match = next((i for i in candidates[key] if i not in claimed and level(old, entries[i])), None)
            if match is not None:
                claimed[match] = key
                taken.add(key.lower())
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


def assign_keys(
    entries: Iterable[Entry], previous: Iterable[Entry] = (), reserved: Iterable[str] = ()
) -> list[Entry]:
    """The entries, in the same order, each with a unique citation key.

    An entry that already has a key keeps it. An entry that is the same work as one in
    ``previous`` (an already-keyed bibliography) gets that entry's key back, the surest match
    first (same source text, DOI, fields, then look-alikes), so keys never change when
    entries are added and never pass to a look-alike of the work they name. Keys in
    ``reserved`` (retired keys of works that are gone) are given to no entry. Keys of ``previous``
    are never handed to other works. Colliding new keys get more title words, and only
    then a letter; the result does not depend on the order of ``entries``.
    """
    entries = list(entries)
    previous = list(previous)
    keys: dict[int, str] = {}
    taken: set[str] = {key.lower() for key in reserved}
    for index, entry in enumerate(entries):
        if entry.key:
            if entry.key.lower() in taken:
                raise CitationKeyError(
                    f"two entries have the key {entry.key!r}: give one of them another key"
                )
            keys[index] = entry.key
            taken.add(entry.key.lower())
    todo = [i for i in range(len(entries)) if i not in keys]
    keys |= _claim_previous(entries, todo, previous, taken)
    taken |= {str(p.key).lower() for p in previous if p.key}
    keys |= _generate(entries, [i for i in todo if i not in keys], taken)
    return [
        entry if entry.key else entry.model_copy(update={"key": keys[i]}) for i, entry in enumerate(entries)
    ]
