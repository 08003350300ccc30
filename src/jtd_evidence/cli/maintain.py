"""Subcommands that check and tidy evidence: parse, lint."""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path
from typing import Any

from jtd_evidence._input import read_user_text
from jtd_evidence._text import clip, shown
from jtd_evidence._transaction import Transaction, editing
from jtd_evidence.base import shipped_bib
from jtd_evidence.cli._shared import (
    FINDINGS,
    OK,
    USAGE,
    UsageError,
    check_first,
    entry_json,
    examples,
    from_config,
    print_json,
    target_bib,
)
from jtd_evidence.lint import Severity, apply_fixes, lint
from jtd_evidence.lint.validate import validate_bib
from jtd_evidence.models import Entry
from jtd_evidence.parsing.batch import default_jobs, fewer_collections
from jtd_evidence.parsing.evidence_list import NOT_READ, Line, ParseResult, parse_evidence_list
from jtd_evidence.regenerate import PROBLEM_KINDS, render_base, retired_keys
from jtd_evidence.store import assign_keys, dumps_bib, read_bib
from jtd_evidence.store.edit import read_bib_text, rewrite_bib


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "parse",
        help="parse free-text references or an evidence document, without saving anything",
        description="Parse pasted references (one per line or paragraph) or a whole evidence document "
        "with principle and statement headings, and show what was read and every line that was not.",
        epilog=examples(
            "jtd-evidence parse briefing-references.txt",
            "pbpaste | jtd-evidence parse - --statement WC2 --json",
            "jtd-evidence parse evidence.md --bibtex > evidence.bib",
        ),
    )
    p.add_argument("file", help="a text or Markdown file, or '-' for standard input")
    p.add_argument(
        "--statement",
        metavar="ID|NAME",
        help="statement for references before any heading (without it they are read under none)",
    )
    p.add_argument("--bibtex", action="store_true", help="print the entries as BibTeX (with new keys)")
    p.add_argument(
        "--labels",
        action="store_true",
        help="print each reference with its fields tagged (<author>...</author>), to correct by hand "
        "and give to scripts/train_parser.py --extra FILE; repeats and lines not read as references "
        "are '# line N' comments",
    )
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(run=run_parse)

    p = subparsers.add_parser(
        "validate",
        help="check every entry of .bib files against the data model",
        description="Read .bib files and report every entry that breaks the model: the line, entry key, "
        "field, value and what is expected. Exit 1 if anything is invalid (broken blocks included), "
        "2 if a file cannot be read as text at all.",
        epilog=examples("jtd-evidence validate", "jtd-evidence validate my-list.bib other.bib --json"),
    )
    p.add_argument(
        "bib",
        nargs="*",
        type=Path,
        help=".bib files (default: bib in jtd-evidence.toml, else the shipped evidence base)",
    )
    p.add_argument("--json", action="store_true", help="machine-readable output")
    from_config(p)
    p.set_defaults(run=run_validate)

    p = subparsers.add_parser(
        "lint",
        help="find likely mistakes: duplicates, name and host typos, missing fields, ...",
        description="Check a .bib as a careful bibliographer would. With --fix, apply only safe fixes "
        "(shown as a diff); nothing is written unless --write is given too.",
        epilog=examples(
            "jtd-evidence lint",
            "jtd-evidence lint my-list.bib --json",
            "jtd-evidence lint --fix            # dry run: show the diff",
            "jtd-evidence lint --fix --write    # apply the safe fixes (atomic write)",
        ),
    )
    p.add_argument(
        "bib",
        nargs="?",
        type=Path,
        help="the .bib to lint (default: bib in jtd-evidence.toml, else the shipped evidence base)",
    )
    p.add_argument("--fix", action="store_true", help="apply safe fixes (dry run unless --write)")
    p.add_argument("--write", action="store_true", help="with --fix: write the fixed file")
    p.add_argument(
        "--min-severity",
        choices=[s.value for s in Severity],
        default="info",
        help="hide less severe findings",
    )
    p.add_argument("--json", action="store_true", help="machine-readable output")
    from_config(p, bib="bib")
    p.set_defaults(run=run_lint)


def read_input(name: str) -> str:
    """The text of a file named on the command line, or of standard input for '-': UTF-8, UTF-16
    or Windows-1252 (with a note), line endings normalised; binary data is refused (InputError)."""
    return read_user_text(name).text


# Lines that are neither references nor headings, and why they were not read (an HTML comment
# is the writer's own note, not part of the list: not reported).
_NOT_READ = {kind: f"{why}: not read" for kind, why in NOT_READ.items() if kind != "comment"}
_SHOWN = 25  # lines listed on stderr before "... and N more"


def _labels(result: ParseResult, name: str) -> str:
    """The corrections file (see jtd_evidence.parsing.corrections) for standard output; says on
    stderr what went into its comments rather than its tagged lines."""
    from jtd_evidence.parsing.corrections import corrections

    written = corrections(result, name)
    if written.repeats:
        shown = ", ".join(f"{line} (of {first})" for line, first in written.repeats[:_SHOWN])
        more = f" and {len(written.repeats) - _SHOWN} more" if len(written.repeats) > _SHOWN else ""
        print(
            f"{name}: --labels: {len(written.repeats)} line(s) repeat an earlier reference word for word, "
            f"labelled once, each repeat a comment: lines {shown}{more}",
            file=sys.stderr,
        )
    print(
        f"{name}: --labels: {len(written.references)} reference(s) tagged; {len(written.comments)} other "
        "line(s) written as '# line N' comments, to tag any that is a reference",
        file=sys.stderr,
    )
    return written.text


def run_parse(args: argparse.Namespace) -> int:
    with fewer_collections():  # and while the entries are keyed and written, over all the list read
        return _parse(args)


def _parse(args: argparse.Namespace) -> int:
    name = "<stdin>" if args.file == "-" else args.file
    text = read_input(args.file)
    result = parse_evidence_list(
        text,
        statement=args.statement,
        keep_unassigned=args.statement is None,
        jobs=default_jobs(),
        labels=bool(args.labels),  # the labelling kept for the corrections file, not done again
    )
    entries = assign_keys(result.entries)
    warned = {w.line for w in result.warnings}
    not_read = [line for line in result.lines if line.kind in _NOT_READ and line.number not in warned]
    _print_parsed(args, name, result, entries, not_read)
    if not args.json:
        for line in check_first(result.warnings, name):
            print(line, file=sys.stderr)
    _print_not_read(name, result, not_read, every=args.json)
    if not _found_references(name, result):
        return FINDINGS
    return FINDINGS if any(w.kind in PROBLEM_KINDS for w in result.warnings) else OK


def _print_parsed(
    args: argparse.Namespace, name: str, result: ParseResult, entries: list[Entry], not_read: list[Line]
) -> None:
    """The entries read, on standard output as --json, --bibtex, --labels or a list with a summary."""
    if args.json:
        print_json(
            {
                "entries": [entry_json(e) for e in entries],
                "warnings": [vars(w) for w in result.warnings],
                "not_read": [
                    {"line": line.number, "kind": line.kind, "why": _NOT_READ[line.kind], "text": line.text}
                    for line in not_read
                ],
            }
        )
    elif args.bibtex:
        sys.stdout.write(dumps_bib(entries))
    elif args.labels:
        sys.stdout.write(_labels(result, name))
    else:
        for entry in entries:
            people = "; ".join(p.display() for p in (*entry.authors, *entry.editors)) or "—"
            print(
                f"{entry.key}  [{entry.type.value}] {people} ({entry.year or 'n.d.'}) {entry.title or '(no title)'}"
            )
            if entry.statements:
                print(f"    statements: {', '.join(entry.statements)}")
        summary = f"{len(entries)} works from {len(result.occurrences)} reference lines"
        unassigned = [e for e in entries if not e.statements]
        if unassigned:
            summary += f"; {len(unassigned)} under no practice statement" + (
                " (give --statement ID to put them under one)" if args.statement is None else ""
            )
        print(summary)
        _print_merged(name, result, entries)


def _print_merged(name: str, result: ParseResult, entries: list[Entry]) -> None:
    """On stderr, the reference lines that cite a work an earlier line under the same statement
    (or under none) already cites: they are one entry, not lost; each with the line it joins and
    the key. (A work under several statements is one entry by design, and not listed.)"""
    first: dict[tuple[int, str | None], int] = {}
    merged: list[str] = []
    for occurrence in result.occurrences:
        earlier = first.setdefault((occurrence.entry_index, occurrence.statement), occurrence.line)
        if earlier != occurrence.line:
            merged.append(f"{occurrence.line} (as {earlier}, {entries[occurrence.entry_index].key})")
    if merged:
        more = f" and {len(merged) - _SHOWN} more" if len(merged) > _SHOWN else ""
        print(
            f"{name}: {len(merged)} reference line(s) cite a work an earlier line cites and are one entry "
            f"with it: lines {', '.join(merged[:_SHOWN])}{more}",
            file=sys.stderr,
        )


def _print_not_read(name: str, result: ParseResult, not_read: list[Line], *, every: bool) -> None:
    """Each warning and line not read as a reference, in line order on stderr (the first
    _SHOWN of them unless ``every``)."""
    messages = [(w.line, f"{w.kind}: {w.message}", w.raw) for w in result.warnings if w.kind != "unsure"]
    messages += [(line.number, f"not a reference: {_NOT_READ[line.kind]}", line.text) for line in not_read]
    messages.sort(key=lambda item: item[0])
    shown = messages if every else messages[:_SHOWN]
    for number, message, raw in shown:
        print(f"{name}:{number}: {message} [{clip(raw)}]", file=sys.stderr)
    if len(messages) > len(shown):
        print(
            f"{name}: ... and {len(messages) - len(shown)} more lines not read as references "
            "(--json lists them all)",
            file=sys.stderr,
        )


def _found_references(name: str, result: ParseResult) -> bool:
    """Whether the text held references at all; says on stderr when it did not, or when most of
    a long file is not references (the wrong file?)."""
    content = sum(1 for line in result.lines if line.kind != "blank")
    if not content:
        print(f"{name}: the file is empty (or only blank lines): no references to read", file=sys.stderr)
        return False
    if not result.occurrences:
        print(
            f"{name}: no references found in its {content} non-blank line(s): a reference starts with "
            "its authors and then the year, e.g. 'Smith, J. (2020). Title. Publisher.'",
            file=sys.stderr,
        )
        if content > 100:
            print(
                f"{name}: not one of {content} lines reads as a reference: is this the right file?",
                file=sys.stderr,
            )
        return False
    unread = sum(1 for line in result.lines if line.kind == "warning")
    if unread > 100 and unread > len(result.occurrences):
        print(
            f"{name}: {unread} of its {content} non-blank lines are not references, and only "
            f"{len(result.occurrences)} are: is this the right file?",
            file=sys.stderr,
        )
    return True


def run_validate(args: argparse.Namespace) -> int:
    report = []
    for path in args.bib or [args.settings.value("bib") or shipped_bib()]:
        if not Path(path).exists():
            raise FileNotFoundError(2, "no such file", str(path))
        entries, findings = validate_bib(path)
        report.append((shown(path), entries, findings))
    if args.json:
        print_json(
            [
                {"file": name, "valid": len(entries), "problems": [f.to_dict() for f in findings]}
                for name, entries, findings in report
            ]
        )
    else:
        for name, entries, findings in report:
            for finding in findings:
                print(f"{name}: {finding}")
            print(f"{name}: {len(entries)} valid entries, {len(findings)} problem(s)")
    return FINDINGS if any(findings for _, _, findings in report) else OK


_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def _generated(path: Path) -> bool:
    """Whether ``path`` is a .bib regenerated from source lists. Only ``lint --fix`` asks, so
    ``adding`` (and the formats layer it imports) stays out of the start-up of ``parse``."""
    from jtd_evidence.adding import is_generated

    return is_generated(path)


def run_lint(args: argparse.Namespace) -> int:
    if args.write and not args.fix:
        print("lint: --write only makes sense with --fix", file=sys.stderr)
        return USAGE
    path = args.bib or shipped_bib()
    if not (args.fix and args.write):
        return _lint(args, path, None)
    path = target_bib(args.bib, "lint --fix --write")
    if _generated(path):
        raise UsageError(
            f"lint --fix --write: {shown(path)} is generated from its source lists, so a fix written to it "
            "would be lost at the next regeneration; nothing was written. Make the changes the diff of "
            "'lint --fix' shows in the source lists, then run scripts/parse_evidence.py"
        )
    # The lock covers reading, fixing and writing, so a run at the same time waits its turn.
    with editing(path, what="lint --fix --write") as transaction:
        for note in transaction.recovered:
            print(f"lint: {note}", file=sys.stderr)
        return _lint(args, path, transaction)


def _lint(args: argparse.Namespace, path: Path, transaction: Transaction | None) -> int:
    entries = read_bib(path)
    name = shown(path)
    findings = [f for f in lint(entries) if _RANK[f.severity] <= _RANK[Severity(args.min_severity)]]
    if args.json:
        print_json({"file": name, "findings": [f.to_dict() for f in findings]})
    else:
        for finding in findings:
            print(f"{name}: {finding}")
        counts = {s.value: sum(1 for f in findings if f.severity is s) for s in Severity}
        print(f"{len(findings)} findings ({', '.join(f'{n} {s}' for s, n in counts.items())})")
    if args.fix:
        fixed, applied = apply_fixes(entries, findings)
        before = read_bib_text(path)  # the diff shows what happens to the file as it is on disk
        if not applied:
            after = before
        elif _generated(Path(path)):
            after = render_base(fixed, retired_keys(before))  # a generated base keeps its canonical form
        else:
            after = rewrite_bib(before, fixed, source=str(path))
        diff = difflib.unified_diff(
            before.splitlines(keepends=True), after.splitlines(keepends=True), name, f"{name} (fixed)"
        )
        sys.stderr.writelines(diff)
        if not applied:
            print("no safe fixes to apply", file=sys.stderr)
        elif transaction is not None:
            transaction.write(path, after)
            print(f"applied {len(applied)} fix(es) to {name}", file=sys.stderr)
        else:
            print(f"dry run: {len(applied)} fix(es) not written (add --write)", file=sys.stderr)
    serious = [f for f in findings if f.severity is not Severity.INFO]
    return FINDINGS if serious else OK
