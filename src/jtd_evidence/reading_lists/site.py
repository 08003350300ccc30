"""The index pages of a reading-list site (``index.html``, ``index.md``): for each style and
locale, the whole base (every work once, and by principle and statement), then each
principle with its statements under it, each with its number of works and a link per format.
"""

from __future__ import annotations

import html
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from jtd_evidence.framework import PRINCIPLES, STATEMENTS
from jtd_evidence.reading_lists import WORKS_TITLE, style_label
from jtd_evidence.reading_lists._page import date_text, html_page
from jtd_evidence.reading_lists.writers import DOCUMENT_FORMATS

__all__ = ["LIST_TITLES", "SITE_TITLE", "Document", "index_html", "index_md"]

SITE_TITLE = "Joining the Dots reading lists"
WHOLE_BASE = ("bibliography", "all")
"""The lists of the whole base, in index order: every work once, then by principle and statement."""

LIST_TITLES: dict[str, str] = {
    "bibliography": WORKS_TITLE,
    "all": "Joining the Dots: the evidence",
    **{p.id: f"{p.id} {p.name}" for p in PRINCIPLES},
    **{s.id: f"{s.id} {s.name}" for s in STATEMENTS},
}
"""The title of each list a build makes, by its file name (``all``, a principle or statement id)."""

_LABELS = {
    "bibliography": "Every work once, A to Z (bibliography)",
    "all": "Every work under its principles and statements",
}
FORMAT_LABELS = {extension: f.label for extension, f in DOCUMENT_FORMATS.items()}


@dataclass(frozen=True)
class Document:
    """One list in one style and locale, as the index shows it: its formats' relative paths."""

    folder: str
    style: str
    locale: str
    list_id: str
    links: tuple[tuple[str, str], ...]
    """(format, path relative to the site) in format order."""

    @property
    def title(self) -> str:
        return LIST_TITLES[self.list_id]


def _by_folder(documents: Sequence[Document]) -> Iterator[tuple[Document, dict[str, Document]]]:
    """Each folder's first document and its documents by list id, in the order given."""
    folders: dict[str, dict[str, Document]] = {}
    for document in documents:
        folders.setdefault(document.folder, {})[document.list_id] = document
    for lists in folders.values():
        yield next(iter(lists.values())), lists


def _rows(lists: Mapping[str, Document]) -> Iterator[tuple[int, str, Document | None]]:
    """(depth, list id, document or None) in index order; a principle is shown (without
    links) when only some of its statements' documents are there."""
    for list_id in WHOLE_BASE:
        if list_id in lists:
            yield 0, list_id, lists[list_id]
    for p in PRINCIPLES:
        statements = [s.id for s in STATEMENTS if s.principle_id == p.id and s.id in lists]
        if p.id in lists or statements:
            yield 1, p.id, lists.get(p.id)
        for sid in statements:
            yield 2, sid, lists[sid]


def _works(count: int | None) -> str:
    if count is None:
        return ""
    return f"{count} work" if count == 1 else f"{count} works"


def index_html(documents: Sequence[Document], counts: Mapping[str, int], built: date, works: int) -> str:
    """The index page; ``counts`` is the number of works per list id, ``works`` in the base."""
    body = [
        "<p>The evidence behind each principle and practice statement of <i>Joining the Dots</i>, "
        "as reference lists ready for reports.</p>",
        f'<p class="meta">{_works(works)} in the evidence base. Built '
        f'<time datetime="{built.isoformat()}">{date_text(built)}</time>. '
        'How well each statement is covered: <a href="coverage.html">evidence coverage</a>.</p>',
    ]
    for first, lists in _by_folder(documents):
        body += [
            f'<section aria-labelledby="{first.folder}">',
            f'<h2 id="{first.folder}">{html.escape(style_label(first.style, first.locale))}</h2>',
        ]
        open_list = False
        for depth, list_id, document in _rows(lists):
            if depth == 1:
                if open_list:
                    body.append("</ul>")
                heading = html.escape(LIST_TITLES[list_id])
                anchor = f"{first.folder}-{list_id.lower()}"
                count = f' <span class="count">({_works(counts.get(list_id))})</span>'
                links = f"<p>{_html_links(document)}</p>" if document else ""
                body += [f'<h3 id="{anchor}">{heading}{count}</h3>', links, '<ul class="lists">']
                open_list = True
                continue
            if not open_list:
                body.append('<ul class="lists">')
                open_list = True
            label = html.escape(_LABELS.get(list_id, LIST_TITLES[list_id]))
            assert document is not None
            body.append(
                f'<li>{label} <span class="count">({_works(counts.get(list_id))})</span>: '
                f"{_html_links(document)}</li>"
            )
        if open_list:
            body.append("</ul>")
        body.append("</section>")
    return html_page(
        SITE_TITLE, SITE_TITLE, [line for line in body if line], root=".", current="index.html", built=built
    )


def _html_links(document: Document | None) -> str:
    if document is None:
        return ""
    return " · ".join(f'<a href="{path}">{FORMAT_LABELS[fmt]}</a>' for fmt, path in document.links)


def index_md(documents: Sequence[Document], counts: Mapping[str, int], built: date, works: int) -> str:
    """The index in Markdown, nested as the HTML one."""
    lines = [
        f"# {SITE_TITLE}",
        "",
        f"{_works(works)} in the evidence base. Built {date_text(built)}. "
        "How well each statement is covered: [evidence coverage](coverage.html).",
    ]
    for first, lists in _by_folder(documents):
        lines += ["", f"## {style_label(first.style, first.locale)}", ""]
        for depth, list_id, document in _rows(lists):
            count = f" ({_works(counts.get(list_id))})"
            links = (
                " · ".join(f"[{FORMAT_LABELS[fmt]}]({path})" for fmt, path in document.links)
                if document
                else ""
            )
            if depth == 1:
                lines += ["", f"### {LIST_TITLES[list_id]}{count}", ""]
                if links:
                    lines += [links, ""]
                continue
            label = _LABELS.get(list_id, LIST_TITLES[list_id])
            lines.append(f"- {label}{count}: {links}")
    text = "\n".join(lines)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.rstrip() + "\n"
