"""Corrections of who wrote and who issued a work (part of
:func:`jtd_evidence.parsing.relabel_edges.relabel_edges`):

- a list's number before the first author (``24 Ministry of Justice. 2013.``) is no part of the
  name;
- a bracket opened in the author's name is closed in it: the body's acronym or full name in
  brackets right after it, before the date (``DCMS (Department for Culture, Media and Sport).
  (2023)``, ``Ministry of Housing, Communities and Local Government [MHCLG]``), is part of the
  author;
- with no author read, a body's acronym, a name holding an organisation's word, or a host name
  opening the reference before a dash (``DSIT — Smart Data: call for evidence``, ``Reuters
  Institute — Digital News Report 2025``), or a host name before a colon (``Legislation.gov.uk:
  Care Act 2014``), is the author, and what follows the dash or colon the title; so is, where the
  model read the whole opening as one title, a body's acronym or a capitalised name holding an
  organisation's word before a comma or colon and a capitalised title (footnotes' ``PHE, Modern
  Slavery and Public Health (2017)``, ``SCIE: Care Act and assessment resources``); a list's number
  or a footnote's ``Source:`` may stand before either;
- after the author and the title, a second author read, a site read that is the author's own name
  again (unless in italics, after ``[online]`` or "Available at:", or a host), or the author's own
  name written again as a sentence of its own and left unread (``DfT (2023) *Title*. DfT.``), is
  the body that issued the work: the publisher;
- with no author read, a body's name and its acronym in brackets opening a title (``Sussex
  Violence Reduction Partnership (VRP) Serious Violence Strategy 2024-27``, ``AYPH (Association for
  Young People’s Health) Organisational Strategy``) are the author: the acronym spells the name,
  which holds a body's word;
- a publisher read with its town before a colon (``Heriot-Watt University: Heriot Watt
  University``, ``Geneva: World Health Organization``) is the place and the publisher.
"""

from __future__ import annotations

import re

from jtd_evidence.parsing.dates import A_YEAR
from jtd_evidence.parsing.labels import Label, Span
from jtd_evidence.parsing.names import has_organisation_word
from jtd_evidence.parsing.relabel_sites import ADDRESS_WORDS, HOST, HOST_NAME, SMALL_WORDS, TAB_SUFFIX

__all__ = [
    "author_again_is_publisher",
    "body_and_acronym_first",
    "body_before_dash",
    "bracket_of_author",
    "list_number",
    "place_before_publisher",
    "title_then_title",
]


_LIST_NUMBER = re.compile(r"\d{1,3}[.)]?\s+(?=[^\W\d_])")


def list_number(text: str, spans: list[Span]) -> list[Span]:
    if not spans or spans[0].label is not Label.AUTHOR:
        return spans
    found = _LIST_NUMBER.match(text, spans[0].start, spans[0].end)
    if found is None or text[: spans[0].start].strip():
        return spans
    return [Span(Label.AUTHOR, found.end(), spans[0].end), *spans[1:]]


_CLOSERS = {"(": ")", "[": "]"}


_BRACKETED = re.compile(r"\s*([(\[])([^()\[\]]{2,80})([)\]])")


_NOT_A_NAME = re.compile(r"^(?:eds?|editors?|hrsg|comp|coord)\.?$", re.IGNORECASE)


def bracket_of_author(text: str, spans: list[Span]) -> list[Span]:
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


_DASH = re.compile(r"\s+[-–—]\s+")


_ACRONYM_WORD = re.compile(r"^[A-Z][A-Z&]{1,7}$")


_COLON = re.compile(r":\s+")
_COMMA_OR_COLON = re.compile(r"[,:]\s+")
_OPENING = re.compile(r"[\s\-*•0-9.)]*(?:Sources?:\s*)?", re.IGNORECASE)
"""What may stand before the author: bullets, a list's number, a footnote's 'Source:'."""
_JOINING = frozenset({*SMALL_WORDS, "&"})
"""The small words a body's name holds between its capitalised words ('Royal College of Nursing')."""


def body_before_dash(text: str, spans: list[Span]) -> list[Span]:
    """With no author read (or the first span read as the author), a body's name opening the
    reference before a dash, or a host name before a colon, is the author and what follows the
    title; where the model read the opening as one title, a body's name before a comma or colon
    too (:func:`_body_before_mark`). See the module's notes."""
    if not spans or any(s.label is Label.EDITOR for s in spans):
        return spans
    first = spans[0]
    authors = [s for s in spans if s.label is Label.AUTHOR]
    if first.label not in (Label.TITLE, Label.AUTHOR) or authors not in ([], [first]):
        return spans
    opening = _OPENING.match(text, 0, first.start)
    if opening is None or opening.end() != first.start:
        return spans
    dash = _DASH.search(text, first.start, first.end)
    colon = _COLON.search(text, first.start, first.end)
    if colon is not None and HOST_NAME.fullmatch(text, first.start, colon.start()):
        dash = colon  # a host name before a colon: 'Legislation.gov.uk: Care Act 2014'
    if first.label is Label.TITLE:
        mark = _COMMA_OR_COLON.search(text, first.start, first.end)
        if mark is not None and (dash is None or mark.start() < dash.start()):
            cut = _body_before_mark(text, spans, mark)
            if cut is not None:
                return cut
    if dash is None or dash.end() >= first.end:
        return spans
    head = text[first.start : dash.start()]
    words = head.split()
    if not 1 <= len(words) <= 6 or not (
        all(_ACRONYM_WORD.match(w) for w in words) or has_organisation_word(words) or HOST.search(head)
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


def _body_before_mark(text: str, spans: list[Span], mark: re.Match[str]) -> list[Span] | None:
    """The first title cut at a comma or colon after a body's name (see the module's notes); None
    where what stands before the mark is not a body's name or what follows is no title."""
    first = spans[0]
    head = text[first.start : mark.start()]
    words = head.split()
    after = text[mark.end() : first.end]
    if (
        not 1 <= len(words) <= 6
        or A_YEAR.search(head)
        or not after
        or not (after[0].isupper() or after[0].isdigit() or after[0] in "‘'\"“")
        or A_YEAR.match(after)
        or words[0] in _JOINING
    ):
        return None
    acronym = len(words) == 1 and _ACRONYM_WORD.match(words[0])
    named = all(w[0].isupper() or w in _JOINING for w in words) and has_organisation_word(words)
    if not (acronym or named):
        return None
    return [
        Span(Label.AUTHOR, first.start, mark.start()),
        Span(Label.TITLE, mark.end(), first.end),
        *spans[1:],
    ]


_ONLINE = re.compile(r"\[online\]\s*$", re.IGNORECASE)


def author_again_is_publisher(text: str, spans: list[Span]) -> list[Span]:
    """After the author and the title, the body that issued the work, the publisher, is
    - a second author read;
    - a site or journal read that is the author's own name again (``DfT (2023) *National Travel
      Survey*. DfT.``), unless it names the site the work is on: in italics, after ``[online]`` or
      "Available at:", after a browser tab's bar or dash (``Title - Site``), or written as a host
      (``GOV.UK``);
    - with no publisher read after the title, the author's own name written again as a sentence of
      its own and left unread."""
    title = next((k for k, s in enumerate(spans) if s.label is Label.TITLE), None)
    if title is None or not any(s.label is Label.AUTHOR for s in spans[:title]):
        return spans
    author = next(s for s in spans if s.label is Label.AUTHOR)
    name = text[author.start : author.end].strip(" .,")
    found = spans[: title + 1]
    for span in spans[title + 1 :]:
        if span.label is Label.AUTHOR or (
            span.label is Label.CONTAINER
            and _name(text[span.start : span.end]) == _name(name)
            and not _ONLINE.search(text, 0, span.start)
            and not ADDRESS_WORDS.search(text, found[-1].end, span.start)
            and text[span.start - 1 : span.start] not in ("*", "_")
            and not HOST.search(text, span.start, span.end)
            and not TAB_SUFFIX.search(text, found[-1].end, span.start)
        ):
            span = Span(Label.PUBLISHER, span.start, span.end)
        found.append(span)
    if any(s.label is Label.PUBLISHER for s in found[title + 1 :]):
        return found
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


def _name(text: str) -> str:
    return " ".join(text.casefold().strip(" .,*_").split())


_PLACE_THEN = re.compile(r"([A-Z][\w'’-]*(?:\s[A-Z][\w'’-]*){0,2}):\s+(?=[A-Z])")


def place_before_publisher(text: str, spans: list[Span]) -> list[Span]:
    found: list[Span] = []
    for span in spans:
        if span.label is Label.PUBLISHER:
            place = _PLACE_THEN.match(text, span.start, span.end)
            if place is not None and ":" not in text[place.end() : span.end]:
                found += [
                    Span(Label.PLACE, span.start, place.end(1)),
                    Span(Label.PUBLISHER, place.end(), span.end),
                ]
                continue
        found.append(span)
    return found


def title_then_title(text: str, spans: list[Span]) -> list[Span]:
    if len(spans) < 2 or spans[0].label is not Label.TITLE or spans[1].label is not Label.TITLE:
        return spans
    if any(s.label in (Label.AUTHOR, Label.EDITOR) for s in spans):
        return spans
    first = text[spans[0].start : spans[0].end]
    if text[spans[0].end : spans[1].start].strip() != "." or ":" in first or len(first.split()) > 10:
        return spans
    if not (
        has_organisation_word(first.split())
        or re.search(r"\([A-Z][A-Za-z]*[A-Z]\)", first)
        or len(first.split()) <= 3
    ):
        return spans  # no body's word, acronym or short name: the first is a title
    return [Span(Label.AUTHOR, spans[0].start, spans[0].end), *spans[1:]]


_NAME_AND_ACRONYM = re.compile(r"([^()]{2,80}?)\s*\(([^()]{2,80})\)\s+(?=[A-Z0-9])")


def _initials(words: str) -> str:
    return "".join(w[0] for w in re.findall(r"[^\W\d_][\w'’-]*", words) if w[0].isupper())


def body_and_acronym_first(text: str, spans: list[Span]) -> list[Span]:
    if not spans or any(s.label is Label.EDITOR for s in spans):
        return spans
    first, used = spans[0], 1
    if (
        first.label is Label.AUTHOR
        and len(spans) > 1
        and spans[1].label is Label.TITLE
        and text[first.end : spans[1].start].strip() == "("
    ):  # read as an author and a title from the bracket on
        first, used = Span(Label.TITLE, first.start, spans[1].end), 2
    if first.label is not Label.TITLE or any(s.label is Label.AUTHOR for s in spans[used:]):
        return spans
    found = _NAME_AND_ACRONYM.match(text, first.start, first.end)
    if found is None or found.end() >= first.end:
        return spans
    name, inner = found.group(1), found.group(2)
    short, long = (inner, name) if inner.isupper() else (name, inner)
    if not (short.isupper() and " " not in short.strip() and _initials(long).endswith(short.strip())):
        return spans
    if not has_organisation_word(long.split()):
        return spans  # a survey's or a dataset's name with its acronym: part of the title
    return [
        Span(Label.AUTHOR, first.start, found.end(2) + 1),
        Span(Label.TITLE, found.end(), first.end),
        *spans[used:],
    ]
