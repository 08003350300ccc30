"""The frame every HTML page of the reading-list site shares: head, style sheet, a navigation
bar back to the index and the coverage page, one ``h1``, and the build date.

The build date is today's (UTC), or the one ``SOURCE_DATE_EPOCH`` gives (reproducible builds:
the same inputs and epoch make the same bytes).
"""

from __future__ import annotations

import html
import os
from collections.abc import Sequence
from datetime import UTC, date, datetime

from jtd_evidence.exceptions import BuildDateError

__all__ = ["CSS", "build_date", "build_time", "date_text", "html_page", "nav_links"]

_MONTHS = "January February March April May June July August September October November December".split()

PAGES = (("index.html", "All reading lists"), ("coverage.html", "Evidence coverage"))
"""The site's own pages, at its root, in navigation order."""

CSS = """
body { font-family: Georgia, "Times New Roman", serif; line-height: 1.5; max-width: 48rem; margin: 0 auto;
       padding: 0 1rem 2rem; color: #1a1a1a; background: #fff; overflow-wrap: break-word; }
h1, h2, h3, nav, footer, table, figcaption { font-family: system-ui, sans-serif; }
h1, h2, h3 { line-height: 1.25; }
h2 { margin-top: 2.5rem; border-bottom: 1px solid #999; }
nav { margin: 0 0 1.5rem; padding: .75rem 0; border-bottom: 1px solid #ccc; }
nav a { margin-right: 1.25rem; display: inline-block; }
nav a[aria-current] { font-weight: bold; color: inherit; text-decoration: none; }
ul.references { list-style: none; padding: 0; }
ul.references li { padding-left: 2em; text-indent: -2em; margin: 0 0 0.75em; }
ul.lists { padding-left: 1.25rem; }
ul.lists li { margin: .3em 0; }
.count { color: #444; white-space: nowrap; }
a { color: #0645ad; overflow-wrap: anywhere; }
a:focus { outline: 2px solid #000; }
.summary, .meta, footer { color: #444; }
footer { margin-top: 3rem; border-top: 1px solid #ccc; padding-top: .5rem; font-size: .9rem; }
figure { margin: 1.5rem 0; }
figure svg { width: 100%; max-width: 46rem; height: auto; display: block; }
.table { overflow-x: auto; }
table { border-collapse: collapse; font-size: .9rem; margin: .5rem 0 1rem; }
th, td { border-bottom: 1px solid #ddd; padding: .2rem .5rem; text-align: left; vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
tbody th { min-width: 10em; font-weight: normal; }
.flag { color: #a00; font-weight: bold; }
@media print {
  body { max-width: none; margin: 0; font-size: 11pt; }
  nav { display: none; }
  a { color: inherit; text-decoration: none; }
  h2, h3 { break-after: avoid; }
  li, figure, tr { break-inside: avoid; }
}
""".strip()


def build_time() -> datetime:
    """Now (UTC, whole seconds), or the time ``SOURCE_DATE_EPOCH`` gives when it is set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return datetime.now(UTC).replace(microsecond=0)
    try:
        return datetime.fromtimestamp(int(epoch), UTC)
    except (ValueError, OverflowError, OSError) as error:
        raise BuildDateError(
            f"SOURCE_DATE_EPOCH={epoch!r} is not a time: give whole seconds since 1970 (e.g. "
            "$(git log -1 --format=%ct)), or unset it to date the build now"
        ) from error


def build_date() -> date:
    """Today (UTC), or the day of ``SOURCE_DATE_EPOCH`` when it is set."""
    return build_time().date()


def date_text(day: date) -> str:
    """A date as a reader in any English locale reads it: "30 November 2026"."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def nav_links(root: str, current: str | None = None) -> str:
    """The navigation bar: the site's pages relative to ``root`` (``.`` or ``..``)."""
    links = []
    for name, label in PAGES:
        here = ' aria-current="page"' if name == current else ""
        links.append(f'<a href="{_join(root, name)}"{here}>{label}</a>')
    return f'<nav aria-label="Reading lists">{"".join(links)}</nav>'


def _join(root: str, name: str) -> str:
    return name if root in ("", ".") else f"{root}/{name}"


def html_page(
    title: str,
    heading: str,
    body: Sequence[str],
    *,
    lang: str = "en-GB",
    root: str | None = None,
    current: str | None = None,
    built: date | None = None,
) -> str:
    """A standalone page: ``heading`` as its one ``h1``, then ``body`` (HTML lines); with a
    ``root``, the navigation bar; with ``built``, the build date in the footer."""
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{html.escape(lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(title)}</title>",
        f"<style>\n{CSS}\n</style>",
        "</head>",
        "<body>",
    ]
    if root is not None:
        out.append(f"<header>{nav_links(root, current)}</header>")
    out += ["<main>", f"<h1>{html.escape(heading)}</h1>", *body, "</main>"]
    if built is not None:
        out.append(f'<footer>Built <time datetime="{built.isoformat()}">{date_text(built)}</time>.</footer>')
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"
