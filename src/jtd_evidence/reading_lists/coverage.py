"""Evidence coverage: how many works stand behind each practice statement, of which kinds and
years, which statements are thin or old, and how many links were healthy at the last check;
as numbers (:func:`statistics_of`, the ``stats`` command) and as a page of charts, each with
a table of the same numbers beside it (:func:`coverage_html`, ``coverage.html`` in the site and
``stats --html``).

Link health comes from the link checker's cache (``check-urls`` keeps the links that worked,
with their time): a link in it was healthy when last checked; one missing from it failed then,
or was not checked since the cache's lifetime; with no cache, links count as not checked.
"""

from __future__ import annotations

import hashlib
import html
import json
import statistics
import warnings
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any

from jtd_evidence.base import EvidenceBase
from jtd_evidence.framework import PRINCIPLES, STATEMENTS
from jtd_evidence.models import Entry, EntryType
from jtd_evidence.reading_lists._page import build_date, html_page

__all__ = [
    "KINDS",
    "Coverage",
    "LinkHealth",
    "configured_link_cache",
    "coverage",
    "coverage_html",
    "link_health",
    "statistics_of",
    "write_coverage_page",
]

COVERAGE_VERSION = "1"
"""Bump when the page changes for the same data: a rebuild then draws it again."""

KINDS: dict[str, tuple[tuple[EntryType, ...], str]] = {
    "peer-reviewed article": ((EntryType.ARTICLE_JOURNAL,), "#0072B2"),
    "report": ((EntryType.REPORT, EntryType.THESIS), "#E69F00"),
    "web page": ((EntryType.WEBPAGE,), "#009E73"),
    "book": ((EntryType.BOOK, EntryType.CHAPTER), "#CC79A7"),
    "other": ((), "#999999"),
}
"""The kinds of work the coverage page counts, with the entry types of each and a colour
(a palette told apart with colour-blindness); ``other`` takes every type not named."""


def kind_of(entry: Entry) -> str:
    for kind, (types, _colour) in KINDS.items():
        if entry.type in types:
            return kind
    return "other"


def statistics_of(base: EvidenceBase, thin: int, old_years: int, as_of: int) -> dict[str, Any]:
    """The numbers behind ``stats``, as JSON-ready data: works per principle, per statement
    (with its newest and median year and its flags, ``thin`` below ``thin`` works and ``old``
    with a median year before ``as_of - old_years``), per type and per year."""
    per_statement: dict[str, Any] = {}
    for statement in STATEMENTS:
        works = base.for_statement(statement.id)
        years = sorted(e.year for e in works if e.year)
        median = statistics.median(years) if years else None
        flags = []
        if len(works) < thin:
            flags.append("thin")
        if median is None or median < as_of - old_years:
            flags.append("old")
        per_statement[statement.id] = {
            "name": statement.name,
            "works": len(works),
            "newest": years[-1] if years else None,
            "median_year": median,
            "flags": flags,
        }
    return {
        "works": len(base),
        "per_principle": {p.id: len(base.for_principle(p.id)) for p in PRINCIPLES},
        "per_statement": per_statement,
        "per_type": dict(sorted(Counter(e.type.value for e in base).items())),
        "per_year": {str(k): v for k, v in sorted(Counter(e.year or 0 for e in base).items())},
        "thresholds": {"thin_below": thin, "old_before": as_of - old_years},
    }


@dataclass(frozen=True)
class LinkHealth:
    """Links (URLs and DOIs) per statement and in all, and how many were healthy when last checked."""

    checked: bool
    """Whether there was a link-check cache to read (else nothing counts as healthy)."""
    links: dict[str, int]
    healthy: dict[str, int]
    total: int
    total_healthy: int
    note: str = ""
    """Why the cache could not be read, when it could not."""


def link_health(base: EvidenceBase, cache_path: Path | None) -> LinkHealth:
    """Each statement's links, and those the link-check cache at ``cache_path`` holds as healthy."""
    from jtd_evidence.links import collect_targets
    from jtd_evidence.links.cache import LinkCache, LinkCacheWarning

    cache = None
    note = ""
    if cache_path is not None and cache_path.is_file():
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", LinkCacheWarning)
            cache = LinkCache(cache_path, float("inf"))
        if caught:
            note = str(caught[0].message)

    def healthy(url: str) -> bool:
        return cache is not None and cache.get(url) is not None

    per_entry = {entry.key: sorted(collect_targets([entry])) for entry in base}
    links = {s.id: sum(len(per_entry[e.key]) for e in base.for_statement(s.id)) for s in STATEMENTS}
    good = {
        s.id: sum(1 for e in base.for_statement(s.id) for url in per_entry[e.key] if healthy(url))
        for s in STATEMENTS
    }
    every = sorted({url for urls in per_entry.values() for url in urls})
    return LinkHealth(cache is not None, links, good, len(every), sum(map(healthy, every)), note)


@dataclass(frozen=True)
class Coverage:
    """Everything the coverage page shows."""

    stats: dict[str, Any]
    kinds: dict[str, dict[str, int]]
    """Works per statement by kind (see :data:`KINDS`)."""
    years: dict[str, dict[int, int]]
    """Works per statement by year of publication (works with no year left out)."""
    links: LinkHealth

    def digest(self, built: date) -> str:
        """What the page depends on, for reusing a page drawn before."""
        from importlib.metadata import version

        data = json.dumps(
            [COVERAGE_VERSION, version("matplotlib"), built.isoformat(), asdict(self)],
            sort_keys=True,
            default=str,
        )
        return hashlib.sha256(data.encode()).hexdigest()


def coverage(
    base: EvidenceBase, as_of: int, *, thin: int = 4, old_years: int = 5, link_cache: Path | None = None
) -> Coverage:
    kinds = {
        s.id: {kind: sum(1 for e in base.for_statement(s.id) if kind_of(e) == kind) for kind in KINDS}
        for s in STATEMENTS
    }
    years = {
        s.id: dict(sorted(Counter(e.year for e in base.for_statement(s.id) if e.year).items()))
        for s in STATEMENTS
    }
    return Coverage(statistics_of(base, thin, old_years, as_of), kinds, years, link_health(base, link_cache))


def _flags(cov: Coverage) -> dict[int, str]:
    rows = cov.stats["per_statement"]
    return {n: ", ".join(rows[s.id]["flags"]) for n, s in enumerate(STATEMENTS) if rows[s.id]["flags"]}


def _table(
    caption: str, head: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[bool]
) -> list[str]:
    def cell(tag: str, text: str, n: int) -> str:
        cls = ' class="n"' if numeric[n] else ""
        return f"<{tag}{cls}>{text}</{tag}>"

    out = ['<div class="table">', "<table>", f"<caption>{html.escape(caption)}</caption>", "<thead><tr>"]
    out.append("".join(cell("th", html.escape(h), n) for n, h in enumerate(head)) + "</tr></thead>")
    out.append("<tbody>")
    for row in rows:
        out.append(
            "<tr>" + "".join(cell("th" if n == 0 else "td", text, n) for n, text in enumerate(row)) + "</tr>"
        )
    out += ["</tbody>", "</table>", "</div>"]
    return out


def _statement_cell(cov: Coverage, sid: str) -> str:
    row = cov.stats["per_statement"][sid]
    flags = f' <span class="flag">({", ".join(row["flags"])})</span>' if row["flags"] else ""
    return f'{sid} <span class="name">{html.escape(row["name"])}</span>{flags}'


def coverage_html(cov: Coverage, built: date, *, root: str | None = ".") -> str:
    """The coverage page: three charts with their tables; ``root`` None leaves out the site's
    navigation (a page on its own, as ``stats --html`` writes it)."""
    ids = [s.id for s in STATEMENTS]
    flagged = _flags(cov)
    body = _summary(cov, ids) + _by_kind(cov, ids, flagged) + _by_year(cov, ids, flagged)
    body += _links_section(cov, ids, flagged)
    heading = "Evidence coverage"
    return html_page(
        f"{heading} — Joining the Dots", heading, body, root=root, current="coverage.html", built=built
    )


def _summary(cov: Coverage, ids: list[str]) -> list[str]:
    """What the page counts, and the statements whose evidence is thin or old."""
    limits = cov.stats["thresholds"]
    body = [
        f'<p class="meta">{cov.stats["works"]} works under {len(STATEMENTS)} practice statements (a work may '
        f"stand under several). A statement's evidence is <em>thin</em> with fewer than {limits['thin_below']} "
        f"works and <em>old</em> when the median year of its works is before {limits['old_before']}; "
        "such statements are marked in red.</p>",
    ]
    thin_or_old = [sid for sid in ids if cov.stats["per_statement"][sid]["flags"]]
    if thin_or_old:
        body.append(
            "<p>Thin or old: " + "; ".join(_statement_cell(cov, sid) for sid in thin_or_old) + ".</p>"
        )
    return body


def _by_kind(cov: Coverage, ids: list[str], flagged: dict[int, str]) -> list[str]:
    """The chart and table of works per statement by kind of work."""
    from jtd_evidence.reading_lists import charts

    per = cov.stats["per_statement"]
    title = "Works per statement by kind"
    series = [(kind, [cov.kinds[sid][kind] for sid in ids], colour) for kind, (_t, colour) in KINDS.items()]
    series = [item for item in series if item[0] != "other" or any(item[1])]  # the four named kinds always
    body = ['<section aria-labelledby="by-kind">', f'<h2 id="by-kind">{title}</h2>', "<figure>"]
    body.append(charts.stacked_bars("kinds", title, ids, series, flagged, "works"))
    body.append(
        f"<figcaption>{title}: bars stacked by kind of work; the table gives the numbers.</figcaption></figure>"
    )
    rows = [
        [_statement_cell(cov, sid), *(str(cov.kinds[sid][k]) for k, _v, _c in series), str(per[sid]["works"])]
        for sid in ids
    ]
    body += _table(
        title,
        ["statement", *(k for k, _v, _c in series), "works"],
        rows,
        [False, *[True] * (len(series) + 1)],
    )
    body.append("</section>")
    return body


def _by_year(cov: Coverage, ids: list[str], flagged: dict[int, str]) -> list[str]:
    """The chart and table of works per statement by year, with each statement's median year."""
    from jtd_evidence.reading_lists import charts

    per = cov.stats["per_statement"]
    title = "Works per statement by year"
    body = ['<section aria-labelledby="by-year">', f'<h2 id="by-year">{title}</h2>', "<figure>"]
    medians = [per[sid]["median_year"] for sid in ids]
    body.append(charts.dot_matrix("years", title, ids, [cov.years[sid] for sid in ids], medians, flagged))
    body.append(
        f"<figcaption>{title}: a dot per year with works, its area the number of works; a bar at the median year.</figcaption></figure>"
    )
    rows = [
        [
            _statement_cell(cov, sid),
            ", ".join(f"{y} ({n})" for y, n in cov.years[sid].items()) or "none dated",
            "—" if per[sid]["median_year"] is None else f"{per[sid]['median_year']:g}",
            str(per[sid]["newest"] or "—"),
        ]
        for sid in ids
    ]
    body += _table(
        title, ["statement", "years (works)", "median", "newest"], rows, [False, False, True, True]
    )
    body.append("</section>")
    return body


def _links_section(cov: Coverage, ids: list[str], flagged: dict[int, str]) -> list[str]:
    """The chart and table of links healthy at the last check (or a note that none was made)."""
    from jtd_evidence.reading_lists import charts

    links = cov.links
    title = "Links healthy at the last check"
    body = ['<section aria-labelledby="links">', f'<h2 id="links">{title}</h2>']
    body.append(_links_note(links))
    unhealthy = ("not confirmed", "#D55E00") if links.checked else ("not checked", "#BBBBBB")
    series = [
        ("healthy", [links.healthy[sid] for sid in ids], "#009E73"),
        (unhealthy[0], [links.links[sid] - links.healthy[sid] for sid in ids], unhealthy[1]),
    ]
    body.append("<figure>")
    body.append(charts.stacked_bars("links", title, ids, series, flagged, "links (URLs and DOIs)"))
    body.append(f"<figcaption>{title}, per statement; the table gives the numbers.</figcaption></figure>")
    rows = [
        [
            _statement_cell(cov, sid),
            str(links.links[sid]),
            str(links.healthy[sid]) if links.checked else "not checked",
            f"{100 * links.healthy[sid] / links.links[sid]:.0f}%"
            if links.checked and links.links[sid]
            else "—",
        ]
        for sid in ids
    ]
    body += _table(title, ["statement", "links", "healthy", "share"], rows, [False, True, True, True])
    body.append("</section>")
    return body


def _links_note(links: LinkHealth) -> str:
    if links.checked:
        share = f"{100 * links.total_healthy / links.total:.0f}%" if links.total else "—"
        return (
            f"<p>{links.total_healthy} of {links.total} links ({share}) were healthy when last checked. "
            "A link not counted as healthy failed at its last check or has not been checked since the "
            "link-check cache's lifetime (<code>jtd-evidence check-urls</code> checks them again).</p>"
        )
    return (
        f"<p>The {links.total} links have not been checked"
        + (f" ({html.escape(links.note)})" if links.note else "")
        + ": run <code>jtd-evidence check-urls</code>, then build again.</p>"
    )


_DEFAULT_CACHE = Path()  # a marker: the link checker's own cache (see write_coverage_page)


def configured_link_cache() -> Path | None:
    """Where ``check-urls`` keeps its results: ``links.cache`` of the configuration file, else
    its default (under ``XDG_CACHE_HOME``)."""
    from jtd_evidence.config import load_settings

    value = load_settings().value("links.cache")
    return Path(value) if value else None


def write_coverage_page(
    base: EvidenceBase,
    path: Path,
    *,
    thin: int = 4,
    old_years: int = 5,
    as_of: int | None = None,
    link_cache: Path | None = _DEFAULT_CACHE,
    built: date | None = None,
) -> None:
    """Write the coverage page of ``base`` on its own (no site navigation) to ``path``, whole or
    not at all. Ages are measured from ``as_of`` (default: the build date's year); links count as
    healthy from ``link_cache`` (default: :func:`configured_link_cache`; None: not checked)."""
    from jtd_evidence._atomic import atomic_write_text

    day = built or build_date()
    cache = configured_link_cache() if link_cache is _DEFAULT_CACHE else link_cache
    cov = coverage(base, as_of or day.year, thin=thin, old_years=old_years, link_cache=cache)
    atomic_write_text(path, coverage_html(cov, day, root=None))
