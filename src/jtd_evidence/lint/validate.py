"""Validate a .bib against the model, reporting every broken entry rather than stopping at the first.

The store reads the file in one pass and keeps each block that cannot become an entry as data
(:func:`~jtd_evidence.store.reader.parse_bib`); each of them is a finding here.
"""

from __future__ import annotations

import os

from bibtexparser import model as bib
from bibtexparser.library import Library

from jtd_evidence.lint.findings import Finding, Severity
from jtd_evidence.models import Entry
from jtd_evidence.store.reader import parse_bib_file

__all__ = ["validate_bib"]


def _not_bibtex(library: Library) -> Finding | None:
    """A finding when the file has text but no BibTeX at all (JSON, prose, a list of references):
    nothing would be validated, and "0 valid entries" would read as success. An empty file, or
    one of comments, @string or @preamble blocks only, is a .bib with no entries yet: no finding."""
    if library.entries or library.failed_blocks or library.strings or library.preambles:
        return None
    text = [
        line.strip()
        for block in library.comments
        if isinstance(block, bib.ImplicitComment)
        for line in block.comment.splitlines()
        if line.strip() and not line.strip().startswith("%")
    ]
    if not text:
        return None
    looks = " (it looks like JSON: to import CSL-JSON, use 'add')" if text[0].startswith(("{", "[")) else ""
    return Finding(
        "not-bibtex",
        Severity.ERROR,
        None,
        f"no BibTeX entries in this file: no block starts with @type{{key, ...}}{looks}",
        "check that this is the right file; BibTeX entries look like @article{key, title = {...}}",
    )


def validate_bib(path: str | os.PathLike[str]) -> tuple[list[Entry], list[Finding]]:
    """The entries that are valid, and a finding for every problem (file line, key, field).
    A file that is not text at all raises InputError (it cannot be validated); text with no
    BibTeX in it is a ``not-bibtex`` finding."""
    reading = parse_bib_file(path)
    not_bibtex = _not_bibtex(reading.library)
    if not_bibtex is not None:
        return [], [not_bibtex]
    findings = [
        Finding(block.rule, Severity.ERROR, block.key, block.message, block.suggestion, field=block.field)
        for block in reading.failed_blocks
    ]
    return reading.entries, findings
