"""jtd_evidence: the Joining the Dots evidence base as clean, reusable bibliographic data."""

from __future__ import annotations

import logging

from jtd_evidence.base import EvidenceBase, UnknownEntryError, load
from jtd_evidence.exceptions import (
    BibDataError,
    BibSyntaxError,
    EntryValidationError,
    JTDError,
    UnknownStatementError,
)
from jtd_evidence.formatting import format_bibliography, format_citation
from jtd_evidence.framework import PRINCIPLES, STATEMENTS, Principle, Statement
from jtd_evidence.models import Entry, EntryType, Person
from jtd_evidence.parsing.evidence_list import ParseResult, ParseWarning, parse_evidence_list
from jtd_evidence.parsing.reference import parse_reference, read_reference
from jtd_evidence.reading_lists import reading_list
from jtd_evidence.store import dumps_bib, loads_bib, read_bib, write_bib

__all__ = [
    "PRINCIPLES",
    "STATEMENTS",
    "BibDataError",
    "BibSyntaxError",
    "Entry",
    "EntryType",
    "EntryValidationError",
    "EvidenceBase",
    "JTDError",
    "ParseResult",
    "ParseWarning",
    "Person",
    "Principle",
    "Statement",
    "UnknownEntryError",
    "UnknownStatementError",
    "dumps_bib",
    "format_bibliography",
    "format_citation",
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
