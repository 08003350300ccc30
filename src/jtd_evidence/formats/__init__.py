"""Reading and writing the exchange formats of reference managers: BibTeX, BibLaTeX, CSL-JSON, RIS.

BibLaTeX is read as BibTeX (the reader knows both vocabularies) and written with ``dumps(..., "biblatex")``.

:func:`detect_format` names the format of a text; :func:`read_entries` reads any of
them (or free-text references) and says which format it found when asked for another.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from jtd_evidence.exceptions import FormatError
from jtd_evidence.formats.csl_json import dumps_csl_json, loads_csl_json
from jtd_evidence.formats.ris import dumps_ris, loads_ris
from jtd_evidence.models import Entry
from jtd_evidence.store import dumps_bib, loads_bib

__all__ = [
    "FORMATS",
    "detect_format",
    "dumps",
    "dumps_csl_json",
    "dumps_ris",
    "loads",
    "loads_csl_json",
    "loads_ris",
]

FORMATS = ("bibtex", "csl-json", "ris", "text")
_LABELS = {"bibtex": "BibTeX", "csl-json": "CSL-JSON", "ris": "RIS", "text": "free-text references"}
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
            f"{source} looks like {_LABELS[detected]}, not {_LABELS[wanted]}: "
            f"use --format {detected} (or --format auto)"
        )
    readers: dict[str, Callable[[str, str], list[Entry]]] = {
        "bibtex": loads_bib,
        "csl-json": loads_csl_json,
        "ris": loads_ris,
    }
    if wanted == "text":
        raise FormatError(f"{source} holds free-text references: parse them with parse_evidence_list")
    return readers[wanted](text, source)


def dumps(entries: list[Entry], format: str) -> str:
    """``entries`` written in ``format`` ('bibtex', 'biblatex', 'csl-json' or 'ris')."""
    writers: dict[str, Callable[[list[Entry]], str]] = {
        "bibtex": dumps_bib,
        "biblatex": lambda entries: dumps_bib(entries, dialect="biblatex"),
        "csl-json": dumps_csl_json,
        "ris": dumps_ris,
    }
    if format not in writers:
        raise FormatError(f"cannot write {format!r}; choose one of: {', '.join(writers)}")
    return writers[format](entries)
