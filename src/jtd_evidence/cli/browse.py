"""Subcommands that look at the evidence base: list, show, stats."""

from __future__ import annotations

import argparse
import datetime as _dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.table import Table

if TYPE_CHECKING:
    from rich.console import JustifyMethod

from jtd_evidence.base import EvidenceBase
from jtd_evidence.cli._shared import (
    FINDINGS,
    OK,
    add_bib_option,
    authors_text,
    cell,
    console,
    entry_json,
    entry_summary,
    examples,
    open_base,
    print_json,
)
from jtd_evidence.framework import PRINCIPLES
from jtd_evidence.models import Entry, EntryType
from jtd_evidence.store import dumps_bib


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "list",
        help="list works, filtered by statement, principle, author, year, type or words",
        description="List the works of the evidence base (all, or those matching every filter given).",
        epilog=examples(
            "jtd-evidence list --statement LC3",
            'jtd-evidence list --principle "Leading with Care" --type report',
            "jtd-evidence list --author godar --year 2021 --json",
        ),
    )
    add_bib_option(p)
    p.add_argument("--statement", metavar="ID|NAME", help="only works under this practice statement")
    p.add_argument("--principle", metavar="ID|NAME", help="only works under this principle")
    p.add_argument("--author", help="family name (or organisation), any part")
    p.add_argument("--year", type=int)
    p.add_argument("--type", choices=[t.value for t in EntryType], help="CSL type")
    p.add_argument("--search", metavar="WORDS", help="words in title, journal, publisher or note")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(run=run_list)

    p = subparsers.add_parser(
        "show",
        help="show one work in full",
        description="Show every field of one work, or its BibTeX.",
        epilog=examples("jtd-evidence show hurst2021place", "jtd-evidence show hurst2021place --bibtex"),
    )
    add_bib_option(p)
    p.add_argument("key", help="citation key (see 'jtd-evidence list')")
    p.add_argument("--bibtex", action="store_true", help="print the entry as BibTeX")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(run=run_show)

    p = subparsers.add_parser(
        "stats",
        help="works per principle, statement, type and year; thin or old evidence",
        description="Count works per principle, statement, type and year, and flag statements whose "
        "evidence is thin (few works) or old (median year long ago).",
        epilog=examples(
            "jtd-evidence stats",
            "jtd-evidence stats --thin 5 --old-years 4 --json",
            "jtd-evidence stats --html coverage.html",
        ),
    )
    add_bib_option(p)
    p.add_argument("--thin", type=int, default=4, help="fewer works than this is thin (default 4)")
    p.add_argument(
        "--old-years",
        type=int,
        default=5,
        help="a median year more than this many years ago is old (default 5)",
    )
    p.add_argument(
        "--as-of", type=int, metavar="YEAR", help="the year to measure age from (default: this year)"
    )
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument(
        "--html",
        type=Path,
        metavar="FILE",
        help="also write the coverage page (charts and tables) to FILE; links count as healthy from "
        "the link-check cache",
    )
    p.set_defaults(run=run_stats)


def _filtered(base: EvidenceBase, args: argparse.Namespace) -> list[Entry]:
    chosen = list(base.search(args.search, author=args.author, year=args.year, type=args.type))
    if args.statement:
        keep = {e.key for e in base.for_statement(args.statement)}
        chosen = [e for e in chosen if e.key in keep]
    if args.principle:
        keep = {e.key for e in base.for_principle(args.principle)}
        chosen = [e for e in chosen if e.key in keep]
    return chosen


def run_list(args: argparse.Namespace) -> int:
    entries = _filtered(open_base(args.bib), args)
    if args.json:
        print_json([entry_summary(e) for e in entries])
        return OK
    table = Table(title=f"{len(entries)} works", title_justify="left", show_lines=False)
    table.add_column("key", no_wrap=True)
    table.add_column("year", no_wrap=True)
    table.add_column("authors", max_width=22, overflow="fold")
    table.add_column("title", ratio=1, overflow="fold")
    table.add_column("statements", no_wrap=True)
    for e in entries:
        table.add_row(
            *(
                cell(v or "")
                for v in (
                    e.key,
                    str(e.year or "n.d."),
                    authors_text(e),
                    e.title,
                    " ".join(e.statements),
                )
            )
        )
    console().print(table)
    return OK


def run_show(args: argparse.Namespace) -> int:
    entry = open_base(args.bib).get(args.key)
    if args.json:
        print_json(entry_json(entry))
    elif args.bibtex:
        print(dumps_bib([entry]), end="")
    else:
        table = Table(show_header=False, title=entry.key, title_justify="left")
        table.add_column("field", style="bold")
        table.add_column("value", overflow="fold")
        for name, value in entry_json(entry).items():
            if name in ("key",):
                continue
            if name in ("authors", "editors"):
                value = "; ".join(
                    p.get("literal") or ", ".join(filter(None, (p.get("family"), p.get("given"))))
                    for p in value
                )
            elif isinstance(value, list):
                value = ", ".join(str(v) for v in value)
            table.add_row(cell(name), cell(str(value)))
        console().print(table)
    return OK


def run_stats(args: argparse.Namespace) -> int:
    # Here, not at the top: it brings the formatting layer, which list and show never need.
    from jtd_evidence.reading_lists.coverage import statistics_of, write_coverage_page

    base = open_base(args.bib)
    data = statistics_of(base, args.thin, args.old_years, args.as_of or _dt.date.today().year)
    flagged = [sid for sid, row in data["per_statement"].items() if row["flags"]]
    if args.html:
        write_coverage_page(base, args.html, thin=args.thin, old_years=args.old_years, as_of=args.as_of)
        print(f"stats: wrote the coverage page to {args.html}", file=sys.stderr)
    if args.json:
        print_json(data)
        return FINDINGS if flagged else OK
    out = console()
    out.print(f"{data['works']} works")
    table = Table(title="by principle", title_justify="left")
    table.add_column("principle")
    table.add_column("works", justify="right")
    for p in PRINCIPLES:
        table.add_row(f"{p.id} {p.name}", str(data["per_principle"][p.id]))
    out.print(table)
    table = Table(title="by practice statement", title_justify="left")
    columns: tuple[tuple[str, JustifyMethod], ...] = (
        ("id", "left"),
        ("statement", "left"),
        ("works", "right"),
        ("newest", "right"),
        ("median year", "right"),
        ("flags", "left"),
    )
    for column, justify in columns:
        table.add_column(column, justify=justify, overflow="fold")
    for sid, row in data["per_statement"].items():
        median = "—" if row["median_year"] is None else f"{row['median_year']:g}"
        table.add_row(
            sid, row["name"], str(row["works"]), str(row["newest"] or "—"), median, " ".join(row["flags"])
        )
    out.print(table)
    for title, counts in (("by type", data["per_type"]), ("by year", data["per_year"])):
        table = Table(title=title, title_justify="left")
        table.add_column(title.split()[-1])
        table.add_column("works", justify="right")
        for name, count in counts.items():
            table.add_row(cell("n.d." if name == "0" else name), str(count))
        out.print(table)
    if flagged:
        out.print(f"thin or old evidence: {', '.join(flagged)}")
    return OK if not flagged else FINDINGS
