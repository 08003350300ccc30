"""Given names added to names by a global ``givenname-disambiguation-rule`` (all-names,
all-names-with-initials, primary-name, primary-name-with-initials), as citeproc-js adds them.

A name is ambiguous when another name of the bibliography (or, with a "primary-name" rule, another
first name) has the same family name but a different given name. It then shows its initials
when the name element initialises given names and the initials tell it apart; otherwise its whole
given name. A "with-initials" rule never goes beyond initials, and gives them (". " when the style
sets none) to every person of a family name that initials tell apart.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

__all__ = ["Person", "global_givens", "initials_of"]

Person = tuple[str, str]
"""(family, given) as rendered names are matched."""


def initials_of(given: str) -> str:
    """ "Mary-Kate" "MK", "Jenny J." "JJ"."""
    return "".join(part[0] for part in re.split(r"[\s.\-]+", given) if part)


def global_givens(references: Iterable[Any], rule: str, initialize: bool) -> tuple[set[Person], set[Person]]:
    """People to show with initials (or more), and those of them to show with the whole given name.

    ``initialize``: the citation's names are initialised (``initialize-with``).

        >>> refs = [{"author": [{"family": "Cold", "given": g}]} for g in ("Crispin", "Odeous")]
        >>> refs.append({"author": [{"family": "Bron", "given": g} for g in ("Bosworth", "Beau")]})
        >>> initials, whole = global_givens(refs, "all-names", initialize=True)
        >>> sorted(initials), sorted(whole)
        ([('Bron', 'Beau'), ('Bron', 'Bosworth'), ('Cold', 'Crispin'), ('Cold', 'Odeous')], [('Bron', 'Beau'), ('Bron', 'Bosworth')])
    """
    primary_only = rule.startswith("primary-name")
    with_initials = rule.endswith("with-initials")
    by_family: dict[str, dict[str, set[Person]]] = {}  # family name shown -> given name -> people
    for reference in references:
        people = reference.get("author") or reference.get("editor") or []
        for person in people[:1] if primary_only else people:
            family, given = person.get("family"), person.get("given")
            if family and given:
                # a non-dropping particle is part of the short name: "dos Santos" is not "Santos"
                shown = " ".join(str(part) for part in (person.get("non-dropping-particle"), family) if part)
                same = " ".join(str(given).replace(".", " ").split())  # "J.J." is "J. J."
                by_family.setdefault(shown, {}).setdefault(same, set()).add((str(family), str(given)))
    initials_for: set[Person] = set()
    whole_for: set[Person] = set()
    for givens in by_family.values():
        counts = Counter(initials_of(given) for given in givens)
        everyone = set().union(*givens.values())
        if with_initials:
            if len(counts) > 1:
                initials_for |= everyone
            continue
        if len(givens) < 2:
            continue
        initials_for |= everyone
        for given, people in givens.items():
            if not initialize or counts[initials_of(given)] > 1:
                whole_for |= people
    return initials_for, whole_for
