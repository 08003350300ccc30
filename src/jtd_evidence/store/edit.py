"""Change a .bib file's entries in its own text, keeping every byte that does not need to change.

:func:`rewrite_bib` turns a file's text into the text of the entries wanted: an entry that
differs has only its changed fields rewritten, a new entry is appended at the end, and all
else stays as it was, byte for byte: ``%`` comments, ``@string``, ``@preamble`` and
``@comment`` blocks, entry and field order, brace or quote style, macro references,
unknown fields, indentation, line endings (CRLF stays CRLF) and a byte-order mark. The
result is read back before it is returned, and must give exactly the entries wanted.

    >>> from jtd_evidence.store.reader import loads_bib
    >>> text = ('% my list\\n@string{cr = "Child Abuse Review"}\\n'
    ...         '@article{smith2020,\\n  title = "Safe",\\n  journal = cr,\\n  pages = {11-30},\\n'
    ...         '  year = 2020\\n}\\n')
    >>> entry = loads_bib(text)[0]
    >>> print(rewrite_bib(text, [entry.model_copy(update={"doi": "10.1234/x"})]), end="")
    % my list
    @string{cr = "Child Abuse Review"}
    @article{smith2020,
      title = "Safe",
      journal = cr,
      pages = {11-30},
      year = 2020,
      doi = {10.1234/x}
    }

:class:`BibText` is the lower level: :meth:`BibText.set_fields` changes raw field values
of one entry, :meth:`BibText.append` adds an entry and :meth:`BibText.text` gives the result.
"""

from __future__ import annotations

import codecs
import dataclasses
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import pairwise
from pathlib import Path

from bibtexparser import model as bib

from jtd_evidence._input import decode_bytes
from jtd_evidence.exceptions import CitationKeyError, InputError, UnsafeEditError
from jtd_evidence.models import Entry
from jtd_evidence.store.fields import read_names
from jtd_evidence.store.reader import loads_bib, split_bib
from jtd_evidence.store.writer import dumps_bib, entry_fields, normalise, verify_readback

__all__ = ["BibText", "read_bib_text", "rewrite_bib"]

_BOM = "\ufeff"
_HEAD = re.compile(r"@(\w*)[ \t]*([{(])")
# The characters bibtexparser's splitter steers by inside an entry (see its _MARK_PATTERN).
_MARKS = {"}": re.compile(r'(?<!\\)[{}",=]'), ")": re.compile(r'(?<!\\)[{}",=)]')}
_NUMBER = re.compile(r"[0-9]+")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def read_bib_text(path: str | os.PathLike[str]) -> str:
    """The text of a .bib file exactly as it is on disk: a UTF-8 byte-order mark is kept as
    ``\\ufeff`` and line endings are left alone, so that the text encodes back to the same bytes.

    Only UTF-8 files can be changed without touching anything else; one in another encoding (which
    :func:`~jtd_evidence.store.read_bib` reads) or with old-Mac CR line endings raises
    :class:`InputError`, saying to save it as UTF-8."""
    data = Path(path).read_bytes()
    decoded = decode_bytes(data, str(path), newlines="keep")
    text = ("\ufeff" if data.startswith(codecs.BOM_UTF8) else "") + decoded.text
    if text.encode("utf-8") != data:
        saved_as = {"utf-8": "UTF-8 with old-Mac (CR) line endings", "cp1252": "Windows-1252"}.get(
            decoded.encoding, decoded.encoding.upper()[:6]
        )
        raise InputError(
            str(path),
            None,
            f"this file is saved as {saved_as}; it can be read, but only a UTF-8 file can be changed "
            "without touching the rest of it: save it as UTF-8 (with Windows or Unix line endings) "
            "and run again; nothing was written",
        )
    return text


@dataclasses.dataclass(frozen=True)
class _Field:
    """One field as written: ``name``, the spacing around ``=`` and the value with its delimiters."""

    name: str
    pre: str
    post: str
    value: str

    def text(self) -> str:
        return f"{self.name}{self.pre}={self.post}{self.value}"


@dataclasses.dataclass(frozen=True)
class _Layout:
    """An entry's text cut at its fields: ``head``, then each field with ``seps`` between them,
    then ``tail`` up to the closing delimiter. ``key_end`` ends the key (and its comma) in ``head``."""

    start: int
    close: int
    head: str
    key: str
    key_end: int
    type_end: int
    fields: tuple[_Field, ...]
    seps: tuple[str, ...]
    tail: str


def _scan(text: str, start: int) -> _Layout | None:
    """The layout of the entry whose ``@`` is at ``start``, found the way bibtexparser's splitter
    finds its fields; None if the entry does not have that shape."""
    head = _HEAD.match(text, start)
    if head is None:
        return None
    closing = ")" if head.group(2) == "(" else "}"
    marks = _MARKS[closing].finditer(text, head.end())
    mark = next(marks, None)
    if mark is None or mark.group() not in (",", closing):
        return None
    key_end = mark.end() if mark.group() == "," else mark.start()
    found: list[tuple[int, _Field, int]] = []
    close = mark.start()
    if mark.group() == ",":
        scanned = _scan_fields(text, marks, closing, key_end)
        if scanned is None:
            return None
        found, close = scanned
    value_end = found[-1][2] if found else key_end
    return _Layout(
        start=start,
        close=close,
        head=text[start : found[0][0] if found else key_end],
        key=text[head.end() : mark.start()].strip(),
        key_end=key_end - start,
        type_end=head.end(1) - start,
        fields=tuple(field for _start, field, _end in found),
        seps=tuple(text[before[2] : after[0]] for before, after in pairwise(found)),
        tail=text[value_end:close],
    )


def _scan_fields(
    text: str, marks: Iterator[re.Match[str]], closing: str, name_from: int
) -> tuple[list[tuple[int, _Field, int]], int] | None:
    """Each field from ``name_from`` on as (where its name starts, the field, where its value
    ends), and where the entry closes; None if the fields do not have the shape of fields."""
    found: list[tuple[int, _Field, int]] = []
    while True:
        equals = next(marks, None)
        if equals is None:
            return None
        if equals.group() == closing:  # after a last comma, nothing but space
            return None if text[name_from : equals.start()].strip() else (found, equals.start())
        if equals.group() != "=":
            return None
        end = _value_end(text, marks, closing)
        if end is None:
            return None
        found.append(_field(text, name_from, equals, end.start()))
        if end.group() != ",":
            return found, end.start()
        name_from = end.end()


def _value_end(text: str, marks: Iterator[re.Match[str]], closing: str) -> re.Match[str] | None:
    """The comma or closing delimiter that ends a value (outside braces and quotes)."""
    depth, quoted = 0, False
    for mark in marks:
        char, at = mark.group(), mark.start()
        if char == '"' and depth == 0:
            if quoted and at >= 1 and at + 2 < len(text) and text[at - 1] == "{" and text[at + 1] == "}":
                continue  # {"} is a quote inside a quoted value
            quoted = not quoted
        elif char == "{" and not quoted:
            depth += 1
        elif char == "}" and not quoted and depth > 0:
            depth -= 1
        elif char in (",", closing) and not quoted and depth == 0:
            return mark
    return None


def _field(text: str, name_from: int, equals: re.Match[str], value_to: int) -> tuple[int, _Field, int]:
    """The field between ``name_from`` and ``value_to`` (its ``=`` at ``equals``), with where
    its name starts and its value ends."""
    raw_name, raw_value = text[name_from : equals.start()], text[equals.end() : value_to]
    name_start = name_from + len(raw_name) - len(raw_name.lstrip())
    name = raw_name.strip()
    value_start = equals.end() + len(raw_value) - len(raw_value.lstrip())
    value = raw_value.strip()
    pre = text[name_start + len(name) : equals.start()]
    return name_start, _Field(name, pre, text[equals.end() : value_start], value), value_start + len(value)


def _delimited(value: str, opening: str, closing: str) -> bool:
    """Whether ``value`` is one ``opening ... closing`` group (not a macro or a ``#`` concatenation)."""
    if len(value) < 2 or value[0] != opening or value[-1] != closing:
        return False
    depth = 0
    for index, char in enumerate(value[1:], 1):
        if char == "{" and value[index - 1] != "\\":
            depth += 1
        elif char == "}" and value[index - 1] != "\\" and depth > 0:
            depth -= 1
        elif char == closing and depth == 0 and value[index - 1] != "\\":
            return index == len(value) - 1
    return False


def _month(written: str, old: Entry, new: Entry) -> dict[str, str | None]:
    """The change to a ``month`` field (written as ``written``) when the month goes from old to new:
    a number stays a number, a name (``jan`` or ``{January}``) becomes a three-letter name."""
    if new.month == old.month:
        return {}
    if new.month is None:
        return {"month": None}
    number = _NUMBER.fullmatch(written.strip('{}"'))
    return {"month": str(new.month) if number else _MONTHS[new.month - 1]}


def _enclose(value: str, like: str | None, style: str) -> str:
    """A raw value enclosed as ``like`` (the value it replaces) was, or in ``style`` for a new field."""
    if like is not None:
        if (_NUMBER.fullmatch(like) and _NUMBER.fullmatch(value)) or (like in _MONTHS and value in _MONTHS):
            return value  # a bare number or month macro stays bare
        style = '"' if _delimited(like, '"', '"') else "{"
    if style == '"' and '"' not in value:
        return f'"{value}"'
    return "{" + value + "}"


def _retyped(layout: _Layout, new: str | None) -> tuple[str, int]:
    """The entry's head (``@type{key,`` and what follows) with ``new`` as its type, written in
    the case of the old one, and where its key ends."""
    head, key_end = layout.head, layout.key_end
    if new is None:
        return head, key_end
    old = head[1 : layout.type_end]
    new = new.upper() if old.isupper() else new.capitalize() if old[:1].isupper() else new
    return "@" + new + head[layout.type_end :], key_end + len(new) - len(old)


def _value_style(layout: _Layout) -> str:
    """How new values are enclosed: as most of the entry's values are ('"' or '{')."""
    quoted = sum(_delimited(f.value, '"', '"') for f in layout.fields)
    braced = sum(_delimited(f.value, "{", "}") for f in layout.fields)
    return '"' if quoted > braced else "{"


def _kept_fields(
    layout: _Layout, changes: dict[str, str | None], style: str
) -> list[tuple[_Field, str | None]]:
    """The entry's fields that stay, changed as ``changes`` says (the changes made are taken out
    of it), each with the separator that followed it."""
    kept: list[tuple[_Field, str | None]] = []
    for index, field in enumerate(layout.fields):
        if field.name.lower() in changes:
            value = changes.pop(field.name.lower())
            if value is None:
                continue
            field = dataclasses.replace(field, value=_enclose(value, field.value, style))
        kept.append((field, layout.seps[index] if index < len(layout.seps) else None))
    return kept


def _new_fields(layout: _Layout, added: Sequence[tuple[str, str | None]], style: str) -> list[_Field]:
    """Fields added at the entry's end, spaced like its last field (``=`` aligned if its fields
    have them aligned)."""
    last = layout.fields[-1] if layout.fields else _Field("", " ", " ", "")
    widths = {len(f.name) + len(f.pre) for f in layout.fields}
    aligned = widths.pop() if len(widths) == 1 and len({len(f.name) for f in layout.fields}) > 1 else None
    return [
        _Field(
            name,
            " " * max(1, aligned - len(name)) if aligned is not None else last.pre,
            last.post,
            _enclose(str(value), None, style),
        )
        for name, value in added
    ]


class BibText:
    """A .bib file's text and its entries, ready for changes that touch only what they must.

    ``text`` is the whole file as read by :func:`read_bib_text` (a leading byte-order mark is kept);
    ``source`` names it in error messages. It must read without errors (see :func:`loads_bib`).
    """

    def __init__(self, text: str, source: str = "<string>") -> None:
        self.source = source
        self._bom = _BOM if text.startswith(_BOM) else ""
        self._body = text[len(self._bom) :]
        crlf = self._body.count("\r\n")
        self._newline = "\r\n" if crlf and 2 * crlf > self._body.count("\n") else "\n"
        self.entries: list[Entry] = loads_bib(self._body, source)
        self._blocks = split_bib(self._body).blocks
        self._starts: dict[str, int] = {}
        self._raw: dict[str, bib.Entry] = {}
        cursor = 0
        for block in self._blocks:
            raw = block.raw or ""
            at = self._body.find(raw, cursor)
            if at < 0:
                raise UnsafeEditError(
                    f"{source}: cannot locate a block of this file in its text; nothing was changed"
                )
            if isinstance(block, bib.Entry):
                self._starts[block.key] = at
                self._raw[block.key] = block
            cursor = at + len(raw)
        self._taken = {key.lower() for key in self._starts}
        self._layouts: dict[str, _Layout] = {}
        self._changes: dict[str, dict[str, str | None]] = {}
        self._types: dict[str, str] = {}
        self._appended: list[tuple[str, str]] = []

    def _layout(self, key: str) -> _Layout:
        if key in self._layouts:
            return self._layouts[key]
        if key not in self._starts:
            raise CitationKeyError(f"{self.source}: there is no entry {key!r} to change")
        block = self._raw[key]
        layout = _scan(self._body, self._starts[key])
        fields = [(f.name, f.value) for f in layout.fields] if layout else None
        if (
            layout is None
            or layout.key != key
            or fields != [(f.key, f.value) for f in block.fields]
            or layout.close + 1 != self._starts[key] + len(block.raw or "")
        ):
            line = self._body.count("\n", 0, self._starts[key]) + 1
            raise UnsafeEditError(
                f"{self.source}:{line}: entry {key!r}: its fields could not be located in the text, so it "
                "cannot be changed without rewriting the file; nothing was written"
            )
        self._layouts[key] = layout
        return layout

    def set_fields(
        self, key: str, changes: Mapping[str, str | None], *, entry_type: str | None = None
    ) -> None:
        """Change fields of entry ``key``: each name (any case) to a raw BibTeX value without its
        enclosing braces, or to None to remove the field; ``entry_type`` changes the ``@type``.
        A field the entry lacks is added at its end."""
        self._layout(key)  # fails now, not at text(), if the entry cannot be edited
        self._changes.setdefault(key, {}).update({name.lower(): value for name, value in changes.items()})
        if entry_type is not None:
            self._types[key] = entry_type

    def append(self, entry: Entry) -> None:
        """Add an entry at the end of the file, as the project's writer renders it."""
        if (entry.key or "").lower() in self._taken:
            raise CitationKeyError(f"{self.source}: an entry with the key {entry.key!r} is already there")
        self._taken.add((entry.key or "").lower())
        # line breaks inside values stay as they are; those between fields follow the file's
        rendered = dumps_bib([entry])
        values = ["{" + value + "}" for _, value in entry_fields(normalise(entry))[1] if "\n" in value]
        self._appended.append((entry.key or "", self._lines(rendered, values)))

    def change(self, old: Entry, new: Entry) -> None:
        """Rewrite the fields in which entry ``new`` differs from ``old`` (its current reading)."""
        layout = self._layout(str(old.key))
        old_type, old_fields = entry_fields(old)
        new_type, new_fields = entry_fields(new)
        before, after = dict(old_fields), dict(new_fields)
        file_type = layout.head[1 : layout.type_end].lower()
        read_as = file_type if new_type == old_type else new_type  # the type the reader will see
        present: dict[str, str] = {}
        for field in layout.fields:
            present.setdefault(field.name.lower(), field.value)

        def taken(name: str, written_type: str, read_type: str) -> str | None:
            """The field of the file the reader takes for what the writer writes as ``name``."""
            names = [n for n in read_names(name, written_type, read_type) if n in present]
            return next((n for n in names if present[n].strip('{}" \t\r\n')), names[0] if names else None)

        changes: dict[str, str | None] = {}
        for name in (n for n in before if n not in after):  # removals first: a change may reuse the field
            removed = taken(name, old_type, file_type)
            if removed is not None:
                changes[removed] = None
        for name, value in after.items():
            if before.get(name) == value:
                continue
            if name == "date" and "date" not in present and "month" in present:
                changes.update(_month(present["month"], old, new))
                if new.day is None:
                    continue  # year and month say it all, as they did before
            changes[taken(name, new_type, read_as) or name] = value
        if "date" in before and "date" not in after and "date" not in present and "month" in present:
            changes.update(_month(present["month"], old, new))
        self.set_fields(str(old.key), changes, entry_type=new_type if new_type != old_type else None)

    def _edited(self, key: str) -> str:
        """The new text of entry ``key`` from its ``@`` up to (not including) its closing delimiter."""
        layout = self._layout(key)
        changes = dict(self._changes.get(key, {}))
        head, key_end = _retyped(layout, self._types.get(key))
        style = _value_style(layout)
        kept = _kept_fields(layout, changes, style)  # takes the changes to fields already there
        added = [(name, value) for name, value in changes.items() if value is not None]
        if not kept and not added:
            return head[:key_end] + layout.tail
        head, sep, tail = self._joints(layout, head, key_end)
        kept += [(field, None) for field in _new_fields(layout, added, style)]
        parts = [head]
        for index, (field, _) in enumerate(kept):
            if index:
                parts.append(kept[index - 1][1] or sep)
            parts.append(field.text())
        return "".join(parts) + tail

    def _joints(self, layout: _Layout, head: str, key_end: int) -> tuple[str, str, str]:
        """The head, the separator before a new field and the tail of an entry that will have
        fields: as the entry has them, or (an entry without fields) one field to a line."""
        if layout.fields:
            return head, layout.seps[-1] if layout.seps else "," + head[key_end:], layout.tail
        sep = "," + self._newline + "  "
        head = head[:key_end] + ("" if head[:key_end].endswith(",") else ",") + sep[1:]
        return head, sep, layout.tail if "\n" in layout.tail else self._newline

    def _lines(self, text: str, values: list[str]) -> str:
        """``text`` with the file's line endings, except inside ``values`` (found in order)."""
        if self._newline == "\n":
            return text
        parts, cursor = [], 0
        for value in values:
            at = text.find(value, cursor)
            if at >= 0:
                parts += [text[cursor:at].replace("\n", self._newline), value]
                cursor = at + len(value)
        return "".join([*parts, text[cursor:].replace("\n", self._newline)])

    def text(self) -> str:
        """The file's text with every change made (the byte-order mark, if any, included)."""
        parts: list[str] = []
        cursor = 0
        for key in sorted(self._changes.keys() | self._types.keys(), key=lambda k: self._starts[k]):
            layout = self._layout(key)
            parts += [self._body[cursor : layout.start], self._edited(key)]
            cursor = layout.close
        parts.append(self._body[cursor:])
        last = "".join(parts)[-4:]  # the end of the text so far, enough to see a blank line
        for _, rendered in self._appended:  # parts joined once: adding to a growing string is quadratic
            if last and not last.endswith("\n\n") and not last.endswith("\r\n\r\n"):
                gap = self._newline if last.endswith("\n") else self._newline * 2
                parts.append(gap)
                last += gap
            parts.append(rendered)
            last = (last + rendered)[-4:]
        return self._bom + "".join(parts)

    def verify(self, text: str, expected: list[Entry]) -> None:
        """Insist that ``text`` reads back as ``expected`` and that every block not changed or
        appended is still there, byte for byte, in the same order."""
        body = text[len(self._bom) :] if text.startswith(self._bom) else text
        verify_readback(body, expected)
        touched = self._changes.keys() | self._types.keys() | {key for key, _ in self._appended}

        def kept(blocks: list[bib.Block]) -> list[str | None]:
            return [b.raw for b in blocks if not (isinstance(b, bib.Entry) and b.key in touched)]

        if kept(split_bib(body).blocks) != kept(self._blocks):
            raise UnsafeEditError(
                f"{self.source}: the change would alter text outside the entries it meant to change, so "
                "nothing was written; please report this file"
            )


def rewrite_bib(text: str, entries: Iterable[Entry], *, source: str = "<string>") -> str:
    """``text`` (a whole .bib file) changed to hold exactly ``entries``: entries already there keep
    their place and all their text except the fields that change; new ones are appended. Every
    entry of the file must be among ``entries`` (nothing is deleted). The result is verified."""
    document = BibText(text, source)
    wanted = [normalise(entry) for entry in entries]
    by_key: dict[str, Entry] = {}
    for entry in wanted:  # keys already in the file are kept as they are, even ones we would not write
        if entry.key in by_key:
            raise CitationKeyError(
                f"{source}: two entries share the key {entry.key!r}: rename one; nothing was written"
            )
        if entry.key:
            by_key[entry.key] = entry
    dropped = [str(entry.key) for entry in document.entries if entry.key not in by_key]
    if dropped:
        raise UnsafeEditError(
            f"{source}: the change would remove the entries {', '.join(dropped)} from the file (merged into "
            "a look-alike entry?); entries are never deleted, so nothing was written: if they are "
            "duplicates, merge them by hand first"
        )
    for old in document.entries:
        if by_key[str(old.key)] != old:
            document.change(old, by_key[str(old.key)])
    known = {str(entry.key) for entry in document.entries}
    added = [entry for entry in wanted if not entry.key or entry.key not in known]
    for entry in added:
        document.append(entry)
    result = document.text()
    document.verify(result, [by_key[str(entry.key)] for entry in document.entries] + added)
    return result
