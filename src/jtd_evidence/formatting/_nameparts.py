"""Names formatted part by part by cs:name-part, as citeproc-js formats them.

citeproc-py formats the given name and the family name each as one string, particles
included. citeproc-js formats each part on its own: the family name-part's text-case and
font apply to the non-dropping particle and the family name separately (not to a dropping
particle before them), its affixes enclose everything from the dropping particle to the
suffix ("(de La Fontaine III)"); in an inverted name the particles that follow the given
name take the given name's formatting (a demoted non-dropping particle keeps the family's).
A particle ending in an apostrophe or hyphen takes no space after it ("d’Aubignac").

:func:`person_text` renders one person so; the caller hands citeproc-py the result as a
literal name with the name-part elements set aside for the call (:func:`name_parts_aside`),
so that citeproc-py's joining of names, "and", et-al and delimiters stays as it is.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

from citeproc.string import String

from jtd_evidence.formatting._state import CSL_NS

__all__ = ["NameParts", "name_parts_aside", "person_text"]

_GLUING = ("'", "\u2019", "-")


class NameParts:
    """The cs:name-part elements of a cs:name, by the part they format."""

    def __init__(self, name: Any) -> None:
        self.given: Any = None
        self.family: Any = None
        for part in name.findall(f"{{{CSL_NS}}}name-part"):
            if part.get("name") == "given":
                self.given = part
            elif part.get("name") == "family":
                self.family = part

    def __bool__(self) -> bool:
        return self.given is not None or self.family is not None


def _deco(part: Any, text: str | None) -> str | None:
    """Text-case and font of a name-part on one piece of a name."""
    if not text or part is None:
        return text
    return str(part.format(part.case(String(text))))


def _affixed(part: Any, text: str) -> str:
    if not text or part is None:
        return text
    return str(part.wrap(String(text)))


def _joined(pieces: list[tuple[str | None, str | None]]) -> str:
    """Pieces (raw text, shown text) joined by spaces, none after a raw text ending in ' ’ or -."""
    out = ""
    last = ""
    for raw, shown in pieces:
        if not raw or not shown:
            continue
        if out and not last.endswith((*_GLUING, " ")):
            out += " "
        out += shown
        last = raw
    return out


def person_text(
    person: Any,
    parts: NameParts,
    *,
    form: str,
    inverted: bool,
    demote: str,
    sort_separator: str,
    initialize: Callable[[str], str] | None,
) -> str:
    """One person's name with each part formatted by its name-part, as citeproc-js formats it."""
    family_part, given_part = parts.family, parts.given
    if "literal" in person:
        return _affixed(family_part, _deco(family_part, str(person["literal"])) or "")
    given = person.get("given")
    family = person.get("family")
    dp = person.get("dropping-particle")
    ndp = person.get("non-dropping-particle")
    suffix = person.get("suffix")
    given = str(given) if given else None
    if given and initialize is not None:
        given = initialize(given)
    if form == "short":
        return _affixed(
            family_part, _joined([(ndp, _deco(family_part, ndp)), (family, _deco(family_part, family))])
        )
    if not inverted:
        family_text = _joined(
            [(dp, dp), (ndp, _deco(family_part, ndp)), (family, _deco(family_part, family))]
        )
        if suffix:
            family_text += (", " if person.get("comma-suffix") else " ") + str(suffix)
        given_text = _affixed(given_part, _deco(given_part, given) or "")
        family_text = _affixed(family_part, family_text)
        if not given_text:
            return family_text
        if not family_text:
            return given_text
        space = "" if given_text[-1:].isspace() else " "
        return given_text + space + family_text
    if demote in ("never", "sort-only"):
        family_text = _joined([(ndp, _deco(family_part, ndp)), (family, _deco(family_part, family))])
        given_pieces = [(given, _deco(given_part, given)), (dp, _deco(given_part, dp))]
    else:
        family_text = _deco(family_part, family) or ""
        given_pieces = [
            (given, _deco(given_part, given)),
            (dp, _deco(given_part, dp)),
            (ndp, _deco(family_part, ndp)),
        ]
    out = [_affixed(family_part, family_text), _affixed(given_part, _joined(given_pieces)), str(suffix or "")]
    return sort_separator.join(piece for piece in out if piece)


@contextlib.contextmanager
def name_parts_aside(name: Any) -> Iterator[None]:
    """The cs:name without its cs:name-part children for a block (they are put back in place)."""
    removed = [(index, child) for index, child in enumerate(name) if child.tag.endswith("}name-part")]
    for _index, child in removed:
        name.remove(child)
    try:
        yield
    finally:
        for index, child in removed:
            name.insert(index, child)
