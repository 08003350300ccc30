"""Validate a .bib against the model, reporting every broken entry rather than stopping at the first.

The file is split into blocks by bibtexparser; each entry block is then read on its
own (with the file's @string macros), so one bad entry does not hide the others.
"""

from __future__ import annotations

import os

import bibtexparser
from bibtexparser import model as bib

from jtd_evidence._input import read_text
from jtd_evidence.exceptions import BibDataError, BibSyntaxError, JTDError
from jtd_evidence.lint.findings import Finding, Severity
from jtd_evidence.models import Entry
from jtd_evidence.store import loads_bib

__all__ = ["validate_bib"]


def _line(block: bib.Block) -> int | None:
    return block.start_line + 1 if block.start_line is not None else None


def validate_bib(path: str | os.PathLike[str]) -> tuple[list[Entry], list[Finding]]:
    """The entries that are valid, and a finding for every problem (file line, key, field)."""
    source = str(path)
    text = read_text(path, newlines="keep").text  # a file that is not text at all raises InputError
    library = bibtexparser.parse_string(text)
    findings: list[Finding] = []
    for block in sorted(library.failed_blocks, key=lambda b: b.start_line or 0):
        if isinstance(block, bib.DuplicateBlockKeyBlock):
            message = f"line {_line(block)}: duplicate key {block.key!r} (first on line {_line(block.previous_block)})"
            findings.append(
                Finding("duplicate-key", Severity.ERROR, block.key, message, "rename one entry or merge them")
            )
        else:
            reason = getattr(block.error, "abort_reason", str(block.error)).strip()
            findings.append(
                Finding(
                    "syntax",
                    Severity.ERROR,
                    None,
                    f"line {_line(block)}: cannot parse: {reason}",
                    "check braces, commas and '=' signs",
                )
            )
    macros = "\n".join(s.raw for s in library.strings)
    entries: list[Entry] = []
    for block in library.entries:
        padding = "\n" * max(1, (block.start_line or 0) - macros.count("\n"))
        try:  # the padding keeps the store's line numbers those of the file
            entries.extend(loads_bib(f"{macros}{padding}{block.raw}", source=source))
        except BibDataError as error:
            message = str(error).split(": ", 2)[-1]
            findings.append(
                Finding(
                    "invalid-field",
                    Severity.ERROR,
                    error.key,
                    message,
                    "correct the value",
                    field=error.field,
                )
            )
        except (BibSyntaxError, JTDError) as error:
            findings.append(
                Finding(
                    "invalid-entry",
                    Severity.ERROR,
                    block.key,
                    f"line {_line(block)}: {error}",
                    "correct the entry",
                )
            )
    return entries, findings
