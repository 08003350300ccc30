"""The BibLaTeX dialect: the same entries with biblatex's types and field names, in biblatex's
default data model only, so that ``biber --validate-datamodel`` has nothing to say.

Applied to the BibTeX blocks the writer builds: ``@techreport`` becomes ``@report``,
``@phdthesis``/``@mastersthesis`` become ``@thesis`` (each with the ``type`` biblatex requires:
the genre, or ``Report``/``phdthesis``/``mathesis`` when there is none), ``journal`` becomes
``journaltitle``, ``address`` becomes ``location``, ``school`` becomes ``institution``, and
``year`` (+ ``date``) becomes one ``date``. The project's own fields go into standard ones:
statement ids are already the first ``keywords``, so ``jtd-statements`` is dropped; the source
text goes into ``annotation``, which standard styles do not print (biblatex's ``reading`` style
does), or is left out.

The reader understands both dialects. What reads back differently from the BibTeX dialect is
said by :func:`as_read`: ``annotation`` is read as an extra field, not as the source text (a
reference manager's notes are not the evidence list's wording), and a ``type`` that only says
what the entry type already says is no genre.

    >>> block = bib.Entry("techreport", "k", [bib.Field("title", "T"), bib.Field("year", "2020")])
    >>> [(f.key, f.value) for f in to_biblatex(block).fields]
    [('title', 'T'), ('date', '2020'), ('type', 'Report')]
"""

from __future__ import annotations

from bibtexparser import model as bib

from jtd_evidence.exceptions import EntryValidationError
from jtd_evidence.models import Entry
from jtd_evidence.store.fields import FIELD_ORDER

__all__ = ["SOURCE_FIELD", "as_read", "read_genre", "to_biblatex"]

_TYPES: dict[str, tuple[str, str | None]] = {
    "techreport": ("report", "Report"),
    "phdthesis": ("thesis", "phdthesis"),
    "mastersthesis": ("thesis", "mathesis"),
}
"""BibTeX type -> (biblatex type, the ``type`` it implies: added when the block has none)."""

_FIELDS = {"journal": "journaltitle", "address": "location", "school": "institution"}

SOURCE_FIELD = "annotation"
"""The standard biblatex field that carries the source text."""

_DROPPED = frozenset({"jtd-statements"})  # the statement ids are the first keywords already

_GENRES: dict[tuple[str, str | None], str | None] = {
    ("report", "Report"): None,
    ("thesis", "phdthesis"): None,
    ("thesis", "mathesis"): "Master's thesis",
    ("mastersthesis", None): "Master's thesis",
}
"""(entry type, decoded ``type`` value) -> the genre it stands for, where that is not the value itself."""

_TYPE_RANK = FIELD_ORDER.index("type")


def read_genre(bibtype: str, value: str | None) -> str | None:
    """The genre of an entry of type ``bibtype`` (either dialect) whose ``type`` field reads ``value``.

    >>> read_genre("report", "Report"), read_genre("report", "Evaluation report")
    (None, 'Evaluation report')
    """
    key = (bibtype.lower(), value)
    return _GENRES.get(key, value)


def _rank(name: str) -> int:
    return FIELD_ORDER.index(name) if name in FIELD_ORDER else len(FIELD_ORDER)


def to_biblatex(block: bib.Entry) -> bib.Entry:
    """A copy of a written BibTeX entry block in biblatex's vocabulary (see the module's text)."""
    bibtype, implied = _TYPES.get(block.entry_type, (block.entry_type, None))
    values = {f.key: f.value for f in block.fields}
    if "jtd-source" in values and SOURCE_FIELD in values:
        raise EntryValidationError(
            block.key,
            [
                (
                    SOURCE_FIELD,
                    f"this entry has its own {SOURCE_FIELD} field, where the BibLaTeX export puts "
                    "the source text: export without the source text (--no-source)",
                )
            ],
        )
    renamed: list[bib.Field] = []
    for field in block.fields:
        if implied is not None and "type" not in values and _rank(field.key) > _TYPE_RANK:
            renamed.append(bib.Field("type", implied))
            implied = None
        if field.key == "year":
            renamed.append(bib.Field("date", values.get("date") or field.value))
        elif field.key == "jtd-source":
            renamed.append(bib.Field(SOURCE_FIELD, field.value))
        elif field.key not in _DROPPED and field.key != "date":
            renamed.append(bib.Field(_FIELDS.get(field.key, field.key), field.value))
    if implied is not None and "type" not in values:
        renamed.append(bib.Field("type", implied))
    return bib.Entry(entry_type=bibtype, key=block.key, fields=renamed)


def as_read(entry: Entry, block: bib.Entry) -> Entry:
    """``entry`` as its BibLaTeX ``block`` (made by :func:`to_biblatex`) reads back: the source
    text as an ``annotation`` extra field, the genre as :func:`read_genre` gives it."""
    update: dict[str, object] = {"genre": read_genre(block.entry_type, entry.genre)}
    if entry.source is not None:
        value = next(f.value for f in block.fields if f.key == SOURCE_FIELD)
        update["source"] = None
        update["extra_fields"] = tuple(sorted((*entry.extra_fields, (SOURCE_FIELD, value))))
    return entry.model_copy(update=update)
