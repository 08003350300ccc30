"""Stage 2 of reading a reference: links, DOIs, access dates and trailing remarks.

Works on the :class:`~jtd_evidence.parsing.markup.Marked` text. Takes out every
link (the first ordinary one becomes the URL; a doi.org link, a 'doi:' string or a
DOI inside a publisher's address becomes the DOI), the 'Available at:' /
'Retrieved from' phrases that introduce them, an 'Accessed ...' date, and any
remark that follows the last link ("(See also this webpage ...)"), which becomes
the note.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from urllib.parse import unquote

from jtd_evidence import _urls
from jtd_evidence.parsing.dates import ACCESSED, parse_accessed
from jtd_evidence.parsing.markup import LINK_END, LINK_MARK, Marked, unmark

DOI_IN_TEXT = re.compile(
    r"(?:\bdoi\s*:?\s*|https?://(?:dx\.)?doi\.org/|\bdoi\.org/)\s*(?P<doi>10\.\d{4,9}/[^\s<>\"]+)",
    re.IGNORECASE,
)
DOI_IN_PATH = re.compile(r"(?:^|/)(?P<doi>10\.\d{4,9}/[^?#\s]+)")
_DOI_PATH_TAILS = re.compile(r"(?:/(?:full|abstract|pdf|epdf|epub|html|meta|summary)|\.pdf)+$", re.I)
_LINK = re.compile(re.escape(LINK_MARK) + r"(\d+)" + re.escape(LINK_END))
_INTRO = re.compile(
    r"(?:\[\s*online\s*\]\s*\.?\s*)?(?:\b(?:available|accessible|retrieved|downloaded|obtained)"
    r"(?:\s+(?:online|at|from|via))*\s*:?\s*|\b(?:online|url|web|from|at|via)\s*:\s*)$",
    re.IGNORECASE,
)
STANDARD_NUMBER = re.compile(
    r"\b(?P<kind>ISBN|ISSN)(?:-1[03])?\s*:?\s*(?P<number>[\dXx][\d\sXx-]{6,16}[\dXx])\.?", re.IGNORECASE
)
# An author's ORCID after their name ("[ORCID 0000-0002-1825-0097]", "ORCID: <link>"): not part of the work.
_ORCID = re.compile(
    r"[\[(]?\s*\bORCID(?:\s*iD)?\b\s*:?\s*(?:\d{4}-\d{4}-\d{4}-\d{3}[\dX]\b)?\s*[\])]?"
    r"|\b\d{4}-\d{4}-\d{4}-\d{3}[\dX]\b",
    re.IGNORECASE,
)
_ACCESS_WORDS = ("accessed", "viewed", "retrieved", "cited", "consulted")
_TRAILING_JUNK = re.compile(r"^[\s.,;:]*$")


@dataclass
class Identifiers:
    """What stage 2 found."""

    body: str
    url: str | None = None
    doi: str | None = None
    accessed: _dt.date | None = None
    note: str | None = None
    extra_links: list[str] = field(default_factory=list)
    standard_numbers: dict[str, str] = field(default_factory=dict)  # 'isbn' / 'issn' -> number


def _clean_doi(doi: str) -> str:
    doi = unquote(doi).rstrip(".,;)]")
    return _DOI_PATH_TAILS.sub("", doi)


def doi_from_url(url: str) -> str | None:
    """The DOI of a doi.org link or of a publisher address that carries one in its path."""
    if "10." not in url:
        return None  # no DOI can hide in this address
    parts = _urls.split(url)
    if parts is None:
        return None
    if parts.netloc.lower().removeprefix("dx.").removeprefix("www.") == "doi.org":
        doi = parts.path.lstrip("/")
        return _clean_doi(doi) if doi.startswith("10.") else None
    match = DOI_IN_PATH.search(unquote(parts.path))
    return _clean_doi(match["doi"]) if match else None


def _is_doi_link(url: str) -> bool:
    if "doi.org" not in url.lower():
        return False
    parts = _urls.split(url)
    return parts is not None and parts.netloc.lower().removeprefix("dx.").removeprefix("www.") == "doi.org"


def _is_orcid_link(url: str) -> bool:
    if "orcid.org" not in url.lower():
        return False
    parts = _urls.split(url)
    return parts is not None and parts.netloc.lower().removeprefix("www.") == "orcid.org"


def take_identifiers(marked: Marked) -> Identifiers:
    """Take links, DOIs, access dates and trailing remarks out of the reference body."""
    text = marked.text
    found = Identifiers(body="")

    lowered = text.lower()
    accessed = ACCESSED.search(text) if any(w in lowered for w in _ACCESS_WORDS) else None
    if accessed:
        found.accessed = parse_accessed(accessed["date"])
        text = text[: accessed.start()] + " " + text[accessed.end() :]

    doi_match = DOI_IN_TEXT.search(text) if "10." in text else None
    if doi_match and LINK_MARK not in doi_match.group(0):
        found.doi = _clean_doi(doi_match["doi"])
        text = text[: doi_match.start()] + text[doi_match.end() :]

    if "isbn" in lowered or "issn" in lowered:
        for match in list(STANDARD_NUMBER.finditer(text)):
            found.standard_numbers.setdefault(match["kind"].lower(), match["number"].strip())
        text = STANDARD_NUMBER.sub(" ", text)

    if any("orcid" in link.lower() for link in marked.links):
        text = _LINK.sub(lambda m: " " if _is_orcid_link(marked.links[int(m.group(1))]) else m.group(0), text)
    if "orcid" in lowered or "-" in text:
        text = _ORCID.sub(" ", text)

    links = list(_LINK.finditer(text))
    last_link_end = links[-1].end() if links else None
    pieces, position = [], 0
    for match in links:
        url = marked.links[int(match.group(1))]
        before = text[position : match.start()]
        if before.rstrip().endswith((":", "]", "from", "at", "via", "online", "Online")):
            before = _INTRO.sub("", before)
        pieces.append(before)
        position = match.end()
        if _is_doi_link(url):
            found.doi = found.doi or doi_from_url(url)
        elif found.url is None:
            found.url = url
            found.doi = found.doi or doi_from_url(url)
        else:
            found.extra_links.append(url)
    tail = text[position:]
    if last_link_end is not None and not _TRAILING_JUNK.match(tail):
        note = unmark(tail).strip(" .;,")
        if note.startswith("(") and note.endswith(")"):
            note = note[1:-1].strip()
        found.note = note.rstrip(" .") + "." if note else None
    else:
        pieces.append(tail)
    found.body = " ".join("".join(pieces).split())
    return found
