"""Stage 1 of reading a reference: lift markup and links out of the text.

The result is a :class:`Marked` string with whitespace collapsed, list bullets and
numbering removed, links taken out (and remembered in order), Markdown link
syntax reduced to its text, and italic spans kept as two private marker
characters (:data:`ITALIC_OPEN` / :data:`ITALIC_CLOSE`) so that later stages can
use italics as a hint (a title or a journal) without re-reading Markdown.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from jtd_evidence import _urls
from jtd_evidence._text import clip
from jtd_evidence.exceptions import ReferenceParseError

ITALIC_OPEN = "\x01"
ITALIC_CLOSE = "\x02"
LINK_MARK = "\x03"  # stands where a link was taken out, followed by its index and LINK_END
LINK_END = "\x04"

_SPACES = re.compile(r"\s+")
_BULLET = re.compile(r"^(?:[-*+•·▪►–—]\s+|\(?\d{1,3}[.)]\s+|\[\d{1,3}\]\s*)")
_MD_LINK = re.compile(r"\[([^\]]*)\]\(\s*<?([^()\s>]*(?:\([^()\s]*\)[^()\s>]*)*)>?\s*\)")
_ANGLE_URL = re.compile(r"<((?:https?://|www\.)[^<>\s]+)>", re.IGNORECASE)
_BARE_URL = re.compile(r"(?<![\w@/])((?:https?://|www\.)[^\s<>\"]+)", re.IGNORECASE)
_ITALIC_STAR = re.compile(r"(?<![\w*\\])\*(?![\s*])(.+?)(?<![\s\\*])\*(?![\w*])")
_ITALIC_UNDERSCORE = re.compile(r"(?<![\w\\])_(?![\s_])(.+?)(?<![\s\\_])_(?!\w)")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_TRAILING_URL_PUNCT = ".,;:!?'\"’”"


@dataclass
class Marked:
    """Reference text with links lifted out (see module docstring)."""

    text: str
    links: list[str] = field(default_factory=list)
    link_labels: dict[int, str] = field(default_factory=dict)


def split_url(candidate: str) -> tuple[str, str]:
    """Split a URL found in running text into (address, trailing punctuation that ends the sentence)."""
    url = candidate
    while url and (url[-1] in _TRAILING_URL_PUNCT or (url.endswith(")") and url.count(")") > url.count("("))):
        url = url[:-1]
    return url, candidate[len(url) :]


def clean_url(url: str) -> str:
    """The address without sentence punctuation, with a scheme added to 'www.' forms (a link's
    target such as 'report.pdf' is left as it is)."""
    return with_scheme(split_url(url)[0], hosts=False)


def with_scheme(url: str, hosts: bool = True) -> str:
    """An address written without its scheme ('www.gov.uk/...', and with ``hosts`` a host name
    first: 'geography.org.uk') as a link, 'https://' before it; anything else as it is.

    >>> with_scheme("www.gov.uk/guidance"), with_scheme("nao.org.uk/report/"), with_scheme("http://a.org")
    ('https://www.gov.uk/guidance', 'https://nao.org.uk/report/', 'http://a.org')
    >>> with_scheme("GOV.UK"), with_scheme("report.pdf"), with_scheme("file:///C:/report.pdf")
    ('GOV.UK', 'report.pdf', 'file:///C:/report.pdf')
    """
    linked = url[:4].lower() == "www." or (hosts and starts_with_host(url))
    return "https://" + url if linked else url


def starts_with_host(text: str) -> bool:
    """Whether ``text`` is an address written from its host name without a scheme
    ('communitycare.co.uk', 'nao.org.uk/report/'): not a name in capitals, not a file's name."""
    host = _HOST.match(text)
    return host is not None and host.group(1).lower() not in FILE_ENDINGS and not text.isupper()


_HOST = re.compile(r"[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.([a-z]{2,})(?=[/:?#]|$)", re.IGNORECASE)
"""A host name at the start of an address written without its scheme, its last part kept:
'geography.org.uk/...' (a site's name in capitals, 'GOV.UK', is a name, not an address)."""

FILE_ENDINGS = frozenset(
    {"pdf", "htm", "html", "doc", "docx", "xls", "xlsx", "csv", "ppt", "pptx", "txt", "odt"}
)
"""What ends a file's name, not a host's: 'report.pdf' is a file named in an address's place."""


def normalise_text(text: str) -> str:
    """NFC, no soft hyphens or zero-width characters, one space between words."""
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
        text = text.replace("\u00ad", "").replace("\u200b", "").replace("\ufeff", "")
    return " ".join(text.split())


def strip_bullet(text: str) -> str:
    """Remove a leading list bullet or number ('- ', '* ', '1. ', '[3] ')."""
    if not text or (text[0].isalpha() and text[0] not in "•·▪►"):
        return text  # most references start with a name: nothing to strip
    return _BULLET.sub("", text, count=1)


def reference_text(text: str) -> str:
    """``text`` as both readers (grammar and model) take it: one space between words, no list
    bullet or number in front; :class:`ReferenceParseError` when nothing but punctuation is left."""
    raw = strip_bullet(" ".join(text.split()))
    if not raw.strip(" -*•.,;:"):
        raise ReferenceParseError(
            f"no reference to read in {clip(text, 60)!r}: the text is empty or only punctuation"
        )
    return raw


MARKERS = dict.fromkeys(map(ord, ITALIC_OPEN + ITALIC_CLOSE + LINK_MARK + LINK_END), " ")
"""The characters this module marks text with, as spaces: in a reference they are only text."""


def mark(raw: str) -> Marked:
    """Run stage 1 on one reference string."""
    text = strip_bullet(normalise_text(raw.translate(MARKERS)))  # the markers are ours alone
    marked = Marked(text="")

    def keep_link(url: str, label: str | None = None) -> str:
        index = len(marked.links)
        marked.links.append(url)
        if label:
            marked.link_labels[index] = label
        return f"{LINK_MARK}{index}{LINK_END}"

    def markdown_link(match: re.Match[str]) -> str:
        label, url = _read_link(match)
        if url is None:
            return label
        return f"{label} {keep_link(url, label)}" if label else keep_link(url)

    def angle(match: re.Match[str]) -> str:
        return keep_link(clean_url(match.group(1)))

    def bare(match: re.Match[str]) -> str:
        url, trailing = split_url(match.group(1))
        return keep_link(clean_url(url)) + trailing

    if "](" in text:
        text = _MD_LINK.sub(markdown_link, text)
    if "<" in text:
        text = _ANGLE_URL.sub(angle, text)
    if "http" in text or "www." in text or "WWW." in text:
        text = _BARE_URL.sub(bare, text)
    if text.count("*") >= 2:
        if "**" in text:
            text = _BOLD.sub(r"\1", text)
        text = _ITALIC_STAR.sub(_italic, text)
    if "_" in text:
        text = _ITALIC_UNDERSCORE.sub(_italic, text)
    marked.text = text
    return marked


def plain_links(text: str) -> str:
    """Markdown links written out as a reader sees them: a placeholder's label alone, else the
    label and the address in angle brackets, or the address where it is the label.

    >>> plain_links("See also this [webpage](#) and [the report](https://a.org/r.pdf).")
    'See also this webpage and the report <https://a.org/r.pdf>.'
    """
    if "](" not in text:
        return text

    def write(match: re.Match[str]) -> str:
        label, url = _read_link(match)
        if url is None:
            return label
        return f"{label} <{url}>" if label else url

    return _MD_LINK.sub(write, text)


def _read_link(match: re.Match[str]) -> tuple[str, str | None]:
    """A Markdown link's text worth keeping and its address: no address for a placeholder
    target ('#'), no text where the text is the address itself."""
    label, target = match.group(1).strip(), match.group(2).strip()
    if _urls.is_placeholder(target):
        return label, None
    if label and not label.lower().startswith(("http", "www.")):
        return label, clean_url(target)
    return "", clean_url(target)


def _italic(match: re.Match[str]) -> str:
    return f"{ITALIC_OPEN}{match.group(1)}{ITALIC_CLOSE}"


def unmark(text: str) -> str:
    """Drop italic markers and tidy spacing: the plain value of a field."""
    if ITALIC_OPEN in text or ITALIC_CLOSE in text:
        text = text.replace(ITALIC_OPEN, "").replace(ITALIC_CLOSE, "")
    if "  " in text or "\n" in text or "\t" in text:
        text = _SPACES.sub(" ", text)
    return text.strip()
