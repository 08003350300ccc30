"""One cite of a work in a citation: a locator ("p. 12", "ch. 3"), a prefix or suffix, or the
author left out or shown alone, as a word processor plug-in (Zotero, Mendeley) sends them to
citeproc-js.

    >>> Cite("godar2021using", locator="3", label="chapter", prefix="see")
    Cite(key='godar2021using', locator='3', label='chapter', prefix='see', suffix=None, suppress_author=False, author_only=False)
    >>> Cite("godar2021using", label="pg")
    Traceback (most recent call last):
    ...
    jtd_evidence.exceptions.CiteError: unknown locator label 'pg'; closest: page, paragraph, part (see jtd_evidence.formatting.cites.LOCATOR_LABELS)

Affixes are spaced as citeproc-js spaces them: a prefix that ends in a letter, a digit or
punctuation gets a space after it, a suffix that starts with a letter or a bracket a space
before it (:func:`spaced_prefix`, :func:`spaced_suffix`).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from jtd_evidence.exceptions import CiteError

__all__ = ["LOCATOR_LABELS", "Cite", "citeproc_label", "opens_sentence", "spaced_prefix", "spaced_suffix"]

LOCATOR_LABELS = (
    "act",
    "appendix",
    "article-locator",
    "book",
    "canon",
    "chapter",
    "column",
    "elocation",
    "equation",
    "figure",
    "folio",
    "issue",
    "line",
    "note",
    "opus",
    "page",
    "paragraph",
    "part",
    "rule",
    "scene",
    "section",
    "sub-verbo",
    "supplement",
    "table",
    "timestamp",
    "title-locator",
    "verse",
    "version",
    "volume",
)
"""The CSL 1.0.2 locator terms a cite's ``label`` may name ("sub verbo" is also taken, as CSL 1.0.1 spells it)."""


@dataclass(frozen=True)
class Cite:
    """One work cited, by key (an Entry's key or a CSL-JSON item's ``id``), with what a citation
    says about it: a ``locator`` ("12", "3-5") of kind ``label`` (a CSL locator term, see
    :data:`LOCATOR_LABELS`), text before (``prefix``, e.g. "see") or after it (``suffix``),
    the author left out ("Godar (2021b)" written as "Godar (" + the citation) or shown alone.
    """

    key: str
    locator: str | None = None
    label: str = "page"
    prefix: str | None = None
    suffix: str | None = None
    suppress_author: bool = False
    author_only: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.key, str) or not self.key:
            raise CiteError(f"a Cite needs a key (an entry's key or a CSL-JSON item's id), got {self.key!r}")
        label = self.label.replace(" ", "-")
        if label not in LOCATOR_LABELS:
            closest = difflib.get_close_matches(label, LOCATOR_LABELS, n=3, cutoff=0.3)
            hint = f"; closest: {', '.join(closest)}" if closest else ""
            raise CiteError(
                f"unknown locator label {self.label!r}{hint} (see jtd_evidence.formatting.cites.LOCATOR_LABELS)"
            )
        if self.suppress_author and self.author_only:
            raise CiteError(f"cite of {self.key!r}: suppress_author and author_only exclude each other")

    @property
    def plain(self) -> bool:
        """Whether the cite says nothing beyond which work it cites."""
        return not (self.locator or self.prefix or self.suffix or self.suppress_author or self.author_only)


def citeproc_label(label: str) -> str:
    """A locator label as the locale files and citeproc-py name the term ("sub verbo")."""
    return "sub verbo" if label in ("sub-verbo", "sub verbo") else label


_TAGS = re.compile(r"<[^>]+>")
_CLOSING = re.compile("[\"'\u201d\u2019\u00bb\u202f\u00a0 ]+$")
_SCRIPTS = (
    "\u0e01-\u0e5b\u00c0-\u017f\u0370-\u03ff\u0400-\u052f\u0590-\u05d4\u05d6-\u05ff\u1f00-\u1fff"
    "\u0600-\u06ff\u200c\u200d\u200e\u0218\u0219\u021a\u021b\u202a-\u202e"
)
_ENDS_IN_WORD = re.compile(f"[.;:&a-zA-Z{_SCRIPTS}]$")
_STARTS_WITH_WORD = re.compile(f"^[&a-zA-Z{_SCRIPTS}\\[(]")
_TERMINAL = ":.;!?"


def spaced_prefix(prefix: str | None) -> str:
    """A cite's prefix followed by the space citeproc-js adds ("see" -> "see ")."""
    if not prefix:
        return ""
    bare = _CLOSING.sub("", _TAGS.sub("", prefix))
    last = bare[-1:]
    space = " " if _ENDS_IN_WORD.search(bare) or (last and last in _TERMINAL + ")],0123456789") else ""
    return re.sub(r"\s+", " ", prefix + space)


def opens_sentence(prefix: str | None, first: bool) -> bool:
    """Whether a term that opens a cite after ``prefix`` opens a sentence (a note style then gives
    it a capital, "Ibid."): the first cite of a citation without a prefix, or any cite whose prefix
    of more than one word ends in terminal punctuation (citeproc-js's rule).

    >>> opens_sentence("This has been said.", False), opens_sentence("See", True), opens_sentence("Cf.", False)
    (True, False, False)
    """
    if not prefix:
        return first
    bare = _CLOSING.sub("", _TAGS.sub("", prefix))
    return bare[-1:] in tuple(_TERMINAL) and " " in prefix.strip()


def spaced_suffix(suffix: str | None) -> str:
    """A cite's suffix preceded by the space citeproc-js adds ("for example" -> " for example")."""
    if not suffix:
        return ""
    return " " + suffix if _STARTS_WITH_WORD.search(suffix) else suffix
