"""The values the registry check speaks: a :class:`Verdict` per entry, an :class:`ErrorKind` when
a registry could not be asked, the :class:`Record` a registry holds and the :class:`VerifyResult`
that carries the evidence for a verdict.

The checking core produces results, the cache stores registry answers and the reporters render
results; none of them raise for what a registry says. A failed look-up is a result too.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

__all__ = ["FAILING", "Candidate", "Difference", "ErrorKind", "Record", "Verdict", "VerifyResult"]


class Verdict(StrEnum):
    """What the registries say of one entry. The value is the name used in reports."""

    CONFIRMED = "confirmed"
    DOI_FOUND = "doi-found"
    MISMATCH = "mismatch"
    AMBIGUOUS = "ambiguous"
    NOT_FOUND = "not-found"
    ERROR = "error"

    @property
    def description(self) -> str:
        """One line saying what the verdict means and what a maintainer should do."""
        return _DESCRIPTIONS[self]


_DESCRIPTIONS = {
    Verdict.CONFIRMED: "the registry's record is this work and agrees with every field we have",
    Verdict.DOI_FOUND: "the registry has this work with a DOI we do not cite: add it (--fix)",
    Verdict.MISMATCH: "the registry has this work but some fields differ: check them against the source",
    Verdict.AMBIGUOUS: "several registry records fit equally well: pick the right one by hand",
    Verdict.NOT_FOUND: "no registry record is this work (normal for grey literature: briefings, web pages)",
    Verdict.ERROR: "the registries could not be asked (network, rate limit, server failure): run again later",
}

FAILING = frozenset({Verdict.MISMATCH})
"""Verdicts that make ``jtd-evidence verify`` exit 1."""


class ErrorKind(StrEnum):
    """Why a registry gave no usable answer (the result's ``error`` says the details)."""

    TIMEOUT = "timeout"
    CONNECTION = "connection"
    RATE_LIMITED = "rate-limited"
    """429 Too Many Requests even after waiting as asked."""
    SERVER = "server"
    """5xx after every retry."""
    HTTP = "http"
    """Another unexpected HTTP status (400, 403, ...)."""
    MALFORMED = "malformed"
    """The body is not the JSON the registry's API documents."""
    TOO_LARGE = "too-large"
    """The body is larger than the response-size limit."""
    OFFLINE = "offline"
    """--offline, and the answer is not in the cache."""
    SKIPPED = "skipped"
    """The registry failed again and again in this run, so it was not asked any more."""
    INTERNAL = "internal"
    """Checking this entry raised an error nobody foresaw: the entry gets this result, the run goes on."""

    @property
    def hint(self) -> str:
        """What to do about a failure of this kind."""
        return _HINTS[self]


_HINTS = {
    ErrorKind.TIMEOUT: "the registry was slow; run again later or raise the timeout",
    ErrorKind.CONNECTION: "check the network connection and the registry URL",
    ErrorKind.RATE_LIMITED: "the registry asked us to slow down; run again later with a lower --rate",
    ErrorKind.SERVER: "the registry is failing; run again later",
    ErrorKind.HTTP: "the registry refused the request; check --crossref-url/--openalex-url",
    ErrorKind.MALFORMED: "the registry answered something that is not its API's JSON; check the registry URL",
    ErrorKind.TOO_LARGE: "the answer was larger than the size limit; check the registry URL",
    ErrorKind.OFFLINE: "run once without --offline to fill the cache",
    ErrorKind.SKIPPED: "the registry kept failing in this run; run again later",
    ErrorKind.INTERNAL: "a bug in jtd-evidence: please report it with the entry",
}


@dataclass(frozen=True, slots=True)
class Record:
    """One work as a registry describes it, in the registry-neutral form the matcher compares."""

    source: str
    """'crossref' or 'openalex'."""
    title: str
    doi: str | None = None
    families: tuple[str, ...] = ()
    """Family names of the authors (or editors, when it lists no authors), organisations whole."""
    year: int | None = None
    years: tuple[int, ...] = ()
    """Every year the registry gives (issued, print, online): a citation may use any of them."""
    container: str | None = None
    short_container: str | None = None
    type: str | None = None
    """The registry's own type name (``journal-article``, ``book-chapter``, ...)."""
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "doi": self.doi,
            "title": self.title,
            "families": list(self.families),
            "year": self.year,
            "years": list(self.years),
            "container": self.container,
            "short_container": self.short_container,
            "type": self.type,
            "volume": self.volume,
            "issue": self.issue,
            "pages": self.pages,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Record:
        return cls(
            source=str(data["source"]),
            title=str(data["title"]),
            doi=data.get("doi"),
            families=tuple(data.get("families", ())),
            year=data.get("year"),
            years=tuple(data.get("years", ())),
            container=data.get("container"),
            short_container=data.get("short_container"),
            type=data.get("type"),
            volume=data.get("volume"),
            issue=data.get("issue"),
            pages=data.get("pages"),
        )


@dataclass(frozen=True, slots=True)
class Difference:
    """One field where our entry and the registry's record disagree."""

    field: str
    ours: str
    theirs: str

    def to_dict(self) -> dict[str, str]:
        return {"field": self.field, "ours": self.ours, "theirs": self.theirs}

    def __str__(self) -> str:
        return f"{self.field}: {self.ours!r} vs registry {self.theirs!r}"


@dataclass(frozen=True, slots=True)
class Candidate:
    """A registry record compared with our entry: the score (0 to 1), its parts, and how the
    record relates to the entry: ``same`` work, the ``container`` it is in (the book of a
    chapter), a ``part`` of it (a chapter of a book), or ``other``."""

    record: Record
    score: float
    parts: tuple[tuple[str, float], ...] = ()
    relation: str = "other"

    def to_dict(self) -> dict[str, Any]:
        return {
            "record": self.record.to_dict(),
            "score": round(self.score, 3),
            "parts": {name: round(value, 3) for name, value in self.parts},
            "relation": self.relation,
        }


@dataclass(frozen=True, slots=True)
class VerifyResult:
    """The verdict on one entry, with the evidence for it."""

    key: str
    title: str
    verdict: Verdict
    score: float | None = None
    """The same-work score of the record the verdict rests on (None when there is none)."""
    record: Record | None = None
    """The registry record the verdict rests on (confirmed, doi-found, mismatch)."""
    differences: tuple[Difference, ...] = ()
    fixes: tuple[tuple[str, str], ...] = ()
    """Safe additions the record supports: (field, value), e.g. ('doi', '10.1/x'), ('pages', '9-20')."""
    candidates: tuple[Candidate, ...] = ()
    """The records weighed (ambiguous: the ones that fit; otherwise the best few)."""
    note: str | None = None
    error_kind: ErrorKind | None = None
    error: str | None = None
    cached: bool = False
    """Every registry answer this verdict used came from the cache."""

    @property
    def doi(self) -> str | None:
        return self.record.doi if self.record is not None else None

    def replace(self, **changes: Any) -> VerifyResult:
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """Every field as JSON-ready values (the JSON report's row)."""
        return {
            "key": self.key,
            "title": self.title,
            "verdict": self.verdict.value,
            "score": None if self.score is None else round(self.score, 3),
            "doi": self.doi,
            "record": None if self.record is None else self.record.to_dict(),
            "differences": [d.to_dict() for d in self.differences],
            "fixes": [{"field": f, "value": v} for f, v in self.fixes],
            "candidates": [c.to_dict() for c in self.candidates],
            "note": self.note,
            "error_kind": None if self.error_kind is None else self.error_kind.value,
            "error": self.error,
            "cached": self.cached,
        }
