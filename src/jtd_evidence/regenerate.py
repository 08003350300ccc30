"""Regenerate the BibTeX evidence base from its source lists (parse -> keys -> validate -> write).

Keys already in the existing .bib are kept for the works they name, so adding a
reference never renames the others. The write is atomic and happens only when
the content changed; ``check=True`` compares without writing. Both hold the base's lock
(see :mod:`jtd_evidence._transaction`), so they never read a change half made.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from jtd_evidence._text import shown
from jtd_evidence._transaction import editing
from jtd_evidence.framework import STATEMENTS
from jtd_evidence.models import Entry
from jtd_evidence.parsing.batch import default_jobs
from jtd_evidence.parsing.evidence_list import ParseResult, ParseWarning, parse_evidence_list
from jtd_evidence.parsing.merge import Merger
from jtd_evidence.store import assign_keys, dumps_bib, read_bib

__all__ = [
    "PROBLEM_KINDS",
    "RegenerateReport",
    "build",
    "merge_keyed",
    "newly_retired",
    "regenerate",
    "render_base",
    "retired_keys",
]

# Warnings that mean the parser could not do its job (as opposed to untidy source data).
PROBLEM_KINDS = frozenset({"unparsed", "unrecognised", "unknown-heading", "outside-statement"})


@dataclass
class RegenerateReport:
    """What a regeneration found and did."""

    source: Path
    bib: Path
    result: ParseResult
    entries: list[Entry]
    changed: bool
    written: bool
    empty_statements: list[str] = field(default_factory=list)
    retired: tuple[str, ...] = ()
    """Keys whose works left the sources in this run: kept out of use for ever."""

    @property
    def reference_lines(self) -> int:
        return len(self.result.occurrences)

    @property
    def problems(self) -> list[ParseWarning]:
        return [w for w in self.result.warnings if w.kind in PROBLEM_KINDS]

    @property
    def data_quality(self) -> list[ParseWarning]:
        return [w for w in self.result.warnings if w.kind not in PROBLEM_KINDS]

    def types(self) -> dict[str, int]:
        return dict(sorted(Counter(e.type.value for e in self.entries).items()))

    def summary(self) -> str:
        """A plain-text report for people."""
        source, bib = shown(self.source), shown(self.bib)
        lines = [
            f"source: {source}",
            f"reference lines: {self.reference_lines}; distinct works: {len(self.entries)}",
            "works per statement: "
            + ", ".join(f"{k} {v}" for k, v in self.result.works_per_statement().items()),
            "works per type: " + ", ".join(f"{k} {v}" for k, v in self.types().items()),
        ]
        if self.empty_statements:
            lines.append("statements with no works: " + ", ".join(self.empty_statements))
        if self.retired:
            lines.append(
                "works no longer in the source (their keys are retired and never given to another work): "
                + ", ".join(self.retired)
            )
        for title, warnings in (
            ("problems (fix the source, then run again)", self.problems),
            ("data-quality notes (the source is untidy here)", self.data_quality),
        ):
            if warnings:
                lines.append(f"{title}:")
                for w in warnings:
                    lines.append(f"  {source}:{w.line}: {w.kind}: {w.message}")
                    lines.append(f"      {w.raw[:100]}")
        state = "written" if self.written else ("out of date" if self.changed else "up to date")
        lines.append(f"{bib}: {len(self.entries)} entries, {state}")
        return "\n".join(lines)


def additions_path(source: Path) -> Path:
    """Where structured additions (imported from .bib, CSL-JSON or RIS) live beside the source lists."""
    return source.parent / "additions.bib"


_RETIRED = re.compile(r"^@comment\{jtd-retired-keys:([^}]*)\}\s*$", re.MULTILINE)


def retired_keys(bib_text: str) -> tuple[str, ...]:
    """Keys a generated .bib once had for works no longer in its sources (never given again)."""
    found = _RETIRED.search(bib_text)
    return tuple(k.strip() for k in found.group(1).split(",") if k.strip()) if found else ()


def render_base(entries: list[Entry], retired: Iterable[str]) -> str:
    """A generated .bib: the entries in canonical form, then the keys retired so far."""
    text = dumps_bib(entries)
    keys = sorted(set(retired), key=lambda k: (k.lower(), k))
    return text + (f"\n@comment{{jtd-retired-keys: {', '.join(keys)}}}\n" if keys else "")


def newly_retired(previous: Iterable[Entry], entries: Iterable[Entry]) -> tuple[str, ...]:
    """Keys of ``previous`` that no entry has any more: works that left the sources."""
    kept = {e.key for e in entries}
    return tuple(sorted(str(e.key) for e in previous if e.key and e.key not in kept))


def build(
    source_text: str, additions: list[Entry], previous: list[Entry], retired: Iterable[str] = ()
) -> tuple[ParseResult, list[Entry]]:
    """Parse the source lists, merge the additions in (a work already listed gains their statements),
    and give every work its key (keeping those in ``previous``; never one in ``retired``), sorted by key."""
    result = parse_evidence_list(source_text, jobs=default_jobs())
    entries = merge_keyed(Merger.of(result.entries), additions, previous, retired)
    return result, sorted(entries, key=lambda e: e.key or "")


def merge_keyed(
    works: Merger, incoming: Iterable[Entry], previous: Iterable[Entry], reserved: Iterable[str] = ()
) -> list[Entry]:
    """``incoming`` merged into ``works`` (a work already there gains their statements and missing
    fields; their own keys are dropped, so a work keeps the key it has), then every work keyed by
    :func:`~jtd_evidence.store.assign_keys` (keeping the keys of ``previous``, giving none in
    ``reserved``): the one step by which generated bases and additions grow."""
    for entry in incoming:
        works.add(entry.model_copy(update={"key": None}))
    return assign_keys(works.entries, previous, reserved=reserved)


def regenerate(
    source: str | os.PathLike[str], bib: str | os.PathLike[str], *, check: bool = False
) -> RegenerateReport:
    """Parse ``source`` (plus ``additions.bib`` beside it, if any) and write ``bib``
    (or, with ``check``, only compare with it)."""
    source_path, bib_path = Path(source), Path(bib)
    extra = additions_path(source_path)
    with editing(bib_path, [source_path.parent], what="regenerate") as transaction:
        additions = read_bib(extra) if extra.exists() else []
        previous = read_bib(bib_path) if bib_path.exists() else []
        old = bib_path.read_bytes() if bib_path.exists() else None
        retired = retired_keys(old.decode("utf-8", "replace")) if old is not None else ()
        result, entries = build(source_path.read_text(encoding="utf-8"), additions, previous, retired)
        newly = newly_retired(previous, entries)
        text = render_base(entries, (*retired, *newly))
        changed = old != text.encode("utf-8")
        written = False
        if changed and not check:
            transaction.write(bib_path, text)
            written = True
    covered = {s for e in entries for s in e.statements}
    empty = [s.id for s in STATEMENTS if s.id not in covered]
    return RegenerateReport(source_path, bib_path, result, entries, changed, written, empty, newly)
