"""The ``jtd-evidence`` command (also ``python -m jtd_evidence``).

Exit status, the same for every subcommand: 0 all well; 1 findings (lint warnings, invalid entries
found by ``validate``, dead links, lines that are not references); 2 usage or input error (bad
arguments, a file that cannot be read or parsed, a disk error, a held lock). See ``cli._errors``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence

from jtd_evidence.cli._errors import notes_on_stderr, report
from jtd_evidence.cli._shared import USAGE, Parser, UsageError, apply_config

__all__ = ["main"]


def _check_urls(argv: list[str]) -> int:
    from jtd_evidence.links.cli import main as check_urls_main

    return check_urls_main(argv)


def _reading_list(argv: list[str]) -> int:
    from jtd_evidence.reading_lists.cli import main as reading_list_main

    return reading_list_main(argv)


def _verify(argv: list[str]) -> int:
    from jtd_evidence.verify.cli import main as verify_main

    return verify_main(argv)


# Subcommands with a parser of their own: the rest of the command line goes to them unchanged.
DELEGATED: dict[str, tuple[Callable[[list[str]], int], str]] = {
    "check-urls": (_check_urls, "check every URL and DOI; report dead, moved and blocked links"),
    "reading-list": (
        _reading_list,
        "reading lists per principle and statement in Harvard or APA (Markdown, HTML, Word, text)",
    ),
    "verify": (
        _verify,
        "check every entry against Crossref and OpenAlex: DOIs found, wrong years, titles, journals",
    ),
}

_EPILOG = """\
examples:
  jtd-evidence list --statement LC3          works under 'Young people are not labelled or judged'
  jtd-evidence show hurst2021place           one work in full
  jtd-evidence stats                         works per principle, statement, type, year
  jtd-evidence lint                          likely mistakes in the shipped evidence base
  jtd-evidence check-urls --format html -o links.html
  jtd-evidence reading-list                  every list, both styles, all formats, in out/reading-lists/
  jtd-evidence verify --mailto you@example.org   look every work up in Crossref and OpenAlex
  jtd-evidence cite "[@hurst2021place, p. 12]"  a citation: (Hurst and Fairgrieves, 2021, p. 12)
  jtd-evidence cite-doc report.docx -o cited.docx --style apa

Run 'jtd-evidence COMMAND --help' for a command's options and examples.
exit status: 0 all well; 1 findings (lint warnings, invalid entries, dead links, lines that are
not references); 2 usage or input error (bad arguments, a file that cannot be read or parsed,
a disk error, another run holding the lock)"""


def version() -> str:
    """The installed distribution's version (package metadata), or the package's own when it runs
    from a source tree that is not installed."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("jtd-evidence")
    except PackageNotFoundError:
        from jtd_evidence import __version__

        return __version__


def build_parser() -> Parser:
    from jtd_evidence.cli import (
        browse,
        cite,
        configure,
        exchange,
        maintain,
    )  # here, so delegated commands start fast

    parser = Parser(
        prog="jtd-evidence",
        description="Use, check and grow the Joining the Dots evidence base.",
        epilog=_EPILOG,
    )
    parser.add_argument("--version", action="version", version=f"jtd-evidence {version()}")
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=Parser)
    browse.register(subparsers)
    maintain.register(subparsers)
    exchange.register(subparsers)
    configure.register(subparsers)
    cite.register(subparsers)
    for name, (_, summary) in DELEGATED.items():
        subparsers.add_parser(name, help=summary, add_help=False)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    prog = "jtd-evidence" if not args or args[0] not in DELEGATED else args[0]
    with notes_on_stderr(prog):
        return _main(args)


def _main(args: list[str]) -> int:
    if args and args[0] in DELEGATED:
        try:
            return DELEGATED[args[0]][0](args[1:])
        except (Exception, KeyboardInterrupt) as error:  # they handle their own; this is the backstop
            return report(error, f"jtd-evidence {args[0]}")
    parser = build_parser()
    try:
        namespace = parser.parse_args(args)
        if not hasattr(namespace, "run"):
            parser.print_help()
            return USAGE
        apply_config(namespace)
        status: int = namespace.run(namespace)
        return status
    except UsageError as stop:
        if str(stop):
            print(str(stop), file=sys.stderr)
        return stop.status
    except (Exception, KeyboardInterrupt) as error:
        # an unknown statement, principle or key (the message names the closest), a file that cannot
        # be read or parsed, a disk error, a held lock: usage or input errors; a bug of ours is one
        # line too, never a traceback
        return report(error, "jtd-evidence")
