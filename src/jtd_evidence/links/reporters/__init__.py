"""Reporters: plug-ins that render a list of :class:`~jtd_evidence.links.types.LinkResult`.

The checking core knows nothing of them; the command chooses one by name. Each is a function
``render(results, meta) -> str``, registered under the format name ``--format`` uses
(:func:`register_reporter` adds one). ``meta`` carries run facts: ``generated_at`` (ISO time),
``sources``, ``fail_on`` (class names), ``show_ok``, ``title`` (what was checked, e.g. the base's
name), ``citations`` (entry key -> short citation) and ``width`` (terminal columns).

    >>> from jtd_evidence.links.reporters import REPORTERS
    >>> sorted(REPORTERS)
    ['csv', 'html', 'json', 'markdown', 'terminal']
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from jtd_evidence._report_output import Reporters
from jtd_evidence.exceptions import UnknownReportFormatError
from jtd_evidence.links.reporters.common import SEVERITY, ReportMeta, group_by_status, summary
from jtd_evidence.links.reporters.documents import render_html, render_markdown
from jtd_evidence.links.reporters.machine import render_csv, render_json
from jtd_evidence.links.types import LinkResult

__all__ = [
    "REPORTERS",
    "SEVERITY",
    "ReportMeta",
    "Reporter",
    "UnknownReportFormatError",
    "group_by_status",
    "print_terminal",
    "register_reporter",
    "render",
    "summary",
]

Reporter = Callable[[Sequence[LinkResult], ReportMeta], str]


def render_terminal(results: Sequence[LinkResult], meta: ReportMeta) -> str:
    """The terminal table as plain text (rich is imported only when a table is drawn)."""
    from jtd_evidence.links.reporters import terminal

    return terminal.render_terminal(results, meta)


def print_terminal(results: Sequence[LinkResult], console: Any, **kwargs: Any) -> None:
    """Print the terminal tables on a rich Console (see :func:`terminal.print_terminal`)."""
    from jtd_evidence.links.reporters import terminal

    terminal.print_terminal(results, console, **kwargs)


REPORTERS = Reporters[LinkResult, ReportMeta](
    {
        "json": render_json,
        "csv": render_csv,
        "markdown": render_markdown,
        "html": render_html,
        "terminal": render_terminal,
    }
)


def register_reporter(name: str, reporter: Reporter) -> None:
    """Make ``reporter`` available as the report format ``name`` (replacing one of that name)."""
    REPORTERS[name] = reporter


def render(name: str, results: Sequence[LinkResult], meta: ReportMeta | None = None) -> str:
    """Render ``results`` with the reporter called ``name`` (:class:`UnknownReportFormatError`
    when there is none)."""
    return REPORTERS.render(name, results, ReportMeta(**(meta or {})))
