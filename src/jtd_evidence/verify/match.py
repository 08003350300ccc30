"""Is a registry record the work an entry cites? A scored comparison, and the verdict it leads to.

Five parts, each from 0 (disagree) to 1 (agree), or absent when one side lacks the field:
the title (normalised, the main title alone, or one inside the other), the family names,
the year (any year the registry gives: issued, print or online), the container (journal or
book) and the kind of work. The score is their weighted mean over the parts present
(:data:`WEIGHTS`). A record is the *same work* when the title agrees (at least
:data:`TITLE_GATE`), the names do not disagree, and the score reaches :data:`SCORE_GATE`.
A book whose title is a chapter's container, or a chapter of a book we cite, is never the
same work: it is kept as evidence (``relation`` ``container`` or ``part``).

    >>> from jtd_evidence.models import Entry, EntryType, Person
    >>> entry = Entry(type=EntryType.ARTICLE_JOURNAL, title="Complexity leadership", year=2017,
    ...               authors=(Person(family="Uhl-Bien", given="M."),), container_title="Organizational Dynamics")
    >>> record = Record("crossref", "Complexity leadership", doi="10.1/x", families=("Uhl-Bien",),
    ...                 year=2016, years=(2016,), container="Organizational Dynamics", type="journal-article")
    >>> candidate = compare(entry, record)
    >>> candidate.relation, round(candidate.score, 2)
    ('same', 0.92)
    >>> [str(d) for d in differences(entry, record)]
    ["year: '2017' vs registry '2016'"]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from difflib import SequenceMatcher

from jtd_evidence._text import fold
from jtd_evidence.identity import main_title, normal_title
from jtd_evidence.models import Entry, EntryType
from jtd_evidence.verify.types import Candidate, Difference, Record, Verdict

__all__ = [
    "AMBIGUITY_MARGIN",
    "EVIDENCE_FLOOR",
    "SCORE_GATE",
    "TITLE_GATE",
    "WEIGHTS",
    "Decision",
    "compare",
    "decide",
    "differences",
    "families",
    "safe_additions",
]

WEIGHTS = {"title": 0.45, "authors": 0.25, "year": 0.15, "container": 0.1, "type": 0.05}
TITLE_GATE = 0.9
SCORE_GATE = 0.75
EVIDENCE_FLOOR = 0.6
"""Records whose titles agree less are not shown as the near misses of a not-found entry (noise)."""
AMBIGUITY_MARGIN = 0.05
"""Same-work records whose scores are this close to the best one (with other DOIs) make a verdict ambiguous."""

# The kind of work, as both sides name it, in a few families that can be compared.
_OUR_KIND = {
    EntryType.ARTICLE_JOURNAL: "article",
    EntryType.ARTICLE_MAGAZINE: "article",
    EntryType.ARTICLE_NEWSPAPER: "article",
    EntryType.BOOK: "book",
    EntryType.CHAPTER: "chapter",
    EntryType.REPORT: "report",
    EntryType.THESIS: "thesis",
    EntryType.PAPER_CONFERENCE: "proceedings",
    EntryType.DATASET: "dataset",
}
_REGISTRY_KIND = {
    **dict.fromkeys(("journal-article", "article", "review", "letter", "editorial", "erratum"), "article"),
    **dict.fromkeys(
        ("book", "monograph", "edited-book", "reference-book", "book-set", "book-series"), "book"
    ),
    **dict.fromkeys(
        ("book-chapter", "book-section", "book-part", "reference-entry", "book-track"), "chapter"
    ),
    **dict.fromkeys(("report", "report-component", "report-series"), "report"),
    **dict.fromkeys(("dissertation", "thesis"), "thesis"),
    **dict.fromkeys(("proceedings-article", "proceedings"), "proceedings"),
    **dict.fromkeys(("dataset", "database"), "dataset"),
    **dict.fromkeys(("posted-content", "preprint"), "preprint"),
}
# Kinds often registered as one another: neither agreement nor a mismatch.
_NEAR_KINDS = frozenset(
    {
        frozenset({"article", "preprint"}),
        frozenset({"report", "book"}),
        frozenset({"report", "preprint"}),
        frozenset({"proceedings", "article"}),
        frozenset({"proceedings", "chapter"}),
        frozenset({"thesis", "book"}),
    }
)
_DASHES = re.compile(r"\s*[-\u2010-\u2015\u2212]+\s*")


_COMPARED = 400
"""Characters of a title compared letter by letter (the comparison takes time in the square of it)."""


def _ratio(a: str, b: str) -> float:
    return SequenceMatcher(None, a[:_COMPARED], b[:_COMPARED], autojunk=False).ratio() if a and b else 0.0


def title_similarity(ours: str | None, theirs: str | None) -> float:
    """1 for the same title (folded, leading article dropped) or one without its subtitle;
    0.9 when one has the other whole inside it (a journal's name pasted into a title);
    otherwise how alike the two are, letter for letter; 0 where either is missing."""
    if not ours or not theirs:
        return 0.0
    a, b = normal_title(ours), normal_title(theirs)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    main_a, main_b = main_title(ours), main_title(theirs)
    if main_a and main_a == main_b and (a == main_a or b == main_b):
        return 1.0
    shorter, longer = sorted((a, b), key=len)
    inside = 0.9 if len(shorter.split()) >= 3 and f" {shorter} " in f" {longer} " else 0.0
    return max(inside, _ratio(a, b), 0.97 * _ratio(main_a, main_b) if main_a != a or main_b != b else 0.0)


def _family_key(name: str) -> str:
    return fold(name).replace(" ", "")


def families(entry: Entry) -> tuple[str, ...]:
    """Family names of the entry's authors (its editors when it has no authors), organisations whole."""
    return tuple(person.full_family for person in entry.authors or entry.editors)


def _names_found(ours: Sequence[str], theirs: Sequence[str]) -> list[bool]:
    """For each of our names, whether the registry lists it: the same name folded, or, for a
    person's name, the same last word (a double family name given in part, 'Mendez Sayer'/'Sayer')."""
    keys = {_family_key(t) for t in theirs}
    last_words = {fold(t).split()[-1] for t in theirs if fold(t) and len(fold(t).split()) <= 3}
    found = []
    for name in ours:
        words = fold(name).split()
        found.append(_family_key(name) in keys or (0 < len(words) <= 3 and words[-1] in last_words))
    return found


def _author_part(entry: Entry, record: Record) -> float | None:
    ours = families(entry)
    if not ours or not record.families:
        return None
    found = _names_found(ours, record.families)
    return sum(found) / len(found)


def _year_part(entry: Entry, record: Record) -> float | None:
    years = record.years or ((record.year,) if record.year is not None else ())
    if entry.year is None or not years:
        return None
    gap = min(abs(entry.year - y) for y in years)
    return 1.0 if gap == 0 else 0.5 if gap == 1 else 0.0


def _container_similarity(entry: Entry, record: Record) -> float | None:
    if not entry.container_title or not (record.container or record.short_container):
        return None
    ours = normal_title(entry.container_title)
    return max(
        _ratio(ours, normal_title(name)) for name in (record.container, record.short_container) if name
    )


def _kinds(entry: Entry, record: Record) -> tuple[str | None, str | None]:
    return _OUR_KIND.get(entry.type), _REGISTRY_KIND.get(record.type or "")


def _type_part(entry: Entry, record: Record) -> float | None:
    ours, theirs = _kinds(entry, record)
    if ours is None or theirs is None:
        return None
    if ours == theirs:
        return 1.0
    return 0.5 if frozenset({ours, theirs}) in _NEAR_KINDS else 0.0


def _relation(entry: Entry, record: Record, parts: dict[str, float | None]) -> str:
    ours, theirs = _kinds(entry, record)
    if (
        ours == "chapter"
        and theirs == "book"
        and title_similarity(entry.container_title, record.title) >= TITLE_GATE
    ):
        return "container"
    if (
        ours == "book"
        and theirs == "chapter"
        and title_similarity(entry.title, record.container) >= TITLE_GATE
    ):
        return "part"
    title, authors, score = parts["title"] or 0.0, parts["authors"], parts["score"] or 0.0
    if title >= TITLE_GATE and (authors is None or authors >= 0.5) and score >= SCORE_GATE:
        return "same"
    return "other"


def compare(entry: Entry, record: Record) -> Candidate:
    """Score ``record`` against ``entry`` and say how the two relate."""
    parts: dict[str, float | None] = {
        "title": title_similarity(entry.title, record.title) if entry.title else None,
        "authors": _author_part(entry, record),
        "year": _year_part(entry, record),
        "container": _container_similarity(entry, record),
        "type": _type_part(entry, record),
    }
    present = {name: value for name, value in parts.items() if value is not None}
    score = sum(WEIGHTS[n] * v for n, v in present.items()) / sum(WEIGHTS[n] for n in present)
    relation = _relation(entry, record, {**parts, "score": score})
    return Candidate(record, score, tuple(present.items()), relation)


def _pages(text: str) -> tuple[str, ...]:
    return tuple(p.lower().lstrip("0") or "0" for p in _DASHES.split(text.strip()) if p)


def _plain(text: str) -> str:
    return fold(text).replace(" ", "")


def _title_differs(ours: str, theirs: str) -> bool:
    a, b = normal_title(ours), normal_title(theirs)
    if a == b or title_similarity(ours, theirs) == 1.0:
        return False
    return _ratio(a, b) < 0.95


def differences(entry: Entry, record: Record) -> list[Difference]:
    """Every field where ``entry`` and ``record`` (taken to be the same work) disagree."""
    found = _identity_differences(entry, record) + _where_differences(entry, record)
    if _type_part(entry, record) == 0.0:
        found.append(Difference("type", entry.type.value, str(record.type)))
    return found


def _identity_differences(entry: Entry, record: Record) -> list[Difference]:
    """Where DOI, year, title or authors disagree."""
    found: list[Difference] = []
    if entry.doi and record.doi and entry.doi.lower() != record.doi.lower():
        found.append(Difference("doi", entry.doi, record.doi))
    if _year_part(entry, record) not in (None, 1.0):
        found.append(Difference("year", str(entry.year), ", ".join(map(str, record.years or (record.year,)))))
    if entry.title and _title_differs(entry.title, record.title):
        found.append(Difference("title", entry.title, record.title))
    ours = families(entry)
    if ours and record.families and not all(_names_found(ours, record.families)):
        found.append(Difference("authors", "; ".join(ours), "; ".join(record.families)))
    return found


def _where_differences(entry: Entry, record: Record) -> list[Difference]:
    """Where the journal (or book), volume, issue or pages disagree."""
    found: list[Difference] = []
    similarity = _container_similarity(entry, record)
    if similarity is not None and similarity < 0.8:
        name = "journal" if _kinds(entry, record)[0] == "article" else "container"
        found.append(
            Difference(name, str(entry.container_title), str(record.container or record.short_container))
        )
    for name, mine, theirs in (("volume", entry.volume, record.volume), ("issue", entry.issue, record.issue)):
        if mine and theirs and _plain(mine) != _plain(theirs):
            found.append(Difference(name, mine, theirs))
    if entry.pages and record.pages:
        a, b = _pages(entry.pages), _pages(record.pages)
        if a[:1] != b[:1] or (len(a) > 1 and len(b) > 1 and a[1] != b[1]):
            found.append(Difference("pages", entry.pages, record.pages))
    return found


def safe_additions(entry: Entry, record: Record, verdict: Verdict) -> list[tuple[str, str]]:
    """Fields the record can safely add to the entry: the DOI of a work found without one, the
    title of a work cited by its DOI without one, and the volume, issue and pages an article
    lacks (only when every field we have agrees)."""
    additions: list[tuple[str, str]] = []
    if verdict not in (Verdict.CONFIRMED, Verdict.DOI_FOUND):
        return additions
    if not entry.doi and record.doi:
        additions.append(("doi", record.doi))
    if not entry.title and entry.doi and record.doi and entry.doi.lower() == record.doi.lower():
        additions.append(("title", record.title))  # the record the DOI names is the work
    if _OUR_KIND.get(entry.type) == "article":
        for name, mine, theirs in (
            ("volume", entry.volume, record.volume),
            ("issue", entry.issue, record.issue),
            ("pages", entry.pages, record.pages),
        ):
            if not mine and theirs:
                additions.append((name, theirs))
    return additions


class Decision:
    """The verdict on an entry from the records found for it (see :func:`decide`)."""

    __slots__ = ("best", "candidates", "differences", "note", "verdict")

    def __init__(
        self,
        verdict: Verdict,
        best: Candidate | None,
        candidates: tuple[Candidate, ...],
        found: Sequence[Difference] = (),
        note: str | None = None,
    ) -> None:
        self.verdict = verdict
        self.best = best
        self.candidates = candidates
        self.differences = tuple(found)
        self.note = note


def _by_score(candidates: Sequence[Candidate]) -> list[Candidate]:
    return sorted(candidates, key=lambda c: (-c.score, c.record.doi or "", c.record.title))


def decide(entry: Entry, records: Sequence[Record], *, by_doi: bool = False) -> Decision:
    """The verdict from ``records`` (what a look-up returned). ``by_doi``: the records were
    found by the entry's own DOI, so the first one is the cited work whatever its score."""
    compared = _by_score([compare(entry, r) for r in records])
    if by_doi and records:
        own = next(c for c in compared if c.record is records[0])
        found = differences(entry, own.record)
        verdict = Verdict.MISMATCH if found else Verdict.CONFIRMED
        return Decision(verdict, own, (own,), found)
    same = [c for c in compared if c.relation == "same"]
    if not same:
        return _not_found(compared)
    best = same[0]
    rivals = [
        c
        for c in same[1:]
        if best.score - c.score <= AMBIGUITY_MARGIN
        and (c.record.doi or "").lower() != (best.record.doi or "").lower()
    ]
    if rivals:
        return Decision(Verdict.AMBIGUOUS, None, (best, *rivals))
    found = differences(entry, best.record)
    if found:
        return Decision(Verdict.MISMATCH, best, (best,), found)
    if entry.doi or not best.record.doi:
        return Decision(Verdict.CONFIRMED, best, (best,))
    return Decision(Verdict.DOI_FOUND, best, (best,))


def _not_found(compared: Sequence[Candidate]) -> Decision:
    """No record is the work: the book it is in or a chapter of it, else the nearest titles, as
    candidates to look at."""
    related = [c for c in compared if c.relation in ("container", "part")]
    note = None
    if related:
        what = "the book it is in" if related[0].relation == "container" else "a chapter of it"
        note = f"only {what} was found: {related[0].record.doi or related[0].record.title}"
    near = [c for c in compared if dict(c.parts).get("title", 0.0) >= EVIDENCE_FLOOR]
    return Decision(Verdict.NOT_FOUND, None, tuple((related or near)[:3]), note=note)
