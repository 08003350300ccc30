"""``jtd-evidence check-urls``: check every URL and DOI of the evidence base before a release.

Exit status: 0 nothing failed, 1 a link is in a ``--fail-on`` class, 2 usage or input error (bad
arguments, a .bib or URL list that cannot be read or parsed, a report or .bib that cannot be written).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import sys
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from jtd_evidence._atomic import atomic_write_text, check_writable
from jtd_evidence._report_output import ProgressBar, add_output_options, report_targets
from jtd_evidence.cli._shared import DEFAULT_BIB, FINDINGS, OK, UsageError, from_config
from jtd_evidence.links.cache import LinkCacheWarning
from jtd_evidence.links.checker import check_urls, collect_targets
from jtd_evidence.links.reporters import REPORTERS, print_terminal, render
from jtd_evidence.links.reporters.common import ReportMeta, citations_of, verdict
from jtd_evidence.links.types import DEFAULT_FAIL_ON, UNCHECKED, WORKING, LinkResult, LinkStatus

if TYPE_CHECKING:
    from rich.console import Console

    from jtd_evidence.config import Settings

__all__ = ["register", "run_check_urls"]

_EXAMPLES = (
    """\
examples:
  check-urls                                  check the shipped bib/joining-the-dots.bib
  check-urls refs.bib --format html -o links.html
  check-urls --urls urls.txt --format json > links.json
  cat urls.txt | check-urls --urls - --fail-on broken,gone
  check-urls --allow-host 127.0.0.1:8000 --urls mirror.txt   (a local mirror)

status classes: """
    + ", ".join(s.value for s in LinkStatus)
    + """
failing by default: """
    + ", ".join(sorted(s.value for s in DEFAULT_FAIL_ON))
    + """
defaults: the [links] table of jtd-evidence.toml (see 'jtd-evidence config'), else as shown
exit status: 0 no link failing; 1 a link in a --fail-on class; 2 usage or input error (bad
arguments, a .bib or URL list that cannot be read or parsed, a file that cannot be written)"""
)


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "check-urls",
        help="check every URL and DOI; report dead, moved and blocked links",
        description="Check every URL (and DOI) in .bib files or a URL list, and report dead, moved, "
        "blocked and suspicious links.",
        epilog=_EXAMPLES,
    )
    p.add_argument("bib", nargs="*", type=Path, help=f".bib files to check (default: {DEFAULT_BIB})")
    p.add_argument("--urls", metavar="FILE", help="a plain list of URLs, one a line ('-' for standard input)")
    add_output_options(p, REPORTERS, "html=links.html")
    out = p.add_argument_group("failures")
    out.add_argument(
        "--fail-on", metavar="CLASSES", help="comma-separated classes that exit 1, or 'all'/'none'"
    )
    out.add_argument("--show-ok", action="store_true", help="list working links in the terminal table too")
    chk = p.add_argument_group("checking")
    # None: not given, so the configuration's value (or the checker's default) is used
    chk.add_argument("--concurrency", type=int, help="requests in flight at once")
    chk.add_argument("--per-host", type=int, help="requests in flight to one host")
    chk.add_argument("--timeout", type=float, help="read timeout, seconds")
    chk.add_argument("--connect-timeout", type=float, help="seconds")
    chk.add_argument("--deadline", type=float, help="total seconds for one URL")
    chk.add_argument("--retries", type=int, help="retries for connection errors, 429, 5xx")
    chk.add_argument("--retry-after-cap", type=float, help="longest Retry-After kept")
    chk.add_argument("--method", choices=("auto", "head", "get"), help="request method policy")
    chk.add_argument(
        "--check-fragments", action="store_true", default=None, help="check that #anchors exist in the page"
    )
    chk.add_argument(
        "--suggest-archive", action="store_true", default=None, help="look up Internet Archive snapshots"
    )
    chk.add_argument(
        "--exclude",
        action="append",
        metavar="PATTERN",
        help="do not check URLs matching this regular expression; they show as 'excluded' (repeatable)",
    )
    chk.add_argument(
        "--no-soft-404", action="store_true", help="do not look for 'not found' pages behind 200s"
    )
    safe = p.add_argument_group("safety")
    safe.add_argument(
        "--allow-host",
        action="append",
        metavar="HOST[:PORT]",
        help="allow this host even on a loopback/private address (repeatable)",
    )
    safe.add_argument(
        "--allow-private", action="store_true", default=None, help="allow every private address"
    )
    cache = p.add_argument_group("cache")
    cache.add_argument(
        "--cache", type=Path, metavar="FILE", help="results cache (default ~/.cache/jtd-evidence/links.json)"
    )
    cache.add_argument(
        "--cache-ttl", type=float, metavar="HOURS", help="cache lifetime in hours (default 24)"
    )
    cache.add_argument("--fresh", action="store_true", help="ignore cached results (still refresh the cache)")
    cache.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    p.add_argument(
        "--update-bib",
        action="store_true",
        help="record today's date as urldate for entries whose URL works, in the given .bib files",
    )
    from_config(p, cache="links.cache", cache_ttl="links.cache-ttl")
    p.set_defaults(run=run_check_urls, prog_name="check-urls")


def _fail_on(text: str | None, settings: Settings) -> frozenset[LinkStatus]:
    what = "--fail-on"
    if text is None:
        setting = settings["links.fail-on"]
        text = ",".join(setting.value)
        what = f"{setting.source}: links.fail-on"
    names = [t.strip().lower() for t in text.split(",") if t.strip()]
    if names == ["all"]:
        return frozenset(LinkStatus) - WORKING - UNCHECKED
    if names in ([], ["none"]):
        return frozenset()
    known = {s.value: s for s in LinkStatus}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise UsageError(f"{what}: unknown class {unknown[0]!r}; known: {', '.join(known)}, all, none")
    return frozenset(known[n] for n in names)


def _read_url_list(name: str, stdin: TextIO) -> list[str]:
    from jtd_evidence._input import read_user_text

    try:
        text = read_user_text(name, stdin=stdin).text
    except OSError as error:
        raise UsageError(
            f"--urls {name}: cannot read it ({error.strerror or error}); give a readable file"
        ) from None
    urls = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("# "):
            urls.append(line)
    return urls


def _default_bib() -> Path | None:
    """bib/joining-the-dots.bib here (a checkout being edited), else the shipped evidence base."""
    from jtd_evidence.base import shipped_bib

    for candidate in (DEFAULT_BIB, shipped_bib()):
        if candidate.is_file():
            return candidate
    return None


def _load_bibs(paths: Sequence[Path]) -> dict[Path, list[Any]]:
    if not paths:
        return {}  # a plain URL list: no need to load the BibTeX machinery
    from jtd_evidence.store import read_bib

    loaded = {}
    for path in paths:
        if not path.is_file():
            raise UsageError(f"{path}: no such .bib file; give the path of a .bib file or use --urls FILE")
        loaded[path] = read_bib(path)
    return loaded


def _check_update_targets(paths: Sequence[Path]) -> None:
    """--update-bib writes into each .bib: refuse, before any link is checked, a file that cannot
    be written, or a base that is regenerated from source lists (or shipped in the package),
    where the dates would be lost."""
    from jtd_evidence._text import shown
    from jtd_evidence.adding import is_generated, source_lists_for
    from jtd_evidence.base import shipped_bib

    for path in paths:
        if is_generated(path):
            source = source_lists_for(path) or source_lists_for(path.resolve())
            raise UsageError(
                f"--update-bib: {shown(path)} is regenerated from {shown(source or path)}, so urldate "
                "set in it would be lost at the next regeneration; record the date in the source list "
                "instead, e.g. '(Accessed: 12 March 2024)' after the reference, or run --update-bib on "
                "a .bib file of your own"
            )
        if path.resolve() == shipped_bib().resolve():
            raise UsageError(
                f"--update-bib: {shown(path)} is the evidence base shipped with jtd-evidence; copy it "
                "and run --update-bib on your copy"
            )
        if path.is_file():
            check_writable(path)


def _update_bibs(bibs: dict[Path, list[Any]], results: Sequence[LinkResult], today: _dt.date) -> list[str]:
    """Set urldate (Entry.accessed) on entries whose URL works, changing only those fields of each
    .bib (comments, macros and layout stay as they were); each file under its lock, atomically."""
    from jtd_evidence._transaction import editing
    from jtd_evidence.store.edit import BibText, read_bib_text, rewrite_bib

    working = {r.url for r in results if r.status in WORKING}
    messages: list[str] = []
    for path in bibs:
        with editing(path, what="check-urls --update-bib") as transaction:
            messages.extend(f"{path}: {note}" for note in transaction.recovered)
            text = read_bib_text(path)  # as it is now: it may have been edited while links were checked
            changed = 0
            updated = []
            for entry in BibText(text, str(path)).entries:
                if entry.url and entry.url.strip() in working and entry.accessed != today:
                    entry = entry.model_copy(update={"accessed": today})
                    changed += 1
                updated.append(entry)
            if changed:
                transaction.write(path, rewrite_bib(text, updated, source=str(path)))
        messages.append(
            f"{path}: urldate set to {today.isoformat()} on {changed} entr{'y' if changed == 1 else 'ies'}"
        )
    return messages


def run_check_urls(args: argparse.Namespace) -> int:
    """Run the command; returns the exit status (0 ok, 1 findings, 2 usage error)."""
    from rich.console import Console

    return _run(args, sys.stdin, Console(stderr=True, highlight=False, soft_wrap=True))


def _run(args: argparse.Namespace, stdin: TextIO, err: Console) -> int:
    settings: Settings = args.settings
    options = _options(args, settings)  # a limit out of range stops the command before any work
    fail_on = _fail_on(args.fail_on, settings)
    extra_reports = report_targets(args.report, REPORTERS)
    _check_outputs(args, extra_reports)
    inputs = _inputs(args, settings, stdin)
    results, caught = _check(inputs.items, options, err, show_progress=not (args.quiet or args.no_progress))
    now = _dt.datetime.now(_dt.UTC).replace(microsecond=0)
    meta: ReportMeta = {
        "generated_at": now.isoformat().replace("+00:00", "Z"),
        "sources": inputs.sources,
        "fail_on": sorted(s.value for s in fail_on),
        "show_ok": args.show_ok,
        "citations": citations_of(entry for entries in inputs.bibs.values() for entry in entries),
    }
    _report(args, results, meta, fail_on, extra_reports, err)
    if args.update_bib:
        for message in _update_bibs(inputs.bibs, results, now.date()):
            if not args.quiet:
                err.print(message, highlight=False)
    _show_warnings(caught, err)  # after the report: the report is what the user waited for
    failed = sum(1 for r in results if r.status in fail_on)
    return FINDINGS if failed else OK


def _check_outputs(args: argparse.Namespace, extra_reports: Sequence[tuple[str, Path]]) -> None:
    """Refuse, before any link is checked, a --update-bib without .bib files and a report that
    cannot be written: a report nobody can save is lost time."""
    if args.update_bib and args.urls and not args.bib:
        raise UsageError("--update-bib needs .bib files to update; it cannot update a --urls list")
    for path in [*([args.output] if args.output is not None else []), *(p for _f, p in extra_reports)]:
        check_writable(path)


@dataclass
class _Inputs:
    """What to check: the entries of each .bib (by path) and the URLs of a list, in that order,
    and how a report names where they came from."""

    bibs: dict[Path, list[Any]]
    items: list[Any]
    sources: list[str]


def _inputs(args: argparse.Namespace, settings: Settings, stdin: TextIO) -> _Inputs:
    """The .bib files given (else the configured or default base) and the --urls list, read."""
    bib_paths = list(args.bib)
    if not bib_paths and not args.urls:
        default = settings.value("bib") or _default_bib()
        if default is None:
            raise UsageError(
                f"no input: give .bib files or --urls FILE (the default {DEFAULT_BIB} is not in this directory)"
            )
        bib_paths = [default]
    if args.update_bib:
        _check_update_targets(bib_paths)
    bibs = _load_bibs(bib_paths)
    inputs = _Inputs(bibs, [entry for entries in bibs.values() for entry in entries], [str(p) for p in bibs])
    if args.urls:
        inputs.items.extend(_read_url_list(args.urls, stdin))
        inputs.sources.append("standard input" if args.urls == "-" else args.urls)
    return inputs


def _check(
    items: list[Any], options: Any, err: Console, *, show_progress: bool
) -> tuple[list[LinkResult], list[warnings.WarningMessage]]:
    """The results, with a progress bar on a terminal's stderr, and the warnings the check gave
    (the cache's among them), to show once the report is out."""
    progress = (
        ProgressBar(err, len(collect_targets(items)), "checking links")
        if err.is_terminal and show_progress
        else None
    )
    if progress is not None:
        options = options.replace(on_result=progress.advance)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", LinkCacheWarning)
        if progress is None:
            results = check_urls(items, options=options)
        else:
            with progress.bar:
                results = check_urls(items, options=options)
    return results, caught


def _report(
    args: argparse.Namespace,
    results: list[LinkResult],
    meta: ReportMeta,
    fail_on: frozenset[LinkStatus],
    extra_reports: Sequence[tuple[str, Path]],
    err: Console,
) -> None:
    """The report in --format (to -o, else standard output), each --report file, and the summary
    and the files written on stderr unless --quiet."""
    written: list[Path] = []
    if args.output is not None:
        atomic_write_text(args.output, render(args.format, results, meta))
        written.append(args.output)
    elif args.format == "terminal":
        from rich.console import Console

        print_terminal(results, Console(highlight=False), fail_on=fail_on, show_ok=args.show_ok)
    else:
        sys.stdout.write(render(args.format, results, meta))
        sys.stdout.flush()
    for fmt, path in extra_reports:
        atomic_write_text(path, render(fmt, results, meta))
        written.append(path)
    if args.quiet:
        return
    if args.output is not None or args.format != "terminal":
        err.print(_summary_line(results, fail_on), highlight=False, markup=False)
    for path in written:
        err.print(f"wrote {path}", highlight=False, markup=False)


def _show_warnings(caught: Sequence[warnings.WarningMessage], err: Console) -> None:
    for warning in caught:
        if issubclass(warning.category, LinkCacheWarning):
            err.print(
                f"check-urls: warning: {warning.message} (the report is complete; give --cache FILE "
                "for another place, or --no-cache)",
                highlight=False,
                markup=False,
            )
        else:
            warnings.showwarning(warning.message, warning.category, warning.filename, warning.lineno)


# options of the command -> fields of CheckOptions; the [links] keys of the same names fill the gaps
_LIMITS = {
    "concurrency": "concurrency",
    "per_host": "per_host",
    "timeout": "read_timeout",
    "connect_timeout": "connect_timeout",
    "deadline": "deadline",
    "retries": "retries",
    "retry_after_cap": "retry_after_cap",
    "method": "method",
    "allow_private": "allow_private",
    "check_fragments": "check_fragments",
    "suggest_archive": "suggest_archive",
}


def _options(args: argparse.Namespace, settings: Settings) -> Any:
    given = {field: getattr(args, dest) for dest, field in _LIMITS.items() if getattr(args, dest) is not None}
    if args.no_soft_404:
        given["detect_soft_404"] = False
    for dest, field in (("allow_host", "allow_hosts"), ("exclude", "exclude")):
        if getattr(args, dest) is not None:  # given: replaces the configuration's list
            given[field] = tuple(getattr(args, dest))
    return settings.check_options(
        **given,
        cache_path=None if args.no_cache else args.cache,
        cache_ttl=args.cache_ttl * 3600,
        fresh=args.fresh,
    )


def _summary_line(results: Sequence[LinkResult], fail_on: frozenset[LinkStatus]) -> str:
    from jtd_evidence.links.reporters import summary

    parts = [f"{status.value} {n}" for status, n in summary(results)]
    failed = sum(1 for r in results if r.status in fail_on)
    line = (
        f"{len(results)} links: " + ", ".join(parts) + (f"; {failed} failing" if failed else "; none failing")
    )
    said = verdict(results)
    return f"{said}\n{line}" if said else line
