"""Labelled references as one label per character, and back.

>>> from jtd_evidence.parsing.labels import parse_tagged, format_tagged
>>> ref = parse_tagged("<author>Yeo, A.</author> (<date>2021</date>).")
>>> format_tagged(from_labels(*char_labels(ref))) == format_tagged(ref)
True
"""

from __future__ import annotations

from collections.abc import Sequence

from jtd_evidence.parsing.labels import Label, LabelledReference, Span

__all__ = ["char_labels", "from_labels", "spans_from_labels"]


_LEAD = frozenset(" \t,;:")
_TRAIL = frozenset(" \t,;")
_NAMES = (Label.AUTHOR, Label.EDITOR)
_OPENER = {")": "(", "]": "["}
_CLOSER = {"(": ")", "[": "]"}
_CLOSERS = frozenset(_OPENER)
_JOINS = ("and ", "& ")


def spans_from_labels(text: str, labels: Sequence[Label]) -> tuple[Span, ...]:
    """Maximal runs of one label (other excluded), without spaces, commas and semicolons at their
    ends (and no "and" starting a list of names): what a field's text is."""
    spans: list[Span] = []
    i, n = 0, len(text)
    while i < n:
        label = labels[i]
        j = i
        while j < n and labels[j] is label:
            j += 1
        if label is not Label.OTHER:
            start, end = i, j
            while start < end and (
                text[start] in _LEAD or (label in _NAMES and text.startswith(_JOINS, start))
            ):
                start += 1 if text[start] in _LEAD else text.index(" ", start) + 1 - start
            while end > start and text[end - 1] in _TRAIL:
                end -= 1
            while end > start and text[end - 1] in _CLOSERS and _OPENER[text[end - 1]] not in text[start:end]:
                end -= 1  # a bracket closing nothing in the field ("1973, April)") is not the field's
            while (
                end > start
                and text[start] in _OPENER.values()
                and _CLOSER[text[start]] not in text[start:end]
            ):
                start += 1
            if end > start:
                spans.append(Span(label, start, end))
        i = j
    return tuple(spans)


def char_labels(reference: LabelledReference) -> tuple[str, list[Label]]:
    """The reference's text and each character's label (other outside spans)."""
    labels = [Label.OTHER] * len(reference.text)
    for span in reference.spans:
        labels[span.start : span.end] = [span.label] * (span.end - span.start)
    return reference.text, labels


def from_labels(text: str, labels: Sequence[Label]) -> LabelledReference:
    """The labelled reference whose characters have ``labels``."""
    return LabelledReference(text, spans_from_labels(text, labels))
