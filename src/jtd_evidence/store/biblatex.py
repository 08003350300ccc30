"""The BibLaTeX dialect: the same entries with biblatex's types and field names.

Applied to the BibTeX blocks the writer builds: ``@techreport`` becomes ``@report``,
``@phdthesis``/``@mastersthesis`` become ``@thesis``, ``journal`` becomes
``journaltitle``, ``address`` becomes ``location``, ``school`` becomes ``institution``,
and ``year`` (+ ``date``) becomes one ``date``. The reader understands both dialects.
"""

from __future__ import annotations

from bibtexparser import model as bib

__all__ = ["to_biblatex"]

_TYPES = {"techreport": "report", "phdthesis": "thesis", "mastersthesis": "thesis"}
_FIELDS = {"journal": "journaltitle", "address": "location", "school": "institution"}


def to_biblatex(block: bib.Entry) -> bib.Entry:
    """A copy of a written BibTeX entry block in biblatex's vocabulary."""
    fields = {f.key: f.value for f in block.fields}
    renamed: list[bib.Field] = []
    for field in block.fields:
        if field.key == "year":
            renamed.append(bib.Field("date", fields.get("date") or field.value))
        elif field.key == "date":
            continue
        else:
            renamed.append(bib.Field(_FIELDS.get(field.key, field.key), field.value))
    return bib.Entry(entry_type=_TYPES.get(block.entry_type, block.entry_type), key=block.key, fields=renamed)
