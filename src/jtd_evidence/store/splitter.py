"""BibTeX text to blocks as bibtexparser's splitter makes them, well-formed entries read at C speed.

bibtexparser's :class:`~bibtexparser.splitter.Splitter` walks the text one mark (brace, quote,
comma, ``=``, newline) at a time in Python: on a large .bib that is most of the reading. Nearly
every entry of a real file is well formed, and for those the result is fixed by a few regular
expressions: :func:`split_blocks` reads such an entry directly, and hands every other stretch of
text (comments, ``@string``, ``@preamble``, parenthesised or broken blocks, anything unusual) to
bibtexparser's splitter, so the blocks, their raw text, field values and line numbers are the
same as bibtexparser's own for the whole text.

That the two can be mixed rests on one property of bibtexparser's splitter: an ``@type{`` at the
very start of a line always starts a new block, whatever came before (an unfinished block is cut
off there as failed). So an entry starting at a line start is read the same wherever it is, and a
stretch between two such entries is read as if alone, except that a block left open at its end
is cut off by the next entry's ``@type``: the stretch is given to bibtexparser followed by that
``@type{`` (and the block this makes is dropped), so the cut, its message and its raw text are
the same.

    >>> blocks = split_blocks("% a list\\n@article{k,\\n  title = {A},\\n  year = 2020\\n}\\n")
    >>> [(type(b).__name__, b.start_line) for b in blocks]
    [('ImplicitComment', 0), ('Entry', 1)]
    >>> [(f.key, f.value, f.start_line) for f in blocks[1].fields]
    [('title', '{A}', 2), ('year', '2020', 3)]
"""

from __future__ import annotations

import re

from bibtexparser import model as bib
from bibtexparser.splitter import Splitter

__all__ = ["split_blocks"]

_WS = r"[ \t\r\n]*"
_INNER = r"[^{}\\]++|\\[{}]|\\(?![{}])"  # a brace after a backslash is no brace to bibtexparser
_NESTING = 8  # deeper values are left to bibtexparser


def _braced(depth: int) -> str:
    """A ``{...}`` value with braces nested at most ``depth`` levels inside it."""
    pattern = r"\{(?:" + _INNER + r")*+\}"
    for _ in range(depth):
        pattern = r"\{(?:" + _INNER + "|" + pattern + r")*+\}"
    return pattern


_PART = "(?:" + _braced(_NESTING) + r'|"[^"{}\\]*+"|[\w.:+/-]++)'
_VALUE = _PART + "(?:" + _WS + "#" + _WS + _PART + ")*"
# An entry's head at the start of a line: @type{key,
_HEAD = re.compile(r"^@(\w+)[ \t]*\{[ \t]*([^\s{}\",=\\@]+)[ \t]*,", re.MULTILINE)
# One field, with what ends it: ',' (more may follow) or '}' (the end of the entry)
_FIELD = re.compile(_WS + r"([A-Za-z][\w:.+/-]*)" + _WS + "(=)" + _WS + "(" + _VALUE + ")" + _WS + "([,}])")
_END = re.compile(_WS + r"\}")
_AT_LINE_START = re.compile(r"\n\s*@")  # where bibtexparser would cut a block off
_NOT_ENTRIES = ("comment", "preamble", "string")


class _UnplacedBlockError(Exception):
    """bibtexparser returned something this module does not know how to place in the text."""


def _entry(text: str, head: re.Match[str], first: int, limit: int) -> bib.Entry | None:
    """The entry whose head is ``head``, on line ``first``, when it is well formed and ends before
    ``limit`` (else None: bibtexparser reads it)."""
    kind = head.group(1).lower()
    if kind.startswith(_NOT_ENTRIES):
        return None
    fields: list[bib.Field] = []
    keys: set[str] = set()
    start, at = head.start(), head.end()
    line, counted = first, start  # ``counted`` is on line ``line``
    while True:
        field = _FIELD.match(text, at, limit)
        if field is None:
            end = _END.match(text, at, limit)
            if end is None:
                return None
            at = end.end()
            break
        key = field.group(1)
        if key in keys:  # bibtexparser makes a DuplicateFieldKeyBlock of it
            return None
        keys.add(key)
        line += text.count("\n", counted, field.start(2))
        counted = field.start(2)
        fields.append(bib.Field(key, field.group(3), line))
        at = field.end()
        if field.group(4) == "}":
            break
    if text.find("\\\n", start, at) >= 0:
        return None  # a newline after a backslash is no newline to bibtexparser
    return bib.Entry(kind, head.group(2), fields, first, text[start:at])


def _newlines(text: str, start: int, end: int) -> int:
    """The newlines bibtexparser counts in ``text[start:end]`` (not those after a backslash)."""
    return text.count("\n", start, end) - text.count("\\\n", start, end)


_KNOWN = (
    bib.Entry,
    bib.DuplicateBlockKeyBlock,
    bib.DuplicateFieldKeyBlock,
    bib.ParsingFailedBlock,
    bib.String,
    bib.Preamble,
    bib.ImplicitComment,
    bib.ExplicitComment,
)


def _shifted(block: bib.Block, lines: int) -> bib.Block:
    """``block`` read from a stretch of text, as read from the whole: ``lines`` further down."""
    if type(block) not in _KNOWN:
        raise _UnplacedBlockError(type(block).__name__)
    if isinstance(block, bib.DuplicateBlockKeyBlock):  # the whole library finds duplicate keys again
        return _shifted(_unmarked(block), lines)
    if lines == 0:
        return block
    start = None if block.start_line is None else block.start_line + lines
    if isinstance(block, bib.Entry):
        fields = [
            bib.Field(f.key, f.value, None if f.start_line is None else f.start_line + lines)
            for f in block.fields
        ]
        return bib.Entry(block.entry_type, block.key, fields, start, block.raw)
    if isinstance(block, bib.DuplicateFieldKeyBlock):
        entry = _shifted(block.ignore_error_block, lines) if block.ignore_error_block else None
        if not isinstance(entry, bib.Entry):
            raise _UnplacedBlockError("DuplicateFieldKeyBlock")
        return bib.DuplicateFieldKeyBlock(block.duplicate_keys, entry)
    if isinstance(block, bib.ParsingFailedBlock):
        if block.ignore_error_block is not None:
            raise _UnplacedBlockError("ParsingFailedBlock")
        return bib.ParsingFailedBlock(block.error, start, block.raw)
    if isinstance(block, bib.String):
        return bib.String(block.key, block.value, start, block.raw)
    if isinstance(block, bib.Preamble):
        return bib.Preamble(block.value, start, block.raw)
    assert isinstance(block, (bib.ImplicitComment, bib.ExplicitComment))
    return type(block)(block.comment, start, block.raw)


def _stretch(text: str, start: int, end: int, line: int, cut: str | None) -> list[bib.Block]:
    """The blocks bibtexparser reads in ``text[start:end]``, which starts on ``line``; ``cut`` is
    the ``@type{`` that follows it (None at the end of the text)."""
    if text[start:end].isspace() or start == end:
        return []
    blocks = Splitter(text[start:end] + (cut or "")).split().blocks
    if cut is not None:  # the block that the cut starts, cut off by the end of the text
        last = blocks.pop() if blocks else None
        if type(last) is not bib.ParsingFailedBlock or last.raw != cut:
            raise _UnplacedBlockError("no block at the end of a stretch")
    return [_shifted(block, line) for block in blocks]


def split_blocks(text: str) -> list[bib.Block]:
    """The blocks of BibTeX ``text`` in file order, exactly as bibtexparser's splitter makes them
    (raw field values, 0-based lines), except that a key used twice is not yet marked: add them
    to a :class:`~bibtexparser.library.Library` (with ``fail_on_duplicate_key=False``) for that."""
    try:
        return _split(text)
    except _UnplacedBlockError:  # a bibtexparser this module does not know: let it read everything
        return [_unmarked(block) for block in Splitter(text).split().blocks]


def _unmarked(block: bib.Block) -> bib.Block:
    """The block a DuplicateBlockKeyBlock stands for (a library marks it again); others as they are."""
    if isinstance(block, bib.DuplicateBlockKeyBlock) and block.ignore_error_block is not None:
        return block.ignore_error_block
    return block


def _split(text: str) -> list[bib.Block]:
    blocks: list[bib.Block] = []
    done, done_line = 0, 0  # the text before ``done`` is read; ``done`` is on line ``done_line``
    at, line = 0, 0  # where lines are counted to, and its line
    for head in _HEAD.finditer(text):
        start = head.start()
        if start < done:
            continue
        line += _newlines(text, at, start)
        at = start
        block_start = _AT_LINE_START.search(text, head.end())  # no entry runs on past the next
        entry = _entry(text, head, line, block_start.start() + 1 if block_start else len(text))
        if entry is None:
            continue
        cut = text[start : text.index("{", start) + 1]
        blocks.extend(_stretch(text, done, start, done_line, cut))
        blocks.append(entry)
        done = start + len(entry.raw or "")
        line += text.count("\n", start, done)
        at, done_line = done, line
    blocks.extend(_stretch(text, done, len(text), done_line, None))
    return blocks
