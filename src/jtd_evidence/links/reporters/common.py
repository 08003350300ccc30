"""What every reporter shares: the order of status classes and the per-class summary."""

from __future__ import annotations

from collections.abc import Sequence

from jtd_evidence.links.types import LinkResult, LinkStatus
from jtd_evidence.links.untrusted import printable

__all__ = ["SEVERITY", "detail", "group_by_status", "keys_text", "redirect_text", "shown", "summary"]

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
