"""Grow an evidence base: merge pasted references or a reference-manager export under a statement.

A work that is already there gains the statement; a new work gets a new key and no
existing key changes. When the .bib is generated from source lists (``source/NAME-evidence.md``
beside it), the additions go into the sources — pasted text under the statement's heading,
structured records into ``source/additions.bib`` — and the .bib is regenerated, so it stays
reproducible. Otherwise the .bib itself is changed in place: entries that gain a statement have
only those fields rewritten, new ones are appended, and the rest of the file (comments,
``@string`` macros, order, layout) stays byte for byte (see :mod:`jtd_evidence.store.edit`). :func:`plan_add` changes nothing;
:func:`apply_plan` writes the files together (all or none, see :mod:`jtd_evidence._transaction`).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from jtd_evidence._transaction import Transaction, editing
from jtd_evidence.exceptions import StalePlanError
from jtd_evidence.formats import detect_format, loads
from jtd_evidence.framework import Statement, statement
from jtd_evidence.models import Entry
from jtd_evidence.parsing.batch import default_jobs
from jtd_evidence.parsing.evidence_list import ParseWarning, parse_evidence_list
from jtd_evidence.parsing.markup import strip_bullet
from jtd_evidence.parsing.merge import Merger
from jtd_evidence.regenerate import (
    PROBLEM_KINDS,
    additions_path,
    build,
    merge_keyed,
    newly_retired,
    render_base,
    retired_keys,
)
from jtd_evidence.store import dumps_bib, read_bib
from jtd_evidence.store.edit import read_bib_text, rewrite_bib

__all__ = ["AddPlan", "apply_plan", "base_folders", "is_generated", "plan_add", "source_lists_for"]


@dataclass
class AddPlan:
    """What adding would do: the new file contents, and what changed in the .bib."""

    bib: Path
    statement: Statement
    detected_format: str
    writes: dict[Path, str] = field(default_factory=dict)
    new_keys: list[str] = field(default_factory=list)
    gained: list[str] = field(default_factory=list)  # existing keys that gain the statement
    warnings: list[ParseWarning] = field(default_factory=list)
    diff: str = ""
    basis: dict[Path, bytes | None] = field(default_factory=dict)
    """What each file read held when the plan was made; :func:`apply_plan` refuses if it changed."""

    @property
    def problems(self) -> list[ParseWarning]:
        return [w for w in self.warnings if w.kind in PROBLEM_KINDS]


def source_lists_for(bib: Path) -> Path | None:
    """The source lists a .bib is generated from, if it has them (``source/STEM-evidence.md``)."""
    candidate = bib.parent / "source" / f"{bib.stem}-evidence.md"
    return candidate if candidate.exists() else None


def is_generated(bib: Path) -> bool:
    """Whether a .bib (or the file a link to it points to) is regenerated from source lists, so
    that its text is the writer's canonical form and changes belong in its sources."""
    return source_lists_for(bib) is not None or source_lists_for(bib.resolve()) is not None


def _insert_under(source_text: str, wanted: Statement, lines: list[str]) -> str:
    """The source lists with ``lines`` added at the end of the statement's section."""
    parsed = parse_evidence_list(source_text)
    rows = source_text.splitlines()
    section = [line.number for line in parsed.lines if line.statement == wanted.id and line.kind != "blank"]
    bullets = [f"- {strip_bullet(line)}" for line in lines]
    if not section:
        block = ["", f"## {wanted.principle.name}", "", f"### {wanted.name}", "", *bullets]
        return "\n".join([*rows, *block]).rstrip() + "\n"
    at = max(section)  # after the last non-blank line of the section
    return "\n".join([*rows[:at], *bullets, *rows[at:]]).rstrip() + "\n"


def _incoming(
    text: str, wanted: Statement, fmt: str, source_name: str
) -> tuple[str, list[Entry], list[ParseWarning], list[str]]:
    detected = detect_format(text) if fmt == "auto" else fmt
    if detected == "text":
        result = parse_evidence_list(text, statement=wanted.id, jobs=default_jobs())
        lines = [e.source or "" for e in result.entries]  # each reference as written, on one line
        return "text", list(result.entries), list(result.warnings), lines
    entries = [e.with_statements(wanted.id) for e in loads(text, fmt, source=source_name)]
    return detected, entries, [], []


def plan_add(
    text: str, statement_name: str, bib: str | Path, *, fmt: str = "auto", source_name: str = "<input>"
) -> AddPlan:
    """Work out what adding ``text`` under a statement to ``bib`` would change (nothing is written)."""
    wanted = statement(statement_name)
    bib_path = Path(bib)
    detected, incoming, warnings, lines = _incoming(text, wanted, fmt, source_name)
    existing = read_bib(bib_path) if bib_path.exists() else []
    source = source_lists_for(bib_path)
    plan = AddPlan(bib_path, wanted, detected, warnings=warnings)
    plan.basis = {p: _content(p) for p in _base_files(bib_path)}
    old_text = read_bib_text(bib_path) if bib_path.exists() else ""  # diffs are against the file on disk
    retired = retired_keys(old_text)
    if source is not None:
        source_text = source.read_text(encoding="utf-8")
        extra_path = additions_path(source)
        additions = read_bib(extra_path) if extra_path.exists() else []
        if detected == "text":
            source_text = _insert_under(source_text, wanted, lines)
            plan.writes[source] = source_text
        else:
            additions = merge_keyed(Merger.keeping(additions), incoming, additions)
            plan.writes[extra_path] = dumps_bib(additions)
        _, entries = build(source_text, additions, existing, retired)
        retired = (*retired, *newly_retired(existing, entries))
    else:
        entries = sorted(merge_keyed(Merger.keeping(existing), incoming, existing), key=lambda e: e.key or "")
    if source is None and bib_path.exists():  # someone's own .bib: change only what the addition changes
        new_text = rewrite_bib(old_text, entries, source=str(bib_path))
    elif source is None:
        new_text = dumps_bib(entries)
    else:
        new_text = render_base(entries, retired)
    plan.writes[bib_path] = new_text
    before = {e.key: e for e in existing}
    for entry in entries:
        old = before.get(entry.key)
        if old is None:
            plan.new_keys.append(entry.key or "")
        elif wanted.id in entry.statements and wanted.id not in old.statements:
            plan.gained.append(entry.key or "")
    plan.diff = "".join(
        difflib.unified_diff(
            old_text.splitlines(True), new_text.splitlines(True), str(bib_path), f"{bib_path} (after add)"
        )
    )
    return plan


def _content(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _base_files(bib: Path) -> list[Path]:
    """The files an addition to ``bib`` reads and may write."""
    source = source_lists_for(bib)
    return [bib] if source is None else [bib, source, additions_path(source)]


def base_folders(bib: str | Path) -> list[Path]:
    """Folders besides the .bib's own where an addition writes (its source lists' folder)."""
    source = source_lists_for(Path(bib))
    return [source.parent] if source is not None else []


def apply_plan(plan: AddPlan, transaction: Transaction | None = None) -> None:
    """Write the planned files together (see :mod:`jtd_evidence._transaction`): all or none.

    Without ``transaction``, takes the base's lock for the write; a plan made from files that
    have changed since raises :class:`JTDError` rather than undoing the other change."""
    if transaction is None:
        with editing(plan.bib, base_folders(plan.bib), what="add") as own:
            apply_plan(plan, own)
        return
    changed = [str(p) for p, data in plan.basis.items() if _content(p) != data]
    if changed:
        raise StalePlanError(
            f"{', '.join(changed)} changed since this addition was planned (another run?): "
            "nothing was written; run the command again"
        )
    for path, text in plan.writes.items():
        transaction.write(path, text)
