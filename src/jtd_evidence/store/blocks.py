"""BibTeX text to bibtexparser blocks, and what is wrong with each block that is not a sound entry.

:func:`split_bib` splits the text (raw field values, each block with its first line);
:func:`raw_problems` finds what the splitter let through or gave up on (unclosed braces, missing
commas, fields lost after an extra '}'); :func:`transform` resolves @string macros, removes the
enclosing braces and splits the names; :func:`syntax_error` says what is wrong with a block that
failed, as the error a strict reading raises.
"""

from __future__ import annotations

import logging

from bibtexparser import model as bib
from bibtexparser.library import Library
from bibtexparser.middlewares import (
    MonthIntMiddleware,
    NormalizeFieldKeys,
    RemoveEnclosingMiddleware,
    ResolveStringReferencesMiddleware,
)
from bibtexparser.middlewares.middleware import BlockMiddleware
from bibtexparser.middlewares.names import InvalidNameError, split_multiple_persons_names

from jtd_evidence.exceptions import BibDataError, BibSyntaxError, JTDError
from jtd_evidence.store.diagnose import (
    Problem,
    diagnose_failed,
    line_of,
    loose_fields,
    missing_comma,
    value_parts,
)
from jtd_evidence.store.names import name_parts
from jtd_evidence.store.splitter import split_blocks

__all__ = ["problem_error", "raw_problems", "split_bib", "syntax_error", "transform"]

# bibtexparser logs each block it cannot parse; we report the same with its line and what to do,
# so keep its warnings off stderr unless the application has configured logging.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())

_NAME_FIELDS = ("author", "editor")


def _block_stack() -> list[BlockMiddleware]:
    """What is done to each block once @string macros are resolved, in this order."""
    return [RemoveEnclosingMiddleware(), NormalizeFieldKeys(), MonthIntMiddleware(), _NameLists()]


class _NameLists(BlockMiddleware):
    """``author`` and ``editor`` as lists of names split at ``and``, each known to split into BibTeX's
    name parts (:func:`~jtd_evidence.store.names.name_parts`, which remembers them for the entry's
    conversion). A name that does not split turns the entry into a MiddlewareErrorBlock, as
    bibtexparser's SeparateCoAuthors and SplitNameParts do."""

    def transform_entry(self, entry: bib.Entry, library: Library) -> bib.Block:
        try:
            for field in entry.fields:
                if field.key in _NAME_FIELDS:
                    enclosing = field.enclosing  # the value setter resets it
                    field.value = split_multiple_persons_names(field.value)
                    field.enclosing = enclosing
                    for name in field.value:
                        name_parts(name)
        except InvalidNameError as error:
            return bib.MiddlewareErrorBlock(entry, error)
        return entry


def syntax_error(block: bib.ParsingFailedBlock, source: str) -> JTDError:
    """The error for a block bibtexparser could not take in, saying what to do."""
    line = line_of(block)
    if isinstance(block, bib.MiddlewareErrorBlock):
        entry = block.ignore_error_block
        assert isinstance(entry, bib.Entry)  # middlewares fail on entries only
        name = getattr(block.error, "name", None)
        field = next((f for f in entry.fields if f.key in _NAME_FIELDS and name in f.value), None)
        where = f"entry on line {line}" if field is None else f"{field.key} field on line {line_of(field)}"
        message = f"{block.error}: check its braces and commas ({where})"
        return BibDataError(source, entry.key, field.key if field else None, message)
    if isinstance(block, bib.DuplicateBlockKeyBlock):
        first = line_of(block.previous_block)
        return BibSyntaxError(
            source,
            line,
            f"duplicate key {block.key!r} (first used on line {first}): rename or merge one entry",
            key=block.key,
        )
    if isinstance(block, bib.DuplicateFieldKeyBlock):
        seen: set[str] = set()
        entry = block.ignore_error_block
        assert isinstance(entry, bib.Entry)  # a field can be given twice in an entry only
        for field in entry.fields:
            if field.key in block.duplicate_keys and field.key in seen:
                again = line_of(field)
                return BibSyntaxError(
                    source,
                    again,
                    f"the {field.key} field is given twice in entry {entry.key!r} (again on "
                    f"line {again}): delete one of them",
                    key=entry.key,
                    field=field.key,
                )
            seen.add(field.key)
        names = ", ".join(sorted(block.duplicate_keys))
        return BibSyntaxError(source, line, f"a field is given twice ({names}): delete one of them")
    return problem_error(diagnose_failed(block), source)


def problem_error(problem: Problem, source: str) -> BibSyntaxError:
    """The error a strict reading raises for a problem found in the raw blocks."""
    return BibSyntaxError(source, problem.line, problem.message, key=problem.key, field=problem.field)


def raw_problems(library: Library) -> list[tuple[bib.Block, Problem]]:
    """What is wrong in a freshly split library, in file order, each with its block: blocks that
    could not be split, field lines without their comma, fields lost outside any entry."""
    problems = []
    previous: bib.Block | None = None
    for block in library.blocks:
        found = None
        if isinstance(block, bib.Entry):
            found = missing_comma(block)
        elif type(block) is bib.ParsingFailedBlock:
            found = diagnose_failed(block)
        elif isinstance(block, bib.ImplicitComment):
            found = loose_fields(block, previous)
        if found is not None:
            problems.append((block, found))
        previous = block
    return problems


def split_bib(text: str) -> Library:
    """``text`` split into blocks, with raw (untransformed) field values, as bibtexparser's
    splitter does (:func:`~jtd_evidence.store.splitter.split_blocks`)."""
    library = Library()
    library.add(split_blocks(text), fail_on_duplicate_key=False)
    return library


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _join_concatenations(library: Library) -> None:
    """Resolve ``a # {b} # "c"`` values into one braced value (bibtexparser resolves a macro only
    when it is the whole value, and would keep ``pre # { lives}`` as that text)."""
    strings = {s.key.lower(): s.value for s in library.strings if isinstance(s.value, str)}

    def content(part: str, depth: int) -> str:
        if part[:1] in ("{", '"'):
            return part[1:-1]
        if part.isdigit():
            return part
        macro = strings.get(part.lower())
        if macro is not None and depth < 10:
            parts = value_parts(macro.strip())
            if parts is not None:
                return "".join(content(p, depth + 1) for p in parts)
        if part.lower() in _MONTHS:
            return _MONTH_NAMES[_MONTHS.index(part.lower())]
        return part  # an unknown macro: kept as written, as BibTeX would warn and go on

    for block in library.entries:
        for field in block.fields:
            value = field.value
            if isinstance(value, str) and "#" in value:
                parts = value_parts(value)
                if parts is not None and len(parts) > 1:
                    field.value = "{" + "".join(content(p, 0) for p in parts) + "}"


_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")  # fmt: skip


def transform(library: Library) -> Library:
    """A split library with @string macros resolved, enclosing braces removed and names parsed.

    The block middlewares are applied to each block in turn and one library is built at the end:
    the same as applying each to the whole library, as bibtexparser does, since none of them looks
    at the library, drops a block, makes several of one or changes a key; but without building a
    library after each."""
    _join_concatenations(library)
    library = ResolveStringReferencesMiddleware().transform(library)
    stack = _block_stack()
    blocks = []
    for block in library.blocks:
        for middleware in stack:
            done = middleware.transform_block(block, library)
            if not isinstance(done, bib.Block):
                raise TypeError(f"{type(middleware).__name__} made {type(done).__name__} of one block")
            block = done
        blocks.append(block)
    return Library(blocks=blocks, fail_on_duplicate_key=False)
