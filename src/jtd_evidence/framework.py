"""The Joining the Dots framework as data: three principles, twelve practice statements.

Each principle and statement has a stable short id (``BB``, ``BB1`` ...), its
canonical wording from the framework document, and the heading variants that the
evidence document uses. Look-ups accept an id, a name or a variant and ignore
case, punctuation and line breaks::

    >>> from jtd_evidence.framework import statement
    >>> statement("local approaches for locally evidenced context").id
    'WC2'
    >>> statement("BB4").name
    'Minoritised voices are both heard and respected'
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from jtd_evidence._text import fold
from jtd_evidence.exceptions import UnknownStatementError

__all__ = [
    "PRINCIPLES",
    "STATEMENTS",
    "STATEMENT_IDS",
    "Principle",
    "Statement",
    "find_principle",
    "find_statement",
    "normalise_heading",
    "principle",
    "statement",
    "statements_of",
]


@dataclass(frozen=True)
class Principle:
    """One of the three principles."""

    id: str
    name: str
    summary: str
    captions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Statement:
    """One of the twelve practice statements, under its principle."""

    id: str
    name: str
    principle_id: str
    variants: tuple[str, ...] = field(default=())

    @property
    def principle(self) -> Principle:
        return principle(self.principle_id)


PRINCIPLES: tuple[Principle, ...] = (
    Principle(
        "BB",
        "Bridging Boundaries",
        "Wrap deeper and broader partnerships around children, young people and families.",
    ),
    Principle(
        "LC",
        "Leading with Care",
        "Use power gently: strengths-based, relational and restorative ways of working.",
        captions=(
            "Child exploitation and extra-familial harm involves control, manipulation and coercion",
            "Focus on strengths, relationships and restorative approaches",
        ),
    ),
    Principle(
        "WC",
        "Working with Complexity, Curiosity and Uncertainty",
        "Stand back, slow down and reflect, so as to challenge quick fixes and act with purpose.",
        captions=(
            "Child exploitation and extra-familial harm moves, shifts and constantly adapts",
            "Stand back, slow down and reflect",
        ),
    ),
)

STATEMENTS: tuple[Statement, ...] = (
    Statement("BB1", "Non-traditional partners share power", "BB"),
    Statement("BB2", "Partnerships are creative in their structure and culture", "BB"),
    Statement("BB3", "Information flows freely, but with purpose", "BB"),
    Statement(
        "BB4",
        "Minoritised voices are both heard and respected",
        "BB",
        ("Minoritised voices are heard and respected",),
    ),
    Statement(
        "LC1",
        "The needs of young people and their families are central",
        "LC",
        ("The needs of young people (and their families) are central",),
    ),
    Statement("LC2", "Responses are valued from all partners, including parents and carers", "LC"),
    Statement("LC3", "Young people are not labelled or judged", "LC"),
    Statement("LC4", "Language is clear, shared and respectful", "LC"),
    Statement("WC1", "Pace is balanced with purpose", "WC"),
    Statement(
        "WC2",
        "Local approaches respond to locally evidenced context",
        "WC",
        ("Local approaches for locally evidenced context",),
    ),
    Statement("WC3", "Data is used to invite questions and conversation", "WC"),
    Statement(
        "WC4",
        "Responses focus on safety and protection",
        "WC",
        ("Responses focus on protective and safety factors",),
    ),
)


def normalise_heading(text: str) -> str:
    """Fold case, accents, punctuation and line breaks so that headings compare equal."""
    return fold(text.replace("&", " and "))


def _index(items: tuple[Principle, ...] | tuple[Statement, ...]) -> dict[str, str]:
    index: dict[str, str] = {}
    for item in items:
        names = [item.id, item.name, *getattr(item, "variants", ())]
        for name in names:
            index[normalise_heading(name)] = item.id
    return index


_STATEMENT_INDEX = _index(STATEMENTS)
_PRINCIPLE_INDEX = _index(PRINCIPLES)
_STATEMENTS_BY_ID = {s.id: s for s in STATEMENTS}
_PRINCIPLES_BY_ID = {p.id: p for p in PRINCIPLES}


def find_statement(text: str) -> Statement | None:
    """The statement named by ``text`` (id, name or variant), or None."""
    found = _STATEMENT_INDEX.get(normalise_heading(text))
    return _STATEMENTS_BY_ID[found] if found else None


def find_principle(text: str) -> Principle | None:
    """The principle named by ``text`` (id or name), or None."""
    found = _PRINCIPLE_INDEX.get(normalise_heading(text))
    return _PRINCIPLES_BY_ID[found] if found else None


def _closest(text: str, index: dict[str, str], labels: dict[str, str]) -> list[str]:
    matches = difflib.get_close_matches(normalise_heading(text), list(index), n=6, cutoff=0.4)
    ids = list(dict.fromkeys(index[m] for m in matches))[:3]
    return [f"{i} {labels[i]!r}" for i in ids]


def statement(text: str) -> Statement:
    """The statement named by ``text``; raises UnknownStatementError naming the closest ones."""
    found = find_statement(text)
    if found is None:
        labels = {s.id: s.name for s in STATEMENTS}
        raise UnknownStatementError(text, _closest(text, _STATEMENT_INDEX, labels))
    return found


def principle(text: str) -> Principle:
    """The principle named by ``text``; raises UnknownStatementError naming the closest ones."""
    found = find_principle(text)
    if found is None:
        labels = {p.id: p.name for p in PRINCIPLES}
        raise UnknownStatementError(text, _closest(text, _PRINCIPLE_INDEX, labels), "principle")
    return found


def statements_of(principle_text: str) -> tuple[Statement, ...]:
    """The four statements of a principle, in framework order."""
    wanted = principle(principle_text).id
    return tuple(s for s in STATEMENTS if s.principle_id == wanted)


STATEMENT_IDS: frozenset[str] = frozenset(_STATEMENTS_BY_ID)
