"""Reports for people: Markdown (for an issue or a pull request) and a standalone HTML page."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Any

from jtd_evidence.links.reporters.common import (
    detail,
    group_by_status,
    keys_text,
    redirect_text,
    shown,
    summary,
)
from jtd_evidence.links.types import LinkResult

__all__ = ["render_html", "render_markdown"]

_MD_ACTIVE = re.compile(r"([\\|<>\[\]`])")
_AUTOLINK = re.compile(r"https?://[^\s<>`|\\\[\]]+")


def _md(text: str) -> str:
    """Text in a Markdown table cell: nothing in it makes a link, an HTML tag, code or a new cell."""
    return _MD_ACTIVE.sub(r"\\\1", shown(text)).replace("\n", " ")


def _md_url(url: str) -> str:
    """A URL as a link when it is a plain http(s) address, else as escaped text."""
    return f"<{url}>" if _AUTOLINK.fullmatch(url) else _md(url)


def _heading(meta: dict[str, Any]) -> str:
    sources = meta.get("sources") or []
    where = f" of {', '.join(shown(str(source)) for source in sources)}" if sources else ""
    when = f" on {meta['generated_at']}" if meta.get("generated_at") else ""
    return f"Link check{where}{when}"


def render_markdown(results: Sequence[LinkResult], meta: dict[str, Any]) -> str:
    lines = [f"# {_heading(meta)}", "", f"{len(results)} links checked.", ""]
    lines += ["| Status | Links | Meaning |", "| --- | ---: | --- |"]
    lines += [f"| {s.value} | {n} | {_md(s.description)} |" for s, n in summary(results)]
    for status, group in group_by_status(results):
        lines += ["", f"## {status.value} ({len(group)})", "", f"_{status.description}_", ""]
        lines += ["| URL | Entries | HTTP | Detail | Suggestion |", "| --- | --- | --- | --- | --- |"]
        for r in group:
            http_status = "" if r.http_status is None else str(r.http_status)
            extra = f" (redirects: {redirect_text(r)})" if r.redirects else ""
            suggestion = r.suggestion or ""
            if r.archive_url and r.archive_url != suggestion:
                suggestion = f"{suggestion} archived: {r.archive_url}".strip()
            lines.append(
                f"| {_md_url(r.url)} | {_md(keys_text(r))} | {http_status} | "
                f"{_md(detail(r) + extra)} | {_md(suggestion)} |"
            )
    return "\n".join(lines) + "\n"


_CSS = """
body{font-family:system-ui,sans-serif;margin:2rem;color:#1b1b1b;max-width:80rem}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border:1px solid #ccc;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f2f2f2}td.url{word-break:break-all}
.bad{color:#a40000}.warn{color:#8a5a00}.good{color:#1d6b1d}
details{margin:.5rem 0}summary{cursor:pointer;font-weight:600}
small{color:#555}
"""

_TONE = {
    "ok": "good",
    "redirect-temporary": "good",
    "redirect-permanent": "warn",
    "blocked": "warn",
    "timeout": "warn",
    "rate-limited": "warn",
    "server-error": "warn",
}


def _link(url: str) -> str:
    safe = html.escape(shown(url))
    if url.startswith(("http://", "https://")):
        return f'<a href="{safe}" rel="noopener noreferrer">{safe}</a>'
    return safe


def render_html(results: Sequence[LinkResult], meta: dict[str, Any]) -> str:
    esc = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{esc(_heading(meta))}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>{esc(_heading(meta))}</h1>",
        f"<p>{len(results)} links checked.</p>",
        "<table><thead><tr><th>Status</th><th>Links</th><th>Meaning</th></tr></thead><tbody>",
    ]
    for status, n in summary(results):
        tone = _TONE.get(status.value, "bad")
        parts.append(
            f'<tr><td class="{tone}"><a href="#{status.value}">{status.value}</a></td>'
            f"<td>{n}</td><td>{esc(status.description)}</td></tr>"
        )
    parts.append("</tbody></table>")
    for status, group in group_by_status(results):
        tone = _TONE.get(status.value, "bad")
        is_open = "" if tone == "good" else " open"
        parts += [
            f'<details id="{status.value}"{is_open}><summary class="{tone}">{status.value} ({len(group)})</summary>',
            f"<p><small>{esc(status.description)}</small></p>",
            "<table><thead><tr><th>URL</th><th>Entries</th><th>HTTP</th><th>Detail</th>"
            "<th>Suggestion</th></tr></thead><tbody>",
        ]
        for r in group:
            hops = "".join(
                f"<br><small>{hop.status} &rarr; {esc(shown(hop.location))}</small>" for hop in r.redirects
            )
            suggestion = _link(r.suggestion) if r.suggestion else ""
            if r.archive_url and r.archive_url != r.suggestion:
                suggestion += f"<br>archived: {_link(r.archive_url)}"
            parts.append(
                f'<tr><td class="url">{_link(r.url)}{hops}</td><td>{esc(keys_text(r))}</td>'
                f"<td>{'' if r.http_status is None else r.http_status}</td>"
                f"<td>{esc(detail(r))}</td><td>{suggestion}</td></tr>"
            )
        parts.append("</tbody></table></details>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
