"""Read a whole evidence document: headings, references, and everything else accounted for.

Every line ends up in exactly one :class:`Line` record: a principle or statement
heading, (part of) a reference, known furniture (blank, preamble, prose, a
repeated page header, a caption, contact details), or a warning. References are
read with :func:`~jtd_evidence.parsing.reference.read_reference` and repeats of
a work under several statements are merged into one entry carrying them all.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from jtd_evidence.exceptions import ReferenceParseError, UnknownStatementError
from jtd_evidence.framework import (
    PRINCIPLES,
    STATEMENTS,
    Principle,
    Statement,
    find_principle,
    find_statement,
    normalise_heading,
)
from jtd_evidence.framework import statement as lookup_statement
from jtd_evidence.models import Entry
from jtd_evidence.parsing.batch import (
    Arriving,
    Outcome,
    Workers,
    fewer_collections,
    preload_model,
    workers_for,
)
from jtd_evidence.parsing.labels import LabelledReference
from jtd_evidence.parsing.merge import Merger
from jtd_evidence.parsing.reference import read_reference
from jtd_evidence.parsing.reference_line import THRESHOLD, Verdict, judge_line
from jtd_evidence.parsing.source import is_prose

__all__ = ["NOT_READ", "Line", "Occurrence", "ParseResult", "ParseWarning", "parse_evidence_list"]

_CAPTIONS = {normalise_heading(c): p.id for p in PRINCIPLES for c in p.captions}
# Every folded name a heading can have, to look a line up once instead of twice.
_HEADING_KEYS = frozenset(
    normalise_heading(name)
    for names in (*((p.id, p.name) for p in PRINCIPLES), *((s.id, s.name, *s.variants) for s in STATEMENTS))
    for name in names
)
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_EMPHASIS = re.compile(r"\*\*|__")
_BULLET = re.compile(r"^\s*(?:[-*+•·▪]|\d{1,3}[.)]|\[\d{1,3}\])\s+")
_CONTACT = re.compile(
    r"(?:\b[\w.+-]+@[\w-]+\.[\w.]+\b|\b(?:tel|telephone|phone|fax|email|e-mail)\b\s*:?|"
    r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b|(?:^|\s)@\w+|^\s*(?:https?://)?www\.\S+\s*$|#\w+\s*$)",
    re.IGNORECASE,
)
_ORNAMENT = re.compile(r"^[\s●•◦▪·*_=~-]*$")
_PAGE_NUMBER = re.compile(r"^\s*(?:page\s+)?\d{1,3}(?:\s*(?:of|/)\s*\d{1,3})?\s*$", re.IGNORECASE)
_YEAR_OR_LINK = re.compile(r"\b(?:1[89]|20)\d\d\b|https?://|www\.|\bdoi\b", re.IGNORECASE)
_URL_TAIL = re.compile(r"^[\w\-./%?=&#~+:;,@!$'*]+")
_LINK_END = re.compile(r"(?:://|\bwww\.)\S*$", re.IGNORECASE)  # the line's last word is an address
_ADDRESS_ONLY = re.compile(r"[/%?=&#_~]")  # characters of addresses, not of words


def _continues_address(text: str) -> bool:
    """Can ``text`` (a line after one that ends in an address) only be the rest of that address?
    Its first word is made of an address's characters and holds one no word has ('/', '?', '=',
    '_', ...), or it is the whole line, a lower-case or numeric piece ('pdf', '2023-report')."""
    first = text.split(maxsplit=1)[0].rstrip(">)].,;") if text else ""
    if not first or _URL_TAIL.fullmatch(first) is None:
        return False
    return bool(_ADDRESS_ONLY.search(first)) or (" " not in text and not first[:1].isupper())


@dataclass(frozen=True)
class Line:
    """What one line of the document is."""

    number: int
    kind: str  # blank, comment, preamble, principle, statement, reference, continuation, prose, header, caption, contact, ornament, warning
    text: str
    statement: str | None = None


NOT_READ = {
    "preamble": "before the first heading (the document's title or introduction)",
    "prose": "prose between references",
    "contact": "contact details",
    "header": "a repeated line (a page header or footer?)",
    "caption": "a caption",
    "ornament": "a rule, bullet or page number",
    "comment": "an HTML comment",
}
"""The kinds of :class:`Line` that are read as neither a reference nor a heading, each with
what the line was taken for (the one wording ``parse`` and its ``--labels`` file use)."""

_SAMPLED = 200  # lines looked at to tell a list of one reference a line from a hard-wrapped one

UNSURE = 0.6
"""A reference whose least certain field the learned reader is less sure of than this is
reported ("unsure"), so that a person checks it before the others."""


@dataclass(frozen=True)
class ParseWarning:
    """Something a person should look at, with the line it came from."""

    line: int
    kind: (
        str  # unparsed, data-quality, title-variant, unsure, unrecognised, unknown-heading, outside-statement
    )
    message: str
    raw: str
    confidence: float | None = None  # unsure: how sure the reader is of the reference's weakest field

    def __str__(self) -> str:
        return f"line {self.line}: {self.kind}: {self.message} [{self.raw[:80]}]"


@dataclass(frozen=True)
class Occurrence:
    """One citation of a work: where it stands and under which statement."""

    line: int
    statement: str | None
    entry_index: int
    text: str = ""  # the reference as read: its lines joined, list number and all
    labelled: LabelledReference | None = None  # as the model labelled it, when asked for (``labels``)


@dataclass
class ParseResult:
    """Merged entries, the lines they came from, and warnings."""

    entries: list[Entry] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    occurrences: list[Occurrence] = field(default_factory=list)

    def works_per_statement(self) -> dict[str, int]:
        counts: Counter[str] = Counter()
        for entry in self.entries:
            counts.update(entry.statements)
        return dict(sorted(counts.items()))


def _heading_text(line: str) -> str:
    return _EMPHASIS.sub("", _MD_HEADING.sub("", line)).strip().rstrip(":")


def _block_starts(lines: list[str]) -> list[int]:
    """For each line, the index of the first line of its block of non-blank lines."""
    starts: list[int] = []
    start = 0
    for index, line in enumerate(lines):
        if not line.strip():
            start = index + 1
        starts.append(start)
    return starts


class _Reader:
    def __init__(
        self,
        text: str,
        statement: Statement | None = None,
        keep_unassigned: bool = False,
        collect: Callable[[str], None] | None = None,
        labels: bool = False,
    ) -> None:
        self.labels = labels  # keep each reference's labelling by the model on its occurrence
        self.raw_lines = text.splitlines()
        self.result = ParseResult()
        self.merger = Merger()
        self.statement = statement
        self.principle: Principle | None = statement.principle if statement else None
        self.seen_heading = statement is not None
        self.keep_unassigned = keep_unassigned
        # A pasted list (a statement given, or references wanted under none) until a heading comes:
        # every line in it is a reference or is reported, since there is no preamble to skip.
        self.pasted = statement is not None or keep_unassigned
        self.pasted_warnings: list[ParseWarning] = []  # lines of the pasted part that were not read
        self.first_heading: int | None = None  # line number of the first principle or statement
        counts = Counter(line.strip() for line in self.raw_lines if line.strip())
        self.repeated = {line for line, n in counts.items() if n > 1}
        # reference text -> reading; stripped line -> judge_line's verdict on it (found here, or
        # arriving from worker processes)
        self.readings: dict[str, Outcome] | Arriving[str, Outcome] = {}
        self.verdicts: dict[str, Verdict] | Arriving[str, Verdict] = {}
        self.collect = collect  # only hand each reference's text to this, to be read elsewhere
        self.folded: dict[int, str] = {}  # line index -> its text folded as a heading
        self.block_start = _block_starts(self.raw_lines)
        self.contact_blocks: dict[int, bool] = {}  # block start -> holds contact details
        self.pending: list[int] = []  # line numbers of the reference being gathered
        self.after_reference = False  # the last non-blank line recorded was (part of) a reference
        self.one_a_line: bool | None = None  # does the pasted list hold one reference a line?
        self.in_comment = False

    def warn(self, number: int, kind: str, message: str, raw: str, confidence: float | None = None) -> None:
        self.result.warnings.append(ParseWarning(number, kind, message, raw, confidence))

    def heading_at(self, index: int) -> tuple[int, Principle | Statement | str] | None:
        """A heading starting at line ``index`` spread over up to three lines: (lines used, what)."""
        parts: list[str] = []
        keys: list[str] = []
        for span in range(3):
            if index + span >= len(self.raw_lines) or not self.raw_lines[index + span].strip():
                break
            parts.append(_heading_text(self.raw_lines[index + span]))
            joined = " ".join(parts)
            if len(joined) > 160:
                break
            keys.append(self.folded_heading(index + span, parts[-1]))
            key = " ".join(k for k in keys if k)  # normalise_heading(joined), each line folded once
            if key in _HEADING_KEYS:
                found = find_statement(joined) or find_principle(joined)
                if found is not None and key != normalise_heading(found.id):  # not a bare 'LC2'
                    return span + 1, found
            if key in _CAPTIONS:
                return span + 1, "caption"
        return None

    def folded_heading(self, index: int, text: str) -> str:
        """normalise_heading of line ``index``'s heading ``text``, worked out once per line (each
        line is looked at as the first, second and third line of a heading)."""
        self.folded.pop(index - 1, None)  # lines are looked at in order: the one before is done with
        key = self.folded.get(index)
        if key is None:
            key = self.folded[index] = normalise_heading(text)
        return key

    def run(self) -> ParseResult:
        index = 0
        while index < len(self.raw_lines):
            index = self.step(index)
        self.flush()
        if self.first_heading is not None and self.pasted_warnings:
            self.preamble_after_all()
        self.result.entries = self.merger.entries
        self.result.lines.sort(key=lambda line: line.number)
        return self.result

    def record(self, index: int, kind: str) -> None:
        if kind != "blank":
            self.after_reference = kind in ("reference", "continuation")
        self.result.lines.append(
            Line(index + 1, kind, self.raw_lines[index], self.statement.id if self.statement else None)
        )

    def step(self, index: int) -> int:
        raw = self.raw_lines[index]
        text = raw.strip()
        if not text:
            self.flush()
            self.record(index, "blank")
            return index + 1
        heading = self.heading_at(index)
        if heading is not None:
            self.flush()
            used, found = heading
            kind = self.set_heading(found, index)
            for offset in range(used):
                self.record(index + offset, kind)
            return index + used
        if self.in_comment or text.startswith("<!--"):
            self.flush()
            self.in_comment = "-->" not in text
            self.record(index, "comment")
            return index + 1
        if _MD_HEADING.match(raw):
            self.flush()
            if self.seen_heading:
                self.unknown_heading(index, _heading_text(raw))
            else:
                self.record(index, "preamble")
            return index + 1
        verdict = functools.partial(self.judge, text)  # judged only where it matters
        if (
            self.pending
            and not self.pending_complete(text)
            and not verdict().starts_reference
            and not _BULLET.match(raw)
            and not (self.pasted and verdict().is_reference and self.one_reference_a_line())
        ):
            self.pending.append(index)
            self.record(index, "continuation")
            return index + 1
        self.flush()
        if (self.statement is not None or self.seen_heading or self.keep_unassigned) and (
            verdict().is_reference or self.between_references(index, verdict())
        ):
            if self.statement is None and self.seen_heading:
                self.warn(
                    index + 1,
                    "outside-statement",
                    "reference under no practice statement: kept unassigned",
                    text,
                )
            self.pending = [index]
            self.record(index, "reference")
            return index + 1
        self.record(index, self.furniture(index, text, verdict))
        return index + 1

    def one_reference_a_line(self) -> bool:
        """Is the pasted list one reference a line (most of its first lines are references on their
        own)? Then a line that is a reference on its own is never joined to the one before, however
        unfinished that one looks ('... › Article › peer-review'); in a hard-wrapped list the
        wrapped halves are not references on their own, and joining still works."""
        if self.one_a_line is None:
            lines = (line.strip() for line in self.raw_lines if line.strip() and not _MD_HEADING.match(line))
            sample = list(itertools.islice(lines, _SAMPLED))  # not the whole of a 64,000-line paste
            taken = sum(1 for line in sample if self.judge(line).is_reference)
            self.one_a_line = len(sample) >= 4 and taken >= 0.8 * len(sample)
        return self.one_a_line

    def between_references(self, index: int, verdict: Verdict) -> bool:
        """List context: in a pasted list, a line between two references that shows two or more
        reference marks worth half a reference, no mark of prose and no contact details is a
        reference too ('Contextual Safeguarding Network https://...' between two references)."""
        if not (self.pasted and self.after_reference) or verdict.score < THRESHOLD / 2:
            return False
        if len(verdict.marks) < 2 or any(weight < 0 for _, weight in verdict.marks):
            return False
        if _CONTACT.search(self.raw_lines[index][:2000]):
            return False
        following = next(
            (n for n in range(index + 1, min(index + 4, len(self.raw_lines))) if self.raw_lines[n].strip()),
            None,
        )
        return following is not None and self.judge(self.raw_lines[following].strip()).is_reference

    def judge(self, text: str) -> Verdict:
        """judge_line's verdict on the stripped line ``text``, worked out once per distinct line."""
        found = self.verdicts.get(text)
        if found is None:
            found = self.verdicts[text] = judge_line(text)
        return found

    def set_heading(self, found: Principle | Statement | str, index: int) -> str:
        self.seen_heading = True
        self.pasted = False
        if self.first_heading is None and found != "caption":
            self.first_heading = index + 1
        if found == "caption":
            return "caption"
        if isinstance(found, Principle):
            if self.statement is None or self.statement.principle_id != found.id:
                self.statement = None  # a new principle; a repeat of the current one is a page header
            self.principle = found
            return "principle"
        assert isinstance(found, Statement)
        if self.principle is not None and self.principle.id != found.principle_id:
            self.warn(
                index + 1,
                "data-quality",
                f"statement {found.id} appears under principle {self.principle.name!r}",
                self.raw_lines[index],
            )
        self.statement, self.principle = found, found.principle
        return "statement"

    def pending_complete(self, following: str) -> bool:
        """Does the reference gathered so far end like a finished one (a stop, a bracket, or an
        address that the ``following`` line does not carry on)?"""
        last = self.raw_lines[self.pending[-1]].rstrip()
        if last.endswith((".", ">", ")", "]")):
            return True
        if not _LINK_END.search(last):
            return False
        # Ending in an address, the reference is done unless the next line is the rest of that
        # address (wrapped) or a bracketed note on it: '(Accessed 3 May 2022)', '[PDF]'.
        return not (_continues_address(following) or following.startswith(("(", "[")))

    def unknown_heading(self, index: int, text: str) -> None:
        try:
            lookup_statement(text)
        except UnknownStatementError as error:
            self.warn(index + 1, "unknown-heading", f"{error}; its references are not assigned", text)
        self.statement = None
        self.record(index, "warning")

    def furniture(self, index: int, text: str, verdict: Callable[[], Verdict]) -> str:
        if _ORNAMENT.match(text) or _PAGE_NUMBER.match(text):
            return "ornament"
        if self.pasted:
            self.warn(index + 1, "unrecognised", self.why_not_a_reference(text, verdict()), text)
            self.pasted_warnings.append(self.result.warnings[-1])
            return "warning"
        if self._in_contact_block(index):
            return "contact"
        if text in self.repeated:
            return "header"
        if not self.seen_heading:
            return "preamble"
        if verdict().is_reference:
            self.warn(
                index + 1, "outside-statement", "reference outside any practice statement: not assigned", text
            )
            return "warning"
        if is_prose(text) and len(text.split()) >= 8:
            if self.statement is not None and _YEAR_OR_LINK.search(text):
                self.warn(
                    index + 1,
                    "unrecognised",
                    "prose with a year or link under a statement: is it a reference?",
                    text,
                )
                return "warning"
            return "prose"
        self.warn(index + 1, "unrecognised", "line is neither a heading nor a reference", text)
        return "warning"

    def preamble_after_all(self) -> None:
        """Headings came after all: what came before them was a document's preamble, not a
        pasted list, so its lines that are not references are preamble, not warnings."""
        dropped = {id(w) for w in self.pasted_warnings if w.line < (self.first_heading or 0)}
        before = {w.line for w in self.pasted_warnings if id(w) in dropped}
        self.result.warnings = [w for w in self.result.warnings if id(w) not in dropped]
        self.result.lines = [
            Line(line.number, "preamble", line.text, line.statement)
            if line.number in before and line.kind == "warning"
            else line
            for line in self.result.lines
        ]

    def why_not_a_reference(self, text: str, verdict: Verdict) -> str:
        """Why a line of a pasted list is not read as a reference, for the person who pasted it."""
        text = text[:2000]  # enough to tell; a 10 MB line would take seconds per pattern
        if _CONTACT.search(text):
            return "contact details or a bare link, not a reference: not read"
        if is_prose(text) and len(text.split()) >= 8:
            return f"reads as prose, not a reference ({verdict.explain()}): not read"
        return f"line is neither a heading nor a reference ({verdict.explain()}): not read"

    def _in_contact_block(self, index: int) -> bool:
        """Does the block of non-blank lines around ``index`` hold contact details? Each block is
        searched once, however many of its lines ask (rescanning it for each was quadratic)."""
        start = self.block_start[index]
        known = self.contact_blocks.get(start)
        if known is None:
            end = start
            while end < len(self.raw_lines) and self.raw_lines[end].strip():
                end += 1
            known = any(_CONTACT.search(line[:2000]) for line in self.raw_lines[start:end])
            self.contact_blocks[start] = known
        return known

    def flush(self) -> None:
        if not self.pending:
            return
        numbers, self.pending = self.pending, []
        pieces = [self.raw_lines[numbers[0]].strip()]
        in_url = "://" in pieces[0].rsplit(" ", 1)[-1]  # does the text so far end inside a link?
        for number in numbers[1:]:  # joined once at the end: adding to a growing string is quadratic
            piece = self.raw_lines[number].strip()
            url_break = in_url and _URL_TAIL.match(piece) and not pieces[-1].endswith((">", ")"))
            if not url_break:
                pieces.append(" ")
            pieces.append(piece)
            if " " in piece or not url_break:  # else the piece carries on the same link
                in_url = "://" in piece.rsplit(" ", 1)[-1]
        text = "".join(pieces)
        if self.collect is not None:
            self.collect(text)
            return
        first = numbers[0] + 1
        reading = self.readings.get(text)
        if reading is None:  # a work cited again in the same words is read once
            try:
                reading = read_reference(text, labels=self.labels)
            except ReferenceParseError as error:
                reading = error
            self.readings[text] = reading
        if isinstance(reading, ReferenceParseError):
            self.warn(first, "unparsed", str(reading), text)
            return
        entry = reading.entry.with_statements(self.statement.id) if self.statement else reading.entry
        for problem in reading.problems:
            self.warn(first, "unparsed", problem, text)
        for note in reading.notes:
            self.warn(first, "data-quality", note, text)
        weakest = reading.weakest
        if weakest is not None and weakest[1] < UNSURE:
            name, sure = weakest
            self.warn(
                first, "unsure", f"the reader is {sure:.0%} sure of its {name}: check it first", text, sure
            )
        index, variant = self.merger.add(entry)
        if variant:
            self.warn(first, "title-variant", variant, text)
        self.result.occurrences.append(
            Occurrence(first, self.statement.id if self.statement else None, index, text, reading.labelled)
        )


def parse_evidence_list(
    text: str,
    statement: str | None = None,
    *,
    keep_unassigned: bool = False,
    jobs: int = 1,
    labels: bool = False,
) -> ParseResult:
    """Parse an evidence document (plain text or Markdown) into statement-keyed entries.

    ``statement`` (an id or name) applies to references before the first heading, so a pasted
    list of references with no headings at all is read under that statement. With
    ``keep_unassigned``, references before the first heading are read under no statement
    instead of being skipped as preamble. In both cases, until a heading comes, every line that is
    not a reference gets an ``unrecognised`` warning saying why (a pasted list has no preamble).
    ``jobs`` above 1 reads a long list's references on that many processes (see
    :func:`~jtd_evidence.parsing.batch.read_references`); the result is the same. With ``labels``,
    each occurrence keeps the reference as the model labelled it (``parse --labels`` writes it).

    >>> pasted = parse_evidence_list(
    ...     "Yeo, A. (2021). *Community engagement*. TCE Support Programme.\\n\\n"
    ...     "Please find the references we discussed below, with thanks to everyone.\\n",
    ...     keep_unassigned=True,
    ... )
    >>> [(e.authors[0].family, e.statements) for e in pasted.entries]
    [('Yeo', ())]
    >>> [(w.line, w.kind) for w in pasted.warnings]
    [(3, 'unrecognised')]

    >>> result = parse_evidence_list('''# Bridging Boundaries
    ... ## Non-traditional partners share power
    ... - Yeo, A. (2021). *Community engagement*. TCE Support Programme.
    ... ## Partnerships are creative in their structure and culture
    ... - Yeo, A. (2021). *Community engagement*. TCE Support Programme.
    ... ''')
    >>> [(e.authors[0].family, e.statements) for e in result.entries]
    [('Yeo', ('BB1', 'BB2'))]
    """
    chosen = lookup_statement(statement) if statement else None
    with fewer_collections():  # reading makes many objects and frees them, nearly none in cycles
        return _parse(text, chosen, keep_unassigned, jobs, labels)


def _parse(
    text: str, chosen: Statement | None, keep_unassigned: bool, jobs: int, labels: bool
) -> ParseResult:
    """:func:`parse_evidence_list` of ``text``, under the statement ``chosen``."""
    reader = _Reader(text, chosen, keep_unassigned, labels=labels)
    lines = sum(1 for line in reader.raw_lines if line.strip())  # no more references than lines
    workers = workers_for(lines, jobs)
    if workers <= 1:
        return reader.run()
    # the slow steps on worker processes, the document's structure here, both at once: the lines
    # are judged while a first pass here finds the references (a line's verdict is waited for
    # only when it is needed), each reference found is handed on to be read, and the readings
    # are taken in order as they arrive while the result is built
    distinct = list(dict.fromkeys(line.strip() for line in reader.raw_lines if line.strip()))
    preload_model()
    with Workers(workers, lines, labels) as shared:
        verdicts = shared.judge(distinct)
        collector = _Reader(text, chosen, keep_unassigned, collect=shared.read)
        collector.verdicts = reader.verdicts = verdicts
        collector.run()
        shared.flush()
        reader.readings = shared.readings
        return reader.run()
