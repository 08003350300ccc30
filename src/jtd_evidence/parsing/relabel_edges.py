"""Corrections of where the model's fields start and end, and of what a field is by the words
right before it, made after :func:`jtd_evidence.parsing.relabel.relabel`'s corrections:

- a list's number before the first author (``24 Ministry of Justice. 2013.``) is no part of the
  name;
- a number is never cut: a title read up to the ``2`` of ``WCAG 2.1`` or ``version 1.2.3`` takes
  the rest of the number in;
- a bracket opened in the author's name is closed in it: the body's acronym or full name in
  brackets right after it, before the date (``DCMS (Department for Culture, Media and Sport).
  (2023)``, ``Ministry of Housing, Communities and Local Government [MHCLG]``), is part of the
  author;
- a date, or the words read in its place, right after ``Accessed``, ``[cited``, ``As of``,
  ``Retrieved`` or ``Viewed`` is the access date, and those words are no field (``As of 16 June
  2026: address``);
- a name after the place and its colon (``London: HMSO``) is the publisher, not a journal or site;
- after the year, a date after the title, set off by a dash, a comma or brackets (``(2025). Peer
  event summary – 18 March 2025``, ``Statistics update (April 2025)``), is no part of the title
  but a date (a title's own period with no year before it, ``Dementia Data, December 2023.
  2024``, stays in the title);
- with no author read, a body's acronym, a name holding an organisation's word, or a host name
  opening the reference before a dash (``DSIT — Smart Data: call for evidence``, ``Reuters
  Institute — Digital News Report 2025``), or a host name before a colon (``Legislation.gov.uk:
  Care Act 2014``), is the author, and what follows the dash or colon the title;
- a site named with a comma in its name, between "Retrieved from" and the colon before the
  address (``Retrieved from Ministry of Housing, Communities & Local Government: address``), is
  one container, not a container and a publisher;
- a web page's title read on over its site's name after a dash or bar, as a browser tab writes it
  (``Classroom - National Autistic Society``, ``MSOA 2021 Boundaries — Open Geography Portal``), or
  over a host name after a comma (``Title, Gov.scot``), ends before it, and the site is the
  container (data/parser/README.md: a page title with its site after `` - ``);
- an Act's or regulation's year after its name (``Mental Capacity Act 2005``) is part of its
  title, not its date;
- a title's last words read as the start of the site, journal or publisher after it, with only a
  space between (``... who experience</title> <container-title>custody Life Course
  Studies``), are the title's: a name starts with a capital;
- after the author and the title, a second author read, or the author's own name written again as
  a sentence of its own and left unread (``DfT (2023) *Title*. DfT.``), is the body that issued
  the work: the publisher;
- a title broken at a bracket it holds (``Town and Country Planning (General Permitted
  Development) (England) Order 2015``, read as an author and a title from the bracket on) is one
  title.

>>> from jtd_evidence.parsing.labels import format_tagged, parse_tagged
>>> format_tagged(relabel_edges(parse_tagged(
...     "<author>24 Office for National Statistics</author>. <date>2025</date>. '<title>NEET</title>.' "
...     "<container-title>As of</container-title> <date>16 June 2026</date>: <url>https://ons.gov.uk</url>")))
"24 <author>Office for National Statistics</author>. <date>2025</date>. '<title>NEET</title>.' As of \
<accessed>16 June 2026</accessed>: <url>https://ons.gov.uk</url>"
>>> format_tagged(relabel_edges(parse_tagged(
...     "<author>W3C</author>. <title>Web Content Accessibility Guidelines 2</title>.1. <place>London</place>: "
...     "<container-title>HMSO</container-title>.")))
'<author>W3C</author>. <title>Web Content Accessibility Guidelines 2.1</title>. <place>London</place>: \
<publisher>HMSO</publisher>.'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from jtd_evidence.parsing.dates import MONTHS
from jtd_evidence.parsing.labels import Label, LabelledReference, Span
from jtd_evidence.parsing.names import ORGANISATION_WORDS

__all__ = ["relabel_edges"]


def relabel_edges(reference: LabelledReference) -> LabelledReference:
    """``reference`` with the corrections above made to its spans."""
    text = reference.text
    spans = list(reference.spans)
    for rule in _RULES:
        spans = rule(text, spans)
    if spans == list(reference.spans):
        return reference
    return LabelledReference(text, tuple(spans))


_LIST_NUMBER = re.compile(r"\d{1,3}[.)]?\s+(?=[^\W\d_])")


def _list_number(text: str, spans: list[Span]) -> list[Span]:
    if not spans or spans[0].label is not Label.AUTHOR:
        return spans
    found = _LIST_NUMBER.match(text, spans[0].start, spans[0].end)
    if found is None or text[: spans[0].start].strip():
        return spans
    return [Span(Label.AUTHOR, found.end(), spans[0].end), *spans[1:]]


_NUMBER_REST = re.compile(r"(?:\.\d+)+")


def _whole_numbers(text: str, spans: list[Span]) -> list[Span]:
    found = []
    for k, span in enumerate(spans):
        if span.label is Label.TITLE and span.end > span.start and text[span.end - 1].isdigit():
            rest = _NUMBER_REST.match(text, span.end)
            following = spans[k + 1].start if k + 1 < len(spans) else len(text)
            if rest is not None and rest.end() <= following:
                span = Span(Label.TITLE, span.start, rest.end())
        found.append(span)
    return found


_CLOSERS = {"(": ")", "[": "]"}
_BRACKETED = re.compile(r"\s*([(\[])([^()\[\]]{2,80})([)\]])")
_NOT_A_NAME = re.compile(r"^(?:eds?|editors?|hrsg|comp|coord)\.?$", re.IGNORECASE)


def _bracket_of_author(text: str, spans: list[Span]) -> list[Span]:
    """The author's acronym or full name in brackets, after it or opened in it, before the date."""
    author = next((k for k, s in enumerate(spans) if s.label is Label.AUTHOR), None)
    if author is None:
        return spans
    span = spans[author]
    name = text[span.start : span.end]
    opened = max(name.rfind("("), name.rfind("["))
    if opened >= 0 and _CLOSERS[name[opened]] not in name[opened:]:  # opened in the name: close it
        close = text.find(_CLOSERS[name[opened]], span.end)
        inner = text[span.start + opened + 1 : close] if close >= 0 else ""
        end = close + 1
    else:
        found = _BRACKETED.match(text, span.end)
        if found is None or _CLOSERS[found.group(1)] != found.group(3):
            return spans
        inner, end = found.group(2), found.end()
    if (
        not inner
        or len(inner) > 80
        or _NOT_A_NAME.match(inner.strip())
        or sum(c.isupper() for c in inner) < 2
        or any(c.isdigit() for c in inner)
    ):
        return spans
    inside = [s for s in spans[author + 1 :] if s.start < end]
    following = spans[author + 1 + len(inside) : author + 2 + len(inside)]
    if any(s.end > end for s in inside) or not following or following[0].label is not Label.DATE:
        return spans
    if text[end : following[0].start].strip(" .,;:(["):
        return spans  # other words between the bracket and the date
    return [
        *spans[:author],
        Span(Label.AUTHOR, span.start, end),
        *following,
        *spans[author + 2 + len(inside) :],
    ]


_ACCESS_WORDS = re.compile(
    r"\b(?:accessed(?:\s+on)?|\[?cited|as\s+of|retrieved(?:\s+on)?|viewed(?:\s+on)?)\s*:?\s*$", re.IGNORECASE
)
_DATE_LIKE = re.compile(r"^[\w ,./-]*\d[\w ,./-]*$")
_ACCESS_MISREAD = frozenset({Label.DATE, Label.TITLE, Label.NOTE, Label.CONTAINER, Label.PUBLISHER})


def _access_date(text: str, spans: list[Span]) -> list[Span]:
    found: list[Span] = []
    for span in spans:
        if span.label in _ACCESS_MISREAD and any(s.label is Label.TITLE for s in found):
            end = span.end
            while end > span.start and text[end - 1] in "]) ":
                end -= 1
            if _DATE_LIKE.match(text[span.start : end]):
                previous = found[-1]
                if _ACCESS_WORDS.search(text, previous.end, span.start):
                    span = Span(Label.ACCESSED, span.start, end)
                elif (
                    previous.label in _ACCESS_MISREAD
                    and previous.label is not Label.DATE
                    and _ACCESS_WORDS.fullmatch(text, previous.start, span.start)
                ):  # the access words themselves read as a field
                    found.pop()
                    span = Span(Label.ACCESSED, span.start, end)
        found.append(span)
    return found


def _publisher_after_place(text: str, spans: list[Span]) -> list[Span]:
    if any(s.label in (Label.VOLUME, Label.ISSUE, Label.PAGES) for s in spans):
        return spans
    return [
        Span(Label.PUBLISHER, s.start, s.end)
        if s.label is Label.CONTAINER
        and k
        and spans[k - 1].label is Label.PLACE
        and text[spans[k - 1].end : s.start].strip() == ":"
        else s
        for k, s in enumerate(spans)
    ]


_MONTH = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
_TRAILING_DATE = re.compile(
    rf"(?:\s+[-–—]\s+|,\s+|\s+\()((?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?(?:{_MONTH})\.?(?:\s+\d{{1,2}},?)?\s+(?:1[5-9]|20)\d\d)\)?$",
    re.IGNORECASE,
)


def _date_after_title(text: str, spans: list[Span]) -> list[Span]:
    for k, span in enumerate(spans):
        if span.label is Label.TITLE and any(s.label is Label.DATE for s in spans[:k]):
            found = _TRAILING_DATE.search(text, span.start, span.end)
            if found is None or found.start() == span.start:
                continue
            if (
                found.group(0).lstrip().startswith("(")
                and text[span.end : span.end + 1] != ")"
                and not found.group(0).endswith(")")
            ):
                continue  # a bracket opened in the title and not closed after the date
            return [
                *spans[:k],
                Span(Label.TITLE, span.start, found.start()),
                Span(Label.DATE, found.start(1), found.end(1)),
                *spans[k + 1 :],
            ]
    return spans


_DASH = re.compile(r"\s+[-–—]\s+")
_ACRONYM_WORD = re.compile(r"^[A-Z][A-Z&]{1,7}$")
_HOST = re.compile(r"\w\.(?:uk|com|org|gov|net|scot|wales)\b", re.IGNORECASE)
_COLON = re.compile(r":\s+")
_HOST_NAME = re.compile(r"(?:www\.)?[\w-]+(?:\.[\w-]+)*\.(?:uk|com|org|gov|net|scot|wales)", re.IGNORECASE)


def _body_before_dash(text: str, spans: list[Span]) -> list[Span]:
    if not spans or any(s.label is Label.EDITOR for s in spans):
        return spans
    first = spans[0]
    authors = [s for s in spans if s.label is Label.AUTHOR]
    if first.label not in (Label.TITLE, Label.AUTHOR) or authors not in ([], [first]):
        return spans
    if text[: first.start].strip(" -*•0123456789.)"):
        return spans
    dash = _DASH.search(text, first.start, first.end)
    colon = _COLON.search(text, first.start, first.end)
    if colon is not None and _HOST_NAME.fullmatch(text, first.start, colon.start()):
        dash = colon  # a host name before a colon: 'Legislation.gov.uk: Care Act 2014'
    if dash is None or dash.end() >= first.end:
        return spans
    head = text[first.start : dash.start()]
    words = head.split()
    if not 1 <= len(words) <= 6 or not (
        all(_ACRONYM_WORD.match(w) for w in words)
        or any(w.casefold().strip(".,'’") in ORGANISATION_WORDS for w in words)
        or _HOST.search(head)
    ):
        return spans
    end, rest = first.end, 1
    if (
        len(spans) > 1
        and spans[1].label is Label.TITLE
        and first.label is Label.AUTHOR
        and re.fullmatch(r"[\w\s]*", text[first.end : spans[1].start])
    ):  # the title read on from a word after the dash
        end, rest = spans[1].end, 2
    return [Span(Label.AUTHOR, first.start, dash.start()), Span(Label.TITLE, dash.end(), end), *spans[rest:]]


_RETRIEVED = re.compile(r"(?:retrieved\s+from|available\s+(?:at|from))\s*:?\s*$", re.IGNORECASE)
_SITE_PARTS = frozenset({Label.PUBLISHER, Label.NOTE, Label.PLACE, Label.TITLE, Label.CONTAINER})


def _site_with_commas(text: str, spans: list[Span]) -> list[Span]:
    for k in range(1, len(spans) - 2):
        site, part, address = spans[k], spans[k + 1], spans[k + 2]
        if (
            site.label is Label.CONTAINER
            and part.label in _SITE_PARTS
            and address.label in (Label.URL, Label.DOI)
            and _RETRIEVED.search(text, spans[k - 1].end, site.start)
            and text[site.end : part.start].strip() == ","
            and text[part.end : address.start].strip() == ":"
        ):
            return [*spans[:k], Span(Label.CONTAINER, site.start, part.end), *spans[k + 2 :]]
    return spans


_TAB = re.compile(r"\s+[|–—-]\s+|,\s+")
_MINOR = frozenset({"of", "and", "for", "the", "&", "in", "on", "at", "to"})
_WEB_PAGE = re.compile(r"https?://|www\.|\[online\]", re.IGNORECASE)


def _site_after_title(text: str, spans: list[Span]) -> list[Span]:
    if any(s.label in (Label.CONTAINER, Label.VOLUME, Label.ISSUE, Label.PAGES, Label.EDITOR) for s in spans):
        return spans
    title = next((k for k, s in enumerate(spans) if s.label is Label.TITLE), None)
    if title is None or not _WEB_PAGE.search(text):
        return spans
    span = spans[title]
    if text[span.start - 1 : span.start] in ("*", "_", "‘", "“", "'", '"'):
        return spans  # a title in italics or quotes: the writer marked its whole extent
    separators = list(_TAB.finditer(text, span.start, span.end))
    if not separators:
        return spans
    last = separators[-1]
    head, tail = text[span.start : last.start()], text[last.end() : span.end]
    words = tail.split()
    host = bool(_HOST.search(tail)) and len(words) == 1  # a host name, after a comma or a dash
    name = (
        last.group().strip() != ","
        and not any(c.isdigit() for c in tail)
        and tail[:1].isupper()
        and all(w[:1].isupper() or w.casefold() in _MINOR for w in words)
    )  # a site's name in capitals, after a dash or a bar
    if not words or len(words) > 6 or len(head.split()) < 2 or not (host or name):
        return spans
    return [
        *spans[:title],
        Span(Label.TITLE, span.start, last.start()),
        Span(Label.CONTAINER, last.end(), span.end),
        *spans[title + 1 :],
    ]


def _title_broken_at_bracket(text: str, spans: list[Span]) -> list[Span]:
    if (
        len(spans) < 2
        or spans[0].label not in (Label.AUTHOR, Label.TITLE)
        or spans[1].label is not Label.TITLE
    ):
        return spans
    first, title = spans[0], spans[1]
    inside = text[title.start : title.end]
    if text[first.end : title.start].strip() != "(" or inside.count(")") <= inside.count("("):
        return spans
    if any(s.label is Label.AUTHOR for s in spans[2:]) or "(" in text[first.start : first.end]:
        return spans
    return [Span(Label.TITLE, first.start, title.end), *spans[2:]]


_LEGISLATION = re.compile(r"\b(?:Act|Act of|Regulations|Order|Bill)$")
_YEAR_ONLY = re.compile(r"(?:1[5-9]|20)\d\d")


def _title_then(text: str, spans: list[Span], labels: tuple[Label, ...]) -> Iterator[int]:
    """Each ``k`` where ``spans[k]`` is a title and ``spans[k + 1]``, one of ``labels``, follows it
    with only a space between."""
    for k in range(len(spans) - 1):
        title, after = spans[k], spans[k + 1]
        if title.label is Label.TITLE and after.label in labels and text[title.end : after.start] == " ":
            yield k


def _act_with_its_year(text: str, spans: list[Span]) -> list[Span]:
    for k in _title_then(text, spans, (Label.DATE,)):
        title, date = spans[k], spans[k + 1]
        if _LEGISLATION.search(text, title.start, title.end) and _YEAR_ONLY.fullmatch(
            text, date.start, date.end
        ):
            return [*spans[:k], Span(Label.TITLE, title.start, date.end), *spans[k + 2 :]]
    return spans


# words in lower case up to a capital or the end; possessive, so that a long run of words that is
# followed by neither is given up in linear time (a lazy repeat of '\w*\s*' backtracks exponentially)
_LOWER_WORDS = re.compile(r"[a-z][\w'’-]*+(?:\s++[a-z][\w'’-]*+)*+(?=\s+[A-Z]|\s*$)")


def _title_words_run_on(text: str, spans: list[Span]) -> list[Span]:
    for k in _title_then(text, spans, (Label.CONTAINER, Label.PUBLISHER)):
        title, name = spans[k], spans[k + 1]
        if text[name.start : name.start + 1].islower():
            words = _LOWER_WORDS.match(text, name.start, name.end)
            if words is None:
                return spans
            cut = words.end()
            while cut > name.start and text[cut - 1] == " ":
                cut -= 1
            rest = cut
            while rest < name.end and text[rest] == " ":
                rest += 1
            kept = [Span(name.label, rest, name.end)] if rest < name.end else []
            return [*spans[:k], Span(Label.TITLE, title.start, cut), *kept, *spans[k + 2 :]]
    return spans


def _second_author_is_publisher(text: str, spans: list[Span]) -> list[Span]:
    title = next((k for k, s in enumerate(spans) if s.label is Label.TITLE), None)
    if title is None or not any(s.label is Label.AUTHOR for s in spans[:title]):
        return spans
    author = next(s for s in spans if s.label is Label.AUTHOR)
    found = [
        Span(Label.PUBLISHER, s.start, s.end) if k > title and s.label is Label.AUTHOR else s
        for k, s in enumerate(spans)
    ]
    if any(s.label is Label.PUBLISHER for s in found[title + 1 :]):
        return found
    name = text[author.start : author.end].strip(" .,")
    gaps = [
        (found[k].end, found[k + 1].start if k + 1 < len(found) else len(text))
        for k in range(title, len(found))
    ]
    for start, end in gaps:
        at = text.find(name, start, end)
        if (
            at >= 0
            and len(name) > 1
            and text[start:at].strip() in (".", ",")
            and text[at + len(name) : at + len(name) + 1] in (".", ",", "")
            and not text[at + len(name) : end].strip(" .,;")
        ):
            return sorted([*found, Span(Label.PUBLISHER, at, at + len(name))], key=lambda s: s.start)
    return found


_Rule = Callable[[str, list[Span]], list[Span]]
_RULES: tuple[_Rule, ...] = (
    _list_number,
    _whole_numbers,
    _bracket_of_author,
    _access_date,
    _publisher_after_place,
    _date_after_title,
    _body_before_dash,
    _site_with_commas,
    _site_after_title,
    _title_broken_at_bracket,
    _act_with_its_year,
    _title_words_run_on,
    _second_author_is_publisher,
)
"""The corrections, in the order they are made (the module's list says what each does)."""
