"""One person's name as citeproc-js shows it where citeproc-py differs: a name with a given
name only, a name in a script written family name first without a space (Chinese, Japanese,
Korean...), a suffix after a comma ("Doe, Jr.", the name's ``comma-suffix``), and which names
are inverted (for ``delimiter-precedes-last``/``-et-al="after-inverted-name"``).

Names are citeproc-py's name dicts; a changed one is a copy (of the same class). Particles are
parsed from CSL-JSON names as citeproc-js parses them (:func:`parsed`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

__all__ = ["displayed", "inverted", "parsed"]

_ROMANESQUE = re.compile(
    "[a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0370-\u03ff\u0400-\u052f\u0590-\u05d4\u05d6-\u05ff"
    "\u1f00-\u1fff\u0600-\u06ff]"
)


def _copy(person: Any, **parts: Any) -> Any:
    clone = dict.__new__(type(person))
    dict.update(clone, person)
    for key, value in parts.items():
        if value is None:
            dict.pop(clone, key, None)
        else:
            dict.__setitem__(clone, key, value)
    return clone


def displayed(person: Any, inverted: bool, short: bool = False, demote: str = "display-and-sort") -> Any:
    """``person`` as citeproc-py should render it to match citeproc-js (itself when it already does).

    >>> displayed({"given": "Banksy"}, False), displayed({"family": "我妻", "given": "栄"}, False)
    ({'literal': 'Banksy'}, {'literal': '我妻栄'})
    >>> displayed({"family": "Doe", "given": "J", "suffix": "Jr.", "comma-suffix": True}, False)["family"]
    'Doe,'
    """
    if "literal" in person:
        return person
    family, given = person.get("family"), person.get("given")
    if given and not family:
        return _copy(person, literal=given, given=None)
    if family and given and not short and not _ROMANESQUE.search(f"{family}{given}"):
        return _copy(person, literal=type(family)(f"{family}{given}"), family=None, given=None)
    particle = person.get("non-dropping-particle")
    if (
        family
        and particle
        and str(particle).rstrip(" ")[-1:] in "'\u2019-"
        and (not inverted or demote != "display-and-sort")
    ):
        # a particle ending in an apostrophe or hyphen takes no space before the family name
        return displayed(
            _copy(person, family=type(family)(f"{particle}{family}"), **{"non-dropping-particle": None}),
            inverted,
            short,
            demote,
        )
    dropping = person.get("dropping-particle")
    if (
        family
        and dropping
        and not particle
        and str(dropping)[-1:] in "'\u2019-"
        and not inverted
        and not short
    ):
        return _copy(person, family=type(family)(f"{dropping}{family}"), **{"dropping-particle": None})
    if family and person.get("suffix") and person.get("comma-suffix") and not inverted and not short:
        return _copy(person, family=type(family)(f"{family},"))
    return person


def inverted(names: Sequence[Any], name_as_sort_order: str | None) -> list[bool]:
    """Which of the names shown are inverted ("Doe, John"): a personal name, first or any."""
    flags = []
    for index, person in enumerate(names):
        personal = "literal" not in person and bool(person.get("family"))
        flags.append(
            personal and (name_as_sort_order == "all" or (name_as_sort_order == "first" and index == 0))
        )
    return flags


_GLUED = re.compile(r"^([a-z]{1,3}['\u2019-])(?=[A-Z\u00c0-\u00de])")  # "d'Aubignac", "al-One"


def _particle_word(word: str) -> bool:
    """A word that can be a name particle: lower case ("van", "de'"), or an elided article ("'t")."""
    letters = word.lstrip("'\u2019")
    return bool(letters) and letters[0].islower()


def parsed(person: dict[str, Any]) -> dict[str, Any]:
    """A CSL-JSON name as citeproc-js reads it: a family name in double quotes loses them (and is
    never parsed). Zotero turns citeproc-js's particle parsing off, so a name is parsed only when
    it asks for it with ``"parse-names": true`` (the CSL test suite's default): leading lower-case words
    of the family name (or a particle joined to it by an apostrophe or hyphen) are its
    non-dropping particle, trailing lower-case words of the given name its dropping particle, and
    what follows a comma in the given name its suffix (after "!": a suffix set off by a comma).
    A name with particles given or a literal is left as it is.

    >>> parsed({"family": "van der Vlist", "given": "Eric", "parse-names": True})["non-dropping-particle"]
    'van der'
    >>> parsed({"family": "van der Vlist", "given": "Eric"})["family"], parsed({"family": '"Van Dyke"'})["family"]
    ('van der Vlist', 'Van Dyke')
    >>> parsed({"family": "Doe", "given": "John,! Jr.", "parse-names": True})["suffix"]
    'Jr.'
    >>> parsed({"family": "al-One", "given": "Alexander von", "parse-names": True})["dropping-particle"]
    'von'
    """
    if "literal" in person or person.get("parse-names") is False or person.get("static-ordering"):
        return person
    family = person.get("family")
    if isinstance(family, str) and len(family) > 2 and family[0] == family[-1] == '"':
        return {**person, "family": family[1:-1]}  # a family name in quotes is kept whole
    if (
        "non-dropping-particle" in person
        or "dropping-particle" in person
        or person.get("parse-names") is not True
    ):
        return person
    out = dict(person)
    family, given = person.get("family"), person.get("given")
    if isinstance(family, str):
        words = family.split(" ")
        count = 0
        while count < len(words) - 1 and _particle_word(words[count]):
            count += 1
        if count:
            out["family"] = " ".join(words[count:])
            particle = " ".join(words[:count])
            # a particle ending in an apostrophe that a space follows keeps it ("de' Frinkle")
            out["non-dropping-particle"] = particle + " " if particle.endswith(("'", "\u2019")) else particle
        elif match := _GLUED.match(family):
            out["family"] = family[match.end() :]
            out["non-dropping-particle"] = match.group(1)
    if isinstance(given, str) and "," in given and not person.get("suffix"):
        # "John, III": a suffix; "John,! Jr.": a suffix after a comma ("Doe, Jr.")
        given, suffix = (part.strip() for part in given.split(",", 1))
        if suffix.startswith("!"):
            suffix = suffix[1:].strip()
            out["comma-suffix"] = True
        out["given"] = given
        if suffix:
            out["suffix"] = suffix
    if isinstance(given, str) and family:
        words = given.split(" ")
        count = 0
        while count < len(words) - 1 and _particle_word(words[len(words) - 1 - count]):
            count += 1
        if count:
            out["given"] = " ".join(words[: len(words) - count])
            out["dropping-particle"] = " ".join(words[len(words) - count :])
    return out
