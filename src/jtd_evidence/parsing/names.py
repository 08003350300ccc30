"""The author block grammar: a list of people and organisations as reference lists write it.

Segments are cut at commas, semicolons, '&' and 'and'; each is classified as
*initials* ("B.N.", "S", "AB"), *given names* ("Mary Ann"), a *family name*
("Mendez Sayer", "van der Berg", "D'Arcy"), a complete person written
"Family I." or "I. Family", a suffix ("Jr."), "et al.", or anything else.
A small state machine pairs family names with the given names that follow,
recovers missing commas ("Brodie, I. Hurst, A.") and treats runs of segments
that are not people as one organisation, keeping its original wording
("Department for Culture, Media and Sport").
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from jtd_evidence.models import Person

PARTICLES = frozenset(
    [
        "van",
        "von",
        "der",
        "den",
        "de",
        "del",
        "della",
        "di",
        "da",
        "das",
        "dos",
        "du",
        "la",
        "le",
        "lo",
        "ten",
        "ter",
        "bin",
        "ibn",
        "al",
        "el",
        "st",
    ]
)
ORGANISATION_WORDS = frozenset(
    "agency association authority board bureau centre center charity college commission commissioner "
    "committee council court department executive federation foundation government group inspectorate "
    "institute institution ltd ministry network nhs office panel partnership police programme project "
    "service services society team trust unit university".split()
)
_UPPER = r"A-ZÀ-ÖØ-ÞĀ-Ž"
_LOWER = r"a-zß-öø-ÿā-ž"
_INITIAL = rf"(?:[{_UPPER}](?:[{_LOWER}])?\.|[{_UPPER}]\.?-[{_UPPER}]\.?|[{_UPPER}](?=\s|$))"
_INITIALS = re.compile(rf"^(?:{_INITIAL}\s*)+$")
_VANCOUVER_INITIALS = re.compile(rf"^[{_UPPER}]{{1,3}}$")
_NAME_WORD = re.compile(
    rf"^(?:(?:[{_UPPER}]'|[Mm]a?c|O')?[{_UPPER}][{_LOWER}'’]+(?:[-–][{_UPPER}][{_LOWER}'’]+)*|[{_UPPER}]'[{_UPPER}][{_LOWER}]+)$"
)
_GIVEN_WORD = re.compile(
    rf"^(?:[{_UPPER}][{_LOWER}'’]+(?:-[{_UPPER}][{_LOWER}]+)?|{_INITIAL}+|[{_UPPER}]{{2}})$"
)
_SUFFIX = re.compile(r"^(?:Jr\.?|Sr\.?|II|III|IV|Junior|Senior)$")
ET_AL = re.compile(
    r"(?:,?\s*(?:&\s*|and\s+)?[*_]{0,2}(?<![^\W_])et\.?\s*al(?![^\W_])\.?[*_]{0,2}|,?\s*\band others\b)",
    re.IGNORECASE,
)
"""'et al.' (also in Markdown emphasis, '_et al._'), or 'and others'."""
_SPLIT = re.compile(r"[,;]\s*(?:&|and\b)?|&|\band\b")  # spaces around separators are stripped later
_ELLIPSIS = re.compile(r"(?:\.\s?){3}|…")
_EDITOR_LABEL = re.compile(r"\s*\((?:eds?|editors?|ed\.?s?)\.?\)\s*$|,?\s*\b(?:eds?\.|editors?)$", re.I)


@dataclass(frozen=True)
class NameList:
    """What the grammar read from an author block."""

    people: tuple[Person, ...] = ()
    et_al: bool = False
    notes: tuple[str, ...] = ()


@dataclass
class _Draft:
    people: list[Person] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _is_initials(text: str) -> bool:
    return bool(_INITIALS.match(text)) or bool(_VANCOUVER_INITIALS.match(text))


def _is_given(text: str) -> bool:
    """Given names: initials, or one or two capitalised words, maybe with initials."""
    words = text.split()
    full_words = sum(1 for w in words if not _INITIALS.match(w))
    return (
        0 < len(words) <= 3
        and full_words <= 2
        and all(_GIVEN_WORD.match(w) for w in words)
        and not _has_organisation_word(words)
    )


def _has_organisation_word(words: list[str]) -> bool:
    return any(w.lower().strip(".,'’") in ORGANISATION_WORDS for w in words)


def _split_particle(words: list[str]) -> tuple[str | None, str]:
    lead = []
    for word in words[:-1]:
        if word.lower() != word or word not in PARTICLES:
            break
        lead.append(word)
    rest = words[len(lead) :]
    return (" ".join(lead) or None), " ".join(rest)


def _is_family(text: str) -> bool:
    """One to three surname words, lower-case particles allowed before them."""
    words = text.split()
    if not words or len(words) > 4 or (len(words) > 1 and _has_organisation_word(words)):
        return False
    family_words = _split_particle(words)[1].split()
    return 0 < len(family_words) <= 3 and all(_NAME_WORD.match(w) for w in family_words)


@functools.lru_cache(maxsize=8192)
def _person(family: str, given: str | None) -> Person:
    """One person (immutable, so shared: reference lists name the same people again and again)."""
    particle, surname = _split_particle(family.split())
    return Person(family=surname, given=_tidy_initials(given) if given else None, particle=particle)


def _tidy_initials(given: str) -> str:
    """'B.N.' stays; 'S' becomes 'S.'; Vancouver 'AB' becomes 'A. B.'."""
    given = given.strip()
    if _VANCOUVER_INITIALS.match(given):
        return " ".join(f"{c}." for c in given)
    words = [f"{w}." if len(w) == 1 and w.isupper() else w for w in given.split()]
    return " ".join(words)


def _leading_initials(words: list[str]) -> int:
    count = 0
    for word in words:
        if not _INITIALS.match(word):
            break
        count += 1
    return count


class _Reader:
    """The state machine over segments; see the module docstring."""

    def __init__(self, text: str, names_first: bool) -> None:
        self.text = text
        self.names_first = names_first
        self.result = _Draft()
        self.pending: tuple[int, int, str] | None = None  # family awaiting given names
        self.org_span: tuple[int, int] | None = None

    def flush_org(self) -> None:
        if self.org_span:
            start, end = self.org_span
            literal = self.text[start:end].strip(" ,;&")
            if literal:
                self.result.people.append(Person(literal=literal))
            self.org_span = None

    def add_org(self, start: int, end: int) -> None:
        if self.pending:  # a family name with no given names was part of the organisation
            start = min(start, self.pending[0])
            self.pending = None
        self.org_span = (self.org_span[0], end) if self.org_span else (start, end)

    def flush_pending_as_org(self) -> None:
        if self.pending:
            start, end, _ = self.pending
            self.pending = None
            self.add_org(start, end)

    def add_person(self, person: Person) -> None:
        self.flush_org()
        self.result.people.append(person)

    def segment(self, start: int, end: int, following: str) -> None:
        seg = self.text[start:end].strip()
        if not seg:
            return
        words = seg.split()
        if _SUFFIX.match(seg) and self.result.people and not self.pending:
            last = self.result.people[-1]
            if not last.is_organisation:
                self.result.people[-1] = last.model_copy(update={"suffix": seg})
                return
        if self.pending and len(words) <= 3 and _INITIALS.match(seg):
            # the common case, "Family, I. J.": initials complete the pending family name
            self.add_person(_person(self.pending[2], seg))
            self.pending = None
            return
        if not self.pending and len(words) == 1 and _NAME_WORD.match(seg):
            self.pending = (start, end, seg)  # the common case: a one-word family name
            return
        if self.pending:
            family = self.pending[2]
            lead = _leading_initials(words)
            rest = " ".join(words[lead:])
            # "Brodie, I. Hurst, A.": initials, then the next author's family name
            missing_comma = lead and rest and _is_family(rest) and _is_initials(following)
            full_words = not _is_initials(seg)
            if (
                _is_given(seg)
                and not missing_comma
                and not (full_words and (self.org_span or _is_initials(following)))
                and not (self.names_first and _is_family(seg) and full_words)
            ):
                self.pending = None
                self.add_person(_person(family, seg))
                return
            if lead and (_is_family(rest) or self._complete(rest)):
                self.pending = None
                self.add_person(_person(family, " ".join(words[:lead])))
                self.result.notes.append(f"missing comma between authors before {rest!r}")
                offset = self.text.index(rest, start)
                self.fresh(offset, offset + len(rest), rest)
                return
            self.flush_pending_as_org()
        self.fresh(start, end, seg)

    def _complete(self, seg: str) -> Person | None:
        """A whole person in one segment: 'Warrington C.', 'Smith JA', 'A. Editor', 'J. P. Smith'."""
        words = seg.split()
        if len(words) < 2:
            return None
        if not self.names_first and _is_initials(words[-1]) and _is_family(" ".join(words[:-1])):
            tail = 1
            while tail < len(words) - 1 and _INITIALS.match(words[-tail - 1]):
                tail += 1
            if _is_family(" ".join(words[:-tail])):
                return _person(" ".join(words[:-tail]), " ".join(words[-tail:]))
        lead = _leading_initials(words)
        if lead and lead < len(words) and _is_family(" ".join(words[lead:])):
            return _person(" ".join(words[lead:]), " ".join(words[:lead]))
        if self.names_first and len(words) <= 4 and _is_given(words[0]) and _is_family(" ".join(words[1:])):
            return _person(" ".join(words[1:]), words[0])
        return None

    def fresh(self, start: int, end: int, seg: str) -> None:
        person = self._complete(seg)
        if person is not None:
            if not self.names_first and " " in seg and "." in seg.split()[-1]:
                self.result.notes.append(f"missing comma in {seg!r}")
            self.add_person(person)
        elif _is_family(seg) and not _is_initials(seg):
            self.pending = (start, end, seg)
        else:
            self.add_org(start, end)

    def finish(self) -> _Draft:
        self.flush_pending_as_org()
        self.flush_org()
        return self.result


_SEPARATOR_AMPERSAND = re.compile(r"(?:^|[\s,])(?:&|and)\s")
_BARE_INITIAL = re.compile(rf",\s*[{_UPPER}](?=\s*(?:&|,|;|$))")


def _untidy(text: str) -> list[str]:
    """Notes on punctuation that APA and Harvard would write otherwise."""
    notes = []
    if ("&" in text or "and" in text) and len(_SEPARATOR_AMPERSAND.findall(text)) > 1:
        notes.append("'&' (or 'and') appears more than once in the author list")
    if _BARE_INITIAL.search(text):
        notes.append("an initial without a full stop")
    return notes


@functools.lru_cache(maxsize=4096)
def parse_names(text: str, *, names_first: bool = False) -> NameList:
    """Read an author (or editor) block into people, organisations and an et-al marker.

    ``names_first`` reads 'A. Editor & B. Editor' order (as in APA's 'In ... (Eds.)').
    """
    text = text.strip()
    lowered = text.lower()
    if "(ed" in lowered or " ed" in lowered or "editor" in lowered:
        text = _EDITOR_LABEL.sub("", text).strip()
    et_al = False
    if (
        "et al" in lowered or "et. al" in lowered or "etal" in lowered or "others" in lowered
    ) and ET_AL.search(text):
        et_al = True
        text = ET_AL.sub(",", text)
    if ".." in text or ". ." in text or "…" in text:
        text = _ELLIPSIS.sub(",", text)
    text = text.strip(" ,;")
    last_word = text.rsplit(" ", 1)[-1]
    if last_word.endswith(".") and len(last_word) > 3 and not _INITIALS.match(last_word):
        text = text[:-1]
    untidy = _untidy(text) if not names_first else []
    reader = _Reader(text, names_first)
    spans, position = [], 0
    for match in _SPLIT.finditer(text):
        spans.append((position, match.start()))
        position = match.end()
    spans.append((position, len(text)))
    for index, (start, end) in enumerate(spans):
        following = text[slice(*spans[index + 1])].strip() if index + 1 < len(spans) else ""
        reader.segment(start, end, following)
    draft = reader.finish()
    if any(p.is_organisation for p in draft.people):
        untidy = []  # '&' inside organisation names ('Fire & Rescue') is not an untidy author list
    return NameList(tuple(draft.people), et_al, tuple(draft.notes + untidy))


def looks_like_names(text: str) -> bool:
    """True when a block reads as people (not one organisation or a sentence)."""
    names = parse_names(text)
    return any(not p.is_organisation for p in names.people)
