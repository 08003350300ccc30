"""Labelled references: the vocabulary the learned parser speaks, and the text format it is kept in.

A labelled reference is its text as written plus the spans of it that are fields
(author, date, title, ...); what no span covers is punctuation or other text. Training
data, the development set and a maintainer's corrections are all kept in one format,
one reference a line, each field wrapped in a tag named after its label::

    <author>Firmin, C.</author> (<date>2020</date>). <title>Contextual safeguarding</title>. <publisher>Routledge</publisher>.

Removing the tags gives the reference back exactly (``&lt;``, ``&gt;`` and ``&amp;``
stand for ``<``, ``>`` and ``&``; ``&#35;`` for a ``#`` that starts a reference, which would
otherwise make the line a comment). Blank lines and lines starting with ``#`` are skipped.
A line ends at a line feed (or carriage return): a reference holds neither.

>>> ref = parse_tagged("<author>Yeo, A.</author> (<date>2021</date>). <title>Community engagement</title>.")
>>> ref.text
'Yeo, A. (2021). Community engagement.'
>>> [(s.label.value, ref.text[s.start:s.end]) for s in ref.spans]
[('author', 'Yeo, A.'), ('date', '2021'), ('title', 'Community engagement')]
>>> format_tagged(ref) == "<author>Yeo, A.</author> (<date>2021</date>). <title>Community engagement</title>."
True
"""

from __future__ import annotations

import enum
import os
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from jtd_evidence._atomic import atomic_write_text
from jtd_evidence.exceptions import FormatError, InputError

__all__ = [
    "Label",
    "LabelledReference",
    "Span",
    "Token",
    "format_tagged",
    "parse_tagged",
    "read_tagged",
    "save_tagged",
    "token_labels",
    "tokenise",
    "write_tagged",
]


class Label(enum.Enum):
    """What a stretch of a reference is."""

    AUTHOR = "author"
    EDITOR = "editor"
    DATE = "date"
    TITLE = "title"
    CONTAINER = "container-title"
    COLLECTION = "collection-title"
    VOLUME = "volume"
    ISSUE = "issue"
    PAGES = "pages"
    EDITION = "edition"
    PUBLISHER = "publisher"
    PLACE = "place"
    URL = "url"
    DOI = "doi"
    IDENTIFIER = "identifier"  # ISBN, ISSN and other standard numbers
    ACCESSED = "accessed"
    GENRE = "genre"  # medium or kind: [Online], Report, PhD thesis, [Book Section]
    NOTE = "note"
    OTHER = "other"  # punctuation and words that are no field

    # Members are looked up in dicts and sets for every field of every reference read; Enum's
    # own __hash__ is Python code (it hashes the name), the identity's is not (members are
    # singletons compared by identity, so equal members have equal hashes either way)
    __hash__ = object.__hash__


_BY_NAME = {label.value: label for label in Label if label is not Label.OTHER}


@dataclass(frozen=True)
class Span:
    """``text[start:end]`` is a ``label`` field."""

    label: Label
    start: int
    end: int


@dataclass(frozen=True)
class LabelledReference:
    """A reference as written and its fields' spans (in order, not overlapping)."""

    text: str
    spans: tuple[Span, ...]

    def fields(self) -> list[tuple[Label, str]]:
        return [(span.label, self.text[span.start : span.end]) for span in self.spans]


_TAG = re.compile(r"<(/?)([a-z-]+)>")
_UNESCAPE = {"&lt;": "<", "&gt;": ">", "&amp;": "&", "&#35;": "#"}
_ENTITY = re.compile(r"&(?:lt|gt|amp|#35);")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def parse_tagged(line: str, source: str = "<string>", number: int | None = None) -> LabelledReference:
    """A labelled reference from one tagged line; :class:`FormatError` names the place of a bad tag."""
    where = f"{source}:{number}" if number is not None else source
    text: list[str] = []
    length = 0
    spans: list[Span] = []
    open_label: tuple[Label, int] | None = None
    position = 0
    for match in _TAG.finditer(line):
        plain = _ENTITY.sub(lambda m: _UNESCAPE[m.group(0)], line[position : match.start()])
        text.append(plain)
        length += len(plain)
        position = match.end()
        closing, name = match.group(1) == "/", match.group(2)
        label = _BY_NAME.get(name)
        if label is None:
            known = ", ".join(sorted(_BY_NAME))
            raise FormatError(
                f"{where}: unknown tag <{'/' if closing else ''}{name}> (at character {match.start() + 1}); "
                f"the tags are {known} (write &lt; for a '<' that is text)"
            )
        if not closing:
            if open_label is not None:
                raise FormatError(
                    f"{where}: <{name}> (at character {match.start() + 1}) opens inside "
                    f"<{open_label[0].value}>: close that one first (fields do not nest)"
                )
            open_label = (label, length)
        else:
            if open_label is None or open_label[0] is not label:
                still = f"<{open_label[0].value}> is open" if open_label else "no tag is open"
                raise FormatError(
                    f"{where}: </{name}> (at character {match.start() + 1}) closes a tag that is not "
                    f"open ({still}): add <{name}> where the field starts, or remove </{name}>"
                )
            if length > open_label[1]:
                spans.append(Span(label, open_label[1], length))
            open_label = None
    if open_label is not None:
        raise FormatError(f"{where}: <{open_label[0].value}> is never closed: add </{open_label[0].value}>")
    text.append(_ENTITY.sub(lambda m: _UNESCAPE[m.group(0)], line[position:]))
    return LabelledReference("".join(text), tuple(spans))


def format_tagged(reference: LabelledReference) -> str:
    """The one-line tagged form of a labelled reference (the inverse of :func:`parse_tagged`)."""
    out: list[str] = []
    position = 0
    for span in reference.spans:
        if span.start < position or span.end < span.start or span.end > len(reference.text):
            raise FormatError(
                f"span {span.label.value} {span.start}-{span.end} overlaps the one before it or leaves the "
                f"text: the tagged line would not give the reference back ({reference.text[:60]!r})"
            )
        out.append(_escape(reference.text[position : span.start]))
        name = span.label.value
        out.append(f"<{name}>{_escape(reference.text[span.start : span.end])}</{name}>")
        position = span.end
    out.append(_escape(reference.text[position:]))
    line = "".join(out)
    body = line.lstrip()
    if body.startswith("#"):  # would read as a comment
        line = line[: len(line) - len(body)] + "&#35;" + body[1:]
    return line


def read_tagged(path: str | os.PathLike[str]) -> list[LabelledReference]:
    """Every labelled reference in a tagged file (UTF-8); :class:`InputError` for a file that
    cannot be read as UTF-8 text, :class:`FormatError` for a bad tag (both say where)."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise InputError(
            str(path),
            None,
            f"cannot be read ({error.strerror or error}): give a tagged file, such as "
            "`jtd-evidence parse FILE --labels > FILE.tagged` writes",
        ) from error
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise InputError(
            str(path), line, f"not UTF-8 text (byte {error.start + 1}): save the file as UTF-8 and try again"
        ) from error
    found = []
    # lines end at line feeds and carriage returns only (not at str.splitlines' form feed or
    # U+2028, which a reference may hold)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, tagged in enumerate(lines, start=1):
        if tagged.strip() and not tagged.lstrip().startswith("#"):
            found.append(parse_tagged(tagged, str(path), number))
    return found


def write_tagged(references: Iterable[LabelledReference]) -> str:
    """Tagged text for ``references``, one a line, that :func:`read_tagged` gives back;
    :class:`FormatError` for a reference that a line of a file cannot hold (one with no text,
    or with a line break in it)."""
    return "".join(_file_line(reference) + "\n" for reference in references)


def _file_line(reference: LabelledReference) -> str:
    text = reference.text
    if not text.strip() or "\n" in text or "\r" in text:
        what = "no text" if not text.strip() else "a line break"
        raise FormatError(
            f"a reference with {what} cannot be a line of a tagged file ({text[:60]!r}): "
            "join its lines with a space (or leave an empty one out)"
        )
    return format_tagged(reference)


def save_tagged(path: str | os.PathLike[str], references: Iterable[LabelledReference]) -> str:
    """Write ``references`` to a tagged file atomically (all of it or, on an error, the old file
    as it was: :class:`~jtd_evidence.exceptions.WriteError`); the text written."""
    text = write_tagged(references)
    atomic_write_text(path, text)
    return text


class Token(NamedTuple):
    """A word or a punctuation mark of a reference, with where it stands (a named tuple: a
    reference has dozens and the reader makes them for every reference it reads)."""

    text: str
    start: int
    end: int


_TOKEN = re.compile(
    r"(?:https?://|www\.|doi:)\S+?(?=[.,;:)\]>]*(?:\s|$))"
    r"|[^\W_]+(?:['’-][^\W_]+|\.(?=[^\W\d_])[^\W_]+)*|[^\w\s]|_"
)


def tokenise(text: str) -> list[Token]:
    """Words (with inner apostrophes and hyphens, and dots between letters: 'U.K', but '14', '.',
    '4' for MLA's volume.issue), web addresses and DOIs as one token
    (without the punctuation that ends the sentence after them), and each other mark alone,
    the underscore too (Markdown's other italics, ``_Journal_``): the units the model labels."""
    tokens: list[Token] = []
    end = 0
    find, keep = text.find, tokens.append
    for word in _TOKEN.findall(text):
        # between two tokens there is only white space (every other character is a token or in
        # one, and no token holds white space), so a token's first place at or after the last
        # one's end is its own
        start = find(word, end)
        end = start + len(word)
        keep(_new_token(Token, (word, start, end)))
    return tokens


_new_token = tuple.__new__
"""How :func:`tokenise` makes each token: the named tuple's own constructor is Python code that
calls this, a step more for every token of every reference read. (The words are found with
``findall``, which makes no match objects, and placed with ``str.find``: quicker than
``finditer``'s matches.)"""


def token_labels(reference: LabelledReference, tokens: Sequence[Token]) -> list[Label]:
    """Each token's label: the label of most of its characters (OTHER where no span covers it;
    of labels covering as many characters, a field before OTHER, else the first)."""
    spans = reference.spans
    count = len(spans)
    at = 0  # the first span that does not end before the token (tokens and spans are in order)
    labels = []
    for token in tokens:
        start, end = token.start, token.end
        while at < count and spans[at].end <= start:
            at += 1
        if at == count or spans[at].start >= end:  # between fields
            labels.append(Label.OTHER)
        elif spans[at].start <= start and end <= spans[at].end:  # inside one field: most tokens
            labels.append(spans[at].label)
        else:
            labels.append(_most_of(spans, at, start, end))
    return labels


def _most_of(spans: Sequence[Span], at: int, start: int, end: int) -> Label:
    """The label of most characters of ``start:end``, which spans from ``spans[at]`` on cover in part."""
    owner = [Label.OTHER] * (end - start)
    for span in spans[at:]:
        if span.start >= end:
            break
        first, last = max(span.start, start), min(span.end, end)
        owner[first - start : last - start] = [span.label] * (last - first)
    counts = Counter(owner)
    return max(counts, key=lambda label: (counts[label], label is not Label.OTHER))
