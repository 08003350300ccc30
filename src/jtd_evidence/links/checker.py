"""The checking core: URLs, entries or (key, url) pairs in; sorted :class:`LinkResult` values out.

It knows nothing of where the URLs came from or how results are shown.

    >>> from jtd_evidence.links import check_urls
    >>> [r.status.value for r in check_urls(["#", "ftp://example.org/x"])]
    ['invalid', 'invalid']
"""

from __future__ import annotations

import datetime as _dt
import difflib
import logging
import threading
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

from jtd_evidence import _urls
from jtd_evidence.links.archive import closest_snapshot
from jtd_evidence.links.cache import LinkCache
from jtd_evidence.links.classify import classify
from jtd_evidence.links.errors import LinkInputError
from jtd_evidence.links.fetch import Fetcher, host_key
from jtd_evidence.links.options import CheckOptions, excluded_by
from jtd_evidence.links.pages import is_challenge
from jtd_evidence.links.redirects import host_problem
from jtd_evidence.links.safety import AddressPolicy
from jtd_evidence.links.scheduler import TaskGate, run_pool
from jtd_evidence.links.types import ErrorKind, FetchOutcome, LinkResult, LinkStatus
from jtd_evidence.links.untrusted import printable

__all__ = [
    "Target",
    "check_url",
    "check_urls",
    "collect_targets",
    "doi_url",
    "invalid_reason",
    "offline_hosts",
    "seems_offline",
]

log = logging.getLogger(__name__)
_ARCHIVE_CLASSES = frozenset({LinkStatus.BROKEN, LinkStatus.GONE, LinkStatus.DNS_ERROR, LinkStatus.SOFT_404})


_NO_ANSWER = frozenset({LinkStatus.DNS_ERROR, LinkStatus.INVALID, LinkStatus.UNSAFE, LinkStatus.EXCLUDED})
"""Classes whose host gave no answer this run (not even one saying the page is missing)."""


def seems_offline(results: Iterable[LinkResult]) -> bool:
    """True when every host looked up in this run (two or more) failed name resolution: then the
    computer is offline or its DNS is failing, and the links themselves say nothing.

    >>> from jtd_evidence.links import LinkResult, LinkStatus
    >>> dead = [LinkResult(f"https://{h}.example.org/", LinkStatus.DNS_ERROR) for h in "ab"]
    >>> seems_offline(dead), seems_offline(dead[:1])
    (True, False)
    """
    return len(offline_hosts(results)) >= 2


def offline_hosts(results: Iterable[LinkResult]) -> frozenset[str]:
    """The hosts looked up in this run when every one failed name resolution (else none)."""
    hosts: set[str] = set()
    for result in results:
        if result.cached or result.status in (LinkStatus.INVALID, LinkStatus.UNSAFE, LinkStatus.EXCLUDED):
            continue  # no name was looked up for it in this run
        if result.status is not LinkStatus.DNS_ERROR:
            return frozenset()
        hosts.add(_host(result.url))
    return frozenset(hosts)


@dataclass
class Target:
    """One distinct URL to check and the entry keys that cite it."""

    url: str
    keys: set[str] = field(default_factory=set)
    is_doi: bool = False


def doi_url(doi: str) -> str:
    """``https://doi.org/<doi>`` with the DOI percent-encoded where a URL needs it.

    >>> doi_url("10.1000/xyz<1>")
    'https://doi.org/10.1000/xyz%3C1%3E'
    """
    doi = doi.strip()
    for prefix in (
        "https://doi.org/",
        "http://doi.org/",
        "https://dx.doi.org/",
        "http://dx.doi.org/",
        "doi:",
    ):
        if doi.lower().startswith(prefix):
            doi = doi[len(prefix) :]
            break
    return "https://doi.org/" + quote(doi, safe="/:;()._-~+,=@!$*'")


def collect_targets(items: Iterable[Any]) -> dict[str, Target]:
    """Distinct URLs of the items (URL strings, Entry objects or (key, url) pairs), keys merged."""
    targets: dict[str, Target] = {}

    def add(url: str, key: str | None, is_doi: bool = False) -> None:
        url = url.strip()
        target = targets.setdefault(url, Target(url))
        target.is_doi = target.is_doi or is_doi
        if key:
            target.keys.add(key)

    if isinstance(items, str | bytes):
        raise LinkInputError("check_urls", "give a list of URLs, not a single string (use check_url for one)")
    for index, item in enumerate(items):
        if isinstance(item, str):
            add(item, None)
        elif (
            isinstance(item, tuple | list) and len(item) == 2 and all(isinstance(x, str | None) for x in item)
        ):
            if item[1] is None:
                raise LinkInputError(f"item {index}", f"pair {item!r} has no URL")
            add(item[1], item[0])
        elif hasattr(item, "url") and hasattr(item, "doi"):
            key = getattr(item, "key", None)
            if item.url:
                add(str(item.url), key)
            if item.doi:
                add(doi_url(str(item.doi)), key, is_doi=True)
        else:
            raise LinkInputError(
                f"item {index}",
                f"expected a URL string, an Entry or a (key, url) pair, got {type(item).__name__} {item!r:.80}",
            )
    return targets


def invalid_reason(url: str) -> str | None:
    """Why ``url`` cannot be checked at all (placeholder, malformed, unsupported scheme), or None."""
    if _urls.is_placeholder(url):
        return f"{url!r} is a placeholder, not a link: give the real address"
    if any(ch.isspace() for ch in url):
        return f"{url!r} contains white space: a URL cannot; percent-encode it (%20) or fix the copy-paste"
    try:
        parts = urlsplit(url)
    except ValueError as error:  # e.g. 'http://[::1' (a bracket that never closes)
        return f"{url!r} is not a valid URL ({error}): check the copy-paste"
    if not parts.scheme:
        return f"{url!r} has no scheme: write it in full, e.g. https://{url.lstrip('/')}"
    if parts.scheme.lower() not in ("http", "https"):
        return f"{url!r} uses the unsupported scheme {parts.scheme!r}: only http and https links are checked"
    if not parts.hostname:
        return f"{url!r} has no host name: expected https://host/path"
    try:
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return f"{url!r} has an invalid port number"
    if host_problem(parts.hostname or "") is not None:
        return f"{url!r} has a host name no site can have: is it a template placeholder or a typo?"
    return None  # anything subtler (e.g. a bad IDN) is reported as invalid when the request is built


def check_url(url: str, *, options: CheckOptions | None = None, **overrides: Any) -> LinkResult:
    """Check one URL (see :func:`check_urls`)."""
    return check_urls([url], options=options, **overrides)[0]


def check_urls(
    items: Iterable[Any], *, options: CheckOptions | None = None, **overrides: Any
) -> list[LinkResult]:
    """Check every distinct URL (and DOI) in ``items``; results sorted by URL.

    ``items`` holds URL strings, :class:`~jtd_evidence.models.Entry` objects (their ``url``, and
    their ``doi`` as ``https://doi.org/<doi>``) or ``(key, url)`` pairs. Options come from
    ``options`` with keyword ``overrides`` applied (e.g. ``allow_hosts=["127.0.0.1:8000"]``).
    Dead links are results, not exceptions; only bad arguments raise (:class:`LinkInputError`,
    :class:`~jtd_evidence.links.errors.LinkOptionsError`).
    """
    opts = options or CheckOptions()
    if overrides:
        opts = opts.replace(**overrides)
    targets = collect_targets(items)
    run = _Run(opts, targets)
    return run.execute()


def _host(url: str) -> str:
    """The lower-case host name of ``url`` ('' when it has none or cannot be parsed)."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


class _Run:
    def __init__(self, options: CheckOptions, targets: dict[str, Target]) -> None:
        self.options = options
        self.targets = targets
        self.results: dict[str, LinkResult] = {}
        self._lock = threading.Lock()
        self.cache = LinkCache(options.cache_path, options.cache_ttl) if options.cache_path else None
        self.policy = AddressPolicy(options.allow_private, options.allow_hosts, options.resolver)

    def _now(self) -> str:
        return _dt.datetime.now(_dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")

    def _finish(self, result: LinkResult) -> None:
        with self._lock:
            self.results[result.url] = result
        if self.options.on_result is not None:
            self.options.on_result(result)

    def _settled(self, url: str, keys: tuple[str, ...]) -> LinkResult | None:
        """The result of ``url`` known without a request (excluded, invalid, unsafe, cached), or None."""
        pattern = excluded_by(self.options, url)
        if pattern is not None:
            note = f"not checked: matches the exclude pattern {printable(pattern)!r}"
            return LinkResult(url, LinkStatus.EXCLUDED, keys, error=note, checked_at=self._now())
        reason = invalid_reason(url)
        if reason is not None:
            return LinkResult(url, LinkStatus.INVALID, keys, error=reason, checked_at=self._now())
        refusal = self.policy.url_refusal(url)
        if refusal is not None:
            return LinkResult(url, LinkStatus.UNSAFE, keys, error=refusal, checked_at=self._now())
        if self.cache is None or self.options.fresh:
            return None
        need_fragments = self.options.check_fragments and bool(urlsplit(url).fragment)
        hit = self.cache.get(url, need_fragments=need_fragments)
        return None if hit is None else hit.replace(keys=keys)

    def execute(self) -> list[LinkResult]:
        groups: dict[str, list[Target]] = {}
        for url, target in self.targets.items():
            settled = self._settled(url, tuple(sorted(target.keys)))
            if settled is not None:
                self._finish(settled)
                continue
            base = urlunsplit(urlsplit(url)._replace(fragment=""))
            groups.setdefault(base, []).append(target)

        fetcher = Fetcher(self.options, is_challenge=is_challenge)
        try:
            run_pool(
                ((host_key(base), (base, group)) for base, group in sorted(groups.items())),
                lambda task, gate: self._check_group(fetcher, task, gate),
                workers=self.options.concurrency,
                per_host=self.options.per_host,
            )
            self._suggest_hosts()
            if self.options.suggest_archive:
                self._suggest_archive(fetcher)
        finally:
            fetcher.close()
        if self.cache is not None:
            for result in self.results.values():
                self.cache.put(result)
            self.cache.save()
        return sorted(self.results.values(), key=lambda r: r.url)

    def _check_group(self, fetcher: Fetcher, task: tuple[str, list[Target]], gate: TaskGate) -> None:
        base, group = task
        try:
            wants_fragment = self.options.check_fragments and any(urlsplit(t.url).fragment for t in group)
            limit = self.options.fragment_body_limit if wants_fragment else self.options.body_limit
            outcome = fetcher.fetch(base, gate=gate, body_limit=limit)
            checked_at = self._now()
            results = [self._result(target, outcome, checked_at, limit) for target in group]
        except Exception as error:  # one URL's surprise is that URL's result, never the run's end
            log.warning("checking %s failed unexpectedly", base, exc_info=True)
            results = [self._unexpected(target, error) for target in group]
        for result in results:
            self._finish(result)

    def _unexpected(self, target: Target, error: Exception) -> LinkResult:
        kind = ErrorKind.INTERNAL
        text = printable(str(error)[:300]) or "no message"
        return LinkResult(
            target.url,
            kind.status,
            tuple(sorted(target.keys)),
            error=f"could not be checked: {type(error).__name__}: {text} (a fault in the checker: "
            "please report it with this URL)",
            checked_at=self._now(),
            error_kind=kind,
        )

    def _result(self, target: Target, outcome: FetchOutcome, checked_at: str, limit: int) -> LinkResult:
        fragment = urlsplit(target.url).fragment
        verdict = classify(
            target.url,
            outcome,
            fragment=fragment,
            check_fragments=self.options.check_fragments,
            detect_soft_404=self.options.detect_soft_404,
            is_doi=target.is_doi,
            fragment_limit=limit,
        )
        final = outcome.final
        return LinkResult(
            url=target.url,
            status=verdict.status,
            keys=tuple(sorted(target.keys)),
            http_status=final.status if final is not None else None,
            redirects=tuple(outcome.hops),
            final_url=outcome.final_url,
            content_type=printable(final.content_type) if final is not None and final.content_type else None,
            elapsed=round(outcome.elapsed, 3),
            attempts=outcome.attempts,
            error=verdict.error,
            suggestion=verdict.suggestion,
            checked_at=checked_at,
            fragments_checked=verdict.fragments_checked,
            error_kind=verdict.error_kind,
        )

    def _suggest_hosts(self) -> None:
        """For a host that does not resolve, the closest host used elsewhere in the same input."""
        good_hosts: set[str] = set()
        for result in self.results.values():
            if result.status not in _NO_ANSWER:
                for url in (result.url, result.final_url or ""):
                    host = _host(url)
                    if host:
                        good_hosts.add(host)
        for url, result in list(self.results.items()):
            if result.status is not LinkStatus.DNS_ERROR or result.redirects:
                continue
            parts = urlsplit(url)
            host = _host(url)
            candidates = sorted(good_hosts - {host})
            close = difflib.get_close_matches(host, candidates, n=1, cutoff=0.8)
            if close:
                netloc = parts.netloc.lower().replace(host, close[0], 1)
                fixed = urlunsplit(parts._replace(netloc=netloc))
                self.results[url] = result.replace(suggestion=fixed)

    def _suggest_archive(self, fetcher: Fetcher) -> None:
        wanted = [r for r in self.results.values() if r.status in _ARCHIVE_CLASSES]
        if not wanted:
            return

        def lookup(result: LinkResult) -> LinkResult:
            snapshot = closest_snapshot(fetcher, self.options.archive_api, result.url)
            if snapshot is None:
                return result
            return result.replace(archive_url=snapshot, suggestion=result.suggestion or snapshot)

        with ThreadPoolExecutor(max_workers=min(2, self.options.per_host)) as pool:
            for updated in pool.map(lookup, wanted):
                self.results[updated.url] = updated
