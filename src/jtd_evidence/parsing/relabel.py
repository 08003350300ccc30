"""Corrections of the model's spans that follow from how a reference is built, made before the
fields are read (:func:`jtd_evidence.parsing.fields.read_spans`).

The model labels token by token and sometimes breaks what the writer's marks hold together:

- one run of emphasis (``*...*``, ``_..._``) holding a title and a piece labelled as a container,
  publisher, series, place or note is one title (``*Adult social care finance report, England:
  2024 to 2025*``): a writer puts a work's whole title, and only it, in italics; so the one work
  named, in italics after the date and read as a container with no title read, is the title, and
  a name in italics after the authors and the title is the site or journal, not more authors;
- quotes hold a work's title: the pieces inside one pair of quotes, read as a title broken in two
  or as a container where no title is read elsewhere (``“Therapeutic Inertia.” Journal of
  Hypertension``), are one title, and a title read on past its closing quote ends there
  (``'Statutory invitation to Lancashire', letter to council leaders``) unless what follows is
  longer or holds a colon (``'County lines', inequalities and rights: a moment of pause``);
- a title before the date and another after it: the first stands in the author's place and is
  the author (``Medical Xpress. (2023). *Title*.``), a work having one title;
- words before the date that the model left unread or read as a site or publisher, with no author
  read and a title after the date (``PSNet. (2023). *Patient Safety*.``), are the author;
- a title's quotes pair up: a title holding a closing quote whose opening quote stands right
  before it (``"<title>Both/And" Not "Either/Or": ...</title>``) takes the opening quote in, and
  the same for an opening quote without its closing one;
- an ORCID address (``https://orcid.org/0000-...``) names an author, not the work: it is no ``url``;
- an acronym in brackets right after the author (``National Cyber Security Centre (NCSC)
  (2023)``) belongs to the author's name;
- words in an address's place after "Available at:" or "Retrieved from" (``Available at: Crisis
  Knowledge Hub.``, ``Retrieved from ONS: address``) name the site the work is on: its container,
  not its publisher, title, place or access date; but a host written in lower case with no address
  after it (``Available at: geography.org.uk``) is the address, and the text of a link pasted there
  (a file's name, a page's title) a note;
- after the title, in a reference with no volume, issue, pages or editors, a name holding an
  organisation's word (``Title. RAC Foundation. address``) is the body that issued the work
  (publisher), and a name written as a host (``nhs.uk``, ``GOV.UK``) the site (container);
- a report's, paper's or Command paper's number after the title (``IFS Report R214``, ``HC 788
  Session 2008-09``, ``CBP-10421``, ``Report No.: 172``), read as more of the title, as a series and
  volume or as pages, is a note;
- with no author read, a first field running over a sentence's end (``r5r developers. r5py
  documentation [Internet]``) is the author, then the title.

>>> from jtd_evidence.parsing.labels import format_tagged, parse_tagged
>>> format_tagged(relabel(parse_tagged(
...     "<title>Medical Xpress</title>. (<date>2023</date>). *<title>New rules</title>*.")))
'<author>Medical Xpress</author>. (<date>2023</date>). *<title>New rules</title>*.'
>>> format_tagged(relabel(parse_tagged(
...     "<author>DHSC</author> (<date>2025</date>). *<title>Care report</title>, "
...     "<container-title>England: 2024</container-title>*.")))
'<author>DHSC</author> (<date>2025</date>). *<title>Care report, England: 2024</title>*.'
>>> format_tagged(relabel(parse_tagged(
...     "<author>National Cyber Security Centre</author> (<publisher>NCSC</publisher>) (<date>2023</date>).")))
'<author>National Cyber Security Centre (NCSC)</author> (<date>2023</date>).'
"""

from __future__ import annotations

import re

from jtd_evidence.parsing.dates import A_YEAR
from jtd_evidence.parsing.labels import Label, LabelledReference, Span
from jtd_evidence.parsing.markup import FILE_ENDINGS, with_scheme
from jtd_evidence.parsing.names import ORGANISATION_WORDS
from jtd_evidence.parsing.relabel_edges import relabel_edges
from jtd_evidence.parsing.relabel_sites import ADDRESS_WORDS, SMALL_WORDS, TAB_SUFFIX

__all__ = ["relabel"]

_EMPHASIS = re.compile(
    r"(?<![\w*])\*(?!\s)([^*]+?)(?<!\s)\*(?![\w*])|(?<![\w_])_(?!\s)([^_]+?)(?<!\s)_(?![\w_])"
)
_QUOTES = re.compile(r'“([^”]+)”|"([^"]+)"|(?<!\w)‘(.+?)’(?!\w)|(?<!\w)\'(.+?)\'(?!\w)')
_INSIDE_A_TITLE = frozenset(
    {Label.TITLE, Label.CONTAINER, Label.PUBLISHER, Label.COLLECTION, Label.PLACE, Label.NOTE}
)
_ACRONYM = re.compile(r"\s*\(([A-Z][A-Za-z0-9&]{1,9})\)")
_SITE_MISREAD = frozenset(
    {Label.PUBLISHER, Label.TITLE, Label.NOTE, Label.COLLECTION, Label.PLACE, Label.CONTAINER}
)
_ORCID = re.compile(r"(?:https?://)?(?:www\.)?orcid\.org/", re.IGNORECASE)


def relabel(reference: LabelledReference) -> LabelledReference:
    """``reference`` with the corrections above made to its spans."""
    spans = _one_emphasis_one_title(reference.text, list(reference.spans))
    spans = _quotes_hold_the_title(reference.text, spans)
    spans = _title_in_author_place(spans)
    spans = _first_sentence_is_author(reference.text, spans)
    spans = _words_in_author_place(reference.text, spans)
    spans = _acronym_of_author(reference.text, spans)
    spans = _site_in_address_place(reference.text, spans)
    spans = _report_number(reference.text, spans)
    spans = _body_or_site(reference.text, spans)
    spans = _balanced_quotes(reference.text, spans)
    spans = [s for s in spans if not (s.label is Label.URL and _ORCID.match(reference.text, s.start, s.end))]
    if spans != list(reference.spans):
        reference = LabelledReference(reference.text, tuple(spans))
    return relabel_edges(reference)


def _one_emphasis_one_title(text: str, spans: list[Span]) -> list[Span]:
    if "*" not in text and "_" not in text:
        return spans  # no emphasis (most references): the pattern need not look at every character
    for match in _EMPHASIS.finditer(text):
        group = 1 if match.group(1) is not None else 2
        start, end = match.start(group), match.end(group)
        inside = [s for s in spans if s.start >= start and s.end <= end]
        labels = {s.label for s in inside}
        if len(inside) > 1 and Label.TITLE in labels and labels <= _INSIDE_A_TITLE:
            merged = Span(Label.TITLE, inside[0].start, inside[-1].end)
            spans = sorted([s for s in spans if s not in inside] + [merged], key=lambda s: s.start)
        elif (
            len(inside) == 1
            and labels == {Label.CONTAINER}
            and not any(s.label is Label.TITLE for s in spans)
            and (date := next((s for s in spans if s.label is Label.DATE), None)) is not None
            and date.end <= inside[0].start
            and not any(s.label is Label.CONTAINER and s.end <= date.start for s in spans)
        ):  # the one work named, in italics after the date, is the title
            spans = [Span(Label.TITLE, s.start, s.end) if s is inside[0] else s for s in spans]
        elif (
            labels == {Label.AUTHOR}
            and any(s.label is Label.TITLE and s.end <= inside[0].start for s in spans)
            and spans[0].label is Label.AUTHOR
            and spans[0] not in inside
        ):  # a name in italics after the authors and the title is a site or a journal, not more authors
            spans = [Span(Label.CONTAINER, s.start, s.end) if s in inside else s for s in spans]
    return spans


def _quotes_hold_the_title(text: str, spans: list[Span]) -> list[Span]:
    if "'" not in text and '"' not in text and "“" not in text and "‘" not in text:
        return spans  # no quotes (most references): the pattern need not look at every character
    for match in _QUOTES.finditer(text):
        group = next(k for k in range(1, 5) if match.group(k) is not None)
        start, end = match.start(group), match.end(group)
        while end > start and text[end - 1] in ".,;: ":
            end -= 1  # “Title.” and “Title,”: the punctuation is outside the field
        over = next((s for s in spans if s.label is Label.TITLE and s.start <= start < s.end), None)
        if (
            over is not None
            and over.start >= match.start()
            and over.end > match.end()
            and ":" not in text[match.end() : over.end]  # a title opening with a quote, then its subtitle
            and over.end - match.end() <= end - start  # more of the title inside the quotes than after them
        ):
            # a title running on past its closing quote: the quotes end it, the rest is a note
            rest = match.end()
            while rest < over.end and not text[rest].isalnum():
                rest += 1
            cut = [Span(Label.TITLE, start, end)]
            if rest < over.end:
                cut.append(Span(Label.NOTE, rest, over.end))
            spans = sorted([*(s for s in spans if s is not over), *cut], key=lambda s: s.start)
            continue
        inside = [s for s in spans if s.start >= match.start() and s.end <= match.end()]
        labels = {s.label for s in inside}
        if not inside or not labels <= _INSIDE_A_TITLE or (len(inside) == 1 and labels == {Label.TITLE}):
            continue
        outside = [s for s in spans if s not in inside]
        if Label.TITLE not in labels and any(s.label is Label.TITLE for s in outside):
            continue  # a title elsewhere: the quotes hold something else
        if any(s.start < end and s.end > start for s in outside):
            continue
        spans = sorted([*outside, Span(Label.TITLE, start, end)], key=lambda s: s.start)
    return spans


def _title_in_author_place(spans: list[Span]) -> list[Span]:
    if not spans or spans[0].label is not Label.TITLE:
        return spans
    date = next((k for k, s in enumerate(spans) if s.label is Label.DATE), None)
    if date != 1 or not any(s.label is Label.TITLE for s in spans[date + 1 :]):
        return spans
    return [Span(Label.AUTHOR, spans[0].start, spans[0].end), *spans[1:]]


_EDGES = " \t.,;:([{*_"


def _words_in_author_place(text: str, spans: list[Span]) -> list[Span]:
    if any(s.label in (Label.AUTHOR, Label.EDITOR) for s in spans):
        return spans
    date = next((k for k, s in enumerate(spans) if s.label is Label.DATE), None)
    if date is None or date > 1 or not any(s.label is Label.TITLE for s in spans[date + 1 :]):
        return spans
    before = spans[:date]
    if before and before[0].label not in (Label.CONTAINER, Label.PUBLISHER):
        return spans
    start, end = 0, spans[date].start
    if text[start:end].strip(_EDGES) != (
        text[before[0].start : before[0].end] if before else text[start:end]
    ).strip(_EDGES):
        return spans  # other words stand beside the one read
    while start < end and text[start] in _EDGES:
        start += 1
    while end > start and text[end - 1] in _EDGES:
        end -= 1
    if start == end or not any(c.isalpha() for c in text[start:end]) or len(text[start:end].split()) > 12:
        return spans
    return [Span(Label.AUTHOR, start, end), *spans[date:]]


def _acronym_of_author(text: str, spans: list[Span]) -> list[Span]:
    author = next((k for k, s in enumerate(spans) if s.label is Label.AUTHOR), None)
    if author is None:
        return spans
    found = _ACRONYM.match(text, spans[author].end)
    if found is None or sum(c.isupper() for c in found.group(1)) < 2:
        return spans
    inside = [s for s in spans[author + 1 :] if s.end <= found.end()]
    following = spans[author + 1 + len(inside) : author + 2 + len(inside)]
    if any(s.start < found.end() for s in following) or (following and following[0].label is not Label.DATE):
        return spans
    widened = Span(Label.AUTHOR, spans[author].start, found.end())
    return [*spans[:author], widened, *spans[author + 1 + len(inside) :]]


def _site_in_address_place(text: str, spans: list[Span]) -> list[Span]:
    found = []
    for k, span in enumerate(spans):
        if (
            (span.label in _SITE_MISREAD or _undated_access(text, span))
            and k
            and ADDRESS_WORDS.search(text, spans[k - 1].end, span.start)
            and any(s.label is Label.TITLE for s in spans[:k])  # a work's title came before: this is no title
        ):
            words = text[span.start : span.end]
            if any(s.label in (Label.URL, Label.DOI) for s in spans[k + 1 : k + 2]):
                span = Span(Label.CONTAINER, span.start, span.end)  # the site, then its address
            elif with_scheme(words) != words:  # an address without https:// ('nhs.uk', 'www.nhs.uk/a')
                span = Span(Label.URL, span.start, span.end)
            elif _link_text(words):  # the text of a link pasted where its address should be
                span = Span(Label.NOTE, span.start, span.end)
            else:
                span = Span(Label.CONTAINER, span.start, span.end)
        found.append(span)
    return found


# what a link's pasted text has and a site's name does not: a number, a colon, a tab's bar, or a
# word in lower case that is not a name's small word; or it is a file's name
_LINK_TEXT = re.compile(rf"\d|:|\s[|]\s|(?<![\w'’&-])(?!(?:{'|'.join(SMALL_WORDS)})\b)[a-z]")
_FILE_NAME = re.compile(rf"\.(?:{'|'.join(sorted(FILE_ENDINGS))})\b", re.IGNORECASE)


def _link_text(words: str) -> bool:
    """Whether ``words``, standing where an address should be and not one themselves (a host such
    as ``nhs.uk`` is read as the address before this is asked), are a pasted link's text (a file's
    name, a page's title: ``Carers Strategy Final 2013``) rather than a site's name (``Crisis
    Knowledge Hub``)."""
    return _FILE_NAME.search(words) is not None or _LINK_TEXT.search(words) is not None


def _undated_access(text: str, span: Span) -> bool:
    """An access date with no number in it (``Retrieved from ONS: address``): no date but a site."""
    return span.label is Label.ACCESSED and not any(c.isdigit() for c in text[span.start : span.end])


_PAIRS = (('"', '"'), ("“", "”"))


def _balanced_quotes(text: str, spans: list[Span]) -> list[Span]:
    found = []
    for span in spans:
        if span.label is Label.TITLE:
            start, end = span.start, span.end
            for opening, closing in _PAIRS:
                inside = text[start:end]
                if opening == closing:
                    unmatched = inside.count(opening) % 2 == 1
                    if unmatched and start and text[start - 1] == opening and not inside.startswith(opening):
                        start -= 1
                    elif unmatched and text[end : end + 1] == closing and not inside.endswith(closing):
                        end += 1
                elif inside.count(closing) > inside.count(opening) and start and text[start - 1] == opening:
                    start -= 1
                elif inside.count(opening) > inside.count(closing) and text[end : end + 1] == closing:
                    end += 1
            start, end = _balanced_single_quotes(text, start, end)
            if (start, end) != (span.start, span.end) and not any(
                s.start < end and s.end > start for s in spans if s is not span
            ):
                span = Span(Label.TITLE, start, end)
        found.append(span)
    return found


def _single_marks(text: str, start: int, end: int) -> tuple[int, int]:
    """How many single quote marks between ``start`` and ``end`` open a quotation (no letter or
    digit before the mark, one after it) and how many close one (the other way round); an
    apostrophe, between two letters ('people's'), is neither."""
    opened = closed = 0
    for found in _SINGLE_MARK.finditer(text, start, end):  # most titles have none: no loop at all
        at, mark = found.start(), found.group()
        before = at > 0 and text[at - 1].isalnum()
        after = at + 1 < len(text) and text[at + 1].isalnum()
        if mark != "’" and after and not before:
            opened += 1
        elif mark != "‘" and before and not after:
            closed += 1
    return opened, closed


_SINGLE_MARK = re.compile("['‘’]")


def _balanced_single_quotes(text: str, start: int, end: int) -> tuple[int, int]:
    """A title whose single quotation is cut at one end takes the mark that stands just outside
    it: "'County lines', inequalities and ..." keeps its opening mark when a title begins with a
    quoted phrase, as the model may leave the mark outside."""
    opened, closed = _single_marks(text, start, end)
    if closed > opened and start and _single_marks(text, start - 1, start) == (1, 0):
        return start - 1, end
    if opened > closed and end < len(text) and _single_marks(text, end, end + 1) == (0, 1):
        return start, end + 1
    return start, end


# -- what a piece after the title is, by its own words ------------------------------------------------
_BODY_WORDS = ORGANISATION_WORDS | frozenset(
    """fund publications press publishing inc plc organisation organization school parliament alliance bank
    tribunal library directorate""".split()
)  # the name grammar's organisation words and those of publishers and public bodies
_NOT_A_BODY = frozenset(
    """journal review quarterly bulletin proceedings transactions letters conference meeting symposium
    workshop congress""".split()
)
_DOMAIN = re.compile(r"\w\.(?:[a-z]{2,}|UK|COM|ORG)\b", re.IGNORECASE)  # GOV.UK, nhs.uk, Investing.com
_IN_BEFORE = re.compile(r"\bin\s*:?\s*$", re.IGNORECASE)
_ONLINE_BEFORE = re.compile(r"[\[(]online[\])]\s*\.?\s*$", re.IGNORECASE)
_JOURNAL_PARTS = frozenset({Label.VOLUME, Label.ISSUE, Label.PAGES, Label.EDITOR})


def _body_or_site(text: str, spans: list[Span]) -> list[Span]:
    """After the title, outside italics and not after ``[online]`` or "Available at:", in a
    reference with no volume, issue, pages or editors: a name holding an organisation's word
    (``RAC Foundation``, ``Centre for Health Economics``) is the body that
    issued the work (publisher), unless a tab's title puts it after a dash; one written as a web address's host (``nhs.uk``, ``GOV.UK``) is
    the site (container)."""
    title = next((k for k, s in enumerate(spans) if s.label is Label.TITLE), None)
    if title is None or any(s.label in _JOURNAL_PARTS for s in spans):
        return spans
    found = spans[: title + 1]
    for span in spans[title + 1 :]:
        if (
            span.label in (Label.CONTAINER, Label.PUBLISHER)
            and text[span.start - 1 : span.start] not in ("*", "_", "(")
            and not _ONLINE_BEFORE.search(text, 0, span.start)
            and not ADDRESS_WORDS.search(text, found[-1].end, span.start)
            and not _IN_BEFORE.search(text, found[-1].end, span.start)
        ):
            name = text[span.start : span.end]
            words = name.replace(",", " ").split()
            lower = {w.casefold().strip(".()&") for w in words}
            if _DOMAIN.search(name):
                span = Span(Label.CONTAINER, span.start, span.end)
            elif (
                lower & _BODY_WORDS
                and not lower & _NOT_A_BODY
                and ":" not in name
                and not TAB_SUFFIX.search(text, found[-1].end, span.start)
            ):
                span = Span(Label.PUBLISHER, span.start, span.end)
        found.append(span)
    return found


# -- report, paper and statutory-instrument numbers -----------------------------------------------------
_NUMBERED = re.compile(
    r"(?:[\w&’'-]+\s+){0,7}"
    r"(?:[Rr]eport|[Pp]aper|[Nn]ote|[Bb]riefing|[Ss]eries|[Bb]ulletin|[Rr]elease|Version|Advice Note)"
    r"(?:\s+(?:No|no|Number)\.?:?)?\s+[A-Z]{0,4}[-\s]?\d(?:[\w/.,-]*[\w/])?"
    r"|(?:HC|HL|Cm|Cmnd|SI)\s+\d[\d/]*(?:\s+Session\s+\d{4}[-–]\d{2,4})?"
    r"|[A-Z]{2,5}-?\d{2,}(?:[\w/-]*\w)?"
)
_NUMBER_SEGMENT = re.compile(rf"(?<=[.,;] )(?:{_NUMBERED.pattern})(?=\s*[.,;)]|\s*$)")
_NUMBER_PARTS = frozenset(
    {Label.TITLE, Label.CONTAINER, Label.COLLECTION, Label.VOLUME, Label.ISSUE, Label.PAGES, Label.GENRE}
)


def _report_number(text: str, spans: list[Span]) -> list[Span]:
    """A report's, paper's or Command paper's number after its title (``IFS Report R214``,
    ``HC 788 Session 2008-09``, ``Report No.: 172``, ``CBP-10421``), read as more of the title or as
    a series and volume, is a note."""
    title = next((s for s in spans if s.label is Label.TITLE), None)
    if title is None:
        return spans
    for match in _NUMBER_SEGMENT.finditer(text, title.start + 1):
        start, end = match.start(), match.end()
        if re.fullmatch(r"(?:1[5-9]|20)\d\d", text[start:end].split()[-1].strip(".,")):
            continue  # a year, not a number
        touched = [s for s in spans if s.start < end and s.end > start]
        if not touched or any(s.label not in _NUMBER_PARTS for s in touched):
            continue
        if any(s.label in (Label.VOLUME, Label.ISSUE) for s in spans if s not in touched):
            continue  # a journal's pages, not a report's number
        kept: list[Span] = []
        for span in touched:
            if span.start < start:  # a title running on into the number: it ends before it
                cut = span.start + len(text[span.start : start].rstrip(" .,;("))
                if span.label is not Label.TITLE or cut <= span.start or span.end > end:
                    break
                kept.append(Span(span.label, span.start, cut))
            elif span.end > end:
                break
        else:
            if not kept and title in touched:
                continue  # the only title is the number: leave it
            spans = sorted(
                [*(s for s in spans if s not in touched), *kept, Span(Label.NOTE, start, end)],
                key=lambda s: s.start,
            )
    return spans


# -- the first sentence as the author -------------------------------------------------------------------
_SENTENCE_END = re.compile(r"(?<!\b[A-Za-z])\.\s+(?=\S)")
_ABBREVIATIONS = frozenset({"etc", "no", "nos", "vol", "pp", "ed", "eds", "ch", "art", "op", "cit"})


def _first_sentence_is_author(text: str, spans: list[Span]) -> list[Span]:
    """No author read, and the reference opening with one field that runs over a sentence's end
    (``r5r developers. r5py documentation [Internet].``, read as one title or one author): the first
    sentence is the author (a body or a name), the rest the title, as in Vancouver's web references."""
    if not spans or spans[0].label not in (Label.TITLE, Label.AUTHOR) or text[: spans[0].start].strip(" -*•"):
        return spans
    first = spans[0]
    others = {s.label for s in spans[1:]}
    if others & {Label.AUTHOR, Label.EDITOR} or (first.label is Label.AUTHOR and Label.TITLE in others):
        return spans
    if (
        first.label is Label.TITLE
        and Label.DATE in others
        and next(s for s in spans if s.label is Label.DATE).start < first.end
    ):
        return spans
    found = _SENTENCE_END.search(text, first.start, first.end)
    if found is None or _SENTENCE_END.search(text, found.end(), first.end):
        return spans  # one sentence, or more than two
    head = text[first.start : found.start()]
    if not text[found.end()].isalpha() or head.split()[-1].casefold() in _ABBREVIATIONS:
        return spans  # 'Finance (No. 2) Bill', 'Building Regulations etc. (Amendment)'
    if not 1 <= len(head.split()) <= 6 or A_YEAR.search(head) or ":" in head:
        return spans
    return [
        Span(Label.AUTHOR, first.start, found.start()),
        Span(Label.TITLE, found.end(), first.end),
        *spans[1:],
    ]
