"""BibTeX text to entries, in one pass, keeping every block that cannot become one as data.

:func:`parse_bib` returns a :class:`BibReading`: the valid entries, and a :class:`FailedBlock`
for every block that is not one (a syntax error, a field given twice, a key used twice, a value
the model refuses), each with its file line, key, field, what is wrong and what to do. With
``strict=True`` the first of them raises instead, :class:`BibSyntaxError` (file and line) or
:class:`BibDataError` (file, key, field): that is what :func:`loads_bib` and :func:`read_bib` do.
Fields the model has no name for are kept verbatim in ``Entry.extra_fields``.

    >>> [e.title for e in loads_bib("@article{k, title = {Caf{\\\\'e} \\\\& Co}}")]
    ['Café & Co']
    >>> reading = parse_bib("@misc{a, title = {A}}\\n@misc{a, title = {B}}\\n")
    >>> [e.title for e in reading.entries], [(b.line, b.rule) for b in reading.failed_blocks]
    (['A'], [(2, 'duplicate-key')])
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass

from bibtexparser import model as bib
from bibtexparser.library import Library

from jtd_evidence._gc import paused_collector
from jtd_evidence._input import read_text
from jtd_evidence.exceptions import BibDataError, BibSyntaxError, JTDError
from jtd_evidence.models import Entry
from jtd_evidence.store.blocks import problem_error, raw_problems, split_bib, syntax_error, transform
from jtd_evidence.store.convert import convert_block
from jtd_evidence.store.diagnose import line_of

__all__ = [
    "BibReading",
    "FailedBlock",
    "checked_blocks",
    "convert_block",
    "loads_bib",
    "parse_bib",
    "parse_bib_file",
    "read_bib",
    "split_bib",
]


@dataclass(frozen=True)
class FailedBlock:
    """A block of a .bib that did not become an entry: where it is, what is wrong, what to do.

    ``rule`` names the kind of problem: ``syntax``, ``missing-comma``, ``lost-field`` (the text
    could not be split into sound blocks), ``duplicate-key``, ``duplicate-field``,
    ``invalid-field`` (a value the model refuses) or ``invalid-entry``."""

    line: int | None  # 1-based line of the problem: the field's when it is known, else the entry's
    rule: str
    key: str | None
    field: str | None
    message: str  # what is wrong, and where
    suggestion: str  # what to do, when the message does not say it already
    error: JTDError = dataclasses.field(compare=False, repr=False)  # what a strict reading raises for it
    raw: str | None = dataclasses.field(default=None, compare=False, repr=False)  # the block as written
    first_line: int | None = None  # a duplicate key: the line of the entry that keeps it


@dataclass(frozen=True)
class BibReading:
    """What a .bib holds: its valid entries in file order, and every block that is not one."""

    source: str
    entries: list[Entry]
    failed_blocks: list[FailedBlock]  # in file order
    library: Library = dataclasses.field(
        compare=False, repr=False
    )  # the blocks: @string, @preamble, comments

    @property
    def duplicate_blocks(self) -> list[FailedBlock]:
        """The entries whose key an earlier entry already has (BibTeX ignores case)."""
        return [block for block in self.failed_blocks if block.rule == "duplicate-key"]


class _Failures:
    """The failed blocks found so far; in strict mode the first one raises its error instead."""

    def __init__(self, strict: bool) -> None:
        self.strict = strict
        self.blocks: list[FailedBlock] = []

    def add(self, failed: FailedBlock) -> None:
        if self.strict:
            raise failed.error
        self.blocks.append(failed)


def _transform_failure(block: bib.ParsingFailedBlock, source: str) -> FailedBlock:
    """A block that bibtexparser split but refused: a key or field given twice, a name list that
    cannot be split."""
    line = line_of(block) or 0
    error = syntax_error(block, source)
    if isinstance(block, bib.DuplicateBlockKeyBlock):
        first = line_of(block.previous_block)
        message = f"line {line}: duplicate key {block.key!r} (first on line {first})"
        return FailedBlock(
            line,
            "duplicate-key",
            block.key,
            None,
            message,
            "rename one entry or merge them",
            error,
            block.raw,
            first,
        )
    line = getattr(error, "line", None) or line
    culprit = getattr(error, "field", None)
    if isinstance(block, bib.MiddlewareErrorBlock):  # the line of the field that failed
        fields = getattr(block.ignore_error_block, "fields", [])
        line = next((f.start_line + 1 for f in fields if f.key == culprit and f.start_line), line)
    rule = "duplicate-field" if isinstance(block, bib.DuplicateFieldKeyBlock) else "invalid-field"
    message = f"line {line}: " + str(error).split(": ", 1)[-1]
    return FailedBlock(line, rule, getattr(error, "key", None), culprit, message, "", error, block.raw)


def _sound_blocks(text: str, source: str, failures: _Failures) -> tuple[Library, list[bib.Entry]]:
    """The transformed library of ``text`` and its entry blocks that can be converted: split,
    with a key, not a duplicate. Every other block is given to ``failures``, in the order a
    strict reading meets them: syntax first, then blocks bibtexparser refused, then keys."""
    library = split_bib(text)
    broken: set[int | None] = set()  # entries with a field that runs on into the next: reported
    for block, problem in raw_problems(library):
        if isinstance(block, bib.Entry):
            broken.add(block.start_line)
        message = f"line {problem.line}: {problem.message}"
        error = problem_error(problem, source)
        failures.add(
            FailedBlock(problem.line, problem.kind, problem.key, problem.field, message, "", error, block.raw)
        )
    library = transform(library)  # once for the whole file: @string macros resolve across entries
    for block in sorted(library.failed_blocks, key=lambda b: b.start_line or 0):
        if type(block) is not bib.ParsingFailedBlock:  # a plain one is a syntax problem, reported
            failures.add(_transform_failure(block, source))
    sound: list[bib.Entry] = []
    seen: dict[str, int] = {}
    for block in library.entries:
        if block.start_line in broken:
            continue
        line = line_of(block) or 0
        if not block.key:
            what, hint = "this entry has no citation key", "add one before the first ','"
            error = BibSyntaxError(source, line_of(block), f"{what}: {hint}")
            failures.add(FailedBlock(line, "invalid-entry", None, None, f"line {line}: {what}", hint, error))
            continue
        first = seen.get(block.key.lower())
        if first is not None:
            what = f"duplicate key {block.key!r} (BibTeX ignores case;"
            error = BibSyntaxError(source, line_of(block), f"{what} line {first}): rename one")
            message = f"line {line}: {what} first on line {first})"
            hint = "rename one entry or merge them"
            failures.add(
                FailedBlock(line, "duplicate-key", block.key, None, message, hint, error, block.raw, first)
            )
            continue
        seen[block.key.lower()] = line
        sound.append(block)
    return library, sound


def _convert(block: bib.Entry, source: str, failures: _Failures) -> Entry | None:
    """The Entry of a sound block, or None when its fields break the model (given to ``failures``)."""
    try:
        return convert_block(block, source)
    except BibDataError as error:
        message = str(error).split(": ", 2)[-1]
        failures.add(
            FailedBlock(
                line_of(block),
                "invalid-field",
                error.key,
                error.field,
                message,
                "correct the value",
                error,
                block.raw,
            )
        )
    except JTDError as error:
        line = line_of(block) or 0
        message = f"line {line}: " + str(error).split(": ", 1)[-1]
        failures.add(
            FailedBlock(
                line, "invalid-entry", block.key, None, message, "correct the entry", error, block.raw
            )
        )
    return None


def parse_bib(text: str, source: str = "<string>", *, strict: bool = False) -> BibReading:
    """Everything BibTeX ``text`` holds, read in one pass: the valid entries in file order, and a
    :class:`FailedBlock` for every block that is not one. With ``strict``, the first failed block
    (syntax first, then keys, then field values) raises its error instead. ``source`` names the
    text in messages."""
    failures = _Failures(strict)
    with paused_collector():
        library, sound = _sound_blocks(text, source, failures)
        entries = [entry for block in sound if (entry := _convert(block, source, failures)) is not None]
    failed = sorted(failures.blocks, key=lambda block: block.line or 0)
    return BibReading(source, entries, failed, library)


def parse_bib_file(path: str | os.PathLike[str], *, strict: bool = False) -> BibReading:
    """:func:`parse_bib` of the file at ``path``: UTF-8 (or UTF-16 with a byte-order mark, or
    Windows-1252 with an :class:`~jtd_evidence._input.EncodingNote`); binary data is refused."""
    return parse_bib(read_text(path, newlines="keep").text, str(path), strict=strict)


def checked_blocks(text: str, source: str = "<string>") -> list[bib.Entry]:
    """The transformed entry blocks of BibTeX ``text``, in file order, once the whole text is known
    to be free of syntax errors, key-less entries and repeated keys (else BibSyntaxError); each is
    turned into an Entry by :func:`convert_block`."""
    with paused_collector():
        return _sound_blocks(text, source, _Failures(strict=True))[1]


def loads_bib(text: str, source: str = "<string>") -> list[Entry]:
    """The entries of BibTeX ``text``, in file order; the first problem raises (see :func:`parse_bib`)."""
    return parse_bib(text, source, strict=True).entries


def read_bib(path: str | os.PathLike[str]) -> list[Entry]:
    """The entries of the BibTeX file at ``path``; the first problem raises (see :func:`parse_bib_file`)."""
    return parse_bib_file(path, strict=True).entries
