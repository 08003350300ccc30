"""The learned reader: the CRF labels the tokens, the grammar's stages read each field.

The model ships in the package (``jtd_evidence/data/parser.crfsuite``, built by
``scripts/train_parser.py``) and is loaded on first use. :func:`read_learned` gives the
entry, what could not be read, and how sure the model is of each field (the lowest
confidence among the field's tokens), so that a person checks the least certain first.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from jtd_evidence.exceptions import ReferenceParseError
from jtd_evidence.models import Entry
from jtd_evidence.parsing.fields import read_spans
from jtd_evidence.parsing.labels import Label, LabelledReference
from jtd_evidence.parsing.markup import MARKERS as _MARKERS
from jtd_evidence.parsing.markup import plain_links, reference_text
from jtd_evidence.parsing.model import Labeller, Labelling
from jtd_evidence.parsing.problems import NO_YEAR, Unread, kinds
from jtd_evidence.parsing.reference import ReferenceReading
from jtd_evidence.parsing.relabel import relabel

_A_YEAR = re.compile(r"(?<![\w.])(?:1[5-9]|20)\d\d(?!\w)")

__all__ = ["MODEL", "LearnedReading", "parse_learned", "read_learned", "read_learned_many"]

MODEL = Path(str(resources.files("jtd_evidence") / "data" / "parser.crfsuite"))
"""Where the shipped model is."""


@dataclass
class LearnedReading:
    """An entry, the notes on what could not be read, the model's confidence per field, and
    the reference as the model labelled it (its text with Markdown links written out)."""

    entry: Entry
    notes: list[str] = field(default_factory=list)
    confidence: dict[Label, float] = field(default_factory=dict)
    labelled: LabelledReference | None = None
    untidy: list[str] = field(default_factory=list)  # read, but untidy in the source

    @property
    def weakest(self) -> float:
        """The confidence of the least certain field (1.0 when no field was found)."""
        return min(self.confidence.values(), default=1.0)

    @property
    def unread(self) -> bool:
        """Whether the model left the title or the year unread (a date it labelled but that
        holds no year, other than 'n.d.', counts as unread; so does no date at all, unless
        every year written in the reference is inside its title or address: ``Equality Act
        2010``, an Act named with its year, has no date of its own)."""
        if Unread.TITLE in kinds(self.notes):
            return True
        if self.entry.year is not None:
            return False
        if Label.DATE not in self.confidence:
            return not self._years_in_title()
        return Unread.DATE_WITHOUT_YEAR in kinds(self.notes)

    def _years_in_title(self) -> bool:
        if self.labelled is None:
            return False
        text = self.labelled.text
        inside = [s for s in self.labelled.spans if s.label in (Label.TITLE, Label.URL, Label.DOI)]
        years = [m.start() for m in _A_YEAR.finditer(text)]
        return bool(years) and all(any(s.start <= y < s.end for s in inside) for y in years)

    def reading(self) -> ReferenceReading:
        """The same, as the grammar's reader reports it: notes on what could not be read are
        problems; a reference with no year is one too."""
        problems = list(self.notes)
        if self.entry.year is None and Label.DATE not in self.confidence:
            problems.append(NO_YEAR)
        confidence = {label.value: round(sure, 3) for label, sure in self.confidence.items()}
        return ReferenceReading(self.entry, problems, list(self.untidy), confidence)


@functools.lru_cache(maxsize=4)
def _labeller(path: Path) -> Labeller:
    return Labeller(path)


def read_learned(text: str, model: Path | None = None) -> LearnedReading:
    """Read one reference with the learned model."""
    raw, seen = _as_seen(text)
    return _reading(raw, _labeller(model or MODEL).label(seen))


def read_learned_many(
    texts: Sequence[str], model: Path | None = None
) -> list[LearnedReading | ReferenceParseError]:
    """:func:`read_learned` of each text (or the error saying it is no reference), labelled
    all at once: quicker for many texts, the same readings."""
    seen: list[tuple[str, str] | ReferenceParseError] = []
    for text in texts:
        try:
            seen.append(_as_seen(text))
        except ReferenceParseError as error:
            seen.append(error)
    labelled = iter(
        _labeller(model or MODEL).label_many([s[1] for s in seen if not isinstance(s, ReferenceParseError)])
    )
    return [s if isinstance(s, ReferenceParseError) else _reading(s[0], next(labelled)) for s in seen]


def _as_seen(text: str) -> tuple[str, str]:
    """The reference's text as given (bullet and Markdown wrapping off) and as the model sees it."""
    raw = reference_text(text)
    return raw, " ".join(plain_links(raw).translate(_MARKERS).split())  # the grammar's private marks are text


def _reading(raw: str, labelling: Labelling) -> LearnedReading:
    labelled = relabel(labelling.reference())
    entry, problems, untidy = read_spans(labelled)
    if entry.source != raw:  # the text as given, not as the model saw it
        entry = entry.model_copy(update={"source": raw})
    return LearnedReading(entry, problems, labelling.field_confidence(), labelled, untidy)


def parse_learned(text: str) -> Entry:
    """The entry the learned model reads from ``text``."""
    return read_learned(text).entry
