"""Asking the registries politely: one session, a rate limit, backoff, bounded answers, a cache.

:meth:`RegistryClient.get` returns an :class:`Answer` (200 with its JSON, or 404: the registry
does not know that DOI) or raises :class:`LookupFailedError` with an :class:`ErrorKind`; the checker
turns the latter into an ``error`` verdict for the entry, never a crash of the run.

Good manners, as Crossref and OpenAlex ask of their users:

- one :class:`requests.Session` (kept-alive connections) whose User-Agent names the tool, its
  version and, when given, the ``mailto`` address, which is also sent as a parameter (Crossref's
  "polite pool", OpenAlex's likewise);
- a request to a registry starts at least ``1 / rate`` seconds after the previous answer came, or
  later if the registry announces a lower limit (``X-Rate-Limit-Limit``/``-Interval``);
- 429 and 5xx are retried after the ``Retry-After`` the server asked for (up to
  ``retry_after_cap``), or after an exponential backoff; a registry that keeps failing is not
  asked again in the run (``give_up_after`` failed look-ups in a row);
- a body larger than ``max_bytes`` (declared or received, after decompression) is not read on;
- answers are cached on disk (:mod:`jtd_evidence.verify.cache`); ``offline`` answers from the
  cache alone.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

import requests

from jtd_evidence import __version__
from jtd_evidence.links.fetch import retry_after_seconds
from jtd_evidence.verify.cache import RegistryCache
from jtd_evidence.verify.options import VerifyOptions
from jtd_evidence.verify.types import ErrorKind

__all__ = ["Answer", "LookupFailedError", "RegistryClient", "user_agent"]

_RETRY = frozenset({429, 500, 502, 503, 504, 520, 521, 522, 523, 524})
_INTERVAL = re.compile(r"([0-9]+(?:\.[0-9]+)?)\s*([smh]?)")
_UNIT_SECONDS = {"s": 1.0, "m": 60.0, "h": 3600.0}
_TRANSIENT = frozenset({ErrorKind.TIMEOUT, ErrorKind.CONNECTION, ErrorKind.RATE_LIMITED, ErrorKind.SERVER})


@dataclass(frozen=True, slots=True)
class Answer:
    """What a registry said: HTTP 200 with its JSON, or 404 (``data`` None)."""

    status: int
    data: Any
    cached: bool = False


class LookupFailedError(Exception):  # internal: the checker turns it into a result
    def __init__(self, kind: ErrorKind, message: str) -> None:
        super().__init__(message)
        self.kind = kind


def user_agent(mailto: str | None) -> str:
    """``jtd-evidence/0.1.0 (bibliography check; mailto:someone@example.org)``."""
    contact = f"; mailto:{mailto}" if mailto else ""
    return f"jtd-evidence/{__version__} (bibliography check{contact})"


def cache_key(url: str, params: Mapping[str, str]) -> str:
    """The request as the cache knows it: the URL and its parameters sorted, without ``mailto``."""
    query = urlencode(sorted((k, v) for k, v in params.items() if k != "mailto"))
    return f"{url}?{query}" if query else url


class _Pace:
    """Requests to one registry one after another, each begun at least ``interval`` seconds after
    the answer to the one before arrived: the registry never sees two closer than that, however
    long a connection took to open."""

    def __init__(self, interval: float, clock: Callable[[], float], sleep: Callable[[float], None]) -> None:
        self.interval = interval
        self._clock = clock
        self._sleep = sleep
        self._next = 0.0

    def wait(self) -> None:
        now = self._clock()
        if now < self._next:
            self._sleep(self._next - now)

    def done(self) -> None:
        """The answer (or the failure) of the latest request has come."""
        self._next = max(self._next, self._clock() + self.interval)

    def obey(self, headers: Mapping[str, str]) -> None:
        """Slow down, never speed up, to the limit a registry announces (Crossref's
        ``X-Rate-Limit-Limit: 50`` with ``X-Rate-Limit-Interval: 1s``)."""
        limit = headers.get("x-rate-limit-limit", "").strip()
        window = _INTERVAL.fullmatch(headers.get("x-rate-limit-interval", "").strip().lower())
        if limit.isdigit() and int(limit) > 0 and window:
            seconds = float(window.group(1)) * _UNIT_SECONDS[window.group(2) or "s"]
            self.interval = max(self.interval, min(seconds / int(limit), 60.0))

    def hold(self, seconds: float) -> None:
        """No request before ``seconds`` from now (a server asked us to wait)."""
        self._next = max(self._next, self._clock() + seconds)


class RegistryClient:
    """Owns the session, the pace per registry and the cache. Not shared between threads."""

    def __init__(
        self,
        options: VerifyOptions,
        *,
        session: requests.Session | None = None,
        cache: RegistryCache | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.options = options
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = user_agent(options.mailto)
        self.session.headers["Accept"] = "application/json"
        self.cache = cache
        self._clock = clock
        self._sleep = sleep
        self._paces: dict[str, _Pace] = {}
        self._failures: dict[str, int] = {}

    def close(self) -> None:
        self.session.close()

    def get(self, base_url: str, path: str, params: Mapping[str, str]) -> Answer:
        """Ask ``base_url + path`` with ``params``: from the cache when it holds the answer."""
        url = base_url.rstrip("/") + path
        key = cache_key(url, params)
        if self.cache is not None and not self.options.fresh:
            hit = self.cache.get(key)
            if hit is not None:
                return Answer(hit[0], hit[1], cached=True)
        if self.options.offline:
            raise LookupFailedError(ErrorKind.OFFLINE, f"{key} is not in the cache (--offline)")
        host = urlsplit(url).netloc
        failures = self._failures.get(base_url, 0)
        if failures >= self.options.give_up_after:
            raise LookupFailedError(
                ErrorKind.SKIPPED, f"{host} failed {failures} look-ups in a row; not asked again in this run"
            )
        sent = dict(params)
        if self.options.mailto:
            sent["mailto"] = self.options.mailto
        try:
            answer = self._ask(url, sent, self._pace(base_url), host)
        except LookupFailedError as failure:
            if failure.kind in _TRANSIENT:
                self._failures[base_url] = failures + 1
            raise
        self._failures[base_url] = 0
        if self.cache is not None:
            self.cache.put(key, answer.status, answer.data)
        return answer

    def _pace(self, base_url: str) -> _Pace:
        """The pace of one registry (each base URL is one registry, wherever it is served)."""
        if base_url not in self._paces:
            self._paces[base_url] = _Pace(1.0 / self.options.rate, self._clock, self._sleep)
        return self._paces[base_url]

    def _ask(self, url: str, params: dict[str, str], pace: _Pace, host: str) -> Answer:
        options = self.options
        for attempt in range(options.retries + 1):
            pace.wait()
            try:
                status, headers, body = self._send(url, params)
            except LookupFailedError:
                pace.done()
                raise
            pace.obey(headers)
            pace.done()
            if status not in _RETRY:
                return _answer(url, status, body)
            last = attempt == options.retries
            asked = retry_after_seconds(headers.get("retry-after"))
            kind = ErrorKind.RATE_LIMITED if status == 429 else ErrorKind.SERVER
            if asked is not None and asked > options.retry_after_cap:
                raise LookupFailedError(
                    kind, f"HTTP {status} from {host}, asked to wait {asked:.0f} s: more than we wait"
                )
            if last:
                tries = f"{attempt + 1} attempt{'s' if attempt else ''}"
                raise LookupFailedError(kind, f"HTTP {status} from {host} after {tries}")
            wait = asked if asked is not None else options.backoff * 2**attempt
            pace.hold(wait)
        raise AssertionError("unreachable")  # pragma: no cover

    def _send(self, url: str, params: dict[str, str]) -> tuple[int, Mapping[str, str], bytes]:
        """One GET; the body read up to ``max_bytes`` (decoded). Network failures become LookupFailedError."""
        options = self.options
        limit = options.max_bytes
        try:
            with self.session.get(
                url, params=params, timeout=(options.connect_timeout, options.timeout), stream=True
            ) as response:
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > limit and response.status_code not in _RETRY:
                    raise LookupFailedError(
                        ErrorKind.TOO_LARGE, f"{url} declares {int(declared):,} bytes (limit {limit:,})"
                    )
                body = bytearray()
                if response.status_code not in _RETRY:  # a 429/5xx body is not needed: the connection goes
                    for chunk in response.iter_content(65536):
                        body += chunk
                        if len(body) > limit:
                            raise LookupFailedError(
                                ErrorKind.TOO_LARGE, f"{url} sent more than {limit:,} bytes"
                            )
                return response.status_code, response.headers, bytes(body)
        except requests.exceptions.Timeout as error:
            raise LookupFailedError(
                ErrorKind.TIMEOUT, f"{url}: no answer in time ({_short(error)})"
            ) from None
        except requests.exceptions.ConnectionError as error:
            raise LookupFailedError(
                ErrorKind.CONNECTION, f"{url}: cannot connect ({_short(error)})"
            ) from None
        except requests.exceptions.RequestException as error:  # a body cut off, a bad chunk, ...
            raise LookupFailedError(ErrorKind.CONNECTION, f"{url}: {_short(error)}") from None


def _answer(url: str, status: int, body: bytes) -> Answer:
    if status == 404:
        return Answer(404, None)
    if status != 200:
        raise LookupFailedError(ErrorKind.HTTP, f"{url} answered HTTP {status}")
    try:
        return Answer(200, json.loads(body.decode("utf-8")))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:  # RecursionError: nesting too deep
        raise LookupFailedError(
            ErrorKind.MALFORMED, f"{url} answered something that is not JSON ({error})"
        ) from None


def _short(error: BaseException) -> str:
    text = str(error) or type(error).__name__
    return text if len(text) <= 200 else text[:199] + "…"
