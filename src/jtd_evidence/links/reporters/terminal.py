"""The terminal report: a table of links needing attention and a summary by status class (rich)."""

from __future__ import annotations

import io
from collections.abc import Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from jtd_evidence.links.reporters.common import (
    ReportMeta,
    description,
    detail,
    group_by_status,
    keys_text,
    shown,
    summary,
    verdict,
)
from jtd_evidence.links.types import UNCHECKED, WORKING, LinkResult, LinkStatus

__all__ = ["print_terminal", "render_terminal", "summary_table"]

_STYLE = {
    LinkStatus.OK: "green",
    LinkStatus.REDIRECT_TEMPORARY: "green",
    LinkStatus.REDIRECT_PERMANENT: "yellow",
    LinkStatus.BLOCKED: "yellow",
    LinkStatus.TIMEOUT: "yellow",
    LinkStatus.RATE_LIMITED: "yellow",
    LinkStatus.SERVER_ERROR: "yellow",
    LinkStatus.EXCLUDED: "dim",
}
_QUIET_CLASSES = (WORKING | UNCHECKED) - {LinkStatus.REDIRECT_PERMANENT}
"""Classes listed only with ``show_ok``: nothing to do about them."""


def summary_table(results: Sequence[LinkResult], fail_on: frozenset[LinkStatus] | None = None) -> Table:
    table = Table(title=f"{len(results)} links checked", title_justify="left")
    table.add_column("Status")
    table.add_column("Links", justify="right")
    table.add_column("Meaning")
    for status, n in summary(results):
        style = _STYLE.get(status, "red")
        mark = " *" if fail_on is not None and status in fail_on else ""
        table.add_row(f"[{style}]{status.value}{mark}[/]", str(n), description(status, results))
    if fail_on is not None and any(r.status in fail_on for r in results):
        table.caption = "* counts as a failure (--fail-on)"
    return table


def _cell(text: str, limit: int = 500) -> Text:
    """A URL or message taken literally ('[/]' in a URL is not markup; control characters are shown
    escaped), cut past ``limit`` characters (laying out a 10 MB line would take minutes; the JSON
    report has it whole)."""
    if len(text) > limit:
        text = f"{text[:limit]}… ({len(text) - limit:,} more characters)"
    return Text(shown(text))


def problems_table(results: Sequence[LinkResult], show_ok: bool = False) -> Table | None:
    rows = [(s, g) for s, g in group_by_status(results) if show_ok or s not in _QUIET_CLASSES]
    if not any(g for _, g in rows):
        return None
    table = Table(show_lines=False, expand=False)
    table.add_column("Status", no_wrap=True)
    table.add_column("URL", overflow="fold")
    table.add_column("Entries", overflow="fold")
    table.add_column("Detail / suggestion", overflow="fold")
    for status, group in rows:
        style = _STYLE.get(status, "red")
        for r in group:
            lines = [detail(r)]
            if r.suggestion:
                lines.append(f"-> {shown(r.suggestion)}")
            if r.archive_url and r.archive_url != r.suggestion:
                lines.append(f"archived: {shown(r.archive_url)}")
            cell = Text("\n").join(_cell(line) for line in lines)
            table.add_row(f"[{style}]{status.value}[/]", _cell(r.url), _cell(keys_text(r)), cell)
    return table


def print_terminal(
    results: Sequence[LinkResult],
    console: Console,
    *,
    fail_on: frozenset[LinkStatus] | None = None,
    show_ok: bool = False,
) -> None:
    """Print the run's verdict if it has one ('offline?'), the links needing attention, then the summary."""
    said = verdict(results)
    if said:
        console.print(Text(said, style="bold red"))
    problems = problems_table(results, show_ok)
    if problems is not None:
        console.print(problems)
    console.print(summary_table(results, fail_on))


def render_terminal(results: Sequence[LinkResult], meta: ReportMeta) -> str:
    """The same as plain text (for ``--format terminal --output FILE``)."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=int(meta.get("width", 120)), no_color=True, color_system=None)
    fail_on = meta.get("fail_on")
    print_terminal(
        results,
        console,
        fail_on=frozenset(LinkStatus(s) for s in fail_on) if fail_on else None,
        show_ok=bool(meta.get("show_ok")),
    )
    return buffer.getvalue()
