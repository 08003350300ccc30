"""Corrections of where the model's fields start and end, and of what a field is by the words
right before it, made after :func:`jtd_evidence.parsing.relabel.relabel`'s corrections, one ordered
table of rules (``_RULES``) kept in three modules by what they correct: who wrote and who issued the
work (:mod:`~jtd_evidence.parsing.relabel_names`), where and when it was found
(:mod:`~jtd_evidence.parsing.relabel_sites`), and where its title starts and ends
(:mod:`~jtd_evidence.parsing.relabel_titles`); each module's list says what its rules do.

>>> from jtd_evidence.parsing.labels import format_tagged, parse_tagged
>>> format_tagged(relabel_edges(parse_tagged(
...     "<author>24 Office for National Statistics</author>. <date>2025</date>. '<title>NEET</title>.' "
...     "<container-title>As of</container-title> <date>16 June 2026</date>: <url>https://ons.gov.uk</url>")))
"24 <author>Office for National Statistics</author>. <date>2025</date>. '<title>NEET</title>.' As of \
<accessed>16 June 2026</accessed>: <url>https://ons.gov.uk</url>"
>>> format_tagged(relabel_edges(parse_tagged(
...     "<author>W3C</author>. <title>Web Content Accessibility Guidelines 2</title>.1. <place>London</place>: "
...     "<container-title>HMSO</container-title>.")))
'<author>W3C</author>. <title>Web Content Accessibility Guidelines 2.1</title>. <place>London</place>: \
<publisher>HMSO</publisher>.'
"""

from __future__ import annotations

from collections.abc import Callable

from jtd_evidence.parsing.labels import LabelledReference, Span
from jtd_evidence.parsing.relabel_names import (
    author_again_is_publisher,
    body_and_acronym_first,
    body_before_dash,
    bracket_of_author,
    list_number,
    place_before_publisher,
    title_then_title,
)
from jtd_evidence.parsing.relabel_sites import (
    access_date,
    backref_unlabelled,
    bracketed_access_date,
    publisher_after_place,
    site_after_title,
    site_named_first,
    site_with_commas,
)
from jtd_evidence.parsing.relabel_titles import (
    act_with_its_year,
    date_after_title,
    subtitle_after_colon,
    title_broken_at_bracket,
    title_through_small_word,
    title_words_before_marker,
    title_words_run_on,
    whole_numbers,
)

__all__ = ["relabel_edges"]


def relabel_edges(reference: LabelledReference) -> LabelledReference:
    """``reference`` with the corrections of ``_RULES`` made to its spans."""
    text = reference.text
    spans = list(reference.spans)
    for rule in _RULES:
        spans = rule(text, spans)
    if spans == list(reference.spans):
        return reference
    return LabelledReference(text, tuple(spans))


_Rule = Callable[[str, list[Span]], list[Span]]
_RULES: tuple[_Rule, ...] = (
    list_number,
    whole_numbers,
    bracket_of_author,
    title_then_title,
    backref_unlabelled,
    bracketed_access_date,
    access_date,
    site_named_first,
    publisher_after_place,
    date_after_title,
    body_before_dash,
    body_and_acronym_first,
    site_with_commas,
    site_after_title,
    title_broken_at_bracket,
    act_with_its_year,
    title_words_run_on,
    title_through_small_word,
    subtitle_after_colon,
    title_words_before_marker,
    author_again_is_publisher,
    place_before_publisher,
)
"""The corrections, in the order they are made (each rule's module says what it does)."""
