"""What the commands that check a whole base and write reports share: the report formats
(:data:`REPORT_FORMATS`, each command's :class:`Reporters` of them), the ``--report FORMAT=FILE``
targets and a progress bar on a terminal's stderr."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Collection, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from jtd_evidence.exceptions import JTDError, UnknownReportFormatError

if TYPE_CHECKING:
    from rich.console import Console

__all__ = [
    "REPORT_FORMATS",
    "ProgressBar",
    "ReportSpecError",
    "Reporters",
    "add_output_options",
    "report_targets",
]

REPORT_FORMATS = ("json", "csv", "markdown", "html", "terminal")
"""The report formats every checking command writes (check-urls and verify alike); plug-ins may add more."""

Result = TypeVar("Result")
Meta = TypeVar("Meta")


class ReportSpecError(JTDError, ValueError):
    """A ``--report`` value that is not FORMAT=FILE with a known format: exit status 2."""


class Reporters(dict[str, Callable[[Sequence[Result], Meta], str]]):
    """One command's reporters by format name: ``render(results, meta) -> str`` each, for every
    one of :data:`REPORT_FORMATS` (and any a plug-in registers)."""

    def __init__(self, reporters: Mapping[str, Callable[[Sequence[Result], Meta], str]]) -> None:
        missing = [name for name in REPORT_FORMATS if name not in reporters]
        if missing:
            raise TypeError(f"no reporter for {', '.join(missing)}: every command writes {REPORT_FORMATS}")
        super().__init__(reporters)

    def render(self, name: str, results: Sequence[Result], meta: Meta) -> str:
        """``results`` rendered by the reporter called ``name`` (:class:`UnknownReportFormatError`
        when there is none)."""
        reporter = self.get(name)
        if reporter is None:
            raise UnknownReportFormatError(name, self)
        return reporter(results, meta)


def add_output_options(parser: argparse.ArgumentParser, formats: Collection[str], example: str) -> None:
    """The 'output' group: --format, -o/--output, --report FORMAT=FILE (``example`` e.g.
    'html=links.html'), -q/--quiet and --no-progress."""
    out = parser.add_argument_group("output")
    out.add_argument("--format", choices=sorted(formats), default="terminal", help="report format")
    out.add_argument("-o", "--output", metavar="FILE", type=Path, help="write the report here (atomic)")
    out.add_argument(
        "--report",
        action="append",
        default=[],
        metavar="FORMAT=FILE",
        help=f"also write a report in another format, e.g. {example} (repeatable)",
    )
    out.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary on stderr")
    out.add_argument("--no-progress", action="store_true", help="no progress bar")


def report_targets(specs: Sequence[str], formats: Collection[str]) -> list[tuple[str, Path]]:
    """(format, file) for each ``--report FORMAT=FILE``; :class:`ReportSpecError` names a bad one."""
    targets = []
    for spec in specs:
        fmt, sep, target = spec.partition("=")
        if not sep or fmt not in formats or not target:
            raise ReportSpecError(
                f"--report {spec!r}: expected FORMAT=FILE with FORMAT one of {', '.join(formats)}"
            )
        targets.append((fmt, Path(target)))
    return targets


class ProgressBar:
    """A live bar on a terminal's stderr (the caller shows it only there, never in CI or when piped)."""

    def __init__(self, console: Console, total: int, label: str) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.bar = Progress(
            TextColumn(label),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        )
        self._task = self.bar.add_task(label, total=total)

    def advance(self, _result: object) -> None:
        self.bar.advance(self._task)
