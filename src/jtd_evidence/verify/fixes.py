"""Safe fixes from a registry check, as proposals: a plan of new file texts and its diff.

Only what a record supports without doubt is ever applied: the DOI of a work found without
one (``doi-found``), and the volume, issue and pages a confirmed article lacks. Mismatches are
never applied. A value the registry sent must pass the entry model's own checks, or it is left out.

In an ordinary .bib only the fields added change, every other byte stays
(:func:`jtd_evidence.store.edit.rewrite_bib`). A .bib generated from source lists is changed
through them, so it stays reproducible: each citation line of a work gains its DOI link
(``https://doi.org/...``) and the base is regenerated from the changed sources, which must give
exactly the fixed entries, or nothing is written. Volume, issue and pages cannot be put into a
citation line safely, so for a generated base they are reported to do by hand.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from jtd_evidence._text import shown
from jtd_evidence.adding import source_lists_for
from jtd_evidence.exceptions import JTDError
from jtd_evidence.identity import same_work
from jtd_evidence.models import Entry
from jtd_evidence.parsing.evidence_list import ParseResult
from jtd_evidence.regenerate import additions_path, build, render_base, retired_keys
from jtd_evidence.store import read_bib
from jtd_evidence.store.edit import BibText, read_bib_text, rewrite_bib
from jtd_evidence.verify.types import VerifyResult

__all__ = ["FixPlan", "SourceWriteError", "plan_fixes"]


class SourceWriteError(JTDError, ValueError):
    """The fixes cannot be written through the source lists of a generated .bib."""


@dataclass
class FixPlan:
    """What ``--fix`` would change: the new text of each file, and the fixes it carries."""

    bib: Path
    before: dict[Path, str] = field(default_factory=dict)
    writes: dict[Path, str] = field(default_factory=dict)
    applied: list[tuple[str, str, str]] = field(default_factory=list)
    """(entry key, field, value) of each fix in ``writes``."""
    left: list[str] = field(default_factory=list)
    """Fixes not in the plan, each with why (to do by hand)."""

    def diff(self) -> str:
        """A unified diff of every file the plan changes."""
        chunks = []
        for path, after in self.writes.items():
            name = shown(path)
            lines = difflib.unified_diff(
                self.before[path].splitlines(keepends=True),
                after.splitlines(keepends=True),
                name,
                f"{name} (fixed)",
            )
            chunks.append("".join(lines))
        return "".join(chunks)


def _fixed(entry: Entry, fixes: Sequence[tuple[str, str]], plan: FixPlan) -> Entry:
    """``entry`` with the fixes the model accepts (the others go to ``plan.left``)."""
    for name, value in fixes:
        try:
            fixed = Entry.model_validate(entry.model_dump() | {name: value})
        except ValidationError as error:
            problem = error.errors()[0].get("msg", "not accepted")
            plan.left.append(
                f"{entry.key}: {name} {value!r} from the registry is not valid ({problem}); left out"
            )
            continue
        entry = fixed
        plan.applied.append((str(entry.key), name, value))
    return entry


def _wanted(results: Sequence[VerifyResult]) -> dict[str, tuple[tuple[str, str], ...]]:
    return {r.key: r.fixes for r in results if r.fixes}


def plan_fixes(bib: Path, results: Sequence[VerifyResult]) -> FixPlan:
    """The plan for the safe fixes in ``results`` to ``bib`` (through its sources if it is generated)."""
    source = source_lists_for(bib) or source_lists_for(bib.resolve())
    if source is not None:
        return _plan_through_sources(bib, source, results)
    plan = FixPlan(bib)
    text = read_bib_text(bib)
    wanted = _wanted(results)
    entries = [
        _fixed(e, wanted[e.key], plan) if e.key in wanted else e for e in BibText(text, str(bib)).entries
    ]
    if plan.applied:
        plan.before[bib] = text
        plan.writes[bib] = rewrite_bib(text, entries, source=str(bib))
    return plan


def _with_link(line: str, doi: str) -> str:
    return f"{line.rstrip()} https://doi.org/{doi}"


def _cited(entry: Entry) -> Entry:
    """An entry without the citation text it was read from (which gains the DOI link)."""
    return entry.model_copy(update={"source": None})


def _plan_through_sources(bib: Path, source: Path, results: Sequence[VerifyResult]) -> FixPlan:
    plan = FixPlan(bib)
    wanted = _doi_fixes(results, plan, source)
    if not wanted:
        return plan
    bib_text = read_bib_text(bib)
    source_text = source.read_text(encoding="utf-8")
    extra = additions_path(source)
    additions = read_bib(extra) if extra.exists() else []
    previous = read_bib(bib)
    retired = retired_keys(bib_text)
    result, entries = build(source_text, additions, previous, retired)
    lines = source_text.splitlines(keepends=True)
    expected = _link_citations(entries, result, wanted, lines, plan, source)
    if not plan.applied:
        return plan
    new_source = "".join(lines)
    _, rebuilt = build(new_source, additions, previous, retired)
    differing = sorted(
        {str(e.key) for e in expected} ^ {str(e.key) for e in rebuilt}
        | {str(a.key) for a, b in zip(expected, rebuilt, strict=False) if _cited(a) != _cited(b)}
    )
    if differing:
        raise SourceWriteError(
            f"{shown(bib)} is generated from {shown(source)}, and adding the DOI links there would not give "
            f"exactly the fixed entries when regenerated (it changes: {', '.join(differing)}); nothing was "
            f"written. Add the DOIs the diff of 'verify --fix' shows to {shown(source)} by hand, then run "
            "scripts/parse_evidence.py"
        )
    plan.before = {source: source_text, bib: bib_text}
    plan.writes = {source: new_source, bib: render_base(rebuilt, retired)}
    return plan


def _doi_fixes(
    results: Sequence[VerifyResult], plan: FixPlan, source: Path
) -> dict[str, tuple[tuple[str, str], ...]]:
    """The DOIs to add, by entry key; the other fixes are left for the user (in ``plan.left``):
    a citation line cannot take them safely."""
    wanted: dict[str, tuple[tuple[str, str], ...]] = {}
    for key, fixes in _wanted(results).items():
        dois = tuple(f for f in fixes if f[0] == "doi")
        for name, value in fixes:
            if name != "doi":
                plan.left.append(
                    f"{key}: add {name} {value} in {shown(source)} by hand (a citation line cannot take it safely)"
                )
        if dois:
            wanted[key] = dois
    return wanted


def _link_citations(
    entries: Sequence[Entry],
    result: ParseResult,
    wanted: dict[str, tuple[tuple[str, str], ...]],
    lines: list[str],
    plan: FixPlan,
    source: Path,
) -> list[Entry]:
    """The entries as fixed; each line that cites a work that gains a DOI gets the DOI's link at
    its end (in ``lines``); a work not cited line by line is left for the user."""
    expected = []
    for entry in entries:
        if entry.key not in wanted:
            expected.append(entry)
            continue
        readings = [i for i, reading in enumerate(result.entries) if same_work(reading, entry)]
        places = [o.line for o in result.occurrences if o.entry_index in readings]
        if not places:
            plan.left.append(
                f"{entry.key}: not cited line by line in {shown(source)}; add its DOI there by hand"
            )
            expected.append(entry)
            continue
        fixed = _fixed(entry, wanted[entry.key], plan)
        expected.append(fixed)
        if fixed.doi != entry.doi:
            for number in places:
                ending = lines[number - 1][len(lines[number - 1].rstrip("\r\n")) :]
                lines[number - 1] = _with_link(lines[number - 1].rstrip("\r\n"), str(fixed.doi)) + ending
    return expected
