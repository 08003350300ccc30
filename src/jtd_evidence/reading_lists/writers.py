"""Reading lists as Markdown, standalone HTML, plain text and Word (.docx, in :mod:`.word`).

Every writer takes a :class:`~jtd_evidence.reading_lists.ReadingList` and returns the
document (``bytes`` for Word, ``str`` otherwise); writing files is the caller's business.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from enum import StrEnum

from jtd_evidence.exceptions import UnknownChoiceError
from jtd_evidence.reading_lists import ReadingList, Section, locale_name
from jtd_evidence.reading_lists._page import date_text, html_page

__all__ = [
    "DOCUMENT_FORMATS",
    "FORMATS",
    "WRITER_VERSION",
    "DocumentFormat",
    "Format",
    "Run",
    "runs",
    "to_html",
    "to_markdown",
    "to_text",
    "write",
]

WRITER_VERSION = "2"
"""Bump when a change to a writer changes its documents: a rebuild then writes every document again."""

_TOKEN = re.compile(r'<a href="([^"]*)">|</a>|<(/?)(i|b)>|<[^>]+>')


@dataclass(frozen=True)
class Run:
    """A stretch of reference text with one formatting: italic, bold, link target."""

    text: str
    italic: bool = False
    bold: bool = False
    href: str | None = None


def runs(rendered: str) -> Iterator[Run]:
    """Split rendered reference HTML (``<i>``, ``<b>``, ``<a href>``) into formatted runs."""
    italic = bold = False
    href: str | None = None
    position = 0
    for match in _TOKEN.finditer(rendered):
        if match.start() > position:
            yield Run(html.unescape(rendered[position : match.start()]), italic, bold, href)
        if match.group(1) is not None:
            href = html.unescape(match.group(1))
        elif match.group(0) == "</a>":
            href = None
        elif match.group(3) == "i":
            italic = match.group(2) != "/"
        elif match.group(3) == "b":
            bold = match.group(2) != "/"
        position = match.end()
    if position < len(rendered):
        yield Run(html.unescape(rendered[position:]), italic, bold, href)


def _intro(rl: ReadingList) -> str:
    return f"References in {rl.style_name} style, {locale_name(rl.locale)}."


def _sections(rl: ReadingList) -> Iterator[Section]:
    """Every section a page shows under its title, the lead first (with no heading)."""
    lead = rl.lead
    if lead is not None:
        yield replace(lead, heading="")  # its sections are in the body, one level up
    for section in rl.body:
        yield from section.walk()


def to_markdown(rl: ReadingList) -> str:
    lines = [f"# {_md_heading(rl.title)}", "", _intro(rl), ""]
    if rl.built is not None and rl.root is not None:
        lines += [f"Built {date_text(rl.built)} · [All reading lists]({rl.root}/index.md)", ""]
    for section in _sections(rl):
        if section.heading:
            lines += [f"{'#' * section.level} {_md_heading(section.heading)}", ""]
        if section.summary:
            lines += [section.summary, ""]
        if section.entries:
            lines += [f"- {entry.as_('markdown')}" for entry in section.entries] + [""]
        elif not section.sections:
            lines += ["No works listed.", ""]
    return "\n".join(lines).rstrip() + "\n"


def _md_heading(text: str) -> str:
    return re.sub(r"([\\`*_\[\]#])", r"\\\1", text)


def to_text(rl: ReadingList) -> str:
    lines = [rl.title, "=" * len(rl.title), "", _intro(rl), ""]
    if rl.built is not None and rl.root is not None:
        lines += [f"Built {date_text(rl.built)}. All reading lists: {rl.root}/index.html", ""]
    for section in _sections(rl):
        if section.heading:
            underline = "=" if section.level <= 1 else "-" if section.level == 2 else "~"
            lines += [section.heading, underline * len(section.heading), ""]
        if section.summary:
            lines += [section.summary, ""]
        for entry in section.entries:
            lines += [entry.as_("text"), ""]
        if not section.entries and not section.sections:
            lines += ["No works listed.", ""]
    return "\n".join(lines).rstrip() + "\n"


def to_html(rl: ReadingList) -> str:
    body = [f'<p class="meta">{html.escape(_intro(rl))}</p>']
    lead = rl.lead
    if lead is not None:
        body += _html_works(lead)
    for section in rl.body:
        body += _html_section(section)
    return html_page(
        f"{rl.title} — reading list ({rl.style_name})",
        rl.title,
        body,
        lang=rl.locale,
        root=rl.root,
        built=rl.built,
    )


def _html_works(section: Section) -> list[str]:
    out = []
    if section.summary:
        out.append(f'<p class="summary">{html.escape(section.summary)}</p>')
    if section.entries:
        out.append('<ul class="references">')
        out += [f"<li>{entry.html}</li>" for entry in section.entries]
        out.append("</ul>")
    elif not section.sections:
        out.append("<p>No works listed.</p>")
    return out


def _html_section(section: Section) -> list[str]:
    anchor = section.id.lower()
    level = min(section.level, 6)
    out = [
        f'<section aria-labelledby="{anchor}">',
        f'<h{level} id="{anchor}">{html.escape(section.heading)}</h{level}>',
        *_html_works(section),
    ]
    for child in section.sections:
        out += _html_section(child)
    out.append("</section>")
    return out


class Format(StrEnum):
    """The kinds of reading-list document, named by their file extension (each member is that
    string: ``Format.MD == "md"``)."""

    MD = "md"
    HTML = "html"
    TXT = "txt"
    DOCX = "docx"


@dataclass(frozen=True)
class DocumentFormat:
    """A kind of reading-list document: its file extension, the output its references are
    written in (one of :data:`jtd_evidence.formatting.OUTPUTS`, or "docx"), how the site's
    pages name it, and its writer."""

    extension: Format
    output: str
    label: str
    write: Callable[[ReadingList, str | None], bytes]


def _word(rl: ReadingList, author: str | None) -> bytes:
    from jtd_evidence.reading_lists.word import to_docx  # python-docx only when a Word file is written

    return to_docx(rl, author=author)


DOCUMENT_FORMATS: dict[str, DocumentFormat] = {
    f.extension: f
    for f in (
        DocumentFormat(
            Format.MD, "markdown", "Markdown", lambda rl, _author: to_markdown(rl).encode("utf-8")
        ),
        DocumentFormat(Format.HTML, "html", "HTML", lambda rl, _author: to_html(rl).encode("utf-8")),
        DocumentFormat(Format.TXT, "text", "Text", lambda rl, _author: to_text(rl).encode("utf-8")),
        DocumentFormat(Format.DOCX, "docx", "Word", _word),
    )
}
"""Every reading-list document format, once, by file extension (in the order a build writes them)."""

FORMATS = {extension: f.output for extension, f in DOCUMENT_FORMATS.items()}
"""File extension -> output name (derived from :data:`DOCUMENT_FORMATS`)."""


def write(rl: ReadingList, fmt: str, *, author: str | None = None) -> bytes:
    """The document in a format named by extension ("md", "html", "txt", "docx") as bytes;
    ``author`` goes into a Word document's properties (see :mod:`.word`)."""
    document = DOCUMENT_FORMATS.get(fmt)
    if document is None:
        raise UnknownChoiceError("format", fmt, DOCUMENT_FORMATS)
    return document.write(rl, author)
