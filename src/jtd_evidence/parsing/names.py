"""The author block grammar: a list of people and organisations as reference lists write it.

Segments are cut at commas, semicolons, '&', 'and' and a spaced '/'; each is classified as
*initials* ("B.N.", "S", "AB", "LM."), *given names* ("Mary Ann"), a *family name*
("Mendez Sayer", "van der Berg", "Porto de Albuquerque", "D'Arcy", "AMAR" before initials),
a complete person written "Family I." or "I. Family", a suffix ("Jr."), "et al.", or anything
else. A small state machine pairs family names with the given names that follow, recovers
missing commas ("Brodie, I. Hurst, A.", "Hills, S. Walker, M. Guinn, J.") and treats runs of
segments that are not people as one organisation, keeping its original wording
("Department for Culture, Media and Sport") up to a '/' or ';' between bodies.

Names written given name first are read before that: a whole list of them ("Ann Lee and Bo
Kim") or the co-authors after a first author written family first, as Chicago and MLA write
them ("Smith, John, and Jane Doe"); see :func:`_given_first_tail`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
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
        "vom",
        "zu",
        "zur",
        "dei",
        "degli",
        "des",
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
_UPPER = r"A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁ"
_LOWER = r"a-zß-öø-ÿā-žа-яё"
_INITIAL = rf"(?:[{_UPPER}](?:[{_LOWER}])?\.|[{_UPPER}]\.?[-‐‑][{_UPPER}]\.?|[{_UPPER}](?=\s|$))"
_INITIALS = re.compile(rf"^(?:{_INITIAL}\s*)+$")
_VANCOUVER_INITIALS = re.compile(rf"^[{_UPPER}]{{1,3}}(?:-[{_UPPER}]{{1,2}})?$")
_NAME_WORD = re.compile(
    rf"^(?:(?:al|el|ad|ar|as|d|l)[-'’]|(?:de|di|da|du|la|le|van|von)(?=[{_UPPER}]))?"
    rf"(?:[{_UPPER}]['’]|[{_UPPER}][{_LOWER}]{{1,4}}['’]?(?=[{_UPPER}]))?"
    rf"[{_UPPER}][{_LOWER}'’]+"
    rf"(?:[-–‐‑](?:[a-z]{{1,3}}[-–‐‑])?(?:[{_UPPER}]['’]|[{_UPPER}][{_LOWER}]{{1,4}}(?=[{_UPPER}]))?[{_UPPER}][{_LOWER}'’]+)*$"
)
"""A capitalised name word: 'Smith', 'Mendez-Sayer', 'O’Carthy', 'D'Arcy', 'McDonough', 'FitzGerald',
'Sant’Anna', 'al-Amin', 'deGoma', 'Daunis-i-Estadella'."""
_GIVEN_WORD = re.compile(
    rf"^(?:[{_UPPER}][{_LOWER}'’]+(?:[-‐‑][{_UPPER}][{_LOWER}]+)?|{_INITIAL}+|[{_UPPER}]{{2}})$"
)
_CAPS_NAME = re.compile(rf"^[{_UPPER}]{{2,}}(?:['’-][{_UPPER}]+)*$")
_FOUR_INITIALS = re.compile(rf"^[{_UPPER}]{{1,4}}$")
"""Initials without full stops before a family name ('Guus SMJE Duchateau')."""
_HYPHENATED_INITIALS = re.compile(rf"^[{_UPPER}]{{1,2}}-[{_UPPER}]{{1,2}}$")
"""'CM-K', 'BJ-W': Vancouver initials of a hyphenated given name."""
_DOTTED_INITIALS = re.compile(rf"^[{_UPPER}]{{1,3}}\.$")
"""Vancouver initials with one full stop after them ('LM.'), as lists without commas write them."""
_SUFFIX = re.compile(r"^(?:Jr\.?|Sr\.?|II|III|IV|Junior|Senior)$")
ET_AL = re.compile(
    r"(?:,?\s*(?:&\s*|and\s+)?[*_]{0,2}(?<![^\W_])et\.?\s*al(?![^\W_])\.?[*_]{0,2}|,?\s*(?:\band|&)\s+others\b(?!\s*[^\W\d_]))",
    re.IGNORECASE,
)
"""'et al.' (also in Markdown emphasis, '_et al._'), or 'and others' ('& others'; not where a word
follows, as in a body's name: 'Smith & Others Ltd')."""
_SPLIT = re.compile(r"[,;]\s*(?:&|and\b)?|&|\band\b|\s/\s")  # spaces around separators are stripped later
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
    if _SUFFIX.match(text):  # 'Jr.' is no initial
        return False
    return (
        bool(_INITIALS.match(text))
        or bool(_VANCOUVER_INITIALS.match(text))
        or bool(_DOTTED_INITIALS.match(text))
    )


def _by_and(joined: str) -> bool:
    """Whether two segments are joined by 'and' or '&' alone (no comma or semicolon): what stands
    between two names, never between a family name and its given names ('Van de Ven and Popova';
    'Political and Economic Planning' is one body's name, not Political, E. P.)."""
    return joined.strip() in ("and", "&")


def _is_given(text: str) -> bool:
    """Given names: initials, or one to three capitalised words ('Marcus Vinicius Sousa'; three only
    when none is a word of bodies' names), maybe with initials."""
    words = text.split()
    full_words = sum(1 for w in words if not _INITIALS.match(w))
    return (
        0 < len(words) <= 4
        and (full_words <= 2 or (full_words == 3 and not any(w.lower() in _NOT_GIVEN_FIRST for w in words)))
        and all(_GIVEN_WORD.match(w) for w in words)
        and not has_organisation_word(words)
    )


def has_organisation_word(words: Iterable[str]) -> bool:
    """Whether a word of a body's name (:data:`ORGANISATION_WORDS`) is among ``words``, read
    without the marks around it ('Council,', '(Trust)')."""
    return any(w.casefold().strip(".,()'’") in ORGANISATION_WORDS for w in words)


def _split_particle(words: list[str]) -> tuple[str | None, str]:
    lead = []
    for word in words[:-1]:
        if word.lower() != word or word not in PARTICLES:
            break
        lead.append(word)
    rest = words[len(lead) :]
    return (" ".join(lead) or None), " ".join(rest)


def _is_family(text: str) -> bool:
    """One to three surname words, lower-case particles allowed before them and between them
    ("van der Berg", "Porto de Albuquerque")."""
    words = text.split()
    if not words or len(words) > 4 or (len(words) > 1 and has_organisation_word(words)):
        return False
    family_words = _split_particle(words)[1].split()
    return 0 < len(family_words) <= 3 and all(
        _NAME_WORD.match(w) or (w in PARTICLES and 0 < i < len(family_words) - 1)
        for i, w in enumerate(family_words)
    )


def _is_caps_family(text: str) -> bool:
    """A family name in capitals ('AMAR', 'DE SOUSA'): a name only where initials go with it."""
    words = text.split()
    return (
        0 < len(words) <= 2 and all(_CAPS_NAME.match(w) for w in words) and not has_organisation_word(words)
    )


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


def _dotted(text: str) -> bool:
    """Initials with full stops ('R.', 'M.W.U.'), the only ones a family name in capitals takes
    ('AMAR, R.'; 'DAMA UK' is an organisation)."""
    return "." in text and bool(_INITIALS.match(text))


_COUNTRY_CODES = frozenset({"UK", "GB", "NI", "EU", "US", "USA", "UN"})
"""Letters after a body's name that name its country ('Carers UK'), not a person's initials, in an
author block of one name."""


def _family_before_initials(words: list[str], initials: str, alone: bool = False) -> str | None:
    """The family name of 'Family I.', 'FAMILY I.' or 'Family. I.' (a full stop for the comma), or None.
    In an author block of one name (``alone``), three letters or more after several words are an
    organisation's acronym ('Six Sigma DSI'), not initials ('Santos Silva JMC, Tenreyro S')."""
    if not words:
        return None
    if words[-1].endswith(".") and len(words[-1]) > 3:
        words = [*words[:-1], words[-1][:-1]]
    family = " ".join(words)
    bare = initials.rstrip(".")
    if (
        alone
        and len(bare) >= 3
        and _VANCOUVER_INITIALS.match(bare)
        and len(_split_particle(words)[1].split()) > 1
    ):
        return None
    if alone and initials in _COUNTRY_CODES:  # 'Carers UK', 'Age UK': a body of a country
        return None
    if _is_family(family) or (_is_caps_family(family) and _dotted(initials)):
        return family
    return None


def _trailing_particles(words: list[str]) -> int:
    """How many lower-case particles end a name written 'Given particle' ('Joris van', 'M de la'),
    as styles that demote particles write 'Berg, Anna van den'; 0 when nothing precedes them."""
    count = 0
    while count < len(words) - 1 and words[-count - 1] in PARTICLES:
        count += 1
    return count


def _given_names(text: str) -> bool:
    """Given names or initials, maybe with the particles of the family name after them ('Joris van')."""
    words = text.split()
    given = " ".join(words[: len(words) - _trailing_particles(words)])
    return _is_given(given) or _is_initials(given)


def _leading_initials(words: list[str]) -> int:
    count = 0
    for word in words:
        if not (_INITIALS.match(word) or _DOTTED_INITIALS.match(word)):
            break
        count += 1
    return count


def _initials_then_family(text: str) -> bool:
    """'M. Guinn', 'LM. Bauer': the initials of one author, then the next author's family name
    (a list written without commas between its authors)."""
    words = text.split()
    lead = _leading_initials(words)
    return 0 < lead < len(words) and _is_family(" ".join(words[lead:]))


class _Reader:
    """The state machine over segments; see the module docstring."""

    def __init__(self, text: str, names_first: bool) -> None:
        self.text = text
        self.names_first = names_first
        self.alone = False  # the block is one segment (no separators)
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

    def segment(self, start: int, end: int, following: str, joined: str = "") -> None:
        seg = self.text[start:end].strip()
        if not seg:
            return
        words = seg.split()
        if (
            self.pending
            and not self.org_span
            and _by_and(joined)
            and (_NAME_WORD.match(seg) or self._complete(seg) is not None)
            and not has_organisation_word(words)
        ):
            # 'Van de Ven and Popova': 'and' never stands between a family name and its given names
            _start, _end, family = self.pending
            self.pending = None
            self.add_person(_person(family, None))
        if (
            self.pending
            and not self.org_span
            and _by_and(joined)
            and has_organisation_word(self.text[start:].split())
        ):
            person = _given_first(self.pending[2])
            if person is not None:  # 'Mike Burns and Glasgow Health and Social Care Partnership'
                self.pending = None
                self.add_person(person)
        if _SUFFIX.match(seg) and self.result.people and not self.pending:
            last = self.result.people[-1]
            if not last.is_organisation:
                self.result.people[-1] = last.model_copy(update={"suffix": seg})
                return
        if self._boundary(seg, joined):
            self.flush_pending_as_org()
            self.flush_org()
        if (
            self.pending
            and len(words) <= 3
            and (_INITIALS.match(seg) or _DOTTED_INITIALS.match(seg) or _HYPHENATED_INITIALS.match(seg))
        ):
            # the common case, "Family, I. J.": initials complete the pending family name
            self.add_person(_person(self.pending[2], seg))
            self.pending = None
            return
        if not self.pending and (
            (len(words) == 1 and _NAME_WORD.match(seg)) or (_is_caps_family(seg) and _dotted(following))
        ):
            self.pending = (start, end, seg)  # the common case: a one-word family name
            return
        if self.pending and _trailing_particles(words) and _given_names(seg):  # 'Zundert, Joris van'
            cut = len(words) - _trailing_particles(words)
            self.add_person(_person(f"{' '.join(words[cut:])} {self.pending[2]}", " ".join(words[:cut])))
            self.pending = None
            return
        if self.pending:
            family = self.pending[2]
            lead = _leading_initials(words)
            rest = " ".join(words[lead:])
            # "Brodie, I. Hurst, A.": initials, then the next author's family name
            missing_comma = (
                lead
                and rest
                and _is_family(rest)
                and (_is_initials(following) or _initials_then_family(following))
            )
            full_words = not _is_initials(seg)
            if (
                _is_given(seg)
                and not (full_words and _by_and(joined))  # 'and' never leads to given names
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

    def _boundary(self, seg: str, joined: str) -> bool:
        """Whether an organisation read so far ends before ``seg``: at '/' or ';' ('HM Treasury /
        Cabinet Office'). Commas do not end one: bodies listed with commas stay one name as written
        ('Ofsted, Care Quality Commission, ...'), as 'Department for Culture, Media and Sport' must."""
        if not (";" in joined or "/" in joined) or (self.pending and _is_initials(seg)):
            return False
        return bool(self.org_span) or (bool(self.pending) and not _is_given(seg))

    def _complete(self, seg: str) -> Person | None:
        """A whole person in one segment: 'Warrington C.', 'Smith JA', 'A. Editor', 'J. P. Smith'."""
        words = seg.split()
        if len(words) > 2 and _SUFFIX.match(words[-1]) and not self.names_first:  # 'Norman E Jr.'
            person = self._complete(" ".join(words[:-1]))
            return (
                person.model_copy(update={"suffix": words[-1]}) if person and not person.literal else person
            )
        if len(words) < 2:
            return None
        particles = _trailing_particles(words)
        if particles and not self.names_first and len(words) - particles >= 2:  # 'Woodley M de la'
            core = words[: len(words) - particles]
            family = (
                _family_before_initials(core[:-1], core[-1], self.alone) if _is_initials(core[-1]) else None
            )
            if family:
                return _person(f"{' '.join(words[len(core) :])} {family}", core[-1])
        if not self.names_first and _is_initials(words[-1]):
            tail = 1
            while tail < len(words) - 1 and _INITIALS.match(words[-tail - 1]):
                tail += 1
            family = _family_before_initials(words[:-tail], words[-1], self.alone)
            if family:
                return _person(family, " ".join(words[-tail:]))
        lead = _leading_initials(words)
        if lead and lead < len(words) and _is_family(" ".join(words[lead:])):
            return _person(" ".join(words[lead:]), " ".join(words[:lead]))
        if self.names_first and len(words) <= 4 and _is_given(words[0]) and _is_family(" ".join(words[1:])):
            return _person(" ".join(words[1:]), words[0])
        return None

    def fresh(self, start: int, end: int, seg: str) -> None:
        title_first = _is_title(seg.split()[0])
        if title_first and (titled := _titled(seg)) is not None:
            self.add_person(titled)  # 'Sir Robert Francis QC': a title first, so no initials last
            return
        person = self._complete(seg)
        if person is not None:
            if not self.names_first and " " in seg and "." in seg.split()[-1]:
                self.result.notes.append(f"missing comma in {seg!r}")
            self.add_person(person)
        elif not title_first and (titled := _titled(seg)) is not None:  # read once above if title_first
            self.add_person(titled)
        elif self.alone and (named := _named_person(seg)) is not None:
            self.add_person(named)
        elif _is_family(seg) and not _is_initials(seg):
            self.pending = (start, end, seg)
        else:
            self.add_org(start, end)

    def finish(self) -> _Draft:
        self.flush_pending_as_org()
        self.flush_org()
        return self.result


_HONORIFICS = frozenset(
    "lord lady sir dame baroness baron professor prof dr mr mrs ms miss rt hon revd rev cllr councillor".split()
)
"""Titles written before a person's name ('Lord Smith', 'Professor Brian Cathcart', 'Dr Elena
Dolder', 'The Rt Hon ...'): no part of the name."""

_POST_NOMINALS = frozenset("qc kc mp msp obe cbe mbe dbe kbe frs phd".split())
"""Letters written after a person's name ('David Mellor QC MP'): no part of the name."""


def _is_title(word: str) -> bool:
    """A title before a name, written as one ('Dr', 'Prof.', 'Lord'), not in capitals ('MS Society')."""
    return word.lower().strip(".") in _HONORIFICS and not word.isupper()


def _without_titles(words: list[str]) -> list[str]:
    """The words of a name without the titles before it and the letters after it (as given if
    there are none, or if nothing but titles is left)."""
    start, end = 0, len(words)
    while start < end and (_is_title(words[start]) or words[start] in ("The", "the")):
        start += 1
    while end > start and words[end - 1].lower().strip(".,") in _POST_NOMINALS:
        end -= 1
    named = words[start:end]
    if not named or (not any(map(_is_title, words[:start])) and end == len(words)):
        return words
    return named


def _titled(segment: str) -> Person | None:
    """A person named with a title or letters ('Lord Wakeham', 'Sir John Major', 'David Mellor QC
    MP'), where the name alone would read as a body's; None where there are none."""
    words = segment.split()
    named = _without_titles(words)
    if named is words:
        return None
    if len(named) == 1:
        return (
            _person(named[0], None)
            if _NAME_WORD.match(named[0]) and not has_organisation_word(named)
            else None
        )
    return _given_first(" ".join(named))


# fmt: off
_GIVEN_NAMES = frozenset("""
    adam adrian alan alastair alex alexander alexandra alice alison amanda amy andrew andy angela ann anna anne
    anthony antony barbara barry ben benjamin beverley bill brenda brian bridget carol caroline catherine charles
    charlotte chris christine christopher claire clare colin craig damian daniel david dawn deborah denise derek
    diana diane donald dorothy douglas duncan edward eileen elaine eleanor elizabeth emily emma eric fiona frances
    francis frank gail gareth gary gavin geoffrey george gerald gillian gordon graham hannah harriet harry heather
    helen henry hilary hugh ian isabel jack jacqueline james jane janet jason jean jennifer jeremy jessica jill joan
    joanna joanne john jonathan joseph judith julia julian julie karen katherine kathryn kate keith kenneth kevin
    laura lesley linda lisa louise lucy lynne margaret maria marie mark martin mary matthew michael michelle mike
    nicholas nick nicola nigel oliver owen pamela patricia patrick paul pauline penelope peter philip rachel
    rebecca richard robert robin rosemary ruth sally samuel sandra sarah sheila simon sophie stephen steve steven
    stuart susan tessa thomas timothy tom tony valerie vanessa victoria vivienne wendy william yvonne
""".split())
# fmt: on
"""Given names common in the UK: a lone 'Given Family' block that starts with one is a person
('Alan Rusbridger', 'Elizabeth Filkin'), not a body's name, unless a body's word says otherwise."""


def _named_person(segment: str) -> Person | None:
    """A person written given name first, alone in an author block: two words, the first a common
    given name, or three with an initial between ('Alan J. Smith'); a body such as 'Joseph Rowntree
    Foundation' or 'Mark Smith Consulting' is not one."""
    words = segment.split()
    if words[0].lower() not in _GIVEN_NAMES or not words[0][:1].isupper():
        return None
    if len(words) != 2 and not (len(words) == 3 and _INITIALS.match(words[1])):
        return None
    return _given_first(segment)


_NOT_GIVEN_FIRST = frozenset(
    "public health national royal england scotland wales britain british kingdom european local social care "
    "children education research evidence justice security school hospital company limited press news times "
    "library house parliament commons lords treasury cabinet statistics alliance forum fund coalition campaign "
    "digital open city county borough general world international global media administration "
    "food drug safety fire rescue markets competition energy environment communities housing science innovation "
    "technology affairs rural business industrial strategy culture sport pensions money navigation timing".split()
)
"""Words of bodies' names that read like 'Given Family' ('Public Health England', 'Natural England')."""


def _given_first(segment: str, full_names: bool = False) -> Person | None:
    """The person of :func:`_given_first_parts`, or None."""
    parts = _given_first_parts(segment, full_names)
    if parts is None:
        return None
    family, given, suffix = parts
    person = _person(family, given)
    return person.model_copy(update={"suffix": suffix}) if suffix else person


@functools.lru_cache(maxsize=8192)
def _given_first_parts(segment: str, full_names: bool = False) -> tuple[str, str, str | None] | None:
    """One person written given name first (family, given names, suffix): 'Jane Doe', 'Mohammed B. Burstone', 'J. W. McDonough',
    'Harriet van der Berg', 'Kwame Dunham III'. The family name is the last word with its particles;
    after initials, all the words after them ('E.B. Ferreira Filho', as the grammar has always read
    'I. Family'), except in a list that writes given names in full (``full_names``), where the word
    after the initials is a given name too ('R. Brian Haynes')."""
    words = _without_titles(segment.split())
    suffix = None
    if len(words) > 2 and _SUFFIX.match(words[-1]):
        suffix, words = words[-1], words[:-1]
    if not 2 <= len(words) <= 6 or not _NAME_WORD.match(words[-1]) or has_organisation_word(words):
        return None
    if any(w.lower().strip(".,'’") in _NOT_GIVEN_FIRST for w in words):
        return None
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in PARTICLES:
        start -= 1
    lead = _leading_initials(words)
    if lead and not (full_names and lead < start):  # 'J. M. de Haan', 'E.B. Ferreira Filho'
        start = lead
        if not _is_family(" ".join(words[start:])):
            return None
    given = words[:start]
    full = [w for w in given if not (_INITIALS.match(w) or _FOUR_INITIALS.match(w))]
    if len(full) > 2 or not all(_GIVEN_WORD.match(w) or _NAME_WORD.match(w) for w in full):
        return None
    return " ".join(words[start:]), " ".join(given), suffix


def _given_first_tail(segments: list[str], joins: list[str], et_al: bool) -> int:
    """Where the authors written given name first begin (``len(segments)`` where none are).

    A whole list of them ('Charles Cooney and Clovis Gladstone', 'Anna Li, Bo Kim'; every segment
    must read so, which 'Mendez Sayer, Mary' does not), or the co-authors after a first author
    written 'Family, Given' (Chicago and MLA: 'Smith, John, and Jane Doe'; 'Mansuri, G., and
    Vijayendra Rao'). After family-first names, names that could be read either way ('Smith, J.,
    Masri Bromhurst, Zoe Ann') are read family first unless 'and' stands before the last one, they
    are odd in number or four or more (read family first, each would be two words and its given
    names two more), one of them has an initial, or 'et al.' ends the list."""
    count = len(segments)
    start = count
    while start > 0 and (
        _SUFFIX.match(segments[start - 1]) or _given_first_parts(segments[start - 1]) is not None
    ):
        start -= 1
    last_join = joins[-1] if joins else ""
    and_before_last = "&" in last_join or "and" in last_join
    for begin in range(start, count):
        tail = [s for s in segments[begin:] if not _SUFFIX.match(s)]
        head = [s for s in segments[:begin] if not _SUFFIX.match(s)]
        if not tail or (not head and len(tail) < 2) or _SUFFIX.match(segments[begin]):
            continue
        if head and (
            len(head) % 2
            or not _given_names(head[-1])
            or not (_is_family(head[0]) or _is_caps_family(head[0]))
        ):
            continue
        initials = any(_is_initials(w) for s in tail for w in s.split())
        if and_before_last or len(tail) % 2 or len(tail) >= 4 or initials or et_al or not head:
            return begin
        return count
    return count


def _full_names(segments: list[str], tail: int) -> bool:
    """Whether a list writes given names in full ('Jane Doe', 'Smith, John'), not as initials: a name
    written given name first that begins with a whole word, or the first author's given names."""
    starts = [segment.split()[0] for segment in segments[tail:] if segment]
    if tail >= 2 and segments[1]:
        starts.append(segments[1].split()[0])
    return any(not _is_initials(word) and _GIVEN_WORD.match(word) for word in starts)


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
    spans, joins, position = [], [], 0
    for match in _SPLIT.finditer(text):
        spans.append((position, match.start()))
        joins.append(match.group())
        position = match.end()
    spans.append((position, len(text)))
    segments = [text[start:end].strip() for start, end in spans]
    if _family_names_only(segments, joins):
        people = tuple(_person(segment, None) for segment in segments)
        return NameList(people, et_al, tuple(untidy))
    reader.alone = len(segments) == 1
    tail = _given_first_tail(segments, joins, et_al)
    for index, (start, end) in enumerate(spans[:tail]):
        following = segments[index + 1] if index + 1 < tail else ""
        reader.segment(start, end, following, joins[index - 1] if index else "")
    draft = reader.finish()
    full_names = tail < len(segments) and _full_names(segments, tail)
    for segment in segments[tail:]:
        person = _given_first(segment, full_names)
        if person is not None:
            draft.people.append(person)
        elif segment and draft.people:  # a suffix ('Jr.') after the name it belongs to
            draft.people[-1] = draft.people[-1].model_copy(update={"suffix": segment})
    if any(p.is_organisation for p in draft.people):
        untidy = []  # '&' inside organisation names ('Fire & Rescue') is not an untidy author list
    return NameList(tuple(draft.people), et_al, tuple(draft.notes + untidy))


def _family_names_only(segments: list[str], joins: list[str]) -> bool:
    """Whether the list names its authors by family name alone, as endnotes and in-text
    citations do ('Carter, Ram, Trehan & Jones'): three or more single name words, commas
    between them and '&' or 'and' before the last. Read as family names and given names, such
    a list would leave its last author without given names, which no style writes. The last
    may be a family name of several words ('Adema & Salva Del Pero') where an odd number of
    names comes before it, so that they cannot be family and given names in pairs ('Smith,
    John and Kate Brown' is two people, the second written given name first)."""
    *before, last = segments
    return (
        len(before) >= 2
        and all(join.startswith(",") and not join[1:].strip() for join in joins[:-1])
        and joins[-1].strip(" ,") in ("&", "and")
        and all(_NAME_WORD.match(segment) is not None for segment in before)
        and (_NAME_WORD.match(last) is not None or (len(before) % 2 == 1 and _is_family(last)))
        and not has_organisation_word(segments)
    )


def looks_like_names(text: str) -> bool:
    """True when a block reads as people (not one organisation or a sentence)."""
    names = parse_names(text)
    return any(not p.is_organisation for p in names.people)
