"""People and organisations to and from BibTeX name lists (``author``, ``editor``).

Splitting follows BibTeX's rules through bibtexparser (``and`` between names; ``von Last,
Jr, First``). An organisation is one braced name, ``{Ofsted}``; ``and others`` marks et al.

    >>> from jtd_evidence.models import Person
    >>> format_names([Person(family="Berg", particle="van der", given="A."),
    ...               Person(literal="Ofsted")], et_al=True)
    'van der Berg, A. and {Ofsted} and others'
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from bibtexparser.middlewares.names import (
    InvalidNameError,
    NameParts,
    parse_single_name_into_parts,
    split_multiple_persons_names,
)
from pydantic import ValidationError

from jtd_evidence.exceptions import NameWriteError
from jtd_evidence.models import Person
from jtd_evidence.store.latex import decode, encode

__all__ = ["format_names", "format_person", "name_parts", "normalise_person", "parse_names", "parse_person"]

_ET_AL = NameParts(last=["others"])
_BRACE = re.compile(r"(?<!\\)[{}]")
# Which parts to protect with braces, tried in turn until the name reads back unchanged.
_BRACINGS: tuple[frozenset[str], ...] = (
    frozenset(),
    frozenset({"last"}),
    frozenset({"first", "jr"}),
    frozenset({"last", "first", "jr"}),
)


def _is_group(word: str) -> bool:
    """Whether ``word`` is one brace group, e.g. ``{Ofsted}`` but not ``{\\'E}mile``."""
    if not word.startswith("{"):
        return False
    depth = 0
    for match in _BRACE.finditer(word):
        depth += 1 if match.group() == "{" else -1
        if depth == 0:
            return match.end() == len(word)
    return False


def parse_person(parts: NameParts) -> Person:
    """A Person from bibtexparser's name parts; one braced word is an organisation.

    Raises pydantic's ValidationError for a name without a family name.
    """
    if not (parts.first or parts.von or parts.jr) and len(parts.last) == 1 and _is_group(parts.last[0]):
        return Person(literal=decode(parts.last[0]))

    def text(words: list[str]) -> str | None:
        return decode(" ".join(words)) or None

    return Person(
        family=text(parts.last),
        given=text(parts.first),
        particle=text(parts.von),
        suffix=text(parts.jr),
    )


@functools.lru_cache(maxsize=8192)
def name_parts(name: str) -> NameParts:
    """BibTeX's parts of one name (``von Last, Jr, First``), remembered: the same people recur
    throughout a .bib. The parts are shared, never change them. Raises InvalidNameError."""
    return parse_single_name_into_parts(name)


@functools.lru_cache(maxsize=8192)
def _person(name: str) -> Person:
    return parse_person(name_parts(name))


def parse_names(names: Iterable[str]) -> tuple[list[Person], bool]:
    """People from a name list split at ``and`` (``["Berg, A.", "{Ofsted}", "others"]``), and
    whether it ended in ``and others``."""
    names = list(names)
    et_al = bool(names) and name_parts(names[-1]) == _ET_AL
    return [_person(name) for name in (names[:-1] if et_al else names)], et_al


def normalise_person(person: Person) -> Person:
    """The same person with empty name parts as None (BibTeX cannot tell them apart)."""
    empty = {name: None for name in ("given", "particle", "suffix") if getattr(person, name) == ""}
    return person.model_copy(update=empty) if empty else person


def _reads_back(text: str) -> Person | None:
    """The person that ``text`` reads back as, also between other names; None if it cannot."""
    if split_multiple_persons_names(f"X and {text} and X") != ["X", text, "X"]:
        return None
    try:
        parts = parse_single_name_into_parts(text)
        return None if parts == _ET_AL else parse_person(parts)
    except (InvalidNameError, ValidationError):
        return None


@functools.lru_cache(maxsize=8192)  # the same people recur throughout a .bib
def format_person(person: Person) -> str:
    """One name as BibTeX writes it ("van der Berg, Jr, A."), braced only where needed.

    Raises NameWriteError for a name that BibTeX cannot store faithfully.
    """
    person = normalise_person(person)
    if person.literal is not None:
        return "{" + encode(person.literal, group_commands=True) + "}"
    raw = {
        "von": encode(person.particle or "", group_commands=True),
        "last": encode(str(person.family), group_commands=True),
        "jr": encode(person.suffix or "", group_commands=True),
        "first": encode(person.given or "", group_commands=True),
    }
    for braced in _BRACINGS:
        words = {part: f"{{{text}}}" if part in braced and text else text for part, text in raw.items()}
        for filler in ("", "{}"):
            first = words["first"] if person.given else filler
            if person.given is None and person.suffix and not first:
                continue
            parts = NameParts(
                first=[first] if first else [],
                von=[words["von"]] if words["von"] else [],
                last=[words["last"]],
                jr=[words["jr"]] if words["jr"] else [],
            )
            text = parts.merge_last_name_first
            if _reads_back(text) == person:
                return text
    hint = " (a particle must start with a lower-case letter)" if person.particle else ""
    raise NameWriteError(
        f"the name {person.display()!r} cannot be written so that BibTeX reads it back{hint}"
    )


def format_names(people: Iterable[Person], et_al: bool = False) -> str:
    """A BibTeX name list: names joined with `` and ``, then ``and others`` for et al."""
    names = [format_person(person) for person in people]
    if et_al:
        names.append("others")
    return " and ".join(names)
