"""Corrections of where a title starts and ends (part of
:func:`jtd_evidence.parsing.relabel_edges.relabel_edges`):

- a number is never cut: a title read up to the ``2`` of ``WCAG 2.1`` or ``version 1.2.3`` takes
  the rest of the number in;
- after the year, a date after the title, set off by a dash, a comma or brackets (``(2025). Peer
  event summary – 18 March 2025``, ``Statistics update (April 2025)``), is no part of the title
  but a date (a title's own period with no year before it, ``Dementia Data, December 2023.
  2024``, stays in the title);
- a title broken at a bracket it holds (``Town and Country Planning (General Permitted
  Development) (England) Order 2015``, read as an author and a title from the bracket on) is one
  title;
- an Act's or regulation's year after its name (``Mental Capacity Act 2005``) is part of its
  title, not its date;
- a title's last words read as the start of the site, journal or publisher after it, with only a
  space between (``... who experience</title> <container-title>custody Life Course
  Studies``), are the title's: a name starts with a capital;
- a title does not end on a small word: one read up to ``in``, ``of``, ``for`` or ``and`` (or cut
  just before one, with only spaces around it) runs on through the name after it (``Survey of
  10 to 11-year olds in West Sussex``, read with ``West Sussex`` as a site);
- with no volume, issue, pages or editors, a site or note read right after the title's colon
  (``Data Pack: The Health and Wellbeing of Coastal Communities``) is its subtitle;
- ``[Internet]`` or ``[online]`` read as a kind of work together with the title's last words
  (``Title – explainer</title> <genre>blog [Internet]</genre>``) gives the words back to the
  title: the kind is the bracketed word alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from jtd_evidence.parsing.dates import MONTHS
from jtd_evidence.parsing.labels import Label, Span
from jtd_evidence.parsing.relabel_sites import SMALL_WORDS

_NUMBER_REST = re.compile(r"(?:\.\d+)+")


def whole_numbers(text: str, spans: list[Span]) -> list[Span]:
    found = []
    for k, span in enumerate(spans):
        if span.label is Label.TITLE and span.end > span.start and text[span.end - 1].isdigit():
            rest = _NUMBER_REST.match(text, span.end)
            following = spans[k + 1].start if k + 1 < len(spans) else len(text)
            if rest is not None and rest.end() <= following:
                span = Span(Label.TITLE, span.start, rest.end())
        found.append(span)
    return found


_MONTH = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))


_TRAILING_DATE = re.compile(
    rf"(?:\s+[-–—]\s+|,\s+|\s+\()((?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?(?:{_MONTH})\.?(?:\s+\d{{1,2}},?)?\s+(?:1[5-9]|20)\d\d)\)?$",
    re.IGNORECASE,
)


def date_after_title(text: str, spans: list[Span]) -> list[Span]:
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


def title_broken_at_bracket(text: str, spans: list[Span]) -> list[Span]:
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


def act_with_its_year(text: str, spans: list[Span]) -> list[Span]:
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


def title_words_run_on(text: str, spans: list[Span]) -> list[Span]:
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


_SMALL = rf"(?:{'|'.join((*SMALL_WORDS, 'with'))})"  # a title does not end on one
_SMALL_GAP = re.compile(rf"\s+{_SMALL}\s+")
_SMALL_END = re.compile(rf"\s{_SMALL}$")


_SUBTITLE_COLON = re.compile(r":\s+")


def subtitle_after_colon(text: str, spans: list[Span]) -> list[Span]:
    if any(s.label in (Label.VOLUME, Label.ISSUE, Label.PAGES, Label.EDITOR) for s in spans):
        return spans
    for k in range(len(spans) - 1):
        title, rest = spans[k], spans[k + 1]
        if (
            title.label is Label.TITLE
            and rest.label in (Label.NOTE, Label.CONTAINER)
            and _SUBTITLE_COLON.fullmatch(text, title.end, rest.start)
        ):
            return [*spans[:k], Span(Label.TITLE, title.start, rest.end), *spans[k + 2 :]]
    return spans


def title_through_small_word(text: str, spans: list[Span]) -> list[Span]:
    for k in range(len(spans) - 1):
        title, name = spans[k], spans[k + 1]
        if title.label is not Label.TITLE or name.label not in (Label.CONTAINER, Label.PUBLISHER, Label.NOTE):
            continue
        gap = text[title.end : name.start]
        if _SMALL_GAP.fullmatch(gap) or (gap == " " and _SMALL_END.search(text, title.start, title.end)):
            return [*spans[:k], Span(Label.TITLE, title.start, name.end), *spans[k + 2 :]]
    return spans


_MARKER_AT_END = re.compile(r"\s*([\[(](?:internet|online)[\])])$", re.IGNORECASE)


def title_words_before_marker(text: str, spans: list[Span]) -> list[Span]:
    for k in range(len(spans) - 1):
        title, kind = spans[k], spans[k + 1]
        if title.label is not Label.TITLE or kind.label is not Label.GENRE:
            continue
        marker = _MARKER_AT_END.search(text, kind.start, kind.end)
        if marker is None or marker.start() <= kind.start or text[title.end : kind.start].strip(" ("):
            continue
        return [
            *spans[:k],
            Span(Label.TITLE, title.start, marker.start()),
            Span(Label.GENRE, marker.start(1), kind.end),
            *spans[k + 2 :],
        ]
    return spans
