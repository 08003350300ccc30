"""Which fields of an item a render read, recorded as it reads them.

The macro memo (:mod:`._macromemo`) keys a macro's output by the fields the render read. A
static walk over the macro over-counts: a cs:substitute names the fields of every branch it
could take ("composer", then "author", "illustrator", "director"...), so two works by the same
author read differently to it whenever one of those fields differs. Here the render itself says
what it read: while a macro renders afresh its item's reference is a :class:`TracedReference`,
which notes every field looked up (its value) or tested (whether the item has it) in the
innermost open record (:func:`traced`); a record closed inside another adds its reads to it,
and so does a memo hit (:func:`note`), so an enclosing macro's record holds everything its
output depends on. A read of the whole reference (iteration, length, a copy) is noted as
:data:`ALL`: such a render is not remembered.

Code that answers from something it remembered on the reference (condition answers by item
shape, people sharing initials) notes the fields the answer depends on itself (:func:`note`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from jtd_evidence.formatting._source import FastReference

__all__ = ["ALL", "TracedReference", "note", "traced"]

ALL = "\0all"
"""Read name meaning "the whole reference": the render depends on more than named fields."""
_STACK = "_jtd_reads"
"""The reference's open records (innermost last), in its ``__dict__``."""


def _record(reference: Any) -> dict[str, bool]:
    record: dict[str, bool] = reference.__dict__[_STACK][-1]
    return record


class TracedReference(FastReference):
    """A reference that notes the fields read while a record is open (see :func:`traced`)."""

    def __getattr__(self, name: str) -> Any:
        _record(self)[name] = True
        return FastReference.__getattr__(self, name)

    def __getitem__(self, key: str) -> Any:
        _record(self)[key] = True
        return FastReference.__getitem__(self, key)

    def get(self, key: str, default: Any = None) -> Any:
        _record(self)[key] = True
        return dict.get(self, key, default)

    def __contains__(self, key: object) -> bool:
        record = _record(self)
        if key not in record:
            record[key] = False  # type: ignore[index] # field names are str
        return dict.__contains__(self, key)

    def _whole(self) -> None:
        _record(self)[ALL] = True

    def __iter__(self) -> Iterator[str]:
        self._whole()
        return dict.__iter__(self)

    def __len__(self) -> int:
        self._whole()
        return dict.__len__(self)

    def keys(self) -> Any:
        self._whole()
        return dict.keys(self)

    def values(self) -> Any:
        self._whole()
        return dict.values(self)

    def items(self) -> Any:
        self._whole()
        return dict.items(self)

    def copy(self) -> dict[str, Any]:
        self._whole()
        return dict.copy(self)


class traced:  # noqa: N801 (used as a function: ``with traced(reference) as record:``)
    """Record the fields of ``reference`` read in a block (the record: field name -> whether
    its value was read, False for a presence test only); on leaving, the reads are added to the
    enclosing record, if one is open. Only a :class:`FastReference` can be traced."""

    __slots__ = ("_record", "_reference", "_swapped")

    def __init__(self, reference: FastReference) -> None:
        self._reference = reference

    def __enter__(self) -> dict[str, bool]:
        reference = self._reference
        stack: list[dict[str, bool]] | None = reference.__dict__.get(_STACK)
        if stack is None:
            stack = reference.__dict__[_STACK] = []
        self._swapped = not stack
        if self._swapped:
            object.__setattr__(reference, "__class__", TracedReference)
        record: dict[str, bool] = {}
        self._record = record
        stack.append(record)
        return record

    def __exit__(self, *exc: object) -> None:
        reference = self._reference
        stack: list[dict[str, bool]] = reference.__dict__[_STACK]
        stack.pop()
        if self._swapped:
            object.__setattr__(reference, "__class__", FastReference)
        elif stack:
            _merge(stack[-1], self._record.items())


def _merge(record: dict[str, bool], reads: Iterable[tuple[str, bool]]) -> None:
    for name, value in reads:
        if value or name not in record:
            record[name] = value


def note(reference: Any, reads: Iterable[tuple[str, bool]]) -> None:
    """Add ``reads`` (field name, value read) to the reference's open record, if it has one."""
    if type(reference) is TracedReference:
        _merge(_record(reference), reads)
