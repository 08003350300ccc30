"""Is a line of a pasted list a reference? A score from the evidence on both sides.

A person knows a reference line when they see several of its marks: an author list at its start
("Smith, J.", "Smith JA,", "Smith, Jane and", an organisation), a date or "n.d.", an identifier
(DOI, ISBN, ISSN, ORCID, a link), a page range, a volume and issue, publisher and place words, a
bracketed description ("[Online]", "[Book Section]"), several short parts cut by full stops, an
author list with given names first ("Clovis Gladstone and Mark Olsen, "), names after a title
("Title. A. Cook, B. Smith. BMJ"), an Act or statutory instrument and its year, a body and a
title ("Ofcom — Title"), words and then a link to end the line, a list number in front.
A sentence shows other marks: verbs and pronouns, mostly lower-case words, few separators, a
sentence opening ("This section ...", "In 2019 the ..."), a verb straight after a cited date
("Holmes (2022) argues"). Each mark is a :class:`Mark` of the table :data:`MARKS` with a weight;
a line is a reference when the sum of the weights of the marks it shows reaches
:data:`THRESHOLD`. The weights are a logistic model's, fitted by ``scripts/fit_line_marks.py``
on the hand-labelled real references of data/parser (train and pending) against prose written
here; the marks are the model's features, so :meth:`Verdict.explain` still says why. No single
mark decides: a year alone, a link alone or a name alone is not a reference, and a reference
missing its year, its title or its authors still is one.

Only the first :data:`_LOOKED_AT` characters are read, so a line of any length costs the same.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from jtd_evidence.parsing.dates import BARE_YEAR, DATE_BLOCK, find_date_block, parse_full_date
from jtd_evidence.parsing.markup import starts_with_host, strip_bullet
from jtd_evidence.parsing.names import ORGANISATION_WORDS, PARTICLES
from jtd_evidence.parsing.reference import plausible_head
from jtd_evidence.parsing.sentences import split_parts
from jtd_evidence.parsing.source import BOOK_PUBLISHER

__all__ = ["MARKS", "THRESHOLD", "Mark", "Verdict", "judge_line", "mark_counts"]

THRESHOLD = 2.5
"""The score from which a line is a reference."""

_LOOKED_AT = 1000
_U, _L = "A-ZÀ-ÖØ-ÞĀ-Ž", "a-zß-öø-ÿā-ž"
_PARTICLE = "(?:" + "|".join(sorted(PARTICLES, key=len, reverse=True)) + r")\s+"
_FAMILY = (
    rf"(?:{_PARTICLE})*(?:[{_U}]')?[{_U}][{_L}'’]+(?:[-–][{_U}][{_L}'’]+)?(?:\s[{_U}][{_L}]{{2,}}(?=,))?"
)
_AUTHOR_START = re.compile(
    rf"^{_FAMILY}(?:"
    rf",\s*(?:[{_U}]\.?\s?-?){{1,3}}(?=[\s,.(&;\[]|$)"  # Smith, J. / Smith, J.-P. / Smith, JA
    rf"|,\s*[{_U}][{_L}]+(?:\s[{_U}][{_L}]+)?(?=\s*(?:,|&|\band\b|\(|\[|;|$))"  # Smith, Jane (2019)
    rf"|\s[{_U}]{{1,3}}(?=,|\.\s|\s*\(|\s+and\b|\s*&|\s+et al)"  # Smith JA, (Vancouver)
    rf")|^(?:[{_U}]\.\s?){{1,3}}{_FAMILY}(?=,|\s+and\b|\s*&|\s*\()"  # J. Smith, ...
)
_NAME_IN_LIST = re.compile(
    rf"(?:,|;|&|\band\b)\s*{_FAMILY},?\s(?:[{_U}]\.\s?){{1,3}}|(?:,|;|&|\band\b)\s*{_FAMILY}\s[{_U}]{{1,3}}(?=[,.])"
)
_GIVEN_FAMILY = (  # a person named given name(s) first: 'Clovis Gladstone', 'J. W. McDonough', 'Jean-Luc Roe'
    rf"(?:[{_U}][{_L}]+(?:-[{_U}][{_L}]+)?|[{_U}]\.(?:\s?-?[{_U}]\.){{0,2}}|[{_U}]{{1,2}})"
    rf"(?:\s(?:[{_U}]\.|[{_U}][{_L}]+)){{0,2}}\s(?:{_PARTICLE})*(?:[{_U}]')?[{_U}][{_L}'’]+(?:[{_U}][{_L}]+)?"
    rf"(?:-[{_U}][{_L}]+)?"
)
_VANCOUVER_NAME = rf"(?:{_PARTICLE})*[{_U}][{_L}'’]+(?:-[{_U}][{_L}]+)?\s[{_U}]{{1,3}}\b"
_NAME_SEP = r"(?:,\s*|\s+and\s+|\s+et\s+|\s*&\s*)"
_GIVEN_FIRST_START = re.compile(
    rf"^{_GIVEN_FAMILY}(?:{_NAME_SEP}{_GIVEN_FAMILY}){{0,12}}(?:,?\s+et al\.?)?(?=\s*[,:]\s|\s+[\"“*_])"
)
_NAMES_LATER = re.compile(  # two or more persons after a title: '. A. Cook, B. Smith.', '*Yujia Li, Dan Tarlow*'
    rf"(?:[.?!*]\s+|\*|\s)(?:{_GIVEN_FAMILY}|{_VANCOUVER_NAME})(?:{_NAME_SEP}(?:{_GIVEN_FAMILY}|{_VANCOUVER_NAME})){{1,12}}"
    r"(?=[.,*;]|\s+(?:et al|https?://|\d))"
)
_LEGISLATION = re.compile(
    rf"^(?:The\s)?[{_U}][\w'’,-]*(?:\s(?:[{_U}(][\w'’(),-]*|and|of|for|the|on|in|to|&)){{0,14}}?"
    r"\s(?:Act|Regulations|Order|Rules|Measure|Bill)"
    r"(?:\s\([^)]{1,60}\))?(?:\s(?:1[6-9]|20)\d\d)(?:\s\([^)]{1,60}\))?(?=\s*(?:$|[,.;(]|\s[-–—]))"
    r"|\bS\.?I\.?\s(?:1[6-9]|20)\d\d/\d+"
)
_PROVISION = re.compile(r",\s(?:ss?\.?|sections?|art(?:icle)?\.?|regs?\.?|sch(?:edule)?\.?|para)\s?\d+\b")
_TITLE_START = re.compile(
    r"^(?:\*\*[^*]{8,300}\*\*|\*[^*\s][^*]{7,300}\*|_[^_\s][^_]{7,300}_|[\"“][^\"”]{8,300}[\"”])"
)
_NUMBERED = re.compile(r"^(?:\(?\d{1,3}[.)]\s|\[\d{1,3}\])")
_BODY_THEN_TITLE = re.compile(  # 'Ofcom — Title', 'GOV.UK: Title', 'DSIT - Title'
    rf"^[{_U}][\w.&'’]*(?:\s[{_U}&][\w.&'’]*){{0,5}}(?:\s[—–-]\s|:\s)\S"
)
_LINK_START = ("http://", "https://", "www.")
_LINK_OPENING = "<("  # an address may stand in angle brackets or brackets: '(www.gov.uk)'
_SEPARATORS = ".:—–|)*-"
_LEADS_TO_LINK = frozenset(
    "at from visit see via on in to here online website site page and or of the a an by is are was".split()
)
"""Words that lead a sentence into an address ('... is online at https://...'): a line whose
address follows one of them is no titled link ('Choosing keywords https://...' is one)."""
_AFTER_LINK = re.compile(r"\s*(?:[(\[][^)\]]{0,60}[)\]])?\.?\s*$")  # '(accessed 3 May 2022)', '[PDF]'
_ACRONYM = re.compile(rf"^[{_U}]{{2,7}}\b")
_HEAD = re.compile(rf"^(?P<head>[^.,(\[]{{2,80}}?)\s*(?:\.\s|,\s+(?=[{_U}\d‘'\"“*_])|\(|\[)")
"""A line's head: its words up to a full stop, a bracket, or a comma before a capital ('BBC News, Lift-off ...'; not
'The Board, which met ...', a sentence going on)."""
_BODY_END = re.compile(r"(?:,| [-–—|]) (?P<body>[^,()\[\]–—|]{2,80}?)(?: \([^()]{0,30}\))?\.?\s*$")
_JOINING = frozenset(("for", "of", "and", "the", "&", "on", "in"))
_DATE_ANYWHERE = re.compile(r"(?:^|[\s(\[,.])(?:n\.\s?d\.|no date)(?=$|[\s).\],;])", re.IGNORECASE)
_END_YEAR = re.compile(r"[,;.]\s*(?:1[89]|20)\d\d[a-z]?\.?\s*$")
_VANCOUVER_YEAR = re.compile(r"(?:^|[\s.])(?:1[89]|20)\d\d(?:\s+[A-Z][a-z]{2})?\s*;\s*\w")
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
_IDENTIFIER = (  # any of these (a pattern each: one alternation of them all searches slower)
    re.compile(r"\b10\.\d{4,9}/\S", re.IGNORECASE),
    re.compile(r"\b(?:ISBN|ISSN)(?:-1[03])?\s*:?\s*[\dX]|\borcid\b", re.IGNORECASE),
    re.compile(r"\d{4}-\d{4}-\d{4}-\d{3}[\dX]\b", re.IGNORECASE),
)
_LINK = re.compile(r"https?://|\bwww\.\w", re.IGNORECASE)
_LINK_TEXT = re.compile(r"<?(?:https?://|\bwww\.)[^\s<>]*>?", re.IGNORECASE)
_PAGE_MARKED = re.compile(r"\bpp?\.\s*[A-Za-z]?\d|\be\d{4,}\b")  # 'p. 4', 'pp. 3-9', 'e0123456'
_PAGE_RANGE = re.compile(r"(?<![\d/.-])(?P<a>\d{1,5})\s*(?:-|–|—|--)\s*(?P<b>\d{1,5})(?![\d/–-])")
_VOLUME = (  # any of these
    re.compile(r"\b\d{1,4}\s*\(\s*\d{1,4}(?:[-–/]\d{1,4})?\s*\)|;\s*\d{1,4}\s*[(:]", re.IGNORECASE),
    re.compile(r"\bvol(?:ume)?\.?\s*\d|\b(?:no|issue)\.\s*\d", re.IGNORECASE),
)
_PLACE_PUBLISHER = re.compile(rf"(?:^|[.,]\s+)[{_U}][{_L}]+(?:\s[{_U}][{_L}]+)?(?:,\s[{_U}]{{2}})?:\s+[{_U}]")
_DESCRIPTOR = (  # any of these; the first two start with a bracket, which is found fast
    re.compile(
        r"\[(?:online|internet|book section|report|article|thesis|monograph|conference item|pdf|"
        r"video|podcast|web ?page|website|e-?book)\]",
        re.IGNORECASE,
    ),
    re.compile(r"\((?:eds?|editors?|ed|trans)\.?\)", re.IGNORECASE),
    re.compile(
        r"\beds?\.\s|\bedn\b|\b\d+(?:st|nd|rd|th)\s+ed\b|\bet al\b|\bavailable (?:at|from|online)\b|"
        r"\b(?:accessed|retrieved|viewed)\b|\b(?:phd|doctoral|masters?|msc|ma)\s+(?:thesis|dissertation)\b",
        re.IGNORECASE,
    ),
    re.compile(r"(?:^|[.,]\s+)In:?\s+[A-Z]|\s\|\s[A-Z]", re.IGNORECASE),
)
_ITALIC_OR_QUOTE = re.compile(
    r"(?<![\w*])\*[^*\s][^*]*\*|(?<!\w)_[^_\s][^_]*_(?!\w)|(?:^|\s)['‘\"“][A-Z][^'’\"”]{8,}['’\"”][,.]"
)
_CLAUSE = re.compile(rf"[\s.,]*(?P<clause>[{_L}][^.:;?!]*)[.!]?\s*")
_CLAUSE_END = re.compile(rf"[,)]\s+(?P<clause>[{_L}][^.:;?!,()\"“”*_\[\]]*)[.!]?\s*$")
_PLAIN = frozenset(" \t.,;:()[]{}'\"“”‘’&-–—/*_?!%#@+=<>|~$£€°·•…")
_NOT_ODD = dict.fromkeys(map(ord, string.ascii_letters + string.digits + "".join(_PLAIN)))
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_SEPARATOR = re.compile(r"[.,;:()\[\]]")
_VERBS = frozenset(
    "is are was were be been being am has have had do does did will would can could should shall may "
    "might must found find finds argue argues argued show shows showed shown suggest suggests suggested "
    "say says said explain explains explained note notes noted describe describes described list lists "
    "listed mention mentions mentioned met meet contain contains include includes included discuss "
    "discusses discussed thank please read see talked want wanted hope think thought".split()
)
_PRONOUNS = frozenset(
    "i we you he she they it us our your their them my me this these those which who".split()
)
_OPENERS = frozenset(
    "the this these those that there here we our you your it its in as at for most many some all please "
    "see if when while although however they he she a an one each to by from with after before during "
    "since following below above more further according under".split()
)


@dataclass(frozen=True)
class _Line:
    """A line as the marks read it: its start (no bullet, no number), words and parts."""

    text: str
    numbered: bool = False  # the line had a list number in front ('6.', '[7]')

    @cached_property
    def masked(self) -> str:
        """The text with each link as one capitalised word: its dots cut no parts, its words count not."""
        return _LINK_TEXT.sub("Link", self.text)

    @cached_property
    def words(self) -> list[str]:
        return _WORD.findall(self.masked)

    @cached_property
    def lower_words(self) -> list[str]:
        return [w.lower() for w in self.words]

    @cached_property
    def parts(self) -> list[str]:
        return split_parts(self.masked)

    @cached_property
    def titled_link(self) -> bool:
        return len(self.words) >= 3 and _ends_in_titled_link(self.text)

    @cached_property
    def date(self) -> re.Match[str] | None:
        return DATE_BLOCK.search(self.text)

    @cached_property
    def head_date(self) -> bool:
        """The grammar's own test: an author block (or a title) and then a date."""
        date = find_date_block(self.text)
        if date is not None and date.start < 400 and plausible_head(self.text[: date.start].strip()):
            return True
        bare = BARE_YEAR.search(self.text)
        return bool(bare and bare.start() < 200 and plausible_head(self.text[: bare.start()].strip()))


def _organisation_start(line: _Line) -> bool:
    head = _HEAD.match(line.text)
    if head is None:
        return False
    words = head["head"].split()
    if not words or len(words) > 9 or not words[0][:1].isupper() or words[0].lower() in _OPENERS - {"the"}:
        return False
    return _capitalised(words) and (_named(words) or bool(_ACRONYM.match(line.text)))


def _body_end(line: _Line) -> bool:
    """The line ends with a body's name after a comma or a dash, a date in brackets after it allowed:
    'Title, Office for National Statistics.', 'Title (January 2011), DfT', 'Title - GOV.UK'."""
    tail = _BODY_END.search(line.text)
    if tail is None:
        return False
    words = tail["body"].split()
    return 0 < len(words) <= 8 and _capitalised(words) and _named(words)


def _capitalised(words: list[str]) -> bool:
    """Every word capitalised but the small ones a body's name joins with ('Office for ...')."""
    return all(w[:1].isupper() or w in _JOINING for w in words)


def _named(words: list[str]) -> bool:
    """An organisation's word among them ('Council', 'Office') or an acronym last ('DfT')."""
    return any(w.lower() in ORGANISATION_WORDS for w in words) or bool(_ACRONYM.match(words[-1]))


def _any_found(patterns: tuple[re.Pattern[str], ...], text: str) -> bool:
    return any(pattern.search(text) for pattern in patterns)


def _bare_date(line: _Line) -> bool:
    if line.head_date:
        return False
    return bool(
        line.date  # too far into the line to follow the authors
        or _DATE_ANYWHERE.search(line.text)
        or _END_YEAR.search(line.text)
        or _VANCOUVER_YEAR.search(line.text)
        or parse_full_date(line.text)
    )


def _year_only(line: _Line) -> bool:
    return not (line.date or line.head_date or _bare_date(line)) and bool(_YEAR.search(line.masked))


def _pages(line: _Line) -> bool:
    if _PAGE_MARKED.search(line.text):
        return True
    for match in _PAGE_RANGE.finditer(line.text):  # a range holds no letter: none hides a 'p.'
        first, last = int(match["a"]), int(match["b"])
        if not (1800 <= first <= 2099 and 1800 <= last <= 2099) and not (len(match["a"]) <= 2 and first > 31):
            return True  # a page range, not a span of years
    return False


def _segments(line: _Line) -> bool:
    return len(line.parts) >= 3


def _verb_after_date(line: _Line) -> bool:
    """'Holmes (2022) argues', 'Smith and Jones (2019) found that': a cited date inside a sentence."""
    date = line.date
    if date is None:
        return False
    after = line.text[date.end() : date.end() + 40].lstrip()
    word = _WORD.match(after)
    return bool(word and after[:1].islower() and word.group().lower() not in ("in", "and", "et"))


def _clause_after_date(line: _Line) -> bool:
    """'The Home Office (2023) guidance sets out the duty.': after the cited date, one clause that
    starts in lower case and runs to the end of the line with no full stop, colon or link in it (a
    sentence; a reference goes on after its date with a title and more parts)."""
    date = line.date
    if date is None:
        return False
    clause = _CLAUSE.fullmatch(line.text, date.end())
    return bool(clause and _predicate(clause["clause"], lower=0.0))


def _clause_end(line: _Line) -> bool:
    """'The Education Act 2002, section 175, requires governing bodies to safeguard pupils.': after
    a comma or a bracket, a clause that starts in lower case and ends the line, of lower-case words
    with no stop, colon, quote, emphasis or link in it (a sentence's predicate; a reference's last
    part is a publisher, a source or numbers)."""
    clause = _CLAUSE_END.search(line.text)
    return bool(clause and _predicate(clause["clause"], lower=0.75))


def _predicate(clause: str, lower: float) -> bool:
    """Four words or more, no link, and at least the share ``lower`` of the words in lower case."""
    words = _WORD.findall(clause)
    return (
        len(words) >= 4
        and not _LINK.search(clause)
        and sum(1 for w in words if w[0].islower()) >= lower * len(words)
    )


def _garbled(line: _Line) -> bool:
    """Control characters and symbols for a tenth of the line or more: binary noise or a broken
    encoding, which no italics or quotes in it make a reference."""
    text = line.text
    rest = text.translate(_NOT_ODD)  # the ASCII letters and digits and the plain signs taken out first
    odd = sum(1 for c in rest if not (c.isalnum() or c in _PLAIN))
    return len(text) >= 8 and odd >= 0.1 * len(text)


def _verbs(line: _Line) -> int:
    return sum(1 for w in line.lower_words if w in _VERBS)


def _pronouns(line: _Line) -> int:
    return sum(1 for w in line.lower_words if w in _PRONOUNS)


def _mostly_lower(line: _Line) -> bool:
    """Mostly lower-case words, not counting a title before the link that ends the line (titles
    are often in sentence case: 'Top bosses join forces to get offenders into work. https://...')."""
    if _titled_link(line):
        return False
    words = line.words
    return len(words) >= 6 and sum(1 for w in words if w[0].islower()) >= 0.7 * len(words)


def _few_separators(line: _Line) -> bool:
    words = line.words
    return len(words) >= 6 and len(_SEPARATOR.findall(line.text)) < 0.12 * len(words)


def _sentence_opening(line: _Line) -> bool:
    words = line.text.split(maxsplit=2)
    if len(words) < 2 or words[0].lower().strip(",") not in _OPENERS:
        return False
    return words[1][:1].islower() or words[1][:1].isdigit()


def _heading(line: _Line) -> bool:
    """'Further reading', 'References', 'Key messages for practitioners:': a short line, no stop
    (an Act and its year, 'Consumer Rights Act 2015, s 49', is no heading)."""
    short = len(line.words) <= 8 and len(line.parts) <= 1
    ended = line.text.rstrip().endswith((".", ")", "]"))
    return short and not ended and not line.date and not _LINK.search(line.text) and not _legislation(line)


def _legislation(line: _Line) -> int:
    """'Consumer Rights Act 2015, s 49', 'Construction (Design and Management) Regulations 2015
    (SI 2015/51)': an Act's or instrument's name and year at the start, or an SI number (1), and a
    section, article or regulation cited in it (2)."""
    first = line.text.split(maxsplit=1)[:1]
    if not first or first[0].lower() in _OPENERS - {"the"} or not _LEGISLATION.search(line.text[:400]):
        return 0
    return 2 if _PROVISION.search(line.text[:400]) else 1


def _titled_link(line: _Line) -> bool:
    """Words and then an address ending the line: 'High Streets 2024. https://...' (a web source).
    The word before the address ends in a separator or is capitalised or a number (not 'at')."""
    return line.titled_link


def _ends_in_titled_link(text: str) -> bool:
    words = text[-600:].split()
    at = next((n for n in range(len(words) - 1, -1, -1) if _an_address(words[n])), -1)
    if at < 1 or not _AFTER_LINK.fullmatch(" ".join(words[at + 1 :])):
        return False
    before = words[at - 1]
    return before[-1] in _SEPARATORS or before.lower() not in _LEADS_TO_LINK


def _an_address(word: str) -> bool:
    """A web address, bare or in brackets ('https://...', '<www...>', '(www.gov.uk)'), or a host
    in brackets, as Word pastes link text ('(publishing.service.gov.uk)')."""
    if word.lstrip(_LINK_OPENING).lower().startswith(_LINK_START):
        return True
    return word[:1] == "(" and starts_with_host(word[1:].rstrip(").,;"))


def _lower_start(line: _Line) -> bool:
    return line.masked[:1].islower()  # a link at the start is no lower-case word


@dataclass(frozen=True)
class Mark:
    """One kind of evidence: its name, its weight per occurrence, at most how many occurrences
    count, what it says to a person, and how it is found (a bool, or a count of occurrences)."""

    name: str
    weight: float
    says: str
    found: Callable[[_Line], bool | int]
    most: int = 1


MARKS: tuple[Mark, ...] = (
    Mark(
        "author-date",
        3.75,
        "a date near the start, after the authors or a title",
        lambda line: line.head_date,
    ),
    Mark("authors", 1.5, "an author list at the start", lambda line: bool(_AUTHOR_START.match(line.text))),
    Mark(
        "more-authors",
        1.25,
        "more names in the author list",
        lambda line: bool(_NAME_IN_LIST.search(line.text[:300])),
    ),
    Mark(
        "given-first",
        1.5,
        "an author list with given names first",
        lambda line: bool(_GIVEN_FIRST_START.match(line.text[:400])),
    ),
    Mark(
        "names-later",
        0.75,
        "a list of names after the title",
        lambda line: bool(_NAMES_LATER.search(line.text[:600])),
    ),
    Mark(
        "title-start",
        0.5,
        "a title in bold, italics or quotes at the start",
        lambda line: bool(_TITLE_START.match(line.text)),
    ),
    Mark("organisation", 1.5, "an organisation at the start", _organisation_start),
    Mark("body-title", 1.25, "a body and then a title", lambda line: bool(_BODY_THEN_TITLE.match(line.text))),
    Mark(
        "legislation",
        0.75,
        "an Act, Order or Regulations and its year",
        _legislation,
        most=2,
    ),
    Mark("body-end", 1.25, "a body's name to end the line", _body_end),
    Mark("bare-date", 2.25, "a date later in the line", _bare_date),
    Mark("year", 1.75, "a year", _year_only),
    Mark("identifier", 0.25, "a DOI, ISBN, ISSN or ORCID", lambda line: _any_found(_IDENTIFIER, line.text)),
    Mark("link", 2.0, "a link", lambda line: bool(_LINK.search(line.text))),
    Mark("titled-link", 1.0, "words and then a link to end the line", _titled_link),
    Mark("numbered", 1.75, "a number in front, as in a numbered list", lambda line: line.numbered),
    Mark("pages", 0.75, "a page range", _pages),
    Mark("volume", 1.0, "a volume and issue", lambda line: _any_found(_VOLUME, line.text)),
    Mark(
        "publisher",
        1.5,
        "a publisher or 'Place: Publisher'",
        lambda line: bool(BOOK_PUBLISHER.search(line.text) or _PLACE_PUBLISHER.search(line.text)),
    ),
    Mark(
        "descriptor",
        0.75,
        "words of a reference ('In:', '(eds)', '[Online]', 'Accessed')",
        lambda line: _any_found(_DESCRIPTOR, line.text),
    ),
    Mark("title", 1.5, "a title in italics or quotes", lambda line: bool(_ITALIC_OR_QUOTE.search(line.text))),
    Mark("parts", 2.0, "three or more parts cut by full stops", _segments),
    Mark("verb-after-date", -1.25, "a verb straight after a cited date", _verb_after_date),
    Mark("clause-after-date", -1.25, "a sentence running on after a cited date", _clause_after_date),
    Mark("clause-end", -1.75, "a sentence's clause to end the line", _clause_end),
    Mark("garbled", -1.25, "control characters or symbols (binary noise)", _garbled),
    Mark("verbs", -0.75, "verbs", _verbs, most=3),
    Mark("pronouns", -0.25, "pronouns", _pronouns, most=3),
    Mark("lower-case", -1.25, "mostly lower-case words", _mostly_lower),
    Mark("few-separators", -0.25, "few commas or full stops", _few_separators),
    Mark("sentence-opening", -1.0, "a sentence's opening", _sentence_opening),
    Mark("heading", -0.5, "a short line with no full stop, like a heading", _heading),
    Mark("lower-start", -1.0, "a lower-case start", _lower_start),
)
"""The evidence, reference marks first (positive weights), sentence marks after (negative)."""

_STARTS = frozenset(
    {
        "author-date",
        "authors",
        "given-first",
        "title-start",
        "organisation",
        "body-title",
        "legislation",
        "numbered",
    }
)


@dataclass(frozen=True)
class Verdict:
    """What a line shows: the marks found (name, weight counted) and their sum."""

    marks: tuple[tuple[str, float], ...]

    @property
    def score(self) -> float:
        return sum(weight for _, weight in self.marks)

    @property
    def is_reference(self) -> bool:
        return self.score >= THRESHOLD

    @property
    def starts_reference(self) -> bool:
        """A reference that begins on this line (authors or an organisation at its start, or a
        date after them), rather than the rest of one wrapped from the line before."""
        return self.is_reference and any(name in _STARTS for name, _ in self.marks)

    def explain(self) -> str:
        """The marks that weighed most, for the person who pasted the line."""
        said = {mark.name: mark.says for mark in MARKS}
        ranked = sorted(self.marks, key=lambda mark: -abs(mark[1]))
        against = [said[name] for name, weight in ranked if weight < 0][:3]
        found = [said[name] for name, weight in ranked if weight > 0][:3]
        return "; ".join(
            [
                *(["it has " + ", ".join(against)] if against else []),
                "only " + ", ".join(found) if found else "no authors, date or source",
            ]
        )


def judge_line(text: str) -> Verdict:
    """The marks a line shows and whether it is a reference.

    >>> judge_line("Brennan, F. Working with fathers. London: Family Rights Group.").is_reference
    True
    >>> judge_line("Holmes (2022) argues that the change is needed now.").is_reference
    False
    """
    counted = mark_counts(text)
    return Verdict(tuple((mark.name, mark.weight * n) for mark, n in zip(MARKS, counted, strict=True) if n))


def mark_counts(text: str) -> tuple[int, ...]:
    """How often each mark of :data:`MARKS` is counted on the line ``text`` (0 where absent): what
    the weights multiply, and what ``scripts/fit_line_marks.py`` fits them from."""
    looked = text.strip()[:_LOOKED_AT]
    unbulleted = strip_bullet(looked)
    line = _Line(unbulleted, numbered=unbulleted != looked and bool(_NUMBERED.match(looked)))
    return tuple(min(int(mark.found(line)), mark.most) for mark in MARKS)
