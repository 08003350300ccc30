"""The BibTeX store: entries to and from .bib files, their citation keys, and changes to someone's
own .bib that keep every byte they do not need to change (:func:`rewrite_bib`).

>>> from jtd_evidence.models import Entry, Person
>>> entries = assign_keys([Entry(type="report", title="Annual Report", year=2021,
...                              authors=(Person(literal="Ofsted"),))])
>>> loads_bib(dumps_bib(entries)) == entries
True
"""

from __future__ import annotations

from jtd_evidence.store.edit import read_bib_text, rewrite_bib
from jtd_evidence.store.keys import assign_keys, base_key
from jtd_evidence.store.reader import BibReading, FailedBlock, loads_bib, parse_bib, parse_bib_file, read_bib
from jtd_evidence.store.writer import dumps_bib, write_bib

__all__ = [
    "BibReading",
    "FailedBlock",
    "assign_keys",
    "base_key",
    "dumps_bib",
    "loads_bib",
    "parse_bib",
    "parse_bib_file",
    "read_bib",
    "read_bib_text",
    "rewrite_bib",
    "write_bib",
]
