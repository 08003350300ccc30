"""How a check runs: :class:`CheckOptions`, one frozen value with validated defaults.

>>> from jtd_evidence.links.options import CheckOptions
>>> CheckOptions().concurrency, CheckOptions().per_host
(16, 2)
>>> CheckOptions().replace(per_host=4).per_host
4
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jtd_evidence._cachefile import default_path
from jtd_evidence.links.errors import LinkOptionsError

__all__ = ["DEFAULT_USER_AGENT", "CheckOptions", "default_cache_path", "excluded_by"]

DEFAULT_USER_AGENT = (
    "Mozilla/5.0 (compatible; jtd-evidence/0.1; +link checker for the Joining the Dots evidence base)"
)

Resolver = Callable[[str, int], Sequence[str]]
"""Maps (host, port) to IP address strings; the default uses the system resolver."""


def default_cache_path() -> Path:
    """``$XDG_CACHE_HOME/jtd-evidence/links.json`` (``~/.cache/...`` when the variable is unset)."""
    return default_path("links.json")


@dataclass(frozen=True)
class CheckOptions:
    """Limits and switches of one check. Times are in seconds, sizes in bytes."""

    concurrency: int = 16
    """Requests in flight at once, over all hosts."""
    per_host: int = 2
    """Requests in flight at once to one host (host:port)."""
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    """Longest wait for any one read from the server."""
    deadline: float = 60.0
    """Total time allowed for one URL, retries and redirects included; enforced even on a drip-feeding server."""
    retries: int = 2
    """Retries after the first try, for connection errors, 429 and 5xx."""
    backoff: float = 0.5
    """First backoff wait; doubled on each retry, with +-50% jitter."""
    backoff_max: float = 8.0
    retry_after_cap: float = 30.0
    """Longest ``Retry-After`` honoured; a server asking for more is reported as rate-limited at once."""
    max_redirects: int = 10
    method: str = "auto"
    """``auto``: GET for pages (their body is needed for soft-404 and bot-page detection), HEAD first for
    files such as PDFs with GET where HEAD is refused or unreliable; ``head``: HEAD first always; ``get``."""
    user_agent: str = DEFAULT_USER_AGENT
    allow_hosts: tuple[str, ...] = ()
    """``host`` or ``host:port`` that may be on a loopback/private address (tests, a local mirror)."""
    allow_private: bool = False
    """Lift the address safety rule for every host."""
    exclude: tuple[str, ...] = ()
    """Regular expressions (Python ``re`` syntax, searched anywhere in the URL): a matching URL is
    not checked; its result says ``excluded``. E.g. ``^https://intranet\\.`` or ``\\.pdf$``."""
    cache_path: Path | None = None
    """Results cache file; None for no cache."""
    cache_ttl: float = 24 * 3600.0
    fresh: bool = False
    """Ignore cached results (still writes the new ones)."""
    check_fragments: bool = False
    suggest_archive: bool = False
    detect_soft_404: bool = True
    body_limit: int = 64 * 1024
    """Most of a page body read (decoded) to look for 'not found' and bot-protection pages."""
    fragment_body_limit: int = 2 * 1024 * 1024
    """Most of a page body read when looking for an #anchor."""
    archive_api: str = "https://archive.org/wayback/available"
    resolver: Resolver | None = None
    on_result: Callable[[Any], None] | None = None
    """Called (from worker threads) with each LinkResult as soon as it is known, e.g. for a progress bar."""

    def __post_init__(self) -> None:
        for names, allowed, expected in _LIMITS:
            for name in names:
                value = getattr(self, name)
                if not allowed(value):
                    raise LinkOptionsError(name, value, expected)
        hosts = tuple(str(h).strip().lower() for h in _as_tuple(self.allow_hosts))
        for host in hosts:
            if not host or "/" in host or " " in host:
                raise LinkOptionsError("allow_hosts", host, "HOST or HOST:PORT, e.g. 127.0.0.1:8000")
        object.__setattr__(self, "allow_hosts", hosts)
        object.__setattr__(self, "exclude", _as_tuple(self.exclude))
        for pattern in self.exclude:
            _pattern(pattern)
        if self.cache_path is not None:
            object.__setattr__(self, "cache_path", Path(self.cache_path))

    def replace(self, **changes: Any) -> CheckOptions:
        """A copy with some options changed (validated again)."""
        unknown = sorted(set(changes) - {f.name for f in dataclasses.fields(self)})
        if unknown:
            known = ", ".join(f.name for f in dataclasses.fields(self))
            raise LinkOptionsError(unknown[0], changes[unknown[0]], f"one of the known options ({known})")
        return dataclasses.replace(self, **changes)


def _pattern(pattern: object) -> re.Pattern[str]:
    """An exclude pattern compiled (LinkOptionsError naming it when it is not a regular expression)."""
    if not isinstance(pattern, str) or not pattern:
        raise LinkOptionsError("exclude", pattern, "a non-empty regular expression")
    try:
        return re.compile(pattern)
    except re.error as error:
        raise LinkOptionsError("exclude", pattern, f"a regular expression ({error})") from None


def excluded_by(options: CheckOptions, url: str) -> str | None:
    """The first exclude pattern ``url`` matches, or None."""
    for pattern in options.exclude:
        if _pattern(pattern).search(url):
            return pattern
    return None


def _whole(low: int, high: int) -> Callable[[object], bool]:
    return lambda value: isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _seconds(*, zero: bool) -> Callable[[object], bool]:
    def allowed(value: object) -> bool:
        if not isinstance(value, int | float) or isinstance(value, bool):
            return False
        return value >= 0 if zero else value > 0

    return allowed


_LIMITS: tuple[tuple[tuple[str, ...], Callable[[object], bool], str], ...] = (
    (("concurrency", "per_host"), _whole(1, 1024), "a whole number from 1 to 1024"),
    (
        ("connect_timeout", "read_timeout", "deadline", "cache_ttl", "backoff_max"),
        _seconds(zero=False),
        "a number of seconds above 0",
    ),
    (("backoff", "retry_after_cap"), _seconds(zero=True), "a number of seconds, 0 or more"),
    (("retries", "max_redirects"), _whole(0, 50), "a whole number from 0 to 50"),
    (
        ("body_limit", "fragment_body_limit"),
        _whole(1024, 64 * 1024 * 1024),
        "a byte count from 1024 to 64 MiB",
    ),
    (("method",), lambda value: value in ("auto", "head", "get"), "'auto', 'head' or 'get'"),
)
"""(options, the test each value must pass, what is expected), checked in this order."""


def _as_tuple(value: str | Sequence[str]) -> tuple[str, ...]:
    """One string as a one-item tuple (not its characters), any other sequence as a tuple."""
    return (value,) if isinstance(value, str) else tuple(value)
