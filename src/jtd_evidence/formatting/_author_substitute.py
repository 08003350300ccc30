"""subsequent-author-substitute: a bibliography entry whose author repeats the entry before's
shows a placeholder ("———") instead, as citeproc-js decides it.

The names compared are those of the entry's first cs:names element (or the variable its
cs:substitute rendered instead, e.g. a title), when nothing was printed before them; each
name is the text of its parts run together. The rule says what is replaced:

* ``complete-all`` (default): all the names, by one placeholder, when they all match (a label
  such as "ed." stays);
* ``complete-each``: every name, each by the placeholder, when they all match;
* ``partial-each``: each name from the first that matches the name in the same place before;
* ``partial-first``: the first name, when it matches.

An entry is rendered once to learn its names (:class:`AuthorSubstitute` with ``replace`` None)
and, when they match, again with the names to replace. The first cs:names is marked in the
rendered text with :data:`START`, which :func:`finish_entry` removes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["START", "AuthorSubstitute", "finish_entry", "name_key", "names_replaced"]

START = "\ue030"
_TAG = re.compile(r"<[^>]*>")
_PRINTED = re.compile(r"\w")
NAME_PARTS = ("non-dropping-particle", "family", "given", "dropping-particle", "suffix", "literal")
"""citeproc-js's order of a name's parts when it compares names."""

ALL = -1
"""``replace`` value: the whole name list by one placeholder (complete-all)."""


@dataclass
class AuthorSubstitute:
    """The subsequent-author-substitute state of one bibliography entry's render."""

    text: str
    """The placeholder."""
    rule: str = "complete-all"
    replace: int | None = None
    """Names to replace in this render: None none, :data:`ALL` the whole list, n the first n
    names (each by the placeholder)."""
    active: bool = False
    """The first cs:names of the entry is rendering now."""
    done: bool = False
    """The first cs:names of the entry has rendered."""
    key: list[str] | None = None
    """The names (or the substituted variable's text) of the first cs:names."""


def name_key(person: Mapping[str, Any]) -> str:
    """A name as citeproc-js compares names here: its parts' text run together.

    >>> name_key({"family": "Doe", "given": "John", "suffix": "Jr."})
    'DoeJohnJr.'
    """
    return "".join(str(person[part]) for part in NAME_PARTS if person.get(part))


def names_replaced(rule: str, before: Sequence[str] | None, now: Sequence[str]) -> int | None:
    """How many of the names ``now`` to replace after an entry whose names were ``before``
    (None: none; :data:`ALL`: the whole list by one placeholder).

    >>> names_replaced("complete-all", ["Doe"], ["Doe"]), names_replaced("partial-each", ["A", "B"], ["A", "C"])
    (-1, 1)
    """
    if not before or not now:
        return None
    if rule in ("partial-each", "partial-first"):
        count = 0
        for a, b in zip(before, now, strict=False):
            if a != b:
                break
            count += 1
        if rule == "partial-first":
            count = min(count, 1)
        return count or None
    if ",".join(before) != ",".join(now):
        return None
    return len(now) if rule == "complete-each" else ALL


def finish_entry(html: str) -> tuple[str, bool]:
    """An entry without the markers, and whether its first cs:names is the first thing it prints."""
    at = html.find(START)
    if at < 0:
        return html, False
    first = not _PRINTED.search(_TAG.sub("", html[:at]))
    return html.replace(START, ""), first
