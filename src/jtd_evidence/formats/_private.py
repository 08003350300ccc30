"""What CSL-JSON and RIS have no place for, packed so an export reads back as the same entries.

The et-al marker, the raw source text and extra BibTeX fields travel as one small dict
(``custom.jtd`` in CSL-JSON, a ``C8  - jtd:{...}`` line in RIS).
"""

from __future__ import annotations

from typing import Any

from jtd_evidence.models import Entry


def pack(entry: Entry) -> dict[str, Any]:
    """The entry's data that the exchange format cannot hold (empty when there is none)."""
    private: dict[str, Any] = {}
    if entry.authors_et_al:
        private["et_al"] = True
    if entry.source:
        private["source"] = entry.source
    if entry.extra_fields:
        private["extra_fields"] = [list(pair) for pair in entry.extra_fields]
    return private


def unpack(private: dict[str, Any], data: dict[str, Any], extra: dict[str, str]) -> None:
    """Put packed data back into the fields being built (``data``) and the extra fields (``extra``)."""
    data["authors_et_al"] = bool(private.get("et_al", False))
    if private.get("source"):
        data["source"] = private["source"]
    if "extra_fields" in private:
        extra.clear()
        extra.update(dict(private["extra_fields"]))
