"""Talking HTTP: one pooled session, manual redirects, retries, within each URL's deadline.

:meth:`Fetcher.fetch` returns a :class:`~jtd_evidence.links.types.FetchOutcome`: plain facts
(each hop, the final response's status, headers and a bounded body prefix, or the
:class:`~jtd_evidence.links.types.Failure` that stopped it). Deciding what those facts mean is
:mod:`jtd_evidence.links.classify`'s job; the deadline (:mod:`~jtd_evidence.links.deadline`),
the bounded body reader (:mod:`~jtd_evidence.links.bounded`) and the translation of exceptions
(:mod:`~jtd_evidence.links.failures`) live in modules of their own.
"""

from __future__ import annotations

import email.utils
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urlsplit

import requests
from requests.cookies import extract_cookies_to_jar
from requests.hooks import default_hooks
from requests.structures import CaseInsensitiveDict

from jtd_evidence.links.bounded import read_bounded, wants_body
from jtd_evidence.links.deadline import Guard, Watchdog
from jtd_evidence.links.failures import deadline_failure, translate_error
from jtd_evidence.links.options import CheckOptions
from jtd_evidence.links.redirects import RedirectError, next_url
from jtd_evidence.links.safety import AddressPolicy, SafeAdapter
from jtd_evidence.links.types import REDIRECTS, ErrorKind, Failure, FetchOutcome, Hop, ResponseFacts
from jtd_evidence.links.untrusted import printable

__all__ = ["REDIRECT_BODY_LIMIT", "Fetcher", "HostGate", "host_key", "retry_after_seconds"]

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
class _Context:
    deadline: float
    guard: Guard
    gate: HostGate
    body_limit: int
    any_body: bool = False
    retries_used: int = 0
    rate_limit_note: str | None = None


def _never(facts: ResponseFacts) -> bool:
    return False


class Fetcher:
    """Owns the session; safe to share between threads.

    ``is_challenge`` tells a bot-protection answer (a 403 or 503 retrying will not change) from
    a failing server; it is the classifier's knowledge, passed in (default: none is)."""

    def __init__(
        self, options: CheckOptions, *, is_challenge: Callable[[ResponseFacts], bool] = _never
    ) -> None:
        self.options = options
        self.is_challenge = is_challenge
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
        self._watchdog = Watchdog()
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
        with self._watchdog.guarding(start + self.options.deadline) as guard:
            ctx = _Context(
                deadline=guard.deadline,
                guard=guard,
                gate=gate or _OpenGate(),
                body_limit=body_limit or self.options.body_limit,
                any_body=any_body,
            )
            outcome = self._fetch(url, ctx)
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
            if again.final is not None and 200 <= again.final.status < 300:
                with self._learn_lock:
                    self._no_head.add(host_key(url))
            return again
        if final is not None and 200 <= final.status < 300 and wants_body(final.content_type):
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
                outcome.failure = Failure(error.kind, str(error))
                return outcome
            if len(outcome.hops) > self.options.max_redirects:
                outcome.failure = Failure(
                    ErrorKind.TOO_MANY_REDIRECTS, f"more than {self.options.max_redirects} redirects"
                )
                return outcome
            if target in visited and "set-cookie" not in facts.headers:
                outcome.failure = Failure(ErrorKind.LOOP, f"redirect loop: {target} was already visited")
                return outcome
            visited.add(target)
            current = target

    # -- one request with retries ----------------------------------------------------------

    def _request(self, method: str, url: str, ctx: _Context, outcome: FetchOutcome) -> ResponseFacts | None:
        """The final answer to one request, retried while worth it (never a HEAD: it is a probe)."""
        key = host_key(url)
        may_retry = method != "HEAD"
        while True:
            answer = self._attempt(method, url, key, ctx)
            if isinstance(answer, Failure):
                if may_retry and answer.retriable and self._backoff(ctx, None):
                    continue
                outcome.failure = answer
                return None
            if may_retry and self._worth_retrying(answer) and self._backoff(ctx, answer, key):
                continue
            return answer

    def _worth_retrying(self, facts: ResponseFacts) -> bool:
        """A status that may change (429, 5xx), unless a bot protection answered (it will not)."""
        return facts.status in _RETRY_STATUSES and not self.is_challenge(facts)

    def _attempt(self, method: str, url: str, key: str, ctx: _Context) -> ResponseFacts | Failure:
        """One request within the deadline: what the response said, or why there is none."""
        options = self.options
        remaining = ctx.deadline - time.monotonic()
        if remaining <= 0 or not ctx.gate.enter(key, ctx.deadline):
            return deadline_failure(options.deadline)
        try:
            response = self._send(
                self._prepare(method, url),
                (min(options.connect_timeout, remaining), min(options.read_timeout, remaining)),
            )
            try:
                facts = self._facts(method, response, ctx)
            finally:
                ctx.guard.release()
        except Exception as error:  # translated in one place: failures.translate_error
            ctx.guard.release()
            failure = translate_error(error, deadline=options.deadline, deadline_fired=ctx.guard.fired)
            if failure is None:
                raise
            return failure
        if ctx.guard.fired:
            # the deadline cut the connection; whatever was parsed before that is not an answer
            return deadline_failure(options.deadline)
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
                    facts.body, facts.body_complete, stopped = read_bounded(raw, headers, limit)
                    if stopped is not None:
                        raise stopped
        except Exception as error:
            failure = translate_error(error, deadline=self.options.deadline, deadline_fired=ctx.guard.fired)
            if failure is None:
                raise
            facts.body_failure = Failure(failure.kind, f"while reading the body: {failure.message}")
        if facts.body_complete:
            raw.release_conn()
        else:
            response.close()
        return facts


def _body_budget(status: int, content_type: str | None, headers: dict[str, str], ctx: _Context) -> int:
    limit = ctx.body_limit
    if status in REDIRECTS:
        return REDIRECT_BODY_LIMIT  # small redirect bodies are read so the connection can be reused
    if ctx.any_body or wants_body(content_type):
        return limit
    length = headers.get("content-length", "")
    if length.isdigit() and int(length) <= min(limit, 65536):
        return int(length) + 1  # a small file: read it so the connection can be reused
    return 0


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
