"""Validate a .bib against the model, reporting every broken entry rather than stopping at the first.

The file is split into blocks by bibtexparser; each entry block is then read on its
own (with the file's @string macros), so one bad entry does not hide the others.
"""

from __future__ import annotations

import os

from bibtexparser import model as bib

from jtd_evidence._input import read_text
from jtd_evidence.exceptions import BibDataError, BibSyntaxError, JTDError
from jtd_evidence.lint.findings import Finding, Severity
from jtd_evidence.models import Entry
from jtd_evidence.store import loads_bib
from jtd_evidence.store.diagnose import missing_comma
from jtd_evidence.store.reader import raw_problems, split_bib, syntax_error

__all__ = ["validate_bib"]


def _line(block: bib.Block) -> int | None:
    return block.start_line + 1 if block.start_line is not None else None


def validate_bib(path: str | os.PathLike[str]) -> tuple[list[Entry], list[Finding]]:
    """The entries that are valid, and a finding for every problem (file line, key, field)."""
    source = str(path)
    text = read_text(path, newlines="keep").text  # a file that is not text at all raises InputError
    library = split_bib(text)
    located: list[tuple[int, Finding]] = []  # (line, finding), put in file order below
    for problem in raw_problems(library):
        message = f"line {problem.line}: {problem.message}"
        finding = Finding(problem.kind, Severity.ERROR, problem.key, message, field=problem.field)
        located.append((problem.line or 0, finding))
    for block in library.failed_blocks:
        if isinstance(block, bib.DuplicateBlockKeyBlock):
            line = _line(block) or 0
            message = (
                f"line {line}: duplicate key {block.key!r} (first on line {_line(block.previous_block)})"
            )
            finding = Finding(
                "duplicate-key", Severity.ERROR, block.key, message, "rename one entry or merge them"
            )
            located.append((line, finding))
        elif isinstance(block, bib.DuplicateFieldKeyBlock):
            error = syntax_error(block, source)
            line = getattr(error, "line", None) or 0
            message = f"line {line}: " + str(error).removeprefix(f"{source}:{line}: ")
            field = getattr(error, "field", None)
            located.append(
                (
                    line,
                    Finding(
                        "duplicate-field", Severity.ERROR, getattr(error, "key", None), message, field=field
                    ),
                )
            )
    findings = [finding for _, finding in sorted(located, key=lambda pair: pair[0])]
    macros = "\n".join(s.raw for s in library.strings)
    entries: list[Entry] = []
    for block in library.entries:
        if missing_comma(block) is not None:
            continue  # reported above
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
                    f"line {_line(block)}: " + str(error).split(": ", 1)[-1],
                    "correct the entry",
                )
            )
    return entries, findings
