"""``jtd-evidence verify``: check every entry of a .bib against Crossref and OpenAlex.

Exit status: 0 no mismatch, 1 a mismatch was found, 2 usage or input error (bad arguments, a
.bib that cannot be read, a report or .bib that cannot be written, fixes that cannot be written
through the source lists).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jtd_evidence._atomic import atomic_write_text, check_writable
from jtd_evidence._report_output import ProgressBar, add_output_options, report_targets
from jtd_evidence._text import shown
from jtd_evidence.cli._shared import DEFAULT_BIB, FINDINGS, OK, UsageError, from_config
from jtd_evidence.models import Entry
from jtd_evidence.verify.cache import RegistryCacheWarning, default_registry_cache
from jtd_evidence.verify.checker import summary, verify_entries
from jtd_evidence.verify.options import CROSSREF_URL, OPENALEX_URL, VerifyOptions
from jtd_evidence.verify.reporters import REPORTERS, print_terminal, render
from jtd_evidence.verify.types import FAILING, Verdict, VerifyResult

if TYPE_CHECKING:
    from rich.console import Console

__all__ = ["register", "run_verify"]

_EPILOG = (
    """\
examples:
  verify                                   check bib/joining-the-dots.bib (or the shipped base)
  verify refs.bib --format html -o registry.html
  verify --statement LC3 --json > lc3.json
  verify --fix                             show the safe fixes as a diff (nothing written)
  verify refs.bib --fix --write            write them (the DOIs found, missing volume/issue/pages)
  verify --offline                         answer from the cache of earlier runs alone
  verify --crossref-url http://127.0.0.1:8000/crossref --no-openalex   (a mirror or test server)

verdicts: """
    + ", ".join(v.value for v in Verdict)
    + """
Crossref asks for a contact address (its "polite pool"): give --mailto, set JTD_MAILTO, or write
mailto = "you@example.org" under [verify] in jtd-evidence.toml.
exit status: 0 no mismatch; 1 a mismatch found; 2 usage or input error"""
)


def register(subparsers: Any) -> None:
    d = VerifyOptions()
    p = subparsers.add_parser(
        "verify",
        help="check every entry against Crossref and OpenAlex: DOIs found, wrong years, titles, journals",
        description="Check every entry against Crossref (then OpenAlex): find missing DOIs, catch wrong "
        "years, titles, authors and journals. Grey literature not in any registry is 'not-found', no fault.",
        epilog=_EPILOG,
    )
    p.add_argument("bib", nargs="?", type=Path, help=f"the .bib to check (default: {DEFAULT_BIB})")
    p.add_argument("--statement", metavar="ID|NAME", help="only the works under this practice statement")
    add_output_options(p, REPORTERS, "html=registry.html")
    shown_rows = p.add_argument_group("rows")
    shown_rows.add_argument("--json", action="store_true", help="the same as --format json")
    shown_rows.add_argument(
        "--show-all", action="store_true", help="list confirmed and not-found entries too"
    )
    reg = p.add_argument_group("registries")
    reg.add_argument(
        "--mailto",
        metavar="EMAIL",
        help="contact address for the polite pool (default: $JTD_MAILTO, else [verify] mailto in jtd-evidence.toml)",
    )
    reg.add_argument("--crossref-url", default=CROSSREF_URL, metavar="URL", help="Crossref API base URL")
    reg.add_argument("--openalex-url", default=OPENALEX_URL, metavar="URL", help="OpenAlex API base URL")
    reg.add_argument("--no-openalex", action="store_true", help="ask Crossref alone")
    reg.add_argument(
        "--rate", type=float, default=d.rate, help="requests per second to each registry, at most"
    )
    reg.add_argument("--retries", type=int, default=d.retries, help="retries after a 429 or 5xx")
    reg.add_argument("--timeout", type=float, default=d.timeout, help="read timeout, seconds")
    reg.add_argument(
        "--year-window",
        type=int,
        default=d.year_window,
        help="look for works this many years either side (-1: any year)",
    )
    cache = p.add_argument_group("cache")
    cache.add_argument(
        "--cache", type=Path, metavar="FILE", help=f"answers cache (default {default_registry_cache()})"
    )
    cache.add_argument("--cache-ttl", type=float, default=30.0, metavar="DAYS", help="cache lifetime in days")
    cache.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    cache.add_argument("--fresh", action="store_true", help="ask again even what is cached (and refresh it)")
    cache.add_argument("--offline", action="store_true", help="answer from the cache alone; ask no registry")
    fix = p.add_argument_group("fixes")
    fix.add_argument("--fix", action="store_true", help="show the safe fixes as a diff on stderr (dry run)")
    fix.add_argument("--write", action="store_true", help="with --fix: write them (atomic)")
    from_config(p, bib="bib", mailto="verify.mailto")  # the mailto: --mailto, JTD_MAILTO, the file
    p.set_defaults(run=run_verify, prog_name="verify")


def _bib_path(given: Path | None) -> Path:
    if given is not None:
        if not given.is_file():
            raise UsageError(f"{given}: no such .bib file; give the path of a .bib file")
        return given
    from jtd_evidence.base import shipped_bib

    for candidate in (DEFAULT_BIB, shipped_bib()):
        if candidate.is_file():
            return candidate
    raise UsageError(f"no .bib given and {DEFAULT_BIB} is not in this directory")


def _entries(path: Path, statement: str | None) -> list[Entry]:
    from jtd_evidence.base import EvidenceBase
    from jtd_evidence.store import read_bib

    entries = read_bib(path)
    if statement is None:
        return entries
    return list(EvidenceBase(entries, str(path)).for_statement(statement))


def _options(args: argparse.Namespace, on_result: Any) -> VerifyOptions:
    return VerifyOptions(
        crossref_url=args.crossref_url,
        openalex_url=None if args.no_openalex else args.openalex_url,
        mailto=args.mailto or None,
        rate=args.rate,
        retries=args.retries,
        timeout=args.timeout,
        year_window=args.year_window if args.year_window >= 0 else None,
        cache_path=None if args.no_cache else (args.cache or default_registry_cache()),
        cache_ttl=args.cache_ttl * 86400,
        offline=args.offline,
        fresh=args.fresh,
        on_result=on_result,
    )


def run_verify(args: argparse.Namespace) -> int:
    """Run the command; returns the exit status (0 no mismatch, 1 mismatch, 2 usage error)."""
    from rich.console import Console

    return _run(args, Console(stderr=True, highlight=False, soft_wrap=True))


def _check_arguments(args: argparse.Namespace) -> list[tuple[str, Path]]:
    if args.write and not args.fix:
        raise UsageError("--write only makes sense with --fix")
    if args.offline and args.fresh:
        raise UsageError("--offline and --fresh contradict each other: --offline asks no registry")
    if args.offline and args.no_cache:
        raise UsageError("--offline needs the cache: drop --no-cache")
    if args.json:
        args.format = "json"
    extra = report_targets(args.report, REPORTERS)
    for path in [*([args.output] if args.output is not None else []), *(p for _f, p in extra)]:
        check_writable(path)  # before asking the registries: a report nobody can save is lost time
    return extra


def _check_write_target(path: Path) -> None:
    from jtd_evidence.adding import source_lists_for
    from jtd_evidence.base import shipped_bib

    if path.resolve() == shipped_bib().resolve():
        raise UsageError(
            f"--write: {shown(path)} is the evidence base shipped with jtd-evidence; copy it and fix your copy"
        )
    check_writable(path)
    source = source_lists_for(path) or source_lists_for(path.resolve())
    if source is not None:
        check_writable(source)


def _run(args: argparse.Namespace, err: Console) -> int:
    extra_reports = _check_arguments(args)
    path = _bib_path(args.bib)
    if args.write:
        _check_write_target(path)
    entries = _entries(path, args.statement)
    progress = (
        ProgressBar(err, len(entries), "asking the registries")
        if err.is_terminal and not (args.quiet or args.no_progress)
        else None
    )
    options = _options(args, None if progress is None else progress.advance)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", RegistryCacheWarning)
        if progress is None:
            results = verify_entries(entries, options)
        else:
            with progress.bar:
                results = verify_entries(entries, options)
    meta = {
        "generated_at": _dt.datetime.now(_dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        "sources": [str(path)],
        "show_all": args.show_all,
    }
    _write_reports(args, results, meta, extra_reports)
    if not args.quiet and (args.output is not None or args.format != "terminal"):
        err.print(_summary_line(results), highlight=False, markup=False)
    for warning in caught:  # after the report: the report is what the user waited for
        err.print(f"verify: warning: {warning.message}", highlight=False, markup=False)
    if args.fix:
        _fix(path, results, write=args.write, err=err)
    return FINDINGS if any(r.verdict in FAILING for r in results) else OK


def _write_reports(
    args: argparse.Namespace,
    results: Sequence[VerifyResult],
    meta: dict[str, Any],
    extra: list[tuple[str, Path]],
) -> None:
    if args.output is not None:
        atomic_write_text(args.output, render(args.format, results, meta))
    elif args.format == "terminal":
        from rich.console import Console

        print_terminal(results, Console(highlight=False), show_all=args.show_all)
    else:
        sys.stdout.write(render(args.format, results, meta))
        sys.stdout.flush()
    for fmt, target in extra:
        atomic_write_text(target, render(fmt, results, meta))


def _fix(path: Path, results: Sequence[VerifyResult], *, write: bool, err: Console) -> None:
    """Show (and with ``write``, apply) the safe fixes. The files are read again under the base's
    lock: a .bib edited while the registries were asked is planned from what it is now."""
    from jtd_evidence._transaction import editing
    from jtd_evidence.adding import base_folders
    from jtd_evidence.verify.fixes import plan_fixes

    if not write:
        plan = plan_fixes(path, results)
    else:
        with editing(path, base_folders(path), what="verify --fix --write") as transaction:
            for note in transaction.recovered:
                err.print(f"verify: {note}", highlight=False, markup=False)
            plan = plan_fixes(path, results)
            for target, text in plan.writes.items():
                transaction.write(target, text)
    sys.stderr.write(plan.diff())
    for line in plan.left:
        err.print(f"verify: not fixed: {line}", highlight=False, markup=False)
    count = len(plan.applied)
    if not count:
        err.print("verify: no safe fixes to apply", highlight=False, markup=False)
    elif write:
        names = ", ".join(shown(p) for p in plan.writes)
        err.print(f"verify: applied {count} fix(es) to {names}", highlight=False, markup=False)
    else:
        err.print(
            f"verify: dry run: {count} fix(es) not written (add --write)", highlight=False, markup=False
        )


def _summary_line(results: Sequence[VerifyResult]) -> str:
    parts = [f"{verdict.value} {n}" for verdict, n in summary(results)]
    failing = sum(1 for r in results if r.verdict in FAILING)
    return (
        f"{len(results)} entries: "
        + ", ".join(parts)
        + (f"; {failing} failing" if failing else "; none failing")
    )
