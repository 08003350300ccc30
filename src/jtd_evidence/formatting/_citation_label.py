"""The ``citation-label`` variable: an item's own label, or a trigraph made as citeproc-js makes it.

A trigraph is letters of the first names' family names and the last digits of the year,
shaped by a pattern per number of names (citeproc-js's default "Aaaa00:AaAa00:AaAA00:AAAA00":
one name gives four letters, two names two letters each, three names 2-1-1, four or more
one letter each of the first four); "A" starts a name, "a" adds a letter to it, "0" a year digit.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["TRIGRAPH", "citation_label", "trigraph_shapes"]

TRIGRAPH = "Aaaa00:AaAa00:AaAA00:AAAA00"
"""citeproc-js's default trigraph pattern."""

NAME_ROLES = (
    "author",
    "chair",
    "collection_editor",
    "compiler",
    "composer",
    "container_author",
    "contributor",
    "curator",
    "director",
    "editor",
    "editor_translator",
    "editorial_director",
    "executive_producer",
    "guest",
    "host",
    "illustrator",
    "interviewer",
    "narrator",
    "organizer",
    "original_author",
    "performer",
    "producer",
    "recipient",
    "reviewed_author",
    "script_writer",
    "series_creator",
    "translator",
)
"""Name variables in the order citeproc-js looks for the first one an item has."""

_LOWER_PARTICLES = re.compile(r"^[ '\u2019a-z]+\s+")
_ARTICLE = re.compile(r"^(?:a|the|an)\s+", re.IGNORECASE)
_NOT_ROMANESQUE = re.compile(
    "[^a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0370-\u03ff\u0400-\u052f\u0590-\u05d4\u05d6-\u05ff"
    "\u1f00-\u1fff\u0600-\u06ff\u200c\u200d\u200e\u0218\u0219\u021a\u021b\u202a-\u202e]"
)


def trigraph_shapes(pattern: str = TRIGRAPH) -> list[tuple[list[int], int]]:
    """(letters per name, year digits) for one name, two names...

    >>> trigraph_shapes()
    [([4], 2), ([2, 2], 2), ([2, 1, 1], 2), ([1, 1, 1, 1], 2)]
    """
    shapes = []
    for part in pattern.split(":"):
        letters: list[int] = []
        for ch in part:
            if ch == "A":
                letters.append(1)
            elif ch == "a" and letters:
                letters[-1] += 1
        shapes.append((letters, part.count("0")))
    return shapes


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:].lower()


def _family(person: Mapping[str, Any]) -> str:
    family = person.get("family")
    if family:
        return _LOWER_PARTICLES.sub("", str(family))
    return str(person.get("literal") or "")


def citation_label(reference: Mapping[str, Any]) -> str:
    """The item's ``citation-label`` field, else its trigraph (without year suffix).

    >>> citation_label({"author": [{"family": "Bronchitis"}, {"family": "Cholera"}], "issued": {"date-parts": [[1998]]}})
    'BrCh98'
    >>> citation_label({"author": [{"family": "von Dipheria"}] + [{"family": f} for f in "EFGH"]})
    'DEFG00'
    """
    given = reference.get("citation_label") or reference.get("citation-label")
    if given:
        return str(given)
    shapes = trigraph_shapes()
    letters, digits = shapes[0]
    label = ""
    for role in NAME_ROLES:
        names: Sequence[Mapping[str, Any]] = reference.get(role) or ()
        if not names:
            continue
        letters, digits = shapes[min(len(names), len(shapes)) - 1]
        for person, count in zip(names, letters, strict=False):
            name = _NOT_ROMANESQUE.sub("", _ARTICLE.sub("", _family(person)))
            if not name:
                break
            label += _capitalised(name[:count])
        break
    if not label and reference.get("title"):
        label = _capitalised("".join(str(reference["title"]).split())[: shapes[0][0][0]])
    return label + _year(reference)[-digits:]


def _year(reference: Mapping[str, Any]) -> str:
    issued = reference.get("issued")
    year: Any = None
    if isinstance(issued, Mapping):
        issued = issued.get("begin") or issued
        parts = issued.get("date-parts") or issued.get("date_parts")
        year = parts[0][0] if parts and parts[0] else issued.get("year")
    else:
        year = getattr(issued, "year", None) if issued is not None else None
    return str(year) if year not in (None, "") else "0000"
