"""Cite into a Markdown document, written as Markdown, standalone HTML or Word.

Citations in code (fenced blocks, indented blocks, `inline code`) are left as they are. The
citations go in as Markdown (``*italics*``, links), so that the HTML and Word outputs format
them as the rest of the text; the reference list goes in as each output writes references
(HTML: a hanging indent and live links; Word: hanging indent, italics, clickable links).
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from jtd_evidence._atomic import atomic_write_bytes
from jtd_evidence.base import EvidenceBase
from jtd_evidence.citing import PLACEHOLDER, CiteJob, format_found
from jtd_evidence.citing.syntax import Citation, find_citations
from jtd_evidence.exceptions import InputError
from jtd_evidence.formatting import convert

__all__ = ["cite_markdown", "cited_markdown", "write_cited"]

_CODE = re.compile(r"^(```|~~~)[^\n]*\n.*?^\1[ \t]*$|`[^`\n]+`|^(?: {4}|\t)[^\n]*$", re.M | re.S)
_PLACEHOLDER_LINE = re.compile(rf"^[ \t]*{re.escape(PLACEHOLDER)}[ \t]*$", re.M)
_TOKEN = "JTDBIBLIOGRAPHYHERE"
_CSS = """body { max-width: 42em; margin: 2em auto; padding: 0 1em; font-family: Georgia, serif; line-height: 1.5; }
div.references p { padding-left: 2em; text-indent: -2em; margin: 0 0 0.75em; }"""


def _citations(text: str) -> list[Citation]:
    code = [match.span() for match in _CODE.finditer(text)]
    return [c for c in find_citations(text) if not any(start <= c.start < end for start, end in code)]


def cited_markdown(
    text: str,
    base: EvidenceBase,
    style: str,
    locale: str,
    *,
    consistent_across_base: bool = False,
    where: str = "",
) -> tuple[str, list[str], int]:
    """``text`` with its citations formatted (Markdown), the reference list (HTML entries) and
    the number of citations; the reference list is not yet placed (see :data:`PLACEHOLDER`)."""
    found = _citations(text)
    works = format_found(
        found, base, style, locale, consistent_across_base=consistent_across_base, where=where or "document"
    )
    pieces, position = [], 0
    for citation, formatted in zip(found, works.citations, strict=True):
        pieces += [text[position : citation.start], convert(formatted, "markdown")]
        position = citation.end
    pieces.append(text[position:])
    return "".join(pieces), works.bibliography, len(found)


def _place(text: str, block: str) -> str:
    """``block`` where the placeholder paragraph is, else at the end."""
    if _PLACEHOLDER_LINE.search(text):
        return _PLACEHOLDER_LINE.sub(lambda _m: block, text, count=1)
    return text.rstrip("\n") + "\n\n" + block + "\n"


def cite_markdown(job: CiteJob) -> int:
    """Write the Markdown document ``job.source`` with its citations formatted to ``job.target``
    (.md, .html, .docx)."""
    try:
        text = job.source.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(str(job.source), None, f"not UTF-8 text ({error}); save it as UTF-8") from error
    body, bibliography, count = cited_markdown(
        text,
        job.base,
        job.style,
        job.locale,
        consistent_across_base=job.consistent_across_base,
        where=str(job.source),
    )
    write_cited(job.target, body, bibliography, job.source.stem)
    return count


def write_cited(target: Path, body: str, bibliography: list[str], title: str) -> None:
    """Write a cited Markdown ``body`` and its reference list (HTML entries) to ``target``
    (.md, .html or .docx by its extension), atomically."""
    fmt = target.suffix.lower()
    if fmt == ".md":
        entries = "\n\n".join(convert(entry, "markdown") for entry in bibliography)
        heading = "" if _PLACEHOLDER_LINE.search(body) else "## References\n\n"
        data = _place(body, heading + entries).encode("utf-8")
    elif fmt == ".html":
        data = _html(body, bibliography, title).encode("utf-8")
    else:
        data = _docx(body, bibliography, title)
    atomic_write_bytes(target, data)


def _markdown_it() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable("table")


def _html(body: str, bibliography: list[str], title: str) -> str:
    placed = _PLACEHOLDER_LINE.search(body) is not None
    rendered = _markdown_it().render(_place(body, _TOKEN))
    entries = "\n".join(f"<p>{entry}</p>" for entry in bibliography)
    block = ("" if placed else "<h2>References</h2>\n") + f'<div class="references">\n{entries}\n</div>'
    rendered = rendered.replace(f"<p>{_TOKEN}</p>", block, 1)
    heading = re.search(r"<h1>(.*?)</h1>", rendered, re.S)
    name = re.sub(r"<[^>]+>", "", heading.group(1)) if heading else html.escape(title)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{name}</title>\n<style>\n{_CSS}\n</style>\n</head>\n<body>\n{rendered}</body>\n</html>\n"
    )


def _docx(body: str, bibliography: list[str], title: str) -> bytes:
    from jtd_evidence.citing.word import add_references, markdown_to_docx

    placed = _PLACEHOLDER_LINE.search(body) is not None
    document, anchor = markdown_to_docx(_markdown_it().parse(_place(body, _TOKEN)), _TOKEN, title)
    add_references(document, bibliography, anchor, heading=not placed)
    import io

    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()
