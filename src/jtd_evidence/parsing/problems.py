"""What a reader could not read: a message for people that also says, to code, which kind it is.

The readers report what they could not read as sentences (``"no year or 'n.d.' found"``), and the
command line, the corrections file and the warnings print them as they are. Code that decides on
them (take the grammar's reading where the model left the title unread, say) asks their
:class:`Unread` kind instead of matching their wording, so a message can be reworded freely.

A :class:`Problem` is a ``str``: it prints, compares, sorts, joins and is written to JSON as its
message, and a list of problems is still a ``list[str]``.

>>> problem = Problem(Unread.YEAR, "no year or 'n.d.' found")
>>> problem == "no year or 'n.d.' found", problem.kind
(True, <Unread.YEAR: 'year'>)
>>> kind_of("an initial without a full stop") is None
True
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

__all__ = ["NO_TITLE", "NO_YEAR", "Problem", "Unread", "kind_of", "kinds"]


class Unread(enum.Enum):
    """What a reader could not read."""

    TITLE = "title"
    """No title: the entry has none (its source keeps the whole text)."""
    YEAR = "year"
    """No date at all: no year and no 'n.d.'."""
    DATE_WITHOUT_YEAR = "date-without-year"
    """A date was found but holds no year (and is not 'n.d.')."""
    TEXT = "text"
    """Text that was not understood as any field."""
    FIELD = "field"
    """A field was found that the entry cannot hold (an invalid value)."""


class Problem(str):
    """A reader's message (the ``str`` itself) with its :class:`Unread` kind."""

    kind: Unread

    def __new__(cls, kind: Unread, message: str) -> Problem:
        made = super().__new__(cls, message)
        made.kind = kind
        return made

    def __reduce__(self) -> tuple[type[Problem], tuple[Unread, str]]:
        # readings cross to and from the worker processes of a batch: keep the kind on the way
        return Problem, (self.kind, str(self))


NO_YEAR = Problem(Unread.YEAR, "no year or 'n.d.' found")
"""Both readers' problem for a reference with no date at all (a str, so one object serves every reading)."""

NO_TITLE = Problem(Unread.TITLE, "no title found: the entry has none; add it by hand if the work has one")
"""Both readers' problem for a reference where no title was read: the entry is left without one
(its ``source`` keeps the whole text), never given the text or a container as its title."""


def kind_of(message: str) -> Unread | None:
    """The kind of ``message`` where it is a :class:`Problem` (None for a plain note)."""
    return message.kind if isinstance(message, Problem) else None


def kinds(messages: Iterable[str]) -> set[Unread]:
    """The kinds of the problems among ``messages`` (plain notes have none)."""
    return {message.kind for message in messages if isinstance(message, Problem)}
