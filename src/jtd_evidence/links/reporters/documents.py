"""Reports for people: Markdown (for an issue or a pull request) and a standalone HTML page."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from jtd_evidence.links.reporters.common import (
    ReportMeta,
    citation_text,
    description,
    detail,
    group_by_status,
    heading,
    redirect_text,
    shown,
    summary,
    verdict,
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


def render_markdown(results: Sequence[LinkResult], meta: ReportMeta) -> str:
    citations = meta.get("citations") or {}
    lines = [f"# {heading(meta)}", ""]
    said = verdict(results)
    if said:
        lines += [f"> **{_md(said)}**", ""]
    lines += [f"{len(results)} links checked.", ""]
    lines += ["| Status | Links | Meaning |", "| --- | ---: | --- |"]
    lines += [f"| {s.value} | {n} | {_md(description(s, results))} |" for s, n in summary(results)]
    for status, group in group_by_status(results):
        lines += ["", f"## {status.value} ({len(group)})", "", f"_{_md(description(status, results))}_", ""]
        lines += ["| URL | Cited by | HTTP | Detail | Suggestion |", "| --- | --- | --- | --- | --- |"]
        for r in group:
            http_status = "" if r.http_status is None else str(r.http_status)
            extra = f" (redirects: {redirect_text(r)})" if r.redirects else ""
            suggestion = r.suggestion or ""
            if r.archive_url and r.archive_url != suggestion:
                suggestion = f"{suggestion} archived: {r.archive_url}".strip()
            lines.append(
                f"| {_md_url(r.url)} | {_md(citation_text(r, citations))} | {http_status} | "
                f"{_md(detail(r) + extra)} | {_md(suggestion)} |"
            )
    return "\n".join(lines) + "\n"


_CSS = """
body{font-family:system-ui,sans-serif;margin:2rem;color:#1b1b1b;max-width:80rem}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem}
table{border-collapse:collapse;width:100%;font-size:.9rem;table-layout:fixed}
th,td{border:1px solid #ccc;padding:.35rem .5rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:#f2f2f2}td.url{word-break:break-all}td.num{text-align:right}
.bad{color:#a40000}.warn{color:#8a5a00}.good{color:#1d6b1d}.skip{color:#555}
.verdict{border:2px solid #a40000;padding:.75rem 1rem;font-weight:600}
small{color:#555}cite{font-style:normal}.key{color:#555;font-size:.85em}
@page{size:A4 landscape;margin:12mm}
@media print{
body{margin:0;max-width:none;font-size:9pt;color:#000}
a{color:inherit;text-decoration:none}
thead{display:table-header-group}tr,.verdict{break-inside:avoid}h1,h2{break-after:avoid}
th{background:none;border-bottom:2px solid #000}
}
"""

_SUMMARY_COLUMNS = '<colgroup><col style="width:14rem"><col style="width:5rem"><col></colgroup>'
_LINK_COLUMNS = (
    '<colgroup><col style="width:30%"><col style="width:24%"><col style="width:4.5rem">'
    '<col style="width:26%"><col></colgroup>'
)

_TONE = {
    "ok": "good",
    "redirect-temporary": "good",
    "redirect-permanent": "warn",
    "blocked": "warn",
    "timeout": "warn",
    "rate-limited": "warn",
    "server-error": "warn",
    "excluded": "skip",
}


def _link(url: str) -> str:
    safe = html.escape(shown(url))
    if url.startswith(("http://", "https://")):
        return f'<a href="{safe}" rel="noopener noreferrer">{safe}</a>'
    return safe


def _cited_by(result: LinkResult, citations: dict[str, str]) -> str:
    """Each work citing the link: its short citation and key (the key alone when unknown)."""
    esc = html.escape
    parts = []
    for key in result.keys:
        cited = citations.get(key)
        key_html = f'<span class="key">{esc(shown(key))}</span>'
        parts.append(f"<cite>{esc(shown(cited))}</cite> {key_html}" if cited else key_html)
    return "<br>".join(parts)


def render_html(results: Sequence[LinkResult], meta: ReportMeta) -> str:
    esc = html.escape
    citations = meta.get("citations") or {}
    title = esc(heading(meta))
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>{title}</h1>",
    ]
    said = verdict(results)
    if said:
        parts.append(f'<p class="verdict" role="alert">{esc(said)}</p>')
    parts += [
        f"<p>{len(results)} links checked.</p>",
        f"<table>{_SUMMARY_COLUMNS}<thead><tr><th>Status</th><th>Links</th><th>Meaning</th></tr></thead><tbody>",
    ]
    for status, n in summary(results):
        tone = _TONE.get(status.value, "bad")
        parts.append(
            f'<tr><td class="{tone}"><a href="#{status.value}">{status.value}</a></td>'
            f'<td class="num">{n}</td><td>{esc(description(status, results))}</td></tr>'
        )
    parts.append("</tbody></table>")
    for status, group in group_by_status(results):
        tone = _TONE.get(status.value, "bad")
        parts += [
            f'<section id="{status.value}"><h2 class="{tone}">{status.value} ({len(group)})</h2>',
            f"<p><small>{esc(description(status, results))}</small></p>",
            f"<table>{_LINK_COLUMNS}<thead><tr><th>URL</th><th>Cited by</th><th>HTTP</th><th>Detail</th>"
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
                f'<tr><td class="url">{_link(r.url)}{hops}</td><td>{_cited_by(r, citations)}</td>'
                f"<td>{'' if r.http_status is None else r.http_status}</td>"
                f"<td>{esc(detail(r))}</td><td>{suggestion}</td></tr>"
            )
        parts.append("</tbody></table></section>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
