"""Subcommands that move evidence in and out: add, export."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from jtd_evidence._atomic import atomic_write_text
from jtd_evidence._text import shown
from jtd_evidence._transaction import editing
from jtd_evidence.adding import AddPlan, apply_plan, base_folders, plan_add
from jtd_evidence.cli._shared import (
    FINDINGS,
    OK,
    add_bib_option,
    check_first,
    examples,
    from_config,
    open_base,
    print_json,
    target_bib,
)
from jtd_evidence.cli.maintain import read_input
from jtd_evidence.formats import EXPORT_FORMATS, FORMATS, dumps
from jtd_evidence.framework import statement


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "add",
        help="add pasted references or a Zotero/EndNote/Mendeley export under a statement",
        description="Merge references into the evidence base under one practice statement. A work that "
        "is already there gains the statement; new works get new keys; existing keys never change. "
        "Shows a diff; --dry-run writes nothing.",
        epilog=examples(
            "jtd-evidence add --statement WC2 new-references.txt --dry-run",
            "pbpaste | jtd-evidence add --statement 'Pace is balanced with purpose' -",
            "jtd-evidence add --statement LC3 zotero-export.bib --bib my-list.bib",
            "jtd-evidence add --statement BB1 endnote.ris --format ris",
        ),
    )
    p.add_argument(
        "file", nargs="?", default="-", help="references: text, .bib, CSL-JSON or RIS ('-' = standard input)"
    )
    p.add_argument("--statement", required=True, metavar="ID|NAME", help="the practice statement they inform")
    p.add_argument(
        "--bib", type=Path, default=None, metavar="FILE",
        help="the .bib to add to, created if missing (default: bib in jtd-evidence.toml, else bib/joining-the-dots.bib of the checkout here)",
    )  # fmt: skip
    p.add_argument(
        "--format", choices=("auto", *FORMATS), default="auto", help="input format (default: detect)"
    )
    p.add_argument("--dry-run", action="store_true", help="show what would change; write nothing")
    p.add_argument("--json", action="store_true", help="machine-readable summary")
    from_config(p, bib="bib")
    p.set_defaults(run=run_add)

    p = subparsers.add_parser(
        "export",
        help="write the evidence base (or part of it) as BibTeX, BibLaTeX, CSL-JSON or RIS",
        description="Export works for reference managers: statement ids travel as keywords/tags.",
        epilog=examples(
            "jtd-evidence export --format ris -o joining-the-dots.ris",
            "jtd-evidence export --format csl-json --statement LC3 > lc3.json",
            "jtd-evidence export --format biblatex --principle WC",
        ),
    )
    add_bib_option(p)
    p.add_argument("--format", choices=EXPORT_FORMATS, required=True)
    p.add_argument("--statement", metavar="ID|NAME", help="only works under this statement")
    p.add_argument("--principle", metavar="ID|NAME", help="only works under this principle")
    p.add_argument(
        "--no-source",
        action="store_true",
        help="leave out each work's source text (its wording in the evidence list; BibLaTeX: annotation)",
    )
    p.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="write here (atomically) instead of standard output"
    )
    p.set_defaults(run=run_export)


def _report_plan(args: argparse.Namespace, plan: AddPlan, name: str) -> None:
    for line in check_first(plan.warnings, name):
        print(line, file=sys.stderr)
    for warning in plan.warnings:
        if warning.kind != "unsure":
            print(f"{name}:{warning.line}: {warning.kind}: {warning.message}", file=sys.stderr)
    if args.json:
        print_json(
            {
                "bib": shown(plan.bib),
                "statement": plan.statement.id,
                "format": plan.detected_format,
                "new": plan.new_keys,
                "gained_statement": plan.gained,
                "written": [] if args.dry_run or plan.problems else sorted(shown(p) for p in plan.writes),
            }
        )
    else:
        sys.stdout.write(plan.diff)
        print(
            f"{plan.detected_format}: {len(plan.new_keys)} new work(s) {', '.join(plan.new_keys) or ''}; "
            f"{len(plan.gained)} existing work(s) gain {plan.statement.id} {', '.join(plan.gained) or ''}".rstrip()
        )


def run_add(args: argparse.Namespace) -> int:
    statement(args.statement)  # an unknown statement is reported before any input is read
    bib = target_bib(args.bib, "add")
    name = "<stdin>" if args.file == "-" else args.file
    text = read_input(args.file)
    if args.dry_run:
        plan = plan_add(text, args.statement, bib, fmt=args.format, source_name=name)
        _report_plan(args, plan, name)
        print("dry run: nothing written", file=sys.stderr)
        return FINDINGS if plan.problems else OK
    # The lock covers reading, planning and writing, so a run at the same time waits its turn.
    with editing(bib, base_folders(bib), what="add") as transaction:
        for note in transaction.recovered:
            print(f"add: {note}", file=sys.stderr)
        plan = plan_add(text, args.statement, bib, fmt=args.format, source_name=name)
        _report_plan(args, plan, name)
        if plan.problems:
            print(
                "not written: some lines could not be read (see above); fix them and run again",
                file=sys.stderr,
            )
            return FINDINGS
        apply_plan(plan, transaction)
    for path in sorted(plan.writes):
        print(f"wrote {shown(path)}", file=sys.stderr)
    return OK


def run_export(args: argparse.Namespace) -> int:
    base = open_base(args.bib)
    entries = list(base)
    if args.statement:
        entries = list(base.for_statement(args.statement))
    if args.principle:
        keep = {e.key for e in base.for_principle(args.principle)}
        entries = [e for e in entries if e.key in keep]
    if args.no_source:
        entries = [e.model_copy(update={"source": None}) for e in entries]
    text = dumps(entries, args.format)
    if args.output:
        atomic_write_text(args.output, text)
        print(f"wrote {len(entries)} works to {shown(args.output)}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return OK
