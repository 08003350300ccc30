"""Cite while you write: pandoc-style citations in a Word or Markdown document replaced by
formatted citations, and the reference list of the works cited added.

    jtd-evidence cite-doc report.docx -o cited.docx --style apa
    jtd-evidence cite-doc notes.md -o notes.html --style harvard

:func:`cite_document` reads ``[@key]``, ``[@key, p. 12]``, ``[see @a; @b, ch. 3]``, ``[-@key]``
and ``@key`` (in the text, optionally ``@key [p. 4]``), as pandoc reads them (:mod:`.syntax`),
in the body, tables and footnotes of a .docx (:mod:`.word`) or in a Markdown file
(:mod:`.markdown`), written as Word, Markdown or HTML. The cited works are the document's bibliography: year letters (2021a) and
added initials tell apart the works it cites, as Zotero and pandoc do; with
``consistent_across_base`` they are those of the whole evidence base. The reference list goes
where a paragraph reads ``{bibliography}``, else at the end under "References". An unknown key
raises :class:`UnknownCitationKeysError` naming the closest known keys, and nothing is written;
the output is written atomically.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from jtd_evidence.base import EvidenceBase
from jtd_evidence.citing.syntax import Citation, find_citations
from jtd_evidence.exceptions import CiteError, JTDError
from jtd_evidence.formatting import format_citations, render
from jtd_evidence.formatting.pool import closest_keys

__all__ = [
    "IN_FORMATS",
    "OUT_FORMATS",
    "CiteJob",
    "CitedWorks",
    "UnknownCitationKeysError",
    "cite_document",
    "find_citations",
    "format_found",
]

IN_FORMATS = ("docx", "md")
OUT_FORMATS = {"docx": ("docx", "md", "html"), "md": ("md", "docx", "html")}
"""Output formats by input format."""
PLACEHOLDER = "{bibliography}"


@dataclass(frozen=True)
class CiteJob:
    """One document to cite into: the document read, the one written, and how its citations
    are formatted (the Word and Markdown readers both take it)."""

    source: Path
    target: Path
    base: EvidenceBase
    style: str
    locale: str
    consistent_across_base: bool = False


class UnknownCitationKeysError(JTDError):
    """Citations name keys that are not in the evidence base."""

    def __init__(self, unknown: dict[str, list[str]], where: str) -> None:
        self.unknown = unknown
        lines = [f"{where}: {len(unknown)} cited key(s) not in the evidence base; nothing was written:"]
        for key, closest in unknown.items():
            lines.append(
                f"  @{key}" + (f" (closest: {', '.join(closest)})" if closest else " (no close key)")
            )
        lines.append("Correct the keys in the document, or give the .bib that holds them with --bib.")
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class CitedWorks:
    """Each citation formatted (HTML, in document order) and the reference list (HTML entries)."""

    citations: list[str]
    bibliography: list[str]


def format_found(
    found: Sequence[Citation],
    base: EvidenceBase,
    style: str,
    locale: str,
    *,
    consistent_across_base: bool = False,
    where: str = "document",
) -> CitedWorks:
    """Format the citations found in a document, in order, and the reference list of the works
    they cite; raises :class:`UnknownCitationKeysError` when a key is not in ``base``."""
    keys = list(dict.fromkeys(cite.key for citation in found for cite in citation.cites))
    known = [str(entry.key) for entry in base.entries]
    unknown = {key: closest_keys(key, known) for key in keys if key not in base}
    if unknown:
        raise UnknownCitationKeysError(unknown, where)
    cited = [base.get(key) for key in keys]
    context = list(base.entries) if consistent_across_base else cited
    texts = format_citations(
        [list(citation.cites) for citation in found],
        style,
        locale,
        context=context,
        output="html",
        modes=[citation.mode for citation in found],
        links=True,  # live links in the document
    )
    wanted = set(keys)
    bibliography = [
        entry.html for entry in render(context, style, locale, links=True).entries if entry.id in wanted
    ]
    return CitedWorks(texts, bibliography)


def cite_document(
    source: str | os.PathLike[str],
    target: str | os.PathLike[str],
    base: EvidenceBase,
    style: str = "harvard",
    locale: str = "en-GB",
    *,
    consistent_across_base: bool = False,
) -> int:
    """Write ``source`` (.docx or .md) with its citations formatted to ``target`` (.docx, .md or
    .html by its extension); returns how many citations were formatted."""
    src, dst = Path(source), Path(target)
    kind, out = src.suffix.lower().lstrip("."), dst.suffix.lower().lstrip(".")
    if kind not in OUT_FORMATS:
        raise CiteError(
            f"{src}: cite-doc reads Word (.docx) or Markdown (.md) documents, not {src.suffix or 'this'}"
        )
    if out not in OUT_FORMATS[kind]:
        raise CiteError(
            f"{dst}: a .{kind} document can be written as {', '.join('.' + f for f in OUT_FORMATS[kind])}; "
            "give -o a name with one of these extensions"
        )
    if src.resolve() == dst.resolve():
        raise CiteError(f"{dst}: cite-doc does not overwrite the document it reads; give -o another name")
    job = CiteJob(src, dst, base, style, locale, consistent_across_base)
    if kind == "docx":
        from jtd_evidence.citing.word import cite_word

        return cite_word(job)
    from jtd_evidence.citing.markdown import cite_markdown

    return cite_markdown(job)
