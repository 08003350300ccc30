"""Reporters: plug-ins that render a list of :class:`~jtd_evidence.links.types.LinkResult`.

Each is a function ``render(results, meta) -> str``; :data:`REPORTERS` maps the format names
used by ``--format`` to them. ``meta`` carries run facts (time, sources, fail-on classes).

    >>> from jtd_evidence.links.reporters import REPORTERS
    >>> sorted(REPORTERS)
    ['csv', 'html', 'json', 'markdown', 'terminal']
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from jtd_evidence.links.reporters.common import SEVERITY, group_by_status, summary
from jtd_evidence.links.reporters.documents import render_html, render_markdown
from jtd_evidence.links.reporters.machine import render_csv, render_json
from jtd_evidence.links.types import LinkResult

__all__ = [
    "REPORTERS",
    "SEVERITY",
    "Reporter",
    "group_by_status",
    "print_terminal",
    "render",
    "summary",
]

Reporter = Callable[[Sequence[LinkResult], dict[str, Any]], str]


def render_terminal(results: Sequence[LinkResult], meta: dict[str, Any]) -> str:
    """The terminal table as plain text (rich is imported only when a table is drawn)."""
    from jtd_evidence.links.reporters import terminal

    return terminal.render_terminal(results, meta)


def print_terminal(results: Sequence[LinkResult], console: Any, **kwargs: Any) -> None:
    """Print the terminal tables on a rich Console (see :func:`terminal.print_terminal`)."""
    from jtd_evidence.links.reporters import terminal

    terminal.print_terminal(results, console, **kwargs)


REPORTERS: dict[str, Reporter] = {
    "json": render_json,
    "csv": render_csv,
    "markdown": render_markdown,
    "html": render_html,
    "terminal": render_terminal,
}


def render(name: str, results: Sequence[LinkResult], meta: dict[str, Any] | None = None) -> str:
    """Render ``results`` with the reporter called ``name`` (KeyError names the known ones)."""
    try:
        reporter = REPORTERS[name]
    except KeyError:
        raise KeyError(f"unknown report format {name!r}; known: {', '.join(sorted(REPORTERS))}") from None
    return reporter(results, dict(meta or {}))
