"""Corrections of where a work was found and when (part of
:func:`jtd_evidence.parsing.relabel_edges.relabel_edges`):

- a date, or the words read in its place, right after ``Accessed``, ``[cited``, ``As of``,
  ``Retrieved`` or ``Viewed`` is the access date, and those words are no field (``As of 16 June
  2026: address``);
- where a page's title comes after the access date (Zotero's Vancouver web page: ``GOV.UK
  [Internet]. [cited 2025 Jun 26]. Saturated fats and health.``, ``University College London. MRC
  Clinical Trials Unit at UCL. 2018 [cited ...]. What is an observational study?``), the name
  before the access date read as the author right before ``[Internet]`` or ``[online]``, or read
  as a second title, is the site: the container, and the page's title read after it as a site is
  the title;
- a date written in figures in square brackets after the title (``Title 2025 [08/12/25].
  Available from:``, EndNote's web page) is the access date, whatever the model read in the
  brackets, and a year ending the title right before it is the work's date;
- the pages of the citing document that a BibTeX list gives after a reference (``(cited on
  pages 38, 85, 109)``, biblatex's back-references) are the list's own remark: no field, neither
  volume nor issue nor access date;
- a name after the place and its colon (``London: HMSO``) is the publisher, not a journal or site;
- a site named with a comma in its name, between "Retrieved from" and the colon before the
  address (``Retrieved from Ministry of Housing, Communities & Local Government: address``), is
  one container, not a container and a publisher;
- a web page's title read on over its site's name after a dash or bar, as a browser tab writes it
  (``Classroom - National Autistic Society``, ``MSOA 2021 Boundaries — Open Geography Portal``), or
  over a host name after a comma (``Title, Gov.scot``), ends before it, and the site is the
  container (data/parser/README.md: a page title with its site after `` - ``), when the address's
  host, if there is one, has the site's name in it or the site is the author;
"""

from __future__ import annotations

import re

from jtd_evidence.parsing.labels import Label, Span

__all__ = [
    "ADDRESS_WORDS",
    "HOST",
    "HOST_NAME",
    "SMALL_WORDS",
    "TAB_SUFFIX",
    "access_date",
    "backref_unlabelled",
    "bracketed_access_date",
    "publisher_after_place",
    "site_after_title",
    "site_named_first",
    "site_with_commas",
]


_ACCESS_WORDS = re.compile(
    r"\b(?:accessed(?:\s+on)?|\[?cited|as\s+of|retrieved(?:\s+on)?|viewed(?:\s+on)?)\s*:?\s*$", re.IGNORECASE
)


_DATE_LIKE = re.compile(r"^[\w ,./-]*\d[\w ,./-]*$")


_ACCESS_MISREAD = frozenset({Label.DATE, Label.TITLE, Label.NOTE, Label.CONTAINER, Label.PUBLISHER})


def access_date(text: str, spans: list[Span]) -> list[Span]:
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


def publisher_after_place(text: str, spans: list[Span]) -> list[Span]:
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


ADDRESS_WORDS = re.compile(r"(?:retrieved\s+from|available\s+(?:at|from))\s*:?\s*$", re.IGNORECASE)


_SITE_PARTS = frozenset({Label.PUBLISHER, Label.NOTE, Label.PLACE, Label.TITLE, Label.CONTAINER})


def site_with_commas(text: str, spans: list[Span]) -> list[Span]:
    for k in range(1, len(spans) - 2):
        site, part, address = spans[k], spans[k + 1], spans[k + 2]
        if (
            site.label is Label.CONTAINER
            and part.label in _SITE_PARTS
            and address.label in (Label.URL, Label.DOI)
            and ADDRESS_WORDS.search(text, spans[k - 1].end, site.start)
            and text[site.end : part.start].strip() == ","
            and text[part.end : address.start].strip() == ":"
        ):
            return [*spans[:k], Span(Label.CONTAINER, site.start, part.end), *spans[k + 2 :]]
    return spans


_ENDINGS = "uk|com|org|gov|net|scot|wales"  # the endings of the hosts sites are named by here
HOST = re.compile(rf"\w\.(?:{_ENDINGS})\b", re.IGNORECASE)
"""A host's ending within a name (``GOV.UK``, ``nhs.uk``)."""
HOST_NAME = re.compile(rf"(?:www\.)?[\w-]+(?:\.[\w-]+)*\.(?:{_ENDINGS})", re.IGNORECASE)
"""A whole host (``www.nhs.uk``), to match a name from end to end."""
TAB_SUFFIX = re.compile(r"\s[-–—|]\s*$")
"""A dash or bar ending the text before a name: ``Title - Site``, a browser tab's title, whose name is the site."""


_TAB = re.compile(r"\s+[|–—-]\s+|,\s+")


SMALL_WORDS = ("of", "and", "for", "the", "in", "on", "at", "to")
"""The small words a name or a title written in capitals leaves in lower case."""
_MINOR = frozenset({*SMALL_WORDS, "&"})


_WEB_PAGE = re.compile(r"https?://|www\.|\[online\]", re.IGNORECASE)


def site_after_title(text: str, spans: list[Span]) -> list[Span]:
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
    host = bool(HOST.search(tail)) and len(words) == 1  # a host name, after a comma or a dash
    name = (
        last.group().strip() != ","
        and not any(c.isdigit() for c in tail)
        and tail[:1].isupper()
        and all(w.lstrip("(")[:1].isupper() or w.casefold() in _MINOR for w in words)
    )  # a site's name in capitals, after a dash or a bar
    if not words or len(words) > 6 or not (host or name) or not _page_title_before(head, spans[:title]):
        return spans
    if name and not host and not _names_the_site(tail, text, spans[:title]):
        return spans
    return [
        *spans[:title],
        Span(Label.TITLE, span.start, last.start()),
        Span(Label.CONTAINER, last.end(), span.end),
        *spans[title + 1 :],
    ]


_ADDRESS_HOST = re.compile(r"(?:https?://|www\.)([\w.-]+)", re.IGNORECASE)
_LETTERS = re.compile(r"[^\W\d_]+")  # a word's run of letters


def _names_the_site(tail: str, text: str, before: list[Span]) -> bool:
    """Whether ``tail``, after a dash or bar, names the page's site: where the reference gives an
    address, its host holds the first three letters of one of the words of ``tail`` or its
    initials (``NASA Science``: science.nasa.gov; ``LSHTM``), or ``tail`` is the author's name
    (``Pysource``); with no address, any name in capitals may be the site. A subtitle after a dash
    (``Food Security in the U.S. - Definitions of Food Security``: ers.usda.gov) does not."""
    hosts = [h.casefold() for h in _ADDRESS_HOST.findall(text)]
    if not hosts:
        return True
    letters = _LETTERS.findall(tail)
    words = [w for w in letters if len(w) >= 3 or w.isupper()]
    initials = "".join(w[0] for w in letters if w[0].isupper()).casefold()
    authors = {text[s.start : s.end].casefold().strip(" .") for s in before if s.label is Label.AUTHOR}
    return (
        tail.casefold().strip(" .") in authors
        or any(w.casefold()[:3] in h for w in words for h in hosts)
        or (len(initials) >= 2 and any(initials in h for h in hosts))
    )


def _page_title_before(head: str, before: list[Span]) -> bool:
    """Whether ``head``, before a dash or bar, can be a page's whole title: two words or more, or,
    after an author, one plain word (``Classroom - National Autistic Society``), not an acronym or
    a host that the words after the dash spell out (``CRediT — Contributor Roles Taxonomy``)."""
    words = head.split()
    if len(words) >= 2:
        return True
    return (
        len(words) == 1
        and any(s.label is Label.AUTHOR for s in before)
        and "." not in words[0]
        and sum(c.isupper() for c in words[0]) < 2
    )


_INTERNET_AFTER = re.compile(r"\s*[\[(](?:internet|online)[\])]", re.IGNORECASE)


def site_named_first(text: str, spans: list[Span]) -> list[Span]:
    accessed = next((k for k, s in enumerate(spans) if s.label is Label.ACCESSED), None)
    if accessed is None:
        return spans
    after = [k for k, s in enumerate(spans) if k > accessed and s.label in (Label.TITLE, Label.CONTAINER)]
    if not after:
        return spans
    page = after[0]
    titles = [k for k, s in enumerate(spans) if s.label is Label.TITLE]
    if (
        spans[page].label is Label.TITLE
        and len(titles) == 2
        and titles[0] < accessed
        and not any(s.label is Label.CONTAINER for s in spans)
    ):
        site = titles[0]  # a second title read before the access date
    elif (
        spans[0].label is Label.AUTHOR
        and _INTERNET_AFTER.match(text, spans[0].end)
        and not any(s.label is Label.AUTHOR for s in spans[1:])
        and not any(s.label is Label.TITLE for s in spans[:accessed])
    ):
        site = 0  # the author read right before [Internet]
    else:
        return spans
    return [
        Span(Label.CONTAINER, s.start, s.end)
        if k == site
        else Span(Label.TITLE, s.start, s.end)
        if k == page
        else s
        for k, s in enumerate(spans)
    ]


_BRACKETED_DATE = re.compile(r"\[(\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4})\]")
_YEAR_AT_END = re.compile(r"\s((?:19|20)\d\d)$")


def bracketed_access_date(text: str, spans: list[Span]) -> list[Span]:
    for found in _BRACKETED_DATE.finditer(text):
        inside = [s for s in spans if s.start < found.end() and s.end > found.start()]
        before = [s for s in spans if s.end <= found.start()]
        if any(s.start < found.start() or s.end > found.end() for s in inside) or not any(
            s.label is Label.TITLE for s in before
        ):
            continue  # a field running over the brackets, or no title before them
        accessed = Span(Label.ACCESSED, found.start(1), found.end(1))
        last = before[-1]
        year = _YEAR_AT_END.search(text, last.start, last.end)
        if (
            last.label is Label.TITLE
            and year is not None
            and not text[last.end : found.start()].strip()
            and year.start() > last.start
            and not any(s.label is Label.DATE for s in spans)
        ):  # 'Title 2025 [08/12/25]': the year ending the title is the work's date
            before = [
                *before[:-1],
                Span(Label.TITLE, last.start, year.start()),
                Span(Label.DATE, year.start(1), last.end),
            ]
        after = [s for s in spans if s.start >= found.end()]
        spans = [*before, accessed, *after]
    return spans


_BACKREF = re.compile(r"\(cited on pages?\s[^()]*\)", re.IGNORECASE)


def backref_unlabelled(text: str, spans: list[Span]) -> list[Span]:
    for found in _BACKREF.finditer(text):
        spans = [s for s in spans if not (s.start >= found.start() and s.end <= found.end())]
    return spans
