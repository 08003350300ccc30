"""Limits and switches of one registry check. Times are in seconds, sizes in bytes."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jtd_evidence.exceptions import JTDError

__all__ = ["CROSSREF_URL", "OPENALEX_URL", "VerifyOptions", "VerifyOptionsError"]

CROSSREF_URL = "https://api.crossref.org"
OPENALEX_URL = "https://api.openalex.org"


class VerifyOptionsError(JTDError, ValueError):
    """A check option with an impossible value; names the option and what is accepted."""

    def __init__(self, option: str, value: object, expected: str) -> None:
        self.option = option
        super().__init__(f"verify option {option}={value!r} is not allowed: expected {expected}")


@dataclass(frozen=True)
class VerifyOptions:
    crossref_url: str = CROSSREF_URL
    openalex_url: str | None = OPENALEX_URL
    """None: Crossref alone."""
    mailto: str | None = None
    """Contact address for the registries' polite pools (sent in the User-Agent and as ``mailto``)."""
    rate: float = 3.0
    """Requests per second to one registry, at most."""
    retries: int = 3
    """Further attempts after a 429 or 5xx."""
    backoff: float = 1.0
    """First wait before a retry when the server says nothing (doubled each time)."""
    retry_after_cap: float = 60.0
    """Longest Retry-After honoured; a server asking more is a failure at once."""
    give_up_after: int = 3
    """Look-ups failing in a row (network, 429, 5xx) after which a registry is not asked again in the run."""
    connect_timeout: float = 10.0
    timeout: float = 30.0
    max_bytes: int = 4 * 1024 * 1024
    rows: int = 5
    """Candidates asked for per query."""
    year_window: int | None = 2
    """Queries ask for works within this many years of the entry's (None: any year)."""
    cache_path: Path | None = None
    cache_ttl: float = 30 * 86400.0
    offline: bool = False
    """Answer from the cache alone; what it does not hold is an ``error`` (kind ``offline``)."""
    fresh: bool = False
    """Ask the registries even when the cache holds an answer (and refresh the cache)."""
    on_result: Callable[[Any], None] | None = None
    """Called with each result as it is decided (a progress bar)."""

    def __post_init__(self) -> None:
        checks: list[tuple[str, object, bool, str]] = [
            ("rate", self.rate, math.isfinite(self.rate) and self.rate > 0, "a positive number"),
            ("retries", self.retries, 0 <= self.retries <= 20, "0 to 20"),
            ("backoff", self.backoff, math.isfinite(self.backoff) and self.backoff >= 0, "0 or more"),
            ("retry_after_cap", self.retry_after_cap, self.retry_after_cap >= 0, "0 or more"),
            ("give_up_after", self.give_up_after, self.give_up_after >= 1, "1 or more"),
            ("timeout", self.timeout, self.timeout > 0, "a positive number"),
            ("connect_timeout", self.connect_timeout, self.connect_timeout > 0, "a positive number"),
            ("max_bytes", self.max_bytes, self.max_bytes >= 1024, "at least 1024"),
            ("rows", self.rows, 1 <= self.rows <= 100, "1 to 100"),
            ("year_window", self.year_window, self.year_window is None or self.year_window >= 0, "0 or more"),
            ("cache_ttl", self.cache_ttl, self.cache_ttl >= 0, "0 or more"),
        ]
        for name, value, ok, expected in checks:
            if not ok:
                raise VerifyOptionsError(name, value, expected)
        for name in ("crossref_url", "openalex_url"):
            url = getattr(self, name)
            if url is not None and not str(url).startswith(("http://", "https://")):
                raise VerifyOptionsError(name, url, "an http(s) base URL such as https://api.crossref.org")
        if self.mailto is not None and ("@" not in self.mailto or any(c.isspace() for c in self.mailto)):
            raise VerifyOptionsError("mailto", self.mailto, "an e-mail address such as you@example.org")
