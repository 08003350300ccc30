"""Cite into a Word document (python-docx and its XML), and Word documents from Markdown.

Word splits a paragraph's text into runs wherever the formatting, the spell checker or an
edit history says, so ``[@hurst2021place, p. 12]`` may be spread over several ``<w:t>``
elements. Each paragraph's text is read whole — body, tables (nested too), text boxes, and the
footnotes and endnotes parts — the citations are found in it, and each is written back into
the run where it starts, with that run's formatting (italic where the citation is italic, as
in a note style); the runs it covered keep only the text outside it.
"""

from __future__ import annotations

import copy
import html
import io
from collections.abc import Callable, Iterator
from typing import Any

from jtd_evidence._atomic import atomic_write_bytes
from jtd_evidence.citing import PLACEHOLDER, CiteJob, format_found
from jtd_evidence.citing.syntax import Citation, find_citations
from jtd_evidence.exceptions import InputError
from jtd_evidence.reading_lists.word import add_hyperlink, set_style, write_reference
from jtd_evidence.reading_lists.writers import Run, runs

__all__ = ["add_references", "cite_word", "docx_markdown", "markdown_to_docx"]

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NOTES = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes",
)


def _q(tag: str) -> str:
    return f"{{{_W}}}{tag}"


def _note_roots(document: Any) -> list[Any]:
    """The XML roots of the footnotes and endnotes parts (python-docx has no API for them)."""
    from lxml import etree

    roots = []
    for rel in document.part.rels.values():
        if rel.reltype in _NOTES and not rel.is_external:
            part = rel.target_part
            if not hasattr(part, "_jtd_root"):
                element = getattr(part, "_element", None)  # an XmlPart serialises its element
                part._jtd_root = element if element is not None else etree.fromstring(part.blob)
            roots.append(part)
    return roots


def _paragraphs(document: Any) -> Iterator[Any]:
    """Every ``<w:p>`` of the body (tables and text boxes included), then of the notes."""
    yield from document.element.body.iter(_q("p"))
    for part in _note_roots(document):
        yield from part._jtd_root.iter(_q("p"))


def _texts(paragraph: Any) -> list[Any]:
    """The paragraph's own ``<w:t>`` elements in order (not those of a nested text box's paragraphs)."""
    return [t for t in paragraph.iter(_q("t")) if _owner(t) is paragraph]


def _owner(element: Any) -> Any:
    parent = element.getparent()
    while parent is not None and parent.tag != _q("p"):
        parent = parent.getparent()
    return parent


def _found(document: Any) -> list[tuple[Any, Citation]]:
    out = []
    for paragraph in _paragraphs(document):
        nodes = _texts(paragraph)
        text = "".join(node.text or "" for node in nodes)
        if "@" in text:
            out += [(paragraph, citation) for citation in find_citations(text)]
    return out


def _locate(nodes: list[Any], offset: int) -> tuple[int, int]:
    """(node index, offset in it) of a character offset in the paragraph's text."""
    for index, node in enumerate(nodes):
        length = len(node.text or "")
        if offset < length:
            return index, offset
        offset -= length
    return len(nodes) - 1, len(nodes[-1].text or "")


def _new_run(like: Any, run: Run) -> Any:
    """A ``<w:r>`` with the formatting of ``like`` (a run) and ``run``'s text, italic and bold."""
    from docx.oxml import OxmlElement

    element = OxmlElement("w:r")
    props = like.find(_q("rPr"))
    props = copy.deepcopy(props) if props is not None else OxmlElement("w:rPr")
    for flag, on in (("i", run.italic), ("b", run.bold)):
        if on and props.find(_q(flag)) is None:
            props.append(OxmlElement(f"w:{flag}"))
    if len(props):
        element.append(props)
    text = OxmlElement("w:t")
    text.text = run.text
    text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    element.append(text)
    return element


def _replace(paragraph: Any, citation: Citation, formatted: str) -> None:
    """Put ``formatted`` (citation HTML) where ``citation`` is in the paragraph."""
    nodes = _texts(paragraph)
    first, start = _locate(nodes, citation.start)
    last, end = _locate(nodes, citation.end - 1)
    end += 1
    head = nodes[first]
    after = (head.text or "")[end:] if first == last else ""
    head_text = (head.text or "")[:start]
    if first != last:
        for node in nodes[first + 1 : last]:
            node.text = ""
        nodes[last].text = (nodes[last].text or "")[end:]
    head.text = head_text
    run = head.getparent()
    pieces = [piece for piece in runs(formatted) if piece.text]
    if after:
        pieces.append(Run(after))
    anchor = run
    for piece in pieces:
        added = _new_run(run, piece)
        anchor.addnext(added)
        anchor = added
    if not head_text:
        run.remove(head)


def cite_word(job: CiteJob) -> int:
    """Write the Word document ``job.source`` with its citations formatted and its reference list
    to ``job.target``."""
    source, target = job.source, job.target
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = Document(str(source))
    except (PackageNotFoundError, KeyError, ValueError) as error:
        raise InputError(
            str(source), None, f"not a Word document (.docx) that can be read ({error})"
        ) from error
    found = _found(document)
    works = format_found(
        [citation for _p, citation in found],
        job.base,
        job.style,
        job.locale,
        consistent_across_base=job.consistent_across_base,
        where=str(source),
    )
    for (paragraph, citation), formatted in reversed(list(zip(found, works.citations, strict=True))):
        _replace(paragraph, citation, formatted)  # last first: earlier offsets stay valid
    from lxml import etree

    for part in _note_roots(document):
        if getattr(part, "_element", None) is None:  # a plain part: its bytes are written as they are
            part._blob = etree.tostring(
                part._jtd_root, xml_declaration=True, encoding="UTF-8", standalone=True
            )
    if target.suffix.lower() != ".docx":  # as Markdown, then as the Markdown writers write it
        from jtd_evidence.citing.markdown import write_cited

        write_cited(target, docx_markdown(document), works.bibliography, source.stem)
        return len(found)
    placeholder = next((p for p in document.paragraphs if p.text.strip() == PLACEHOLDER), None)
    add_references(document, works.bibliography, placeholder, heading=placeholder is None)
    stream = io.BytesIO()
    document.save(stream)
    atomic_write_bytes(target, stream.getvalue())
    return len(found)


def add_references(document: Any, entries: list[str], anchor: Any | None, *, heading: bool) -> None:
    """The reference list (HTML entries) as paragraphs with a hanging indent and live links:
    in place of ``anchor`` (a paragraph), else at the end under a "References" heading. The
    document's "Bibliography" style is used where it has one."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import RGBColor

    names = {s.name for s in document.styles}
    if entries and "Hyperlink" not in names:  # Word's own link style, as Word adds it
        link = document.styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
        link.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
        link.font.underline = True
    style = document.styles["Bibliography"].style_id if "Bibliography" in names else None
    if entries and heading and anchor is None:
        document.add_heading("References", level=1)
    for entry in entries:
        paragraph = anchor.insert_paragraph_before() if anchor is not None else document.add_paragraph()
        write_reference(set_style(paragraph, style) if style else paragraph, entry)
    if anchor is not None:
        anchor._p.getparent().remove(anchor._p)


def markdown_to_docx(tokens: list[Any], marker: str, title: str) -> tuple[Any, Any | None]:
    """A Word document from markdown-it tokens: headings, paragraphs, lists, quotes, code and
    tables, with italics, bold and links; also the paragraph that holds only ``marker``."""
    from docx import Document

    document = Document()
    document.core_properties.title = title
    writer = _MarkdownWriter(document, marker)
    for token in tokens:
        handler = _TOKEN_HANDLERS.get(token.type)
        if handler is not None:
            handler(writer, token)
    return document, writer.anchor


class _MarkdownWriter:
    """A Word document being written from markdown-it tokens, one handler a token type (see
    :data:`_TOKEN_HANDLERS`), with what the open tokens say about the next paragraph."""

    def __init__(self, document: Any, marker: str) -> None:
        self.document = document
        self.marker = marker
        self.anchor: Any | None = None  # the paragraph that holds only the marker
        self.lists: list[str] = []  # the style of each open list, innermost last
        self.quote = 0  # how many block quotes are open
        self.table: list[list[list[Any]]] | None = None  # the rows of the open table
        self.row: list[list[Any]] = []
        self.pending_style: str | None = None  # a heading's, for its inline text

    def heading_open(self, token: Any) -> None:
        self.pending_style = f"Heading {min(int(token.tag[1]), 9)}"

    def list_open(self, token: Any) -> None:
        self.lists.append("List Bullet" if token.type == "bullet_list_open" else "List Number")

    def list_close(self, _token: Any) -> None:
        self.lists.pop()

    def quote_open(self, _token: Any) -> None:
        self.quote += 1

    def quote_close(self, _token: Any) -> None:
        self.quote -= 1

    def table_open(self, _token: Any) -> None:
        self.table = []

    def row_open(self, _token: Any) -> None:
        self.row = []

    def row_close(self, _token: Any) -> None:
        if self.table is not None:
            self.table.append(self.row)

    def table_close(self, _token: Any) -> None:
        if self.table is not None:
            _add_table(self.document, self.table)
            self.table = None

    def inline(self, token: Any) -> None:
        if self.table is not None:
            self.row.append(token.children or [])
            return
        if token.content.strip() == self.marker:
            self.anchor = self.document.add_paragraph()
            return
        style = self.pending_style or (self.lists[-1] if self.lists else ("Quote" if self.quote else None))
        paragraph = self.document.add_paragraph(style=style)
        _inline(paragraph, token.children or [])
        self.pending_style = None

    def code(self, token: Any) -> None:
        for line in token.content.rstrip("\n").split("\n"):
            self.document.add_paragraph().add_run(line).font.name = "Courier New"

    def rule(self, _token: Any) -> None:
        self.document.add_paragraph("\u2014" * 3)


_TOKEN_HANDLERS: dict[str, Callable[[_MarkdownWriter, Any], None]] = {
    "heading_open": _MarkdownWriter.heading_open,
    "bullet_list_open": _MarkdownWriter.list_open,
    "ordered_list_open": _MarkdownWriter.list_open,
    "bullet_list_close": _MarkdownWriter.list_close,
    "ordered_list_close": _MarkdownWriter.list_close,
    "blockquote_open": _MarkdownWriter.quote_open,
    "blockquote_close": _MarkdownWriter.quote_close,
    "table_open": _MarkdownWriter.table_open,
    "tr_open": _MarkdownWriter.row_open,
    "tr_close": _MarkdownWriter.row_close,
    "table_close": _MarkdownWriter.table_close,
    "inline": _MarkdownWriter.inline,
    "fence": _MarkdownWriter.code,
    "code_block": _MarkdownWriter.code,
    "hr": _MarkdownWriter.rule,
}
"""What each markdown-it token type does to the document; the others (paragraph and heading
closes, list items) change nothing."""


def _add_table(document: Any, rows: list[list[list[Any]]]) -> None:
    if not rows:
        return
    width = max(len(r) for r in rows)
    grid = document.add_table(rows=len(rows), cols=width)
    for r, cells in enumerate(rows):
        for c, children in enumerate(cells):
            paragraph = grid.cell(r, c).paragraphs[0]
            _inline(paragraph, children)


def _inline(paragraph: Any, children: list[Any]) -> None:
    italic = bold = False
    href: str | None = None
    for child in children:
        kind = child.type
        if kind == "em_open" or kind == "em_close":
            italic = kind == "em_open"
        elif kind == "strong_open" or kind == "strong_close":
            bold = kind == "strong_open"
        elif kind == "link_open":
            href = str(child.attrs.get("href"))
        elif kind == "link_close":
            href = None
        elif kind in ("text", "code_inline", "softbreak", "hardbreak"):
            text = " " if kind == "softbreak" else ("\n" if kind == "hardbreak" else child.content)
            if href:
                add_hyperlink(paragraph, Run(text, italic, bold, href))
            else:
                run = paragraph.add_run(text)
                run.italic = italic or None
                run.bold = bold or None
                if kind == "code_inline":
                    run.font.name = "Courier New"


def docx_markdown(document: Any) -> str:
    """The document as Markdown: headings, paragraphs, list items, quotes and tables with their
    italics, bold and links; footnotes and endnotes as a numbered list under "Notes"."""
    blocks = []
    for child in document.element.body.iterchildren():
        if child.tag == _q("p"):
            blocks.append(_markdown_paragraph(document, child))
        elif child.tag == _q("tbl"):
            blocks.append(_markdown_table(document, child))
    notes = [
        text
        for part in _note_roots(document)
        for note in part._jtd_root.iterchildren()
        if note.get(_q("type")) is None
        and (text := " ".join(_inline_markdown(document, p, part) for p in note.iter(_q("p"))).strip())
    ]
    if notes:
        blocks += ["## Notes", "\n".join(f"{i}. {text}" for i, text in enumerate(notes, 1))]
    return "\n\n".join(block for block in blocks if block.strip()) + "\n"


def _markdown_paragraph(document: Any, element: Any) -> str:
    from docx.text.paragraph import Paragraph

    text = _inline_markdown(document, element, document.part)
    style = Paragraph(element, document._body).style
    name = style.name if style is not None else ""
    if name.startswith("Heading ") and name[8:].isdigit() and text:
        return "#" * min(int(name[8:]), 6) + " " + text
    if name == "Title" and text:
        return "# " + text
    if name.startswith("List Number") and text:
        return "1. " + text
    if name.startswith("List") and text:
        return "- " + text
    if name in ("Quote", "Intense Quote") and text:
        return "> " + text
    return text


def _markdown_table(document: Any, element: Any) -> str:
    rows = []
    for row in element.iter(_q("tr")):
        cells = [
            " ".join(_inline_markdown(document, p, document.part) for p in cell.iter(_q("p"))).replace(
                "|", "\\|"
            )
            for cell in row.iterchildren(_q("tc"))
        ]
        rows.append("| " + " | ".join(cells) + " |")
    if not rows:
        return ""
    width = rows[0].count(" | ") + 1
    return "\n".join([rows[0], "|" + " --- |" * width, *rows[1:]])


def _inline_markdown(document: Any, element: Any, part: Any) -> str:
    """A paragraph's own runs as Markdown (through the HTML the formatting output reads)."""
    from jtd_evidence.formatting import convert

    pieces = []
    for run in element.iter(_q("r")):
        if _owner(run) is not element:
            continue
        text = "".join((child.text or "") if child.tag == _q("t") else " " for child in run.iter(*_RUN_TEXT))
        if not text:
            continue
        props = run.find(_q("rPr"))
        piece = html.escape(text, quote=False)
        if props is not None and props.find(_q("i")) is not None:
            piece = f"<i>{piece}</i>"
        if props is not None and props.find(_q("b")) is not None:
            piece = f"<b>{piece}</b>"
        link = run.getparent()
        if link.tag == _q("hyperlink") and link.get(_R_ID) in part.rels:
            target = part.rels[link.get(_R_ID)].target_ref
            piece = f'<a href="{html.escape(target)}">{piece}</a>'
        pieces.append(piece)
    return convert("".join(pieces), "markdown").strip()


_RUN_TEXT = (_q("t"), _q("tab"), _q("br"))
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
