"""Where a work was published: the parts of a reference after its title.

Recognises, in any order: a journal with its locator ("Journal, 46(1), 9-20",
"Journal, vol. 4, no. 2, pp. 1-9", "Social Sciences, 9(4), Article 37"), a chapter's
"In A. Editor (Ed.), Book (pp. 1-20)" or Harvard "In: Editor, A. (ed.) Book",
editions ("(2nd ed.)", "3rd edn"), report numbers, bracketed descriptions
("[Doctoral dissertation, University of X]", "[Online]"), theses, "Place: Publisher"
and a plain publisher.
"""

from __future__ import annotations

import re

from pydantic import Field

from jtd_evidence.models import Person, Publication
from jtd_evidence.parsing.markup import ITALIC_CLOSE, ITALIC_OPEN, unmark
from jtd_evidence.parsing.names import parse_names
from jtd_evidence.parsing.sentences import ABBREVIATIONS, boundaries, split_parts

_PAGES = r"[A-Za-z]?\d+[A-Za-z]?(?:\s*(?:-|–|—|--)\s*[A-Za-z]?\d+[A-Za-z]?)?"
LOCATOR = re.compile(
    rf"^(?P<container>[^\d].*?)[,.]?\s+(?:vol(?:ume)?\.?\s*)?(?P<volume>\d+[A-Za-z]?)"
    r"(?:\s*\((?P<issue>[^)]{1,24})\)|\s*,\s*(?:no|issue|iss)\.?\s*(?P<issue2>[\w/-]+))?"
    rf"(?:\s*[,:]\s*(?:pp?\.?\s*)?(?P<pages>{_PAGES})(?![\w(])"
    r"|\s*,\s*(?:article|art\.?|paper)\s*(?:no\.?\s*)?(?P<article>[\w.-]+)"
    r"|\s*,\s*(?P<elocator>e\d+))?\s*\.?$",
    re.IGNORECASE,
)
CONTAINER_PAGES = re.compile(rf"^(?P<container>[^\d].*?),\s*pp?\.\s*(?P<pages>{_PAGES})\s*\.?$", re.I)
EDITION = re.compile(
    r"^\(?\s*(?P<edition>\d+(?:st|nd|rd|th)|[A-Z][a-z]+(?:\s+and\s+[a-z]+)?|rev(?:ised)?\.?|updated)"
    r"\s+(?:ed(?:n|ition)?\.?)\s*\)?$",
    re.IGNORECASE,
)
_ORDINAL = re.compile(r"^(\d+)(?:st|nd|rd|th)$", re.I)
PAREN_EDITION = re.compile(
    r"\((?P<edition>\d+(?:st|nd|rd|th)|rev\.?|revised)\s+ed(?:n|ition)?\.?(?:,\s*(?P<rest>[^)]*))?\)", re.I
)
PAREN_PAGES = re.compile(rf"\((?:pp?\.?\s*)(?P<pages>{_PAGES})\)", re.I)
PAGES_ANYWHERE = re.compile(rf"(?:^|[,\s])pp?\.\s*(?P<pages>{_PAGES})", re.I)
REPORT_NUMBER = re.compile(
    r"\(?(?P<genre>(?:[A-Z][\w-]*\s+){0,3}(?:report|paper|brief(?:ing)?|series|bulletin))?\s*"
    r"(?:No\.?|Number|#)\s*(?P<number>[\w./-]+)\)?$",
    re.IGNORECASE,
)
BRACKETED = re.compile(r"\[(?P<inner>[^\]]{1,120})\]")
THESIS = re.compile(
    r"(?P<genre>(?:unpublished\s+)?(?:doctoral|ph\.?\s?d\.?|master'?s|m\.?phil|m\.?sc|m\.?a\.?|"
    r"dphil|professional doctorate)\s*(?:thesis|dissertation))",
    re.IGNORECASE,
)
PLACE_PUBLISHER = re.compile(
    r"^(?P<place>[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){0,2}(?:,\s*[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)?)\s*:\s*(?P<publisher>\S.*)$"
)
CHAPTER = re.compile(r"^[Ii]n:?\s+(?P<body>.+)$", re.DOTALL)
EDITOR_MARK = re.compile(r"\(\s*(?:eds?|editors?)\.?\s*\)|,?\s+\b(?:eds?\.|editors?)(?=[\s,])", re.I)
_ONLINE = re.compile(r"^\[?\s*(?:online|internet|electronic|e-?book|pdf|web\s*page|website)\s*\]?$", re.I)
_NEWSPAPER = re.compile(
    r"\b(?:times|guardian|telegraph|independent|observer|herald|gazette|chronicle|post|mirror|mail|"
    r"news|standard|echo|express|journal of commerce)\b",
    re.IGNORECASE,
)
_DASHES = re.compile(r"\s*(?:--|–|—|-)\s*")
_WORDS = re.compile(r"[^\W\d_][\w'’-]*")
_FAMILY_FIRST = re.compile(r"^[^,]+,\s*[A-Z]\.")
BOOK_PUBLISHER = re.compile(
    r"\b(?:press|publish(?:ing|ers?)|books|routledge|sage|palgrave|macmillan|wiley|springer|"
    r"polity|jessica kingsley|bloomsbury|penguin|elsevier|blackwell|guilford|pearson|"
    r"taylor\s*&\s*francis|harper|random house|mcgraw)\b",
    re.IGNORECASE,
)
_JOURNAL_NAME = re.compile(r"^(?:The\s+)?(?:[A-Z][\w&'’-]*\s+)*Journal\b|\bJournal of\b")
_SPLIT_LOCATOR = re.compile(r"(\d+[A-Za-z]?\s*\([^)]{1,24}\))\.\s+(pp?\.\s*\d)")
_PUBLISHER_PLACE = re.compile(r"^(?P<publisher>.+?),\s*(?P<place>[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?)$")
_FUNCTION_WORDS = frozenset(
    ["a", "an", "the", "of", "for", "and", "in", "on", "to", "at", "by", "with", "from", "or", "as", "into"]
)


class SourceInfo(Publication):
    """Fields read from the part of a reference after the title: an entry's
    :class:`~jtd_evidence.models.Publication` fields, filled in as the parts are read, and what
    steers the entry type."""

    editors: list[Person] = Field(default_factory=list)
    is_chapter: bool = False
    edited_book: bool = False
    legislation: bool = False
    is_thesis: bool = False
    is_journal: bool = False
    periodical: str | None = None  # 'newspaper' or 'magazine' for an italic title with no locator
    leftovers: list[str] = Field(default_factory=list)

    def entry_fields(self) -> dict[str, object]:
        """The fields read that are an :class:`~jtd_evidence.models.Entry`'s own, by the Entry's
        names (the others steer the entry type)."""
        return {name: getattr(self, name) for name in Publication.model_fields}


def normalise_pages(pages: str) -> str:
    """'9–20', '9 -- 20' -> '9-20'."""
    return _DASHES.sub("-", pages.strip())


def _edition(text: str) -> str:
    text = text.strip()
    ordinal = _ORDINAL.match(text)
    if ordinal:
        return ordinal.group(1)
    return "Revised" if text.lower().startswith("rev") else text


def is_prose(text: str) -> bool:
    """True for running text (several lower-case content words), not a name or a journal."""
    words = [w for w in _WORDS.findall(unmark(text)) if w.lower() not in _FUNCTION_WORDS]
    lower = sum(1 for w in words if w[0].islower())
    return lower >= 2 and lower >= len(words) / 3


def match_locator(part: str) -> dict[str, str | None] | None:
    """Journal + volume/issue/pages, if ``part`` reads as one."""
    plain = unmark(part)
    match = LOCATOR.match(plain)
    if match and not is_prose(match["container"]):
        return {
            "container_title": match["container"].strip(" ,."),
            "volume": match["volume"],
            "issue": match["issue"] or match["issue2"],
            "pages": normalise_pages(match["pages"]) if match["pages"] else None,
            "number": match["article"] or match["elocator"],
        }
    match = CONTAINER_PAGES.match(plain)
    if match and not is_prose(match["container"]):
        return {"container_title": match["container"].strip(" ,."), "pages": normalise_pages(match["pages"])}
    return None


def _take_brackets(text: str, info: SourceInfo) -> str:
    def replace(match: re.Match[str]) -> str:
        inner = match["inner"].strip()
        if _ONLINE.match(inner):
            return " "
        thesis = THESIS.search(inner)
        if thesis:
            info.is_thesis = True
            info.genre = thesis["genre"].strip()
            rest = inner[thesis.end() :].strip(" ,;")
            if rest:
                info.publisher = rest
            return " "
        info.genre = inner
        return " "

    return BRACKETED.sub(replace, text)


def _take_parentheticals(text: str, info: SourceInfo) -> str:
    def edition(match: re.Match[str]) -> str:
        info.edition = _edition(match["edition"])
        rest = match["rest"] or ""
        pages = PAGES_ANYWHERE.search(" " + rest)
        if pages:
            info.pages = normalise_pages(pages["pages"])
        return " "

    def pages(match: re.Match[str]) -> str:
        info.pages = normalise_pages(match["pages"])
        return " "

    text = PAREN_EDITION.sub(edition, text)
    return PAREN_PAGES.sub(pages, text)


def _chapter(body: str, info: SourceInfo) -> str:
    """'A. Editor (Ed.), *Book* (pp. 1-20). Publisher.' -> editors and book title; returns the rest."""
    info.is_chapter = True
    mark_match = EDITOR_MARK.search(body)
    if mark_match and mark_match.start() < len(body) * 0.7:
        editor_text = body[: mark_match.start()]
        names_first = not _FAMILY_FIRST.match(editor_text.strip())
        info.editors = list(parse_names(editor_text, names_first=names_first).people)
        body = body[mark_match.end() :].lstrip(" ,.:")
    body = _take_parentheticals(body, info)
    if body.startswith(ITALIC_OPEN) and ITALIC_CLOSE in body:
        close = body.index(ITALIC_CLOSE)
        info.container_title = unmark(body[1:close]).strip(" .,")
        return body[close + 1 :]
    stops = list(boundaries(body))
    end = stops[0] if stops else len(body)
    info.container_title = unmark(body[:end]).strip(" .,")
    return body[end + 1 :]


def read_source(text: str) -> SourceInfo:
    """Read everything after the title."""
    info = SourceInfo()
    text = _take_brackets(text, info).strip(" ,;:").lstrip(".")
    chapter = CHAPTER.match(text)
    if chapter:
        text = _chapter(chapter["body"], info)
    text = _take_parentheticals(text, info)
    text = _SPLIT_LOCATOR.sub(r"\1, \2", text)  # 'Journal, 16 (1). pp. 39-55' (repository style)
    for part in split_parts(text):
        _read_part(part.strip(" ,;:"), info)
    return info


def _read_part(part: str, info: SourceInfo) -> None:
    if not part or _ONLINE.match(part):
        return
    plain = unmark(part)
    if info.container_title is None and not info.is_chapter:
        locator = match_locator(part)
        if locator:
            info.is_journal = True
            for name, value in locator.items():
                if value:
                    setattr(info, name, value)
            return
    if _whole_italic(part) and info.container_title is None and info.publisher is None:
        info.container_title = plain.strip(" .,")
        info.periodical = "newspaper" if _NEWSPAPER.search(plain) else "magazine"
        return
    edition = EDITION.match(plain)
    if edition:
        info.edition = _edition(edition["edition"])
        return
    pages = PAGES_ANYWHERE.search(plain)
    if pages and info.is_chapter:
        info.pages = normalise_pages(pages["pages"])
        plain = (plain[: pages.start()] + plain[pages.end() :]).strip(" ,.")
        if not plain:
            return
    thesis = THESIS.search(plain)
    if thesis:
        info.is_thesis = True
        info.genre = thesis["genre"]
        rest = (plain[: thesis.start()] + plain[thesis.end() :]).strip(" ,.;:")
        if rest:
            _set_publisher(rest, info)
        return
    number = REPORT_NUMBER.match(plain)
    if number and not info.number:
        info.number = number["number"]
        if number["genre"]:
            info.genre = number["genre"].strip()
        return
    if info.container_title is None and not info.is_chapter and _JOURNAL_NAME.search(plain):
        info.container_title = plain.strip(" ,.")  # a journal with no locator yet (in press, online first)
        info.is_journal = True
        return
    if info.publisher is None:
        _set_publisher(plain, info)
    else:
        info.leftovers.append(plain)


def _whole_italic(part: str) -> bool:
    part = part.strip(" .,")
    return part.startswith(ITALIC_OPEN) and part.endswith(ITALIC_CLOSE) and part.count(ITALIC_OPEN) == 1


def _set_publisher(text: str, info: SourceInfo) -> None:
    if text.lower().startswith("published by "):
        text = text[len("published by ") :]
    place = PLACE_PUBLISHER.match(text)
    if place and not is_prose(place["place"]):
        info.place = place["place"].strip()
        text = place["publisher"]
    else:  # 'Routledge, London' (publisher first, as repositories write it)
        reversed_order = _PUBLISHER_PLACE.match(text)
        if reversed_order and BOOK_PUBLISHER.search(reversed_order["publisher"]):
            info.place = reversed_order["place"]
            text = reversed_order["publisher"]
    text = text.strip(" ,")
    last = text.rsplit(" ", 1)[-1].lower().rstrip(".")
    if text.endswith(".") and last not in ABBREVIATIONS:
        text = text[:-1]
    info.publisher = text.strip(" ,") or None
