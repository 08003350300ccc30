"""Reports of a registry check, one row per entry with the evidence for its verdict: a terminal
table (rich), JSON (every field), CSV, Markdown and a standalone HTML page.

Each reporter is ``render(results, meta) -> str``; :data:`REPORTERS` maps the ``--format``
names to them. Registry text (titles, names, messages) is shown with its control and
direction-changing characters escaped, and CSV cells never start like a formula.

    >>> sorted(REPORTERS)
    ['csv', 'html', 'json', 'markdown', 'terminal']
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Callable, Sequence
from typing import Any

from jtd_evidence._report_output import Reporters
from jtd_evidence.links.untrusted import json_escaped, printable, spreadsheet_safe
from jtd_evidence.verify.checker import summary
from jtd_evidence.verify.types import FAILING, Verdict, VerifyResult

__all__ = ["REPORTERS", "evidence", "print_terminal", "render", "sorted_results"]

Reporter = Callable[[Sequence[VerifyResult], dict[str, Any]], str]

ORDER = (
    Verdict.MISMATCH,
    Verdict.AMBIGUOUS,
    Verdict.DOI_FOUND,
    Verdict.ERROR,
    Verdict.NOT_FOUND,
    Verdict.CONFIRMED,
)
"""Report order: what needs a person first."""

_STYLE = {
    Verdict.MISMATCH: "red",
    Verdict.AMBIGUOUS: "yellow",
    Verdict.DOI_FOUND: "cyan",
    Verdict.ERROR: "yellow",
    Verdict.NOT_FOUND: "dim",
    Verdict.CONFIRMED: "green",
}


def sorted_results(results: Sequence[VerifyResult]) -> list[VerifyResult]:
    """By verdict (:data:`ORDER`), then key."""
    return sorted(results, key=lambda r: (ORDER.index(r.verdict), r.key))


def _shown(text: str | None) -> str:
    return printable(text or "")


def evidence(result: VerifyResult) -> list[str]:
    """The lines that say why an entry got its verdict."""
    lines: list[str] = []
    record = result.record
    if record is not None:
        score = "" if result.score is None else f", score {result.score:.2f}"
        lines.append(
            f"{record.source} {record.doi or '(no DOI)'}{score}: {record.title} ({record.year or 'n.d.'})"
        )
    lines += [f"{d.field}: ours {d.ours!r}, registry {d.theirs!r}" for d in result.differences]
    if result.fixes:
        lines.append("can add: " + ", ".join(f"{name} {value}" for name, value in result.fixes))
    if result.verdict in (Verdict.AMBIGUOUS, Verdict.NOT_FOUND):
        for candidate in result.candidates:
            r = candidate.record
            lines.append(
                f"candidate {r.doi or '(no DOI)'} [{candidate.relation}, score {candidate.score:.2f}]: "
                f"{r.title} ({r.year or 'n.d.'}; {', '.join(r.families[:3]) or 'no names'})"
            )
    if result.error:
        lines.append(f"{result.error_kind.value if result.error_kind else 'error'}: {result.error}")
    if result.note:
        lines.append(result.note)
    return [_shown(line) for line in lines]


def _heading(meta: dict[str, Any]) -> str:
    sources = meta.get("sources") or []
    where = f" of {', '.join(_shown(str(s)) for s in sources)}" if sources else ""
    when = f" on {meta['generated_at']}" if meta.get("generated_at") else ""
    return f"Registry check{where}{when}"


def render_json(results: Sequence[VerifyResult], meta: dict[str, Any]) -> str:
    document = {
        "tool": "jtd-evidence verify",
        **{k: v for k, v in meta.items() if isinstance(v, str | int | float | bool | list | type(None))},
        "total": len(results),
        "summary": {verdict.value: n for verdict, n in summary(results)},
        "results": [r.to_dict() for r in results],
    }
    return json_escaped(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"


CSV_COLUMNS = (
    "key",
    "verdict",
    "score",
    "doi",
    "source",
    "title",
    "differences",
    "fixes",
    "evidence",
    "cached",
)


def render_csv(results: Sequence[VerifyResult], meta: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in results:
        differences = "; ".join(f"{d.field}: {d.ours} | {d.theirs}" for d in r.differences)
        fixes = "; ".join(f"{name}={value}" for name, value in r.fixes)
        text = [r.key, r.doi or "", r.record.source if r.record else "", r.title, differences, fixes]
        key, doi, source, title, differences, fixes = (spreadsheet_safe(_shown(t)) for t in text)
        score = "" if r.score is None else f"{r.score:.3f}"
        cited = spreadsheet_safe(" | ".join(evidence(r)))
        writer.writerow(
            [
                key,
                r.verdict.value,
                score,
                doi,
                source,
                title,
                differences,
                fixes,
                cited,
                "yes" if r.cached else "",
            ]
        )
    return out.getvalue()


_MD_ACTIVE = re.compile(r"([\\|<>\[\]`*_])")


def _md(text: str) -> str:
    """Text in a Markdown table cell: nothing in it makes a link, a tag, emphasis or a new cell."""
    return _MD_ACTIVE.sub(r"\\\1", _shown(text)).replace("\n", " ")


def render_markdown(results: Sequence[VerifyResult], meta: dict[str, Any]) -> str:
    lines = [f"# {_heading(meta)}", "", f"{len(results)} entries checked.", ""]
    lines += ["| Verdict | Entries | Meaning |", "| --- | ---: | --- |"]
    lines += [f"| {v.value} | {n} | {_md(v.description)} |" for v, n in summary(results)]
    lines += ["", "| Key | Verdict | Score | DOI | Evidence |", "| --- | --- | ---: | --- | --- |"]
    for r in sorted_results(results):
        score = "" if r.score is None else f"{r.score:.2f}"
        lines.append(
            f"| {_md(r.key)} | {r.verdict.value} | {score} | {_md(r.doi or '')} | "
            f"{'<br>'.join(_md(line) for line in evidence(r))} |"
        )
    return "\n".join(lines) + "\n"


_CSS = """
body{font-family:system-ui,sans-serif;margin:2rem;color:#1b1b1b;max-width:80rem}
h1{font-size:1.5rem}table{border-collapse:collapse;width:100%;font-size:.9rem;margin-bottom:1.5rem}
th,td{border:1px solid #ccc;padding:.35rem .5rem;text-align:left;vertical-align:top}th{background:#f2f2f2}
.mismatch{color:#a40000}.ambiguous,.error{color:#8a5a00}.doi-found{color:#005a8a}.confirmed{color:#1d6b1d}
.not-found{color:#555}td.ev{font-size:.85rem}
"""


def render_html(results: Sequence[VerifyResult], meta: dict[str, Any]) -> str:
    esc = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{esc(_heading(meta))}</title><style>{_CSS}</style></head><body>",
        f"<h1>{esc(_heading(meta))}</h1><p>{len(results)} entries checked.</p>",
        "<table><thead><tr><th>Verdict</th><th>Entries</th><th>Meaning</th></tr></thead><tbody>",
    ]
    for verdict, n in summary(results):
        parts.append(
            f'<tr><td class="{verdict.value}">{verdict.value}</td><td>{n}</td><td>{esc(verdict.description)}</td></tr>'
        )
    parts.append("</tbody></table>")
    parts.append(
        "<table><thead><tr><th>Key</th><th>Verdict</th><th>Score</th><th>DOI</th><th>Evidence</th></tr></thead><tbody>"
    )
    for r in sorted_results(results):
        doi = esc(_shown(r.doi))
        if r.doi:
            doi = f'<a href="https://doi.org/{esc(_shown(r.doi))}" rel="noopener noreferrer">{doi}</a>'
        score = "" if r.score is None else f"{r.score:.2f}"
        lines = "<br>".join(esc(line) for line in evidence(r))
        parts.append(
            f'<tr><td>{esc(_shown(r.key))}</td><td class="{r.verdict.value}">{r.verdict.value}</td>'
            f'<td>{score}</td><td>{doi}</td><td class="ev">{lines}</td></tr>'
        )
    parts.append("</tbody></table></body></html>")
    return "\n".join(parts) + "\n"


def print_terminal(results: Sequence[VerifyResult], console: Any, *, show_all: bool = False) -> None:
    """The entries needing attention (every entry with ``show_all``), then the summary by verdict."""
    from rich.table import Table
    from rich.text import Text

    quiet = {Verdict.CONFIRMED, Verdict.NOT_FOUND}
    rows = [r for r in sorted_results(results) if show_all or r.verdict not in quiet]
    if rows:
        table = Table()
        table.add_column("Key", overflow="fold")
        table.add_column("Verdict", no_wrap=True)
        table.add_column("Score", justify="right")
        table.add_column("Evidence", overflow="fold")
        for r in rows:
            score = "" if r.score is None else f"{r.score:.2f}"
            cell = Text("\n").join(Text(line[:500]) for line in evidence(r))
            table.add_row(Text(_shown(r.key)), f"[{_STYLE[r.verdict]}]{r.verdict.value}[/]", score, cell)
        console.print(table)
    table = Table(title=f"{len(results)} entries checked", title_justify="left")
    table.add_column("Verdict")
    table.add_column("Entries", justify="right")
    table.add_column("Meaning")
    for verdict, n in summary(results):
        mark = " *" if verdict in FAILING else ""
        table.add_row(f"[{_STYLE[verdict]}]{verdict.value}{mark}[/]", str(n), verdict.description)
    if any(r.verdict in FAILING for r in results):
        table.caption = "* makes the command exit 1"
    console.print(table)


def render_terminal(results: Sequence[VerifyResult], meta: dict[str, Any]) -> str:
    """The terminal report as plain text (for ``--format terminal --output FILE``)."""
    from rich.console import Console

    buffer = io.StringIO()
    console = Console(file=buffer, width=int(meta.get("width", 120)), no_color=True, color_system=None)
    print_terminal(results, console, show_all=bool(meta.get("show_all")))
    return buffer.getvalue()


REPORTERS = Reporters[VerifyResult, dict[str, Any]](
    {
        "json": render_json,
        "csv": render_csv,
        "markdown": render_markdown,
        "html": render_html,
        "terminal": render_terminal,
    }
)


def render(name: str, results: Sequence[VerifyResult], meta: dict[str, Any] | None = None) -> str:
    """Render ``results`` with the reporter called ``name``."""
    return REPORTERS.render(name, results, dict(meta or {}))
