"""Say exactly what is wrong with broken BibTeX: the line, the entry key, the field, what to do.

bibtexparser's splitter tells that a block failed and on which line it *started*; it reads a
field line that lacks its comma (``title = {A}`` then ``year = {2020}``) as one field whose value
swallows the next; and an extra ``}`` closes an entry early, leaving its last fields as loose text
between entries. These functions look at the raw text of each block to find the line and the
field, so that every error can name them:

    >>> from bibtexparser.splitter import Splitter
    >>> library = Splitter("@article{k,\\n  title = {A}\\n  year = {2020}\\n}\\n").split()
    >>> print(missing_comma(library.entries[0]).message)
    missing comma after the title field on line 2: 'year = ...' on line 3 is read as part of title; add a ',' at the end of line 2
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bibtexparser import model as bib

__all__ = [
    "Problem",
    "diagnose_failed",
    "line_of",
    "loose_fields",
    "missing_comma",
    "value_overrun",
    "value_parts",
]

_NAME = r"[A-Za-z][\w:.+/-]*"
_FIELD_START = re.compile(rf"^[ \t]*,?[ \t]*({_NAME})[ \t]*=", re.MULTILINE)
_HEAD = re.compile(r"@[ \t]*(\w*)[ \t]*[{(][ \t]*([^,\s{}()=\"#%'~]*)")
_SIMPLE_VALUE = re.compile(r'\{[^{}]*\}|"[^"{}]*"|[^\s{}"#,=]+')
_BRACE = re.compile(r"(?<!\\)[{}]")
_BRACE_OR_QUOTE = re.compile(r'(?<!\\)[{}"]')
_BARE = re.compile(r'[^\s{}"#,]+')
_SPACE = re.compile(r"\s*")
_NEXT_FIELD = re.compile(rf"({_NAME})\s*=")
_LOOSE_FIELD = re.compile(rf"^[ \t]*,?[ \t]*({_NAME})[ \t]*=[ \t]*[{{\"\w]", re.MULTILINE)


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a .bib: where it is and what to do about it."""

    line: int | None  # 1-based line in the file
    key: str | None  # the entry's citation key, when it can be read
    field: str | None
    message: str  # what is wrong, where, and what to do
    kind: str = "syntax"  # syntax, missing-comma, lost-field


def line_of(block: bib.Block | bib.Field) -> int | None:
    """The 1-based file line a block or field starts on (bibtexparser counts from 0)."""
    return block.start_line + 1 if block.start_line is not None else None


def _closing_brace(text: str, start: int) -> int | None:
    """The index just past the '}' matching the '{' at ``start``, or None when it is never closed."""
    depth = 0
    for match in _BRACE.finditer(text, start):
        depth += 1 if match.group() == "{" else -1
        if depth == 0:
            return match.end()
    return None


def _closing_quote(text: str, start: int) -> int | None:
    """The index just past the '"' closing the one at ``start`` (quotes inside braces do not count)."""
    depth = 0
    for match in _BRACE_OR_QUOTE.finditer(text, start + 1):
        mark = match.group()
        if mark == "{":
            depth += 1
        elif mark == "}":
            depth -= 1
        elif depth == 0:
            return match.end()
    return None


def _skip_space(text: str, start: int) -> int:
    """The index of the first character at or after ``start`` that is not white space."""
    found = _SPACE.match(text, start)
    return found.end() if found else start  # \s* matches everywhere: found is never None


def _scan(value: str) -> tuple[list[str], int | None]:
    """The ``#``-joined parts of a field value read from its start, and where the reading
    stopped: None when the whole value was read, else the index of what could not be read
    (text after a complete part without a ``#``, or a part that does not close, at ``-1``)."""
    parts: list[str] = []
    index, end = 0, len(value)
    while index < end:
        mark = value[index]
        if mark == "{":
            after = _closing_brace(value, index)
        elif mark == '"':
            after = _closing_quote(value, index)
        else:
            bare = _BARE.match(value, index)
            after = bare.end() if bare else None
        if after is None:
            return parts, -1
        parts.append(value[index:after])
        index = _skip_space(value, after)
        if index >= end:
            return parts, None
        if value[index] != "#":
            return parts, index
        index = _skip_space(value, index + 1)
    return parts, (None if parts else -1)


def value_overrun(value: str) -> int | None:
    """Where text follows a complete field value without a ``#`` joining it (a missing comma
    lets the next field run on into this one), or None when the value is whole.

    >>> value_overrun("{A} # { and B}"), value_overrun('{A}\\n  year = {2020}')
    (None, 6)
    """
    if _SIMPLE_VALUE.fullmatch(value):
        return None
    _, stop = _scan(value)
    # unbalanced (-1): bibtexparser has reported it, or it is not ours to judge
    return stop if stop is not None and stop >= 0 else None


def value_parts(value: str) -> list[str] | None:
    """The parts of a field value joined by ``#`` (``{A}``, ``"B"``, ``macro``, ``2020``), raw;
    None when the value is not a well-formed concatenation.

    >>> value_parts('pre # { lives} # "!"')
    ['pre', '{ lives}', '"!"']
    """
    parts, stop = _scan(value)
    return parts if stop is None else None


def missing_comma(block: bib.Entry) -> Problem | None:
    """The first field of a parsed entry whose value runs on into text after it, or None."""
    for field in block.fields:
        value = field.value
        if not isinstance(value, str):
            continue
        at = value_overrun(value)
        if at is None:
            continue
        ends = (field.start_line or 0) + 1 + value[:at].rstrip().count("\n")
        runs_on = _NEXT_FIELD.match(value, at)
        if runs_on is not None:
            starts = (field.start_line or 0) + 1 + value[:at].count("\n")
            message = (
                f"missing comma after the {field.key} field on line {ends}: "
                f"'{runs_on.group(1)} = ...' on line {starts} is read as part of {field.key}; "
                f"add a ',' at the end of line {ends}"
            )
        else:
            message = (
                f"unexpected text after the value of the {field.key} field on line {ends}: "
                f"{value[at : at + 30]!r}; end the value with ',' or join the parts with '#'"
            )
        return Problem(ends, block.key, field.key, message, "missing-comma")
    return None


def loose_fields(block: bib.ImplicitComment, previous: bib.Block | None = None) -> Problem | None:
    """Text between entries that looks like a field (``year = {2020}``): the entry above was
    closed early by an extra '}', and these fields are lost. None for ordinary comments, and
    after a block that failed (whose rest is loose text too, already reported)."""
    text = block.raw or ""
    body = text.strip()
    if not isinstance(previous, bib.Entry) or not (body.startswith(",") or body.endswith("}")):
        return None  # free text between entries (BibTeX ignores it), or the rest of a failed block
    for match in _LOOSE_FIELD.finditer(text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        if text[line_start:].lstrip().startswith("%"):
            continue
        line = (block.start_line or 0) + 1 + text.count("\n", 0, match.start())
        where = "before this line"
        key = None
        if isinstance(previous, bib.Entry) and previous.start_line is not None:
            closed = previous.start_line + 1 + (previous.raw or "").count("\n")
            key = previous.key
            where = f"on line {closed} (it closes entry {key!r})"
        return Problem(
            line,
            key,
            match.group(1),
            f"'{match.group(1)} = ...' on line {line} is outside any entry, so it is lost: the "
            f"entry above it was closed early; look for an extra '}}' {where}",
            "lost-field",
        )
    return None


def diagnose_failed(block: bib.ParsingFailedBlock) -> Problem:
    """Where and why a block that bibtexparser could not split went wrong."""
    raw, start = block.raw or "", line_of(block) or 1
    head = _HEAD.match(raw)
    key = head.group(2) or None if head else None
    kind = head.group(1).lower() if head else ""
    reason = str(getattr(block.error, "abort_reason", block.error)).strip()
    unclosed = _unclosed_value(raw, start, key)
    if unclosed is not None:
        return unclosed
    what = f"@{kind}" + (f"{{{key}" if key else "")
    if "comma after entry key" in reason:
        message = f"{what} on line {start}: the citation key must be followed by a ','"
        return Problem(start, key, None, message)
    if "Expected a `=`" in reason:
        bare_line = _line_without_equals(raw, start, key)
        if bare_line is not None:
            return bare_line
    if "Unexpected block start" in reason or "end of file" in reason:
        ending = "before the next entry starts" if "block start" in reason else "before the end of the file"
        message = (
            f"{what} starting on line {start} is not closed {ending}: "
            "add its closing '}' (check the braces and quotes of its fields)"
        )
        return Problem(start, key, None, message)
    message = f"{what} on line {start} cannot be read: {reason} (check its braces, commas and '=' signs)"
    return Problem(start, key, None, message)


def _unclosed_value(raw: str, start: int, key: str | None) -> Problem | None:
    """The first field whose value opens a brace or a quote that is never closed."""
    fields = list(_FIELD_START.finditer(raw))
    for number, match in enumerate(fields):
        name = match.group(1)
        segment = raw[match.end() : fields[number + 1].start() if number + 1 < len(fields) else len(raw)]
        line = start + raw.count("\n", 0, match.start(1))
        body = segment.strip()
        for opener, closer, closing in (("{", "}", _closing_brace), ('"', '"', _closing_quote)):
            if body.startswith(opener) and closing(segment, segment.index(opener)) is None:
                return Problem(
                    line,
                    key,
                    name,
                    f"the value of the {name} field on line {line} opens a '{opener}' that is never "
                    f"closed: add the missing '{closer}' (and a ',' after it)",
                )
    return None


def _line_without_equals(raw: str, start: int, key: str | None) -> Problem | None:
    """The first line of an entry (after its head) that is no ``name = value`` nor its end."""
    for offset, text in enumerate(raw.splitlines()[1:], start=1):
        bare = text.strip()
        if bare and bare not in ("}", ")") and "=" not in bare:
            line = start + offset
            message = (
                f"line {line} of the entry starting on line {start} is not 'name = {{value}}': "
                f"{bare[:40]!r}; add the field name and '=', or delete the line"
            )
            return Problem(line, key, None, message)
    return None
