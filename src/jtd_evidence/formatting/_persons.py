"""One person's name as citeproc-js shows it where citeproc-py differs: a name with a given
name only, a name in a script written family name first without a space (Chinese, Japanese,
Korean...), a suffix after a comma ("Doe, Jr.", the name's ``comma-suffix``), and which names
are inverted (for ``delimiter-precedes-last``/``-et-al="after-inverted-name"``).

Names are citeproc-py's name dicts; a changed one is a copy (of the same class).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

__all__ = ["displayed", "inverted"]

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


def displayed(person: Any, inverted: bool, short: bool = False) -> Any:
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
