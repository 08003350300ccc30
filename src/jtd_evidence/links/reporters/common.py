"""What every reporter shares: the order of status classes, the per-class summary, the run's
verdict, and the words shown for a link and for the work citing it."""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import PurePath
from typing import TYPE_CHECKING, TypedDict

from jtd_evidence.links.checker import offline_hosts, seems_offline
from jtd_evidence.links.types import LinkResult, LinkStatus
from jtd_evidence.links.untrusted import printable

if TYPE_CHECKING:
    from jtd_evidence.models import Entry

__all__ = [
    "SEVERITY",
    "ReportMeta",
    "citation_text",
    "citations_of",
    "description",
    "detail",
    "group_by_status",
    "heading",
    "keys_text",
    "readable_time",
    "redirect_text",
    "short_citation",
    "shown",
    "summary",
    "verdict",
]


class ReportMeta(TypedDict, total=False):
    """Facts of the run a reporter may show (every key optional)."""

    generated_at: str
    """When the check ran, ISO 8601 in UTC ('2026-11-30T11:20:05Z')."""
    sources: list[str]
    """What was checked: .bib files, URL lists ('standard input')."""
    title: str
    """A name for what was checked (default: the names of the sources)."""
    fail_on: list[str]
    """Class names that make the command fail."""
    show_ok: bool
    citations: dict[str, str]
    """Entry key -> short citation of the work (see :func:`short_citation`)."""
    width: int
    """Columns of a plain-text terminal report."""


SEVERITY: tuple[LinkStatus, ...] = (
    LinkStatus.BROKEN,
    LinkStatus.GONE,
    LinkStatus.SOFT_404,
    LinkStatus.DNS_ERROR,
    LinkStatus.TLS_ERROR,
    LinkStatus.UNSAFE,
    LinkStatus.INVALID,
    LinkStatus.PROTOCOL_ERROR,
    LinkStatus.FRAGMENT_MISSING,
    LinkStatus.SERVER_ERROR,
    LinkStatus.TIMEOUT,
    LinkStatus.RATE_LIMITED,
    LinkStatus.BLOCKED,
    LinkStatus.REDIRECT_PERMANENT,
    LinkStatus.REDIRECT_TEMPORARY,
    LinkStatus.OK,
    LinkStatus.EXCLUDED,
)
"""Report order: what needs fixing first, healthy links last."""


def summary(results: Sequence[LinkResult]) -> list[tuple[LinkStatus, int]]:
    """(class, count) for every class present, in :data:`SEVERITY` order."""
    counts = dict.fromkeys(SEVERITY, 0)
    for result in results:
        counts[result.status] += 1
    return [(status, n) for status, n in counts.items() if n]


def group_by_status(results: Sequence[LinkResult]) -> list[tuple[LinkStatus, list[LinkResult]]]:
    """Results grouped by class in :data:`SEVERITY` order, each group sorted by URL."""
    groups: dict[LinkStatus, list[LinkResult]] = {}
    for result in results:
        groups.setdefault(result.status, []).append(result)
    return [(s, sorted(groups[s], key=lambda r: r.url)) for s in SEVERITY if s in groups]


def shown(text: str | None) -> str:
    """Any text of a result as reports show it: servers and lists wrote it, so control characters
    and escape sequences in it are shown escaped (see :func:`~jtd_evidence.links.untrusted.printable`)."""
    return printable(text or "")


def keys_text(result: LinkResult, separator: str = ", ") -> str:
    return separator.join(shown(key) for key in result.keys)


def redirect_text(result: LinkResult) -> str:
    """'301 -> https://a/ ; 302 -> https://b/' or ''."""
    return " ; ".join(f"{hop.status} -> {shown(hop.location)}" for hop in result.redirects)


def detail(result: LinkResult) -> str:
    """The one-line explanation shown next to a link."""
    if result.error:
        return shown(result.error)
    if result.http_status is not None:
        return f"HTTP {result.http_status}"
    return ""


OFFLINE = (
    "offline? No host name could be looked up ({hosts} hosts, every one failing): this computer "
    "seems to have no network or no working DNS, so the links themselves were not tested. "
    "Connect and run the check again."
)
_OFFLINE_DNS = "the name lookup failed, as it did for every host: see the verdict above"


def verdict(results: Sequence[LinkResult]) -> str | None:
    """What the run as a whole says, when something must be said before any link: 'offline?'."""
    if not seems_offline(results):
        return None
    return OFFLINE.format(hosts=len(offline_hosts(results)))


def description(status: LinkStatus, results: Sequence[LinkResult]) -> str:
    """What a class means in this report: no per-link blame ('check the spelling') when the
    whole run was offline."""
    if status is LinkStatus.DNS_ERROR and seems_offline(results):
        return _OFFLINE_DNS
    return status.description


def readable_time(iso: str) -> str:
    """'2026-11-30T11:20:05Z' as '30 November 2026, 11:20 UTC' (anything else as given)."""
    try:
        when = _dt.datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return shown(iso)
    zone = " UTC" if when.utcoffset() == _dt.timedelta(0) else ""
    return f"{when.day} {when:%B %Y, %H:%M}{zone}"


def heading(meta: ReportMeta) -> str:
    """'Link check of joining-the-dots.bib, 30 November 2026, 11:20 UTC': what was checked (the
    ``title``, else the names of the sources) and when."""
    title = meta.get("title")
    if not title:
        names = [PurePath(str(source)).name or str(source) for source in meta.get("sources") or []]
        title = ", ".join(names)
    what = f"Link check of {shown(str(title))}" if title else "Link check"
    when = meta.get("generated_at")
    return f"{what}, {readable_time(str(when))}" if when else what


_TITLE_END = re.compile(r"[:.?!]\s")


def short_citation(entry: Entry, title_length: int = 60) -> str:
    """'Smith and Jones (2020) Short title' for an Entry: family names (et al. past two), the year
    (n.d. without one) and the title up to its subtitle, clipped to ``title_length`` characters."""
    people = list(entry.authors) or list(entry.editors)
    names = [person.full_family for person in people]
    et_al = len(names) > 2 or (bool(names) and entry.authors_et_al)
    who = f"{names[0]} et al." if et_al else " and ".join(names)
    year = str(entry.year) if entry.year else "n.d."
    title = (entry.title or "").strip()
    cut = _TITLE_END.search(title)
    if cut and cut.start() >= 12:
        title = title[: cut.start()]
    if len(title) > title_length:
        title = title[: title_length - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"
    return " ".join(part for part in (who, f"({year})", title) if part)


def citation_text(result: LinkResult, citations: Mapping[str, str], separator: str = "; ") -> str:
    """'Smith (2020) Title [smith2020]' for each entry citing the link (its key alone when the
    work is not known)."""
    parts = []
    for key in result.keys:
        cited = citations.get(key)
        parts.append(f"{shown(cited)} [{shown(key)}]" if cited else shown(key))
    return separator.join(parts)


def citations_of(entries: Iterable[Entry]) -> dict[str, str]:
    """Entry key -> :func:`short_citation`, for ``meta["citations"]``."""
    return {entry.key: short_citation(entry) for entry in entries if entry.key}
