"""The types every part of the link checker speaks.

:class:`LinkResult` is what the checking core produces, the cache stores and every reporter
renders: a dead link is a result with a status class, never an exception.

:class:`FetchOutcome` is the contract between fetching and classifying: what following one URL
showed (each :class:`Hop`, the final :class:`ResponseFacts`, or the :class:`Failure` that stopped
it, its cause an :class:`ErrorKind`). The fetcher writes it; the classifier only reads it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

__all__ = [
    "DEFAULT_FAIL_ON",
    "REDIRECTS",
    "UNCHECKED",
    "WORKING",
    "ErrorKind",
    "Failure",
    "FetchOutcome",
    "Hop",
    "LinkResult",
    "LinkStatus",
    "ResponseFacts",
]


class LinkStatus(StrEnum):
    """Status classes, from healthy to refused. The value is the name used in reports and on the CLI."""

    OK = "ok"
    REDIRECT_PERMANENT = "redirect-permanent"
    REDIRECT_TEMPORARY = "redirect-temporary"
    BROKEN = "broken"
    GONE = "gone"
    SOFT_404 = "soft-404"
    FRAGMENT_MISSING = "fragment-missing"
    DNS_ERROR = "dns-error"
    TLS_ERROR = "tls-error"
    SERVER_ERROR = "server-error"
    TIMEOUT = "timeout"
    RATE_LIMITED = "rate-limited"
    BLOCKED = "blocked"
    PROTOCOL_ERROR = "protocol-error"
    UNSAFE = "unsafe"
    INVALID = "invalid"
    EXCLUDED = "excluded"

    @property
    def description(self) -> str:
        """One line saying what the class means and what a maintainer should do."""
        return _DESCRIPTIONS[self]


_DESCRIPTIONS = {
    LinkStatus.OK: "answers 2xx directly",
    LinkStatus.REDIRECT_PERMANENT: "moved permanently (301/308) to a working page: update the URL",
    LinkStatus.REDIRECT_TEMPORARY: "redirects temporarily (302/303/307) to a working page: keep the URL",
    LinkStatus.BROKEN: "404 or other 4xx, redirect to one, redirect loop or refused connection: fix or replace",
    LinkStatus.GONE: "410 Gone: the publisher removed it; cite an archived copy",
    LinkStatus.SOFT_404: "answers 200 but is a 'not found' page or the site's home page: find the new address",
    LinkStatus.FRAGMENT_MISSING: "the page works but its #anchor is not in it",
    LinkStatus.DNS_ERROR: "the host name does not resolve: check the spelling of the host",
    LinkStatus.TLS_ERROR: "the HTTPS certificate or handshake failed",
    LinkStatus.SERVER_ERROR: "5xx after retries: the site is failing; check again later",
    LinkStatus.TIMEOUT: "no complete answer within the time limits; check again later",
    LinkStatus.RATE_LIMITED: "429 Too Many Requests even after waiting as asked; check again later",
    LinkStatus.BLOCKED: "401/403 or bot protection: the page probably exists; check it by hand in a browser",
    LinkStatus.PROTOCOL_ERROR: "malformed or empty HTTP response",
    LinkStatus.UNSAFE: "points at a loopback, private, link-local or reserved address: refused",
    LinkStatus.INVALID: "not a checkable http(s) URL (placeholder, malformed or unsupported scheme)",
    LinkStatus.EXCLUDED: "not checked: the URL matches an exclude pattern",
}


class ErrorKind(StrEnum):
    """Why no usable answer came back for a URL: the cause behind a failing :class:`LinkResult`
    (its ``error`` says the details). Each kind reports as one :class:`LinkStatus`."""

    TIMEOUT = "timeout"
    DNS = "dns"
    TLS = "tls"
    REFUSED = "refused"
    RESET = "reset"
    PROTOCOL = "protocol"
    """A malformed, cut-off or empty HTTP response."""
    CONNECTION = "connection"
    UNSAFE = "unsafe"
    INVALID = "invalid"
    """The URL itself cannot be requested (as given, not as a server redirected to it)."""
    LOOP = "loop"
    TOO_MANY_REDIRECTS = "too-many-redirects"
    BAD_REDIRECT = "bad-redirect"
    """A well-formed redirect to something that is not an http(s) address."""
    MALFORMED_REDIRECT = "malformed-redirect"
    """A redirect whose Location the server garbled: not UTF-8, control characters, a broken host or port."""
    INTERNAL = "internal"
    """Checking this URL raised an error nobody foresaw: the URL gets this result, the run goes on."""

    @property
    def status(self) -> LinkStatus:
        """The status class a failure of this kind is reported as."""
        return _KIND_STATUS[self]


_KIND_STATUS = {
    ErrorKind.TIMEOUT: LinkStatus.TIMEOUT,
    ErrorKind.DNS: LinkStatus.DNS_ERROR,
    ErrorKind.TLS: LinkStatus.TLS_ERROR,
    ErrorKind.REFUSED: LinkStatus.BROKEN,
    ErrorKind.RESET: LinkStatus.PROTOCOL_ERROR,
    ErrorKind.PROTOCOL: LinkStatus.PROTOCOL_ERROR,
    ErrorKind.CONNECTION: LinkStatus.BROKEN,
    ErrorKind.UNSAFE: LinkStatus.UNSAFE,
    ErrorKind.INVALID: LinkStatus.INVALID,
    ErrorKind.LOOP: LinkStatus.BROKEN,
    ErrorKind.TOO_MANY_REDIRECTS: LinkStatus.BROKEN,
    ErrorKind.BAD_REDIRECT: LinkStatus.BROKEN,
    ErrorKind.MALFORMED_REDIRECT: LinkStatus.PROTOCOL_ERROR,
    ErrorKind.INTERNAL: LinkStatus.PROTOCOL_ERROR,
}

WORKING = frozenset({LinkStatus.OK, LinkStatus.REDIRECT_PERMANENT, LinkStatus.REDIRECT_TEMPORARY})
"""Classes whose link gets a reader to the content (``--update-bib`` stamps these)."""

UNCHECKED = frozenset({LinkStatus.EXCLUDED})
"""Classes of links deliberately not checked: they neither work nor fail (never cached, never failing)."""

DEFAULT_FAIL_ON = frozenset(
    {
        LinkStatus.BROKEN,
        LinkStatus.GONE,
        LinkStatus.SOFT_404,
        LinkStatus.FRAGMENT_MISSING,
        LinkStatus.DNS_ERROR,
        LinkStatus.TLS_ERROR,
        LinkStatus.PROTOCOL_ERROR,
        LinkStatus.UNSAFE,
        LinkStatus.INVALID,
    }
)
"""Classes that make the command exit 1 unless ``--fail-on`` says otherwise. Transient classes
(timeout, server-error, rate-limited) and ``blocked`` (needs a person) are reported but do not fail."""


@dataclass(frozen=True, slots=True)
class Hop:
    """One redirect answered on the way: the URL asked, its status, and where it pointed."""

    url: str
    status: int
    location: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"url": self.url, "status": self.status, "location": self.location}


@dataclass(frozen=True, slots=True)
class Failure:
    """Why a request (or the reading of a body) gave no usable answer, in the fetcher's terms."""

    kind: ErrorKind
    message: str
    """What went wrong, in words (shown in reports)."""
    retriable: bool = False
    """Whether trying again may help (a refused or reset connection, a temporary DNS failure)."""


REDIRECTS = frozenset({301, 302, 303, 307, 308})
"""HTTP statuses that redirect (followed when they carry a Location)."""


@dataclass
class ResponseFacts:
    """What one HTTP response said (the body is a bounded, decoded prefix, or None if not read)."""

    method: str
    url: str
    status: int
    reason: str
    headers: dict[str, str]
    """Header names in lower case."""
    body: bytes | None = None
    body_complete: bool = False
    body_failure: Failure | None = None
    """What cut the reading of the body short, if anything (what arrived before it is in ``body``)."""

    @property
    def content_type(self) -> str | None:
        return self.headers.get("content-type")

    @property
    def location(self) -> str | None:
        return self.headers.get("location")


@dataclass
class FetchOutcome:
    """Everything observed while following one URL: hops, then a final response or a failure."""

    url: str
    hops: list[Hop] = field(default_factory=list)
    final: ResponseFacts | None = None
    failure: Failure | None = None
    """Why no final response arrived; None when one did."""
    attempts: int = 1
    elapsed: float = 0.0
    rate_limit_note: str | None = None
    failed_url: str | None = None
    """The URL whose request failed (differs from ``url`` after redirects)."""

    @property
    def final_url(self) -> str:
        if self.final is not None:
            return self.final.url
        return self.failed_url or self.url

    @property
    def error_kind(self) -> ErrorKind | None:
        return None if self.failure is None else self.failure.kind

    @property
    def error(self) -> str | None:
        return None if self.failure is None else self.failure.message


@dataclass(frozen=True, slots=True)
class LinkResult:
    """The health of one URL, with everything needed to act on it."""

    url: str
    status: LinkStatus
    keys: tuple[str, ...] = ()
    http_status: int | None = None
    redirects: tuple[Hop, ...] = ()
    final_url: str | None = None
    content_type: str | None = None
    elapsed: float = 0.0
    attempts: int = 0
    error: str | None = None
    suggestion: str | None = None
    archive_url: str | None = None
    checked_at: str | None = None
    cached: bool = False
    fragments_checked: bool = False
    error_kind: ErrorKind | None = None
    """Why no usable answer came (None when one did, even a 404: ``status`` says what it meant)."""

    @property
    def is_working(self) -> bool:
        return self.status in WORKING

    def replace(self, **changes: Any) -> LinkResult:
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """Every field as JSON-ready values (the JSON report's row)."""
        return {
            "url": self.url,
            "keys": list(self.keys),
            "status": self.status.value,
            "http_status": self.http_status,
            "redirects": [hop.to_dict() for hop in self.redirects],
            "final_url": self.final_url,
            "content_type": self.content_type,
            "elapsed": round(self.elapsed, 3),
            "attempts": self.attempts,
            "error": self.error,
            "suggestion": self.suggestion,
            "archive_url": self.archive_url,
            "checked_at": self.checked_at,
            "cached": self.cached,
            "fragments_checked": self.fragments_checked,
            "error_kind": None if self.error_kind is None else self.error_kind.value,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LinkResult:
        """Inverse of :meth:`to_dict` (used by the cache)."""
        return cls(
            url=data["url"],
            status=LinkStatus(data["status"]),
            keys=tuple(data.get("keys", ())),
            http_status=data.get("http_status"),
            redirects=tuple(
                Hop(h["url"], int(h["status"]), h.get("location")) for h in data.get("redirects", ())
            ),
            final_url=data.get("final_url"),
            content_type=data.get("content_type"),
            elapsed=float(data.get("elapsed", 0.0)),
            attempts=int(data.get("attempts", 0)),
            error=data.get("error"),
            suggestion=data.get("suggestion"),
            archive_url=data.get("archive_url"),
            checked_at=data.get("checked_at"),
            cached=bool(data.get("cached", False)),
            fragments_checked=bool(data.get("fragments_checked", False)),
            error_kind=_error_kind(data.get("error_kind")),
        )


def _error_kind(value: Any) -> ErrorKind | None:
    try:
        return ErrorKind(value)
    except (TypeError, ValueError):
        return None
