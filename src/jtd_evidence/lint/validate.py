"""Validate a .bib against the model, reporting every broken entry rather than stopping at the first.

The file is split into blocks by bibtexparser once; each entry block is then converted on its
own, so one bad entry does not hide the others (and a large file takes linear time).
"""

from __future__ import annotations

import os

from bibtexparser import model as bib

from jtd_evidence._input import read_text
from jtd_evidence.exceptions import BibDataError, JTDError
from jtd_evidence.lint.findings import Finding, Severity
from jtd_evidence.models import Entry
from jtd_evidence.store.diagnose import missing_comma
from jtd_evidence.store.reader import convert_block, raw_problems, split_bib, syntax_error, transform

__all__ = ["validate_bib"]


def _line(block: bib.Block) -> int | None:
    return block.start_line + 1 if block.start_line is not None else None


def _not_bibtex(library: bib.Library) -> Finding | None:
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
    source = str(path)
    library = split_bib(read_text(path, newlines="keep").text)
    not_bibtex = _not_bibtex(library)
    if not_bibtex is not None:
        return [], [not_bibtex]
    located: list[tuple[int, Finding]] = []  # (line, finding), put in file order at the end
    for problem in raw_problems(library):
        message = f"line {problem.line}: {problem.message}"
        located.append(
            (
                problem.line or 0,
                Finding(problem.kind, Severity.ERROR, problem.key, message, field=problem.field),
            )
        )
    broken = {block.start_line for block in library.entries if missing_comma(block) is not None}
    library = transform(library)  # once for the whole file: @string macros resolve across entries
    for block in library.failed_blocks:
        line = _line(block) or 0
        if isinstance(block, bib.DuplicateBlockKeyBlock):
            message = (
                f"line {line}: duplicate key {block.key!r} (first on line {_line(block.previous_block)})"
            )
            finding = Finding(
                "duplicate-key", Severity.ERROR, block.key, message, "rename one entry or merge them"
            )
            located.append((line, finding))
        elif isinstance(block, bib.DuplicateFieldKeyBlock | bib.MiddlewareErrorBlock):
            error = syntax_error(block, source)
            line = getattr(error, "line", None) or line
            if isinstance(block, bib.MiddlewareErrorBlock):  # the line of the field that failed
                culprit = getattr(error, "field", None)
                fields = getattr(block.ignore_error_block, "fields", [])
                line = next((f.start_line + 1 for f in fields if f.key == culprit and f.start_line), line)
            message = f"line {line}: " + str(error).split(": ", 1)[-1]
            rule = "duplicate-field" if isinstance(block, bib.DuplicateFieldKeyBlock) else "invalid-field"
            key, field = getattr(error, "key", None), getattr(error, "field", None)
            located.append((line, Finding(rule, Severity.ERROR, key, message, field=field)))
    entries: list[Entry] = []
    seen: dict[str, int | None] = {}
    for block in library.entries:
        line = _line(block) or 0
        if block.start_line in broken:
            continue  # reported above
        if not block.key:
            message = f"line {line}: this entry has no citation key"
            located.append(
                (
                    line,
                    Finding("invalid-entry", Severity.ERROR, None, message, "add one before the first ','"),
                )
            )
            continue
        if block.key.lower() in seen:
            message = f"line {line}: duplicate key {block.key!r} (BibTeX ignores case; first on line {seen[block.key.lower()]})"
            located.append(
                (
                    line,
                    Finding(
                        "duplicate-key", Severity.ERROR, block.key, message, "rename one entry or merge them"
                    ),
                )
            )
            continue
        seen[block.key.lower()] = line
        try:
            entries.append(convert_block(block, source))
        except BibDataError as error:
            message = str(error).split(": ", 2)[-1]
            finding = Finding(
                "invalid-field", Severity.ERROR, error.key, message, "correct the value", field=error.field
            )
            located.append((line, finding))
        except JTDError as error:
            message = f"line {line}: " + str(error).split(": ", 1)[-1]
            located.append(
                (line, Finding("invalid-entry", Severity.ERROR, block.key, message, "correct the entry"))
            )
    findings = [finding for _, finding in sorted(located, key=lambda pair: pair[0])]
    return entries, findings
