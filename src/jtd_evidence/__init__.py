"""jtd_evidence: the Joining the Dots evidence base as clean, reusable bibliographic data.

The public API is listed in ``__all__``. Names are imported on first use, so a command
that needs only part of the library (``jtd-evidence check-urls``) starts quickly.
"""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING, Any

from jtd_evidence.exceptions import (
    BibDataError,
    BibSyntaxError,
    EntryValidationError,
    FormatError,
    InputError,
    JTDError,
    LockedError,
    ReferenceParseError,
    UnknownStatementError,
    WriteError,
)

if TYPE_CHECKING:  # what type checkers and IDEs see; at run time __getattr__ imports on demand
    from jtd_evidence.base import EvidenceBase, UnknownEntryError, load
    from jtd_evidence.formatting import Cite, format_bibliography, format_citation, format_citations
    from jtd_evidence.framework import PRINCIPLES, STATEMENTS, Principle, Statement
    from jtd_evidence.links import LinkResult, LinkStatus, check_urls
    from jtd_evidence.models import Entry, EntryType, Person
    from jtd_evidence.parsing.evidence_list import ParseResult, ParseWarning, parse_evidence_list
    from jtd_evidence.parsing.reference import parse_reference, read_reference
    from jtd_evidence.reading_lists import reading_list
    from jtd_evidence.store import dumps_bib, loads_bib, read_bib, write_bib

_LAZY = {
    "jtd_evidence.base": ("EvidenceBase", "UnknownEntryError", "load"),
    "jtd_evidence.formatting": ("Cite", "format_bibliography", "format_citation", "format_citations"),
    "jtd_evidence.framework": ("PRINCIPLES", "STATEMENTS", "Principle", "Statement"),
    "jtd_evidence.links": ("LinkResult", "LinkStatus", "check_urls"),
    "jtd_evidence.models": ("Entry", "EntryType", "Person"),
    "jtd_evidence.parsing.evidence_list": ("ParseResult", "ParseWarning", "parse_evidence_list"),
    "jtd_evidence.parsing.reference": ("parse_reference", "read_reference"),
    "jtd_evidence.reading_lists": ("reading_list",),
    "jtd_evidence.store": ("dumps_bib", "loads_bib", "read_bib", "write_bib"),
}
_HOME = {name: module for module, names in _LAZY.items() for name in names}

__all__ = [
    "PRINCIPLES",
    "STATEMENTS",
    "BibDataError",
    "BibSyntaxError",
    "Cite",
    "Entry",
    "EntryType",
    "EntryValidationError",
    "EvidenceBase",
    "FormatError",
    "InputError",
    "JTDError",
    "LinkResult",
    "LinkStatus",
    "LockedError",
    "ParseResult",
    "ParseWarning",
    "Person",
    "Principle",
    "ReferenceParseError",
    "Statement",
    "UnknownEntryError",
    "UnknownStatementError",
    "WriteError",
    "check_urls",
    "dumps_bib",
    "format_bibliography",
    "format_citation",
    "format_citations",
    "load",
    "loads_bib",
    "parse_evidence_list",
    "parse_reference",
    "read_bib",
    "read_reference",
    "reading_list",
    "write_bib",
]

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())


def __getattr__(name: str) -> Any:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module 'jtd_evidence' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
