"""citeproc-py's item classes with cheaper attribute access.

A rendered element reads ``item.reference`` (and a variable of it) a few hundred times per
entry. citeproc-py's ``CitationItem.reference`` is a property that goes through the item's
citation and bibliography to the source on every read, and its ``Reference`` answers
attribute reads through two Python-level ``__getitem__`` calls. :class:`CiteItem` holds its
reference directly and :class:`FastReference` reads its fields in one call; both behave as
citeproc-py's classes otherwise (a missing variable raises ``VariableError``).
:class:`_Source` reads a field with no ``nocase`` span as citeproc-py does, without building
the string piece by piece (citeproc-py's way was a tenth of a render).

    >>> source = make_source([{"id": "k0", "type": "book", "title": "T"}])
    >>> item = CiteItem("k0", source)
    >>> str(item.reference.title), item.reference.type, item.reference is source["k0"]
    ('T', 'book', True)
    >>> type(item.reference).__name__, sorted(item.reference)
    ('FastReference', ['key', 'title', 'type'])
"""

from __future__ import annotations

import warnings
from typing import Any

from citeproc import CitationItem
from citeproc.source import Reference, VariableError
from citeproc.source.json import CiteProcJSON
from citeproc.string import MixedString, String

from jtd_evidence.formatting._dates import DATE_VARIABLES, set_seasons

__all__ = ["CiteItem", "FastReference", "make_source"]


class FastReference(Reference):
    """A Reference whose fields read in one call."""

    def __getattr__(self, name: str) -> Any:
        try:
            return dict.__getitem__(self, name)
        except KeyError:
            raise VariableError from None

    def __getitem__(self, key: str) -> Any:
        try:
            return dict.__getitem__(self, key)
        except KeyError:
            raise VariableError from None


class CiteItem(CitationItem):
    """A CitationItem that holds its reference and key (citeproc-py looks them up on every read)."""

    reference = None  # replaces the base class's property; set per instance
    key = None  # read from the instance, not through __getattr__

    def __init__(self, key: str, source: Any, **args: Any) -> None:
        super().__init__(key, **args)
        object.__setattr__(self, "key", self["key"])
        object.__setattr__(self, "reference", source[self["key"]])

    def is_bad(self) -> bool:
        """Not registered in the bibliography (citeproc-py scans the list of keys every time)."""
        bibliography = self.bibliography
        keys = bibliography.keys
        known = getattr(bibliography, "_jtd_key_set", None)
        if known is None or known[0] is not keys or len(known[1]) != len(keys):
            known = (keys, set(keys))
            bibliography._jtd_key_set = known
        return self.key not in known[1]


class _Source(CiteProcJSON):
    def parse_string(self, string: Any) -> MixedString:
        """As citeproc-py: a string with no nocase span is one :class:`String` (none when empty)."""
        string = str(string)
        if self.start_tag in string.lower():
            return super().parse_string(string)
        return MixedString([String(string)] if string else [])


def make_source(items: list[dict[str, Any]]) -> CiteProcJSON:
    """citeproc-py's source for CSL-JSON items, its references as :class:`FastReference`."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        source = _Source(items)
    for reference in source.values():
        # not ``reference.__class__ = ...``: citeproc-py's __setattr__ would store it as a field
        object.__setattr__(reference, "__class__", FastReference)
    for item in items:
        if any(isinstance(item.get(name), dict) and "seasons" in item[name] for name in DATE_VARIABLES):
            set_seasons(source[str(item["id"]).lower()], item)
    return source
