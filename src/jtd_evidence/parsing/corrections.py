"""The corrections file ``jtd-evidence parse --labels`` writes: a pasted list as tagged lines.

Each reference read from the list is written as one tagged line (the format of
:mod:`jtd_evidence.parsing.labels`) for a maintainer to correct by hand and give to
``scripts/train_parser.py --extra FILE``. Nothing of the list is left out silently:

- a reference's list number or bullet (``19.``, ``[3]``, ``-``) stays in its line, untagged;
- a reference the list gives again word for word (list number aside) is written once; each
  repeat is a comment naming the line it repeats;
- every other line that is not blank (prose, headings, lines not taken as references, and
  references that could not be read) is a comment with its line number and its text, so that
  a reference the parser missed can be tagged and taken out of its comment;
- where the text the model labelled differs from the pasted one by more than white space
  (a Markdown link written out as ``text <address>``), a comment gives the line as pasted.

A reference's lines are joined with one space (none inside a web address), and every run of
white space is one space, as the parser reads it. :func:`read_tagged` of the file gives back
:attr:`Corrections.references`, the same texts and labels.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from jtd_evidence.exceptions import FormatError, ReferenceParseError
from jtd_evidence.parsing.evidence_list import NOT_READ, Occurrence, ParseResult
from jtd_evidence.parsing.labels import LabelledReference, Span, format_tagged
from jtd_evidence.parsing.markup import strip_bullet

__all__ = ["Corrections", "corrections"]

# What a line that is not a reference was taken for, in its comment.
_TAKEN_FOR = {
    **{kind: f"not read: {why}" for kind, why in NOT_READ.items()},
    "warning": "not read as a reference",
    "principle": "a principle heading",
    "statement": "a statement heading",
}


@dataclass(frozen=True)
class Corrections:
    """The file's text, the labelled references it holds (what :func:`read_tagged` gives back
    from it), the repeats written as comments ``(line, line it repeats)``, and the numbers of
    the other lines written as comments."""

    text: str
    references: tuple[LabelledReference, ...]
    repeats: tuple[tuple[int, int], ...]
    comments: tuple[int, ...]


@dataclass(frozen=True)
class _Labelled:
    reference: LabelledReference | None  # None: could not be read
    notes: tuple[str, ...]  # comments to write above it


def corrections(result: ParseResult, name: str) -> Corrections:
    """The corrections file for the list ``name`` that ``result`` was read from (see the module)."""
    occurrences = {occurrence.line: occurrence for occurrence in result.occurrences}
    unread = {
        w.line: w.message for w in result.warnings if w.kind == "unparsed" and w.line not in occurrences
    }
    labelled = _label(result.occurrences)
    out = [
        f"# {name}: each reference with its fields tagged as jtd-evidence read them, one a line.",
        "# Correct the tags where they are wrong; the text between the tags must stay as written.",
        "# Lines starting with '#' are not read: a '# line N' comment holds a line of the list that",
        "# was not taken as a reference (or repeats one); to train on it, delete the comment up to",
        "# the text and tag it. Then: python scripts/train_parser.py --extra THIS-FILE",
    ]
    references: list[LabelledReference] = []
    repeats: list[tuple[int, int]] = []
    comments: list[int] = []
    first_line: dict[str, int] = {}  # reference text (list number aside) -> the line it was first on
    for line in result.lines:
        occurrence = occurrences.get(line.number)
        if occurrence is not None:
            prefix, body = _split_number(occurrence.text)
            if body in first_line:
                repeats.append((line.number, first_line[body]))
                out.append(
                    f"# line {line.number} repeats line {first_line[body]} word for word: {prefix}{body}"
                )
                continue
            first_line[body] = line.number
            written = _write(occurrence.line, prefix + body, len(prefix), labelled[body], out)
            if written is not None:
                references.append(written)
            else:
                comments.append(line.number)
        elif line.kind not in ("blank", "continuation"):
            taken_for = _TAKEN_FOR.get(line.kind, f"not read: {line.kind}")
            if line.number in unread:
                taken_for = f"could not be read ({unread[line.number]})"
            comments.append(line.number)
            out.append(f"# line {line.number}, {taken_for}: {' '.join(line.text.split())}")
    # a comment is one line whatever it quotes (a file name or a message with a line break in it)
    lines = (" ".join(line.split()) if line.startswith("#") else line for line in out)
    return Corrections("\n".join(lines) + "\n", tuple(references), tuple(repeats), tuple(comments))


def _write(
    number: int, pasted: str, numbering: int, labelled: _Labelled, out: list[str]
) -> LabelledReference | None:
    """Write the line of the reference ``pasted`` (its first ``numbering`` characters a list
    number) and the comments above it to ``out``; the labelled reference written, or None where
    it went into a comment."""
    out.extend(labelled.notes)
    if labelled.reference is None:
        out.append(f"# line {number}, could not be labelled: {pasted}")
        return None
    reference = _numbered(pasted[:numbering], labelled.reference)
    try:
        line = format_tagged(reference)
    except FormatError as error:  # the labeller's spans overlap: keep the text, say why
        out.append(f"# line {number}, could not be tagged ({error}): {pasted}")
        return None
    if reference.text != pasted:
        out.append(f"# line {number} as pasted: {pasted}")
    out.append(line)
    return reference


def _split_number(text: str) -> tuple[str, str]:
    """A reference's list number or bullet (with the space after it) and the rest, white space
    made single spaces as the parser reads it."""
    spaced = " ".join(text.split())
    body = strip_bullet(spaced)
    return spaced[: len(spaced) - len(body)], body


def _numbered(prefix: str, reference: LabelledReference) -> LabelledReference:
    """``reference`` with ``prefix`` (its list number) in front, untagged; empty spans dropped
    (a tagged line cannot hold them)."""
    shift = len(prefix)
    spans = tuple(Span(s.label, s.start + shift, s.end + shift) for s in reference.spans if s.end > s.start)
    return LabelledReference(prefix + reference.text, spans)


def _label(occurrences: Sequence[Occurrence]) -> dict[str, _Labelled]:
    """Each distinct reference (list number aside) labelled: as the shipped model labels it (the
    labelling the parse kept, where it kept one: ``parse_evidence_list(..., labels=True)``) or,
    without a model (or for text longer than any reference), the grammar's fields found in it."""
    from jtd_evidence.parsing.learned import MODEL, read_learned_many
    from jtd_evidence.parsing.reference import LONGEST_LEARNED

    first: dict[str, Occurrence] = {}  # reference without its list number -> its first occurrence
    for occurrence in occurrences:
        first.setdefault(_split_number(occurrence.text)[1], occurrence)
    learned = [body for body in first if len(body) <= LONGEST_LEARNED] if MODEL.is_file() else []
    kept = {body: labelled for body in learned if (labelled := first[body].labelled) is not None}
    unlabelled = [body for body in learned if body not in kept]
    readings = read_learned_many([first[body].text for body in unlabelled]) if unlabelled else []
    for body, reading in zip(unlabelled, readings, strict=True):
        if not isinstance(reading, ReferenceParseError) and reading.labelled is not None:
            kept[body] = reading.labelled
    return {
        body: _Labelled(kept[body], ()) if body in kept else _aligned(body, occurrence.text)
        for body, occurrence in first.items()
    }


def _aligned(body: str, text: str) -> _Labelled:
    """``body``, the reference ``text`` without its list number, labelled with the grammar's
    fields where they are found in it."""
    from jtd_evidence.parsing.align import align
    from jtd_evidence.parsing.reference import read_with_grammar

    try:
        entry = read_with_grammar(text).entry
    except ReferenceParseError as error:
        return _Labelled(None, (f"# {error}",))
    reference, missing = align(body, entry)
    notes = (f"# read but not found in the text: {', '.join(missing)}",) if missing else ()
    return _Labelled(reference, notes)
