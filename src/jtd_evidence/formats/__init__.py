"""Reading and writing the exchange formats of reference managers: BibTeX, BibLaTeX, CSL-JSON, RIS.

BibLaTeX is read as BibTeX (the reader knows both vocabularies) and written with ``dumps(..., "biblatex")``.

:func:`detect_format` names the format of a text; :func:`read_entries` reads any of
them (or free-text references) and says which format it found when asked for another.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from jtd_evidence.exceptions import FormatError
from jtd_evidence.formats.csl_json import dumps_csl_json, loads_csl_json
from jtd_evidence.formats.ris import dumps_ris, loads_ris
from jtd_evidence.models import Entry
from jtd_evidence.store import dumps_bib, loads_bib

__all__ = [
    "EXPORT_FORMATS",
    "FORMATS",
    "detect_format",
    "dumps",
    "dumps_csl_json",
    "dumps_ris",
    "loads",
    "loads_csl_json",
    "loads_ris",
]


@dataclass(frozen=True)
class _Format:
    label: str
    detected: bool  # named by detect_format, given to loads
    read: Callable[[str, str], list[Entry]] | None = None  # (text, source) -> entries; None: not read here
    write: Callable[[list[Entry]], str] | None = None


_TABLE: dict[str, _Format] = {
    "bibtex": _Format("BibTeX", True, loads_bib, dumps_bib),
    "biblatex": _Format("BibLaTeX", False, None, lambda entries: dumps_bib(entries, dialect="biblatex")),
    "csl-json": _Format("CSL-JSON", True, loads_csl_json, dumps_csl_json),
    "ris": _Format("RIS", True, loads_ris, dumps_ris),
    "text": _Format("free-text references", True),  # parse_evidence_list reads it
}
"""Every exchange format, once: what it is called, whether it is read (BibLaTeX is read as
BibTeX) and written."""

FORMATS = tuple(name for name, fmt in _TABLE.items() if fmt.detected)
"""The formats of a text :func:`detect_format` tells apart and :func:`loads` may be asked for."""
EXPORT_FORMATS = tuple(name for name, fmt in _TABLE.items() if fmt.write is not None)
"""The formats :func:`dumps` writes."""
_BIBTEX = re.compile(r"^\s*@\s*[A-Za-z]+\s*[{(]", re.MULTILINE)
_JSON_START = re.compile(r"^(?:\{|\[\s*[{\]])")
_RIS = re.compile(r"^(?:\ufeff)?TY  - ", re.MULTILINE)


def detect_format(text: str) -> str:
    """'bibtex', 'csl-json', 'ris' or 'text' (free-text references)."""
    stripped = text.lstrip("\ufeff \t\r\n")
    if _JSON_START.match(stripped):
        return "csl-json"  # JSON (even broken JSON: its reader then says where); not '[1] Smith, J. ...'

    if _RIS.search(text):
        return "ris"
    if _BIBTEX.search(text):
        return "bibtex"
    return "text"


def loads(text: str, format: str = "auto", source: str = "<string>") -> list[Entry]:
    """Entries from ``text`` in ``format`` ('auto' detects it). Free text is not handled here:
    use :func:`jtd_evidence.parse_evidence_list` for it."""
    detected = detect_format(text)
    wanted = detected if format == "auto" else format
    if wanted not in FORMATS:
        raise FormatError(f"unknown format {format!r}; choose one of: auto, {', '.join(FORMATS)}")
    if format != "auto" and detected != wanted and not (wanted == "text"):
        raise FormatError(
            f"{source} looks like {_TABLE[detected].label}, not {_TABLE[wanted].label}: "
            f"use --format {detected} (or --format auto)"
        )
    read = _TABLE[wanted].read
    if read is None:
        raise FormatError(f"{source} holds free-text references: parse them with parse_evidence_list")
    return read(text, source)


def dumps(entries: list[Entry], format: str) -> str:
    """``entries`` written in ``format`` ('bibtex', 'biblatex', 'csl-json' or 'ris')."""
    write = _TABLE[format].write if format in _TABLE else None
    if write is None:
        raise FormatError(f"cannot write {format!r}; choose one of: {', '.join(EXPORT_FORMATS)}")
    return write(entries)
