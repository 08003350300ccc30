"""Talking HTTP: one pooled session, manual redirects, retries, bounded reads, a hard deadline.

:meth:`Fetcher.fetch` returns a :class:`FetchOutcome`: plain facts (each hop, the final
response's status, headers and a bounded body prefix, or the kind of network failure).
Deciding what those facts mean is :mod:`jtd_evidence.links.classify`'s job.
"""

from __future__ import annotations

import contextlib
import email.utils
import random
import socket
import threading
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import urlsplit

import requests
from requests.cookies import extract_cookies_to_jar
from requests.hooks import default_hooks
from requests.structures import CaseInsensitiveDict

from jtd_evidence.links.errors import UnsafeAddressError
from jtd_evidence.links.options import CheckOptions
from jtd_evidence.links.redirects import RedirectError, next_url
from jtd_evidence.links.safety import AddressPolicy, SafeAdapter, socket_hook
from jtd_evidence.links.strict_http import HeadersCutOff
from jtd_evidence.links.types import ErrorKind, Hop
from jtd_evidence.links.untrusted import printable

__all__ = ["REDIRECT_BODY_LIMIT", "FetchOutcome", "Fetcher", "HostGate", "ResponseFacts", "host_key"]

REDIRECTS = frozenset({301, 302, 303, 307, 308})
REDIRECT_BODY_LIMIT = 8192
"""Most of a redirect's body read (decoded); a longer one is dropped with its connection."""
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504, 507, 520, 521, 522, 523, 524, 525, 526, 527, 529, 530})
_FILE_SUFFIXES = frozenset(
    {
        *("pdf", "doc", "docx", "odt", "rtf", "xls", "xlsx", "ods", "csv", "ppt", "pptx", "odp"),
        *("zip", "gz", "tgz", "bz2", "xz", "7z", "tar", "epub", "mobi", "json", "xml", "txt", "bib", "ris"),
        *("png", "jpg", "jpeg", "gif", "svg", "webp", "tif", "tiff"),
        *("mp3", "mp4", "m4a", "wav", "avi", "mov", "webm", "mkv"),
    }
)


def host_key(url: str) -> str:
    """``host:port`` of a URL, the unit of the per-host limit."""
    parts = urlsplit(url)
    host = (parts.hostname or "").rstrip(".").lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    if port is None:
        port = 443 if parts.scheme == "https" else 80
    return f"{host}:{port}"


class HostGate(Protocol):
    """Per-host admission, provided by the scheduler. ``enter`` blocks until a slot to the host is
    free (giving up any slot held for another host first) and returns False if the deadline passed."""

    def enter(self, key: str, deadline: float) -> bool: ...

    def pause(self, key: str, seconds: float) -> None: ...


class _OpenGate:
    def enter(self, key: str, deadline: float) -> bool:
        return time.monotonic() < deadline

    def pause(self, key: str, seconds: float) -> None:
        return None


@dataclass
class ResponseFacts:
    """What one HTTP response said (the body is a bounded, decoded prefix, or None if not read)."""

    method: str
    url: str
    status: int
    reason: str
    headers: dict[str, str]
    body: bytes | None = None
    body_complete: bool = False
    body_error: str | None = None
    body_error_kind: str | None = None

    @property
    def content_type(self) -> str | None:
        return self.headers.get("content-type")

    @property
    def location(self) -> str | None:
        return self.headers.get("location")


@dataclass
class FetchOutcome:
    """Everything observed while following one URL."""

    url: str
    hops: list[Hop] = field(default_factory=list)
    final: ResponseFacts | None = None
    error_kind: ErrorKind | None = None
    """Why no final response arrived; None when one did."""
    error: str | None = None
    attempts: int = 1
    elapsed: float = 0.0
    head_status: int | None = None
    rate_limit_note: str | None = None
    failed_url: str | None = None
    """The URL whose request failed (differs from ``url`` after redirects)."""

    @property
    def final_url(self) -> str:
        if self.final is not None:
            return self.final.url
        return self.failed_url or self.url


class _Guard:
    """A URL's hard deadline: past it, the watchdog shuts the socket in use so no read can hang."""

    __slots__ = ("deadline", "fired", "sock")

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline
        self.sock: socket.socket | None = None
        self.fired = False

    def attach(self, sock: socket.socket) -> None:
        self.sock = sock
        if time.monotonic() >= self.deadline:
            self.fire()

    def fire(self) -> None:
        sock = self.sock
        if sock is None or self.fired:
            return
        self.fired = True
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


class _Watchdog:
    def __init__(self) -> None:
        self._guards: set[_Guard] = set()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def add(self, guard: _Guard) -> None:
        with self._lock:
            self._guards.add(guard)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="link-deadlines", daemon=True)
                self._thread.start()

    def remove(self, guard: _Guard) -> None:
        with self._lock:
            self._guards.discard(guard)

    def _run(self) -> None:
        while not self._stop.wait(0.05):
            now = time.monotonic()
            with self._lock:
                late = [g for g in self._guards if now >= g.deadline and not g.fired]
            for guard in late:
                guard.fire()

    def close(self) -> None:
        self._stop.set()


@dataclass
class _Context:
    deadline: float
    guard: _Guard
    gate: HostGate
    body_limit: int
    any_body: bool = False
    retries_used: int = 0
    rate_limit_note: str | None = None


class Fetcher:
    """Owns the session; safe to share between threads."""

    def __init__(self, options: CheckOptions) -> None:
        self.options = options
        policy = AddressPolicy(options.allow_private, options.allow_hosts, options.resolver)
        self.policy = policy
        self.session = requests.Session()
        self.session.trust_env = False  # no proxies or .netrc from the environment: checks are reproducible
        self.session.max_redirects = options.max_redirects
        adapter = SafeAdapter(
            policy, pool_connections=256, pool_maxsize=max(options.per_host, 2), max_retries=0
        )
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.session.headers.update(
            {
                "User-Agent": options.user_agent,
                "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
                "Accept-Language": "en-GB,en;q=0.8",
                "Accept-Encoding": "gzip, deflate",
            }
        )
        self._watchdog = _Watchdog()
        self._no_head: set[str] = set()
        self._learn_lock = threading.Lock()

    def close(self) -> None:
        self._watchdog.close()
        self.session.close()

    # -- the public step ---------------------------------------------------------------------

    def fetch(
        self,
        url: str,
        *,
        gate: HostGate | None = None,
        body_limit: int | None = None,
        any_body: bool = False,
    ) -> FetchOutcome:
        """Follow ``url`` (no fragment) to its final response or failure, within the deadline.

        The final body is read (up to ``body_limit``) for pages, or whatever its type with
        ``any_body`` (e.g. a JSON API's answer); never more than the bound."""
        start = time.monotonic()
        guard = _Guard(start + self.options.deadline)
        ctx = _Context(
            deadline=guard.deadline,
            guard=guard,
            gate=gate or _OpenGate(),
            body_limit=body_limit or self.options.body_limit,
            any_body=any_body,
        )
        self._watchdog.add(guard)
        socket_hook.attach = guard.attach
        try:
            outcome = self._fetch(url, ctx)
        finally:
            socket_hook.attach = None
            self._watchdog.remove(guard)
        outcome.attempts = 1 + ctx.retries_used
        outcome.elapsed = time.monotonic() - start
        outcome.rate_limit_note = ctx.rate_limit_note
        return outcome

    def _first_method(self, url: str) -> str:
        mode = self.options.method
        if mode == "get" or host_key(url) in self._no_head:
            return "GET"
        if mode == "head":
            return "HEAD"
        path = urlsplit(url).path
        suffix = path.rsplit("/", 1)[-1].rpartition(".")[2].lower() if "." in path.rsplit("/", 1)[-1] else ""
        return "HEAD" if suffix in _FILE_SUFFIXES else "GET"

    def _fetch(self, url: str, ctx: _Context) -> FetchOutcome:
        method = self._first_method(url)
        outcome = self._follow(url, method, ctx)
        if method != "HEAD":
            return outcome
        final = outcome.final
        head_failed = outcome.error_kind in (ErrorKind.PROTOCOL, ErrorKind.RESET, ErrorKind.CONNECTION) or (
            final is not None and (final.status >= 400 or (final.status in REDIRECTS and not final.location))
        )
        if head_failed:
            again = self._follow(url, "GET", ctx)
            again.head_status = final.status if final is not None else None
            if again.final is not None and 200 <= again.final.status < 300:
                with self._learn_lock:
                    self._no_head.add(host_key(url))
            return again
        if final is not None and 200 <= final.status < 300 and _wants_body(final.content_type):
            # HEAD cannot tell a 'not found' page from a real one: read the page itself.
            page = self._follow(final.url, "GET", ctx)
            page.hops = outcome.hops + page.hops
            page.url = url
            return page
        return outcome

    # -- redirects -------------------------------------------------------------------------

    def _follow(self, url: str, method: str, ctx: _Context) -> FetchOutcome:
        outcome = FetchOutcome(url=url)
        visited = {url}
        current = url
        while True:
            facts = self._request(method, current, ctx, outcome)
            if facts is None:
                outcome.failed_url = current
                return outcome
            if facts.status not in REDIRECTS or not facts.location:
                outcome.final = facts
                return outcome
            location = facts.location
            outcome.hops.append(Hop(current, facts.status, printable(location)))
            try:
                target = next_url(current, location)
            except RedirectError as error:
                outcome.error_kind, outcome.error = error.kind, str(error)
                return outcome
            if len(outcome.hops) > self.options.max_redirects:
                outcome.error_kind = ErrorKind.TOO_MANY_REDIRECTS
                outcome.error = f"more than {self.options.max_redirects} redirects"
                return outcome
            if target in visited and "set-cookie" not in facts.headers:
                outcome.error_kind = ErrorKind.LOOP
                outcome.error = f"redirect loop: {target} was already visited"
                return outcome
            visited.add(target)
            current = target

    # -- one request with retries ----------------------------------------------------------

    def _request(self, method: str, url: str, ctx: _Context, outcome: FetchOutcome) -> ResponseFacts | None:
        options = self.options
        key = host_key(url)
        may_retry = method != "HEAD"
        while True:
            remaining = ctx.deadline - time.monotonic()
            if remaining <= 0 or not ctx.gate.enter(key, ctx.deadline):
                outcome.error_kind = ErrorKind.TIMEOUT
                outcome.error = f"no complete answer within the {options.deadline:g} s deadline"
                return None
            facts: ResponseFacts | None = None
            try:
                response = self._send(
                    self._prepare(method, url),
                    (min(options.connect_timeout, remaining), min(options.read_timeout, remaining)),
                )
                try:
                    facts = self._facts(method, response, ctx)
                finally:
                    ctx.guard.sock = None
            except Exception as error:  # translated in one place, below
                ctx.guard.sock = None
                kind, text = translate_error(error, ctx.guard.fired, options.deadline)
                if kind is None:
                    raise
                retriable = kind in ("refused", "reset", "protocol", "connection", "dns-again")
                if may_retry and retriable and self._backoff(ctx, None):
                    continue
                outcome.error_kind = ErrorKind.DNS if kind == "dns-again" else ErrorKind(kind)
                outcome.error = text
                return None
            if ctx.guard.fired:
                # the deadline cut the connection; whatever was parsed before that is not an answer
                outcome.error_kind = ErrorKind.TIMEOUT
                outcome.error = f"no complete answer within the {options.deadline:g} s deadline"
                return None
            if not may_retry or facts.status not in _RETRY_STATUSES or _is_challenge(facts):
                return facts
            if self._backoff(ctx, facts, key):
                continue
            return facts

    def _backoff(self, ctx: _Context, facts: ResponseFacts | None, key: str = "") -> bool:
        """Sleep before a retry; False when no retry is left or it would pass the deadline or cap."""
        options = self.options
        if ctx.retries_used >= options.retries:
            return False
        wait = min(options.backoff * (2**ctx.retries_used), options.backoff_max) * random.uniform(0.5, 1.5)
        if facts is not None:
            asked = retry_after_seconds(facts.headers.get("retry-after"))
            if asked is not None:
                if asked > options.retry_after_cap:
                    ctx.rate_limit_note = (
                        f"the server asked to wait {asked:g} s (Retry-After), more than the "
                        f"{options.retry_after_cap:g} s cap"
                    )
                    return False
                wait = max(asked, 0.0)
            if facts.status == 429:
                ctx.gate.pause(key, wait)
        if time.monotonic() + wait >= ctx.deadline:
            if facts is not None and facts.status == 429:
                ctx.rate_limit_note = (
                    f"waiting {wait:.1f} s more would pass the {options.deadline:g} s deadline"
                )
            return False
        time.sleep(wait)
        ctx.retries_used += 1
        return True

    def _send(self, prepared: requests.PreparedRequest, timeout: tuple[float, float]) -> requests.Response:
        """One request, the response's body left unread on the socket.

        Not ``Session.send``: even with ``allow_redirects=False`` it reads the whole body of a
        redirect (``resp.content``, to find ``Response.next``), however large or endless, and parses
        its Location with exceptions of its own. The adapter returns the response as it arrived."""
        adapter = self.session.get_adapter(prepared.url or "")
        response = adapter.send(prepared, stream=True, timeout=timeout, verify=True, cert=None, proxies={})
        extract_cookies_to_jar(self.session.cookies, prepared, response.raw)
        return response

    def _prepare(self, method: str, url: str) -> requests.PreparedRequest:
        """What Session.request would build for a body-less request, without its per-call merging
        (a measurable share of the CPU time per link)."""
        prepared = requests.PreparedRequest()
        prepared.method = method
        prepared.prepare_url(url, None)
        prepared.headers = CaseInsensitiveDict(self.session.headers)
        prepared.prepare_cookies(self.session.cookies)  # the cookie jar locks itself
        prepared.body = None
        prepared.hooks = default_hooks()
        return prepared

    # -- reading a response ----------------------------------------------------------------

    def _facts(self, method: str, response: requests.Response, ctx: _Context) -> ResponseFacts:
        headers = {k.lower(): v for k, v in response.headers.items()}
        reason = printable(response.reason or "")  # shown in reports, never acted on
        facts = ResponseFacts(method, response.url, response.status_code, reason, headers)
        raw = response.raw
        try:
            if method == "HEAD" or response.status_code in (204, 304):
                facts.body_complete = raw.read(1, decode_content=False) == b""  # no body by definition
            else:
                limit = _body_budget(response.status_code, facts.content_type, headers, ctx)
                if limit:
                    facts.body, facts.body_complete, failure = _read_bounded(raw, headers, limit)
                    if failure is not None:
                        raise failure
        except Exception as error:
            kind, text = translate_error(error, ctx.guard.fired, self.options.deadline)
            if kind is None:
                raise
            facts.body_error_kind, facts.body_error = kind, f"while reading the body: {text}"
        if facts.body_complete:
            raw.release_conn()
        else:
            response.close()
        return facts


def _wants_body(content_type: str | None) -> bool:
    """Pages (HTML, XHTML, text or unlabelled) are read to spot 'not found' and bot-protection pages."""
    if not content_type:
        return True
    ct = content_type.split(";", 1)[0].strip().lower()
    return ct.startswith("text/") or "html" in ct or ct.endswith("+xml") or ct in ("application/xml", "")


def _body_budget(status: int, content_type: str | None, headers: dict[str, str], ctx: _Context) -> int:
    limit = ctx.body_limit
    if status in REDIRECTS:
        return REDIRECT_BODY_LIMIT  # small redirect bodies are read so the connection can be reused
    if ctx.any_body or _wants_body(content_type):
        return limit
    length = headers.get("content-length", "")
    if length.isdigit() and int(length) <= min(limit, 65536):
        return int(length) + 1  # a small file: read it so the connection can be reused
    return 0


def _read_bounded(
    raw: Any, headers: dict[str, str], limit: int
) -> tuple[bytes | None, bool, Exception | None]:
    """Read at most ``limit`` decoded bytes (and about as many raw ones): never an unbounded body,
    never decompression beyond the bound. Returns (prefix, whether the body ended within it, the
    error that stopped the reading if any: what arrived before it is kept)."""
    encoding = headers.get("content-encoding", "").strip().lower()
    decoder: Any = None
    if encoding in ("gzip", "x-gzip"):
        decoder = zlib.decompressobj(16 + zlib.MAX_WBITS)
    elif encoding == "deflate":
        decoder = _DeflateDecoder()
    elif encoding not in ("", "identity"):
        return None, False, None  # an encoding we did not ask for: do not try to decode it
    # read1 returns what has arrived instead of waiting for a full chunk (a server may keep the
    # connection open after a body without Content-Length)
    read = getattr(raw, "read1", None) or raw.read
    raw_limit = limit + 65536
    out = bytearray()
    raw_read = 0
    while len(out) < limit and raw_read < raw_limit:
        try:
            chunk = read(16384, decode_content=False)
        except Exception as error:
            return bytes(out), False, error
        if not chunk:
            return bytes(out), True, None
        raw_read += len(chunk)
        if decoder is None:
            out += chunk
        else:
            try:
                out += decoder.decompress(chunk, limit - len(out))
            except zlib.error:
                return bytes(out), False, None
            if decoder.unconsumed_tail:
                break
    return bytes(out[:limit]), False, None


class _DeflateDecoder:
    """'deflate' is zlib-wrapped by the standard but raw deflate from some servers."""

    def __init__(self) -> None:
        self._obj = zlib.decompressobj()
        self._first = True

    @property
    def unconsumed_tail(self) -> bytes:
        return self._obj.unconsumed_tail

    def decompress(self, data: bytes, max_length: int) -> bytes:
        if self._first:
            self._first = False
            try:
                return self._obj.decompress(data, max_length)
            except zlib.error:
                self._obj = zlib.decompressobj(-zlib.MAX_WBITS)
        return self._obj.decompress(data, max_length)


def retry_after_seconds(value: str | None) -> float | None:
    """Seconds asked for by a Retry-After header (delta or HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - time.time())


def _is_challenge(facts: ResponseFacts) -> bool:
    """A bot-protection answer: retrying will not help (classify decides what it is)."""
    from jtd_evidence.links.classify import bot_protection

    return bot_protection(facts) is not None


def _causes(error: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    stack = [error]
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        yield item
        for nxt in (getattr(item, "reason", None), item.__cause__, item.__context__, *item.args):
            if isinstance(nxt, BaseException):
                stack.append(nxt)


def translate_error(error: BaseException, deadline_fired: bool, deadline: float) -> tuple[str | None, str]:
    """The one place where requests/urllib3/socket exceptions become failure kinds.

    Returns (kind, message); kind None means 'not a network failure' (a bug: re-raise)."""
    from urllib3.exceptions import NameResolutionError, NewConnectionError, ProtocolError

    chain = list(_causes(error))
    for item in chain:
        if isinstance(item, UnsafeAddressError):
            return "unsafe", str(item)
    if deadline_fired:
        return "timeout", f"no complete answer within the {deadline:g} s deadline"
    for item in chain:
        if isinstance(item, HeadersCutOff):
            return "protocol", str(item)
    text = _short(error)
    for item in chain:
        if isinstance(item, requests.exceptions.SSLError):
            return "tls", f"TLS error: {_short(item)}"
    for item in chain:
        if isinstance(item, (requests.exceptions.Timeout, TimeoutError, socket.timeout)):
            phase = "connect" if isinstance(item, requests.exceptions.ConnectTimeout) else "read"
            return "timeout", f"{phase} timed out: {text}"
    for item in chain:
        if isinstance(item, socket.gaierror):
            if item.errno == socket.EAI_AGAIN:
                return "dns-again", f"DNS lookup failed temporarily: {item}"
            return "dns", f"host name does not resolve: {item}"
        if isinstance(item, NameResolutionError):
            return "dns", f"host name does not resolve: {item}"
    for item in chain:
        if isinstance(item, ConnectionRefusedError):
            return "refused", "connection refused: nothing is listening at that address"
    for item in chain:
        if isinstance(item, ConnectionResetError):
            return "reset", "the connection was reset before a complete response"
    for item in chain:
        if (
            isinstance(
                item,
                (
                    requests.exceptions.ChunkedEncodingError,
                    requests.exceptions.ContentDecodingError,
                    requests.exceptions.InvalidHeader,
                    ProtocolError,
                ),
            )
            or type(item).__module__ == "http.client"
        ):
            return "protocol", f"malformed or empty HTTP response: {text}"
    for item in chain:
        if isinstance(
            item,
            (
                requests.exceptions.InvalidURL,
                requests.exceptions.InvalidSchema,
                requests.exceptions.MissingSchema,
                UnicodeError,
            ),
        ):
            return "invalid", f"not a valid URL: {text}"
    for item in chain:
        if isinstance(item, (NewConnectionError, OSError, requests.exceptions.RequestException)):
            return "connection", f"connection failed: {text}"
    return None, text


def _short(error: BaseException) -> str:
    text = printable(str(error) or type(error).__name__)  # may quote what the server sent
    return text if len(text) <= 300 else text[:297] + "..."
