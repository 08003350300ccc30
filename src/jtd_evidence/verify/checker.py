"""The check itself: for each entry, ask Crossref (by DOI, else a bibliographic query), then
OpenAlex where Crossref has nothing, and decide (:func:`jtd_evidence.verify.match.decide`).

Nothing here knows of command lines or report formats: :func:`verify_entries` takes entries
and options and returns one :class:`VerifyResult` per entry, in order. A registry that cannot
be asked gives the entry an ``error`` verdict with its :class:`ErrorKind`; the run goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from jtd_evidence.models import Entry
from jtd_evidence.verify import registries
from jtd_evidence.verify.cache import RegistryCache
from jtd_evidence.verify.client import Answer, LookupFailedError, RegistryClient
from jtd_evidence.verify.match import Decision, decide, safe_additions
from jtd_evidence.verify.options import VerifyOptions
from jtd_evidence.verify.registries import MalformedAnswerError, Request
from jtd_evidence.verify.types import Candidate, ErrorKind, Record, Verdict, VerifyResult

__all__ = ["Verifier", "verify_entries"]

_Reader = Callable[..., list[Record]]

_UNTITLED = "not searched: the entry has no title to search the registries by; add its title (or its DOI) and verify again"


@dataclass
class _Registry:
    name: str
    base_url: str
    by_doi: Callable[[str], Request]
    search: Callable[[Entry, int, int | None], Request]
    read: _Reader


@dataclass
class _Trail:
    """What the look-ups of one entry met: whether every answer was cached, the failures."""

    cached: bool = True
    failures: list[LookupFailedError] = field(default_factory=list)
    failed: set[str] = field(default_factory=set)
    """Registries that failed for this entry: not asked again for it."""


class Verifier:
    """Checks entries one after another with one client (one session, one pace, one cache)."""

    def __init__(self, options: VerifyOptions | None = None, *, client: RegistryClient | None = None) -> None:
        self.options = options or VerifyOptions()
        cache = (
            RegistryCache(self.options.cache_path, self.options.cache_ttl)
            if self.options.cache_path is not None
            else None
        )
        self.client = client or RegistryClient(self.options, cache=cache)
        self.registries = [
            _Registry(
                "Crossref",
                self.options.crossref_url,
                registries.crossref_by_doi,
                registries.crossref_search,
                registries.crossref_records,
            )
        ]
        if self.options.openalex_url:
            self.registries.append(
                _Registry(
                    "OpenAlex",
                    self.options.openalex_url,
                    registries.openalex_by_doi,
                    registries.openalex_search,
                    registries.openalex_records,
                )
            )

    def close(self) -> None:
        """Save the cache and close the session."""
        if self.client.cache is not None:
            self.client.cache.save()
        self.client.close()

    # -- one entry ------------------------------------------------------------------------------

    def verify(self, entry: Entry) -> VerifyResult:
        """The verdict on one entry; an unforeseen error becomes an ``internal`` error result."""
        key = entry.key or "?"
        try:
            return self._verify(entry, key)
        except Exception as error:  # a bug of ours must not stop the run: this entry gets it
            return VerifyResult(
                key,
                entry.name,
                Verdict.ERROR,
                error_kind=ErrorKind.INTERNAL,
                error=f"{type(error).__name__}: {error}",
            )

    def _ask(
        self, registry: _Registry, request: Request, trail: _Trail, *, single: bool
    ) -> list[Record] | None:
        """The records a registry answered (None when it failed or, for a DOI, does not know it)."""
        if registry.name in trail.failed:
            return None
        path, params = request
        try:
            answer: Answer = self.client.get(registry.base_url, path, params)
            trail.cached = trail.cached and answer.cached
            if answer.status == 404:
                return None
            return registry.read(answer.data, single=single)
        except LookupFailedError as error:
            failure = LookupFailedError(error.kind, f"{registry.name}: {error}")
        except MalformedAnswerError as problem:
            failure = LookupFailedError(ErrorKind.MALFORMED, f"{registry.name}: {problem}")
        trail.failures.append(failure)
        trail.failed.add(registry.name)
        return None

    def _verify(self, entry: Entry, key: str) -> VerifyResult:
        trail = _Trail()
        if entry.doi:
            for registry in self.registries:
                records = self._ask(registry, registry.by_doi(entry.doi), trail, single=True)
                if records:
                    return self._result(entry, key, decide(entry, records, by_doi=True), trail)
        if not entry.title:  # nothing to search by: a registry's answer would be any work at all
            decision = Decision(Verdict.NOT_FOUND, None, (), note=_UNTITLED)
        else:
            decision = self._search(entry, trail)
        if decision.verdict is Verdict.NOT_FOUND and entry.doi and not trail.failures:
            decision.note = f"neither Crossref nor OpenAlex knows DOI {entry.doi}: check it at https://doi.org/{entry.doi}"
        return self._result(entry, key, decision, trail)

    def _search(self, entry: Entry, trail: _Trail) -> Decision:
        """Ask each registry in turn until one has the work; the evidence of all of them otherwise."""
        weighed: list[Candidate] = []
        notes: list[str] = []
        for registry in self.registries:
            request = registry.search(entry, self.options.rows, self.options.year_window)
            records = self._ask(registry, request, trail, single=False)
            if records is None:
                continue
            decision = decide(entry, records)
            if decision.verdict is not Verdict.NOT_FOUND:
                return decision
            weighed.extend(decision.candidates)
            if decision.note:
                notes.append(f"{registry.name}: {decision.note}")
        ranked = sorted(weighed, key=lambda c: (c.relation == "other", -c.score))[:3]
        return Decision(Verdict.NOT_FOUND, None, tuple(ranked), note="; ".join(notes) or None)

    def _result(self, entry: Entry, key: str, decision: Decision, trail: _Trail) -> VerifyResult:
        if decision.verdict is Verdict.NOT_FOUND and trail.failures:
            first = trail.failures[0]
            return VerifyResult(
                key,
                entry.name,
                Verdict.ERROR,
                candidates=decision.candidates,
                error_kind=first.kind,
                error="; ".join(str(f) for f in trail.failures),
                note=first.kind.hint,
            )
        record = decision.best.record if decision.best is not None else None
        fixes = tuple(safe_additions(entry, record, decision.verdict)) if record is not None else ()
        note = decision.note
        if trail.failures:  # one registry failed, another answered
            note = "; ".join([*(str(f) for f in trail.failures), *([note] if note else [])])
        return VerifyResult(
            key,
            entry.name,
            decision.verdict,
            score=decision.best.score if decision.best is not None else None,
            record=record,
            differences=decision.differences,
            fixes=fixes,
            candidates=decision.candidates,
            note=note,
            cached=trail.cached,
        )


def verify_entries(
    entries: Iterable[Entry], options: VerifyOptions | None = None, *, client: RegistryClient | None = None
) -> list[VerifyResult]:
    """Check every entry against the registries; one result per entry, in the order given."""
    verifier = Verifier(options, client=client)
    results: list[VerifyResult] = []
    try:
        for entry in entries:
            result = verifier.verify(entry)
            results.append(result)
            if verifier.options.on_result is not None:
                verifier.options.on_result(result)
    finally:
        verifier.close()
    return results


def summary(results: Sequence[VerifyResult]) -> list[tuple[Verdict, int]]:
    """(verdict, count) for every verdict present, in the order of :class:`Verdict`."""
    counts = dict.fromkeys(Verdict, 0)
    for result in results:
        counts[result.verdict] += 1
    return [(verdict, n) for verdict, n in counts.items() if n]
