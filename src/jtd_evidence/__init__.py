"""jtd_evidence: the Joining the Dots evidence base as clean, reusable bibliographic data."""

from __future__ import annotations

import logging

from jtd_evidence.exceptions import (
    BibDataError,
    BibSyntaxError,
    EntryValidationError,
    JTDError,
    UnknownStatementError,
)
from jtd_evidence.framework import PRINCIPLES, STATEMENTS, Principle, Statement
from jtd_evidence.models import Entry, EntryType, Person

__all__ = [
    "PRINCIPLES",
    "STATEMENTS",
    "BibDataError",
    "BibSyntaxError",
    "Entry",
    "EntryType",
    "EntryValidationError",
    "JTDError",
    "Person",
    "Principle",
    "Statement",
    "UnknownStatementError",
]

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())
