"""The ``jtd-evidence`` command (also ``python -m jtd_evidence``).

Exit status, the same for every subcommand: 0 all well; 1 findings (lint warnings, invalid entries
found by ``validate``, dead links, lines that are not references); 2 usage or input error (bad
arguments, a file that cannot be read or parsed, a disk error, a held lock). See ``cli._errors``.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence

from jtd_evidence.cli._errors import notes_on_stderr, report
from jtd_evidence.cli._shared import USAGE, Parser, UsageError, apply_config

__all__ = ["COMMANDS", "build_parser", "main", "version"]

# Every subcommand, in the order of the help, and the module of cli/ whose register(subparsers) adds
# it (with its options, defaults from the configuration, and set_defaults(run=...)).
COMMANDS = {
    "list": "browse",
    "show": "browse",
    "stats": "browse",
    "parse": "maintain",
    "validate": "maintain",
    "lint": "maintain",
    "add": "exchange",
    "export": "exchange",
    "cite": "cite",
    "cite-doc": "cite",
    "check-urls": "check_urls",
    "reading-list": "reading_list",
    "verify": "verify",
    "config": "configure",
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


def build_parser(command: str | None = None) -> Parser:
    """The parser of every subcommand or, given a known ``command``, of that one alone (its
    module is the only one imported, so a command starts without loading the others)."""
    parser = Parser(
        prog="jtd-evidence",
        description="Use, check and grow the Joining the Dots evidence base.",
        epilog=_EPILOG,
    )
    parser.add_argument("--version", action="version", version=f"jtd-evidence {version()}")
    subparsers = parser.commands = parser.add_subparsers(
        title="commands", metavar="COMMAND", parser_class=Parser, dest="command"
    )
    wanted = COMMANDS.get(command or "")
    for module in dict.fromkeys(COMMANDS.values()):
        if wanted in (None, module):
            importlib.import_module(f"jtd_evidence.cli.{module}").register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(next((a for a in args if not a.startswith("-")), None))
    subparsers = parser.commands
    try:
        namespace, extra = parser.parse_known_args(args)
        if extra:  # said by the subcommand's parser, whose usage and help are the ones that help
            commands: dict[str, Parser] = subparsers.choices
            commands.get(namespace.command, parser).error(f"unrecognized arguments: {' '.join(extra)}")
    except UsageError as stop:
        if str(stop):
            print(str(stop), file=sys.stderr)
        return stop.status
    if not hasattr(namespace, "run"):
        parser.print_help()
        return USAGE
    prog: str = getattr(namespace, "prog_name", "jtd-evidence")
    with notes_on_stderr(prog):
        try:
            apply_config(namespace)
            status: int = namespace.run(namespace)
            return status
        except (Exception, KeyboardInterrupt) as error:
            # bad input found while running (a UsageError), an unknown statement, principle or key
            # (the message names the closest), a file that cannot be read or parsed, a disk error,
            # a held lock: usage or input errors; a bug of ours is one line too, never a traceback
            return report(error, prog)
