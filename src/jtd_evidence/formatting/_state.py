"""Rendering state that is not in a style's XML: which modes of one render are on.

A :class:`RenderState` lives in a context variable for the duration of one render (each
thread, and each asyncio task, has its own); :func:`rendering` changes some of its fields
for a block and restores them afterwards. The element classes of :mod:`._elements`,
:mod:`._sorting`, :mod:`._names` and :mod:`._conditions` read it.
"""

from __future__ import annotations

import contextvars
from dataclasses import dataclass, field
from typing import Any

__all__ = ["CSL_NS", "MISSING", "RenderState", "render_state", "rendering", "repressed_variables"]

CSL_NS = "http://purl.org/net/xbiblio/csl"


@dataclass
class RenderState:
    """What one rendering pass needs beyond the style XML."""

    html: bool = True
    sort_mode: bool = False
    sort_options: dict[str, Any] = field(default_factory=dict)
    in_citation: bool = False
    names_mode: str | None = None  # "author_only" | "suppress_author"
    names_seen: bool = False
    names_depth: int = 0
    captured: Any = None
    et_al_use_first: int | None = None  # add-names for the item being cited
    et_al_subsequent: bool = False  # the cite is a subsequent one: et-al-subsequent-* options apply
    et_al_off: bool = False  # the added names are all the names: no et-al abbreviation
    initials_for: frozenset[tuple[str, str]] = frozenset()  # (family, given) shown with initials
    whole_for: frozenset[tuple[str, str]] = frozenset()  # ... of them, those shown with the whole given name
    initials_all_names: bool = False  # rule applies to every name, not only the first
    givens: tuple[int, ...] = ()  # by name position: 1 initials, 2 whole given name (by-cite disambiguation)
    givens_variable: str | None = None  # ... of the name variable the citation disambiguated
    vars_called: int = 0  # variables looked up so far (cs:group suppression)
    vars_rendered: int = 0  # ... and those that gave output
    collecting: set[str] | None = None  # variables rendered inside a cs:substitute child
    names_max: list[tuple[int, int, str]] | None = (
        None  # when a list: (held, shown, variable) per name variable
    )
    year_suffix: str = ""  # of the item whose date is being rendered, when the style's suffix is implicit
    year_suffix_shown: bool = False
    disambiguate_count: int = 0  # disambiguate="true" tests that held so far in this cite or entry
    year_suffix_hidden: bool = False  # render without the year suffix (to compare cites for collapsing)  # the implicit year suffix is given (once per cite or entry)
    names_inverted: tuple[bool, ...] = ()  # of the names a cs:name is rendering: which are inverted
    author_substitute: Any = None  # an AuthorSubstitute, in a bibliography entry of a style that sets one
    memo: Any = None  # an EntryMemo for rendered sort keys, during Processor.render
    digests: dict[str, str] | None = None  # item key -> entry digest, for the memo
    macro_memo: dict[Any, Any] | None = None  # names-free macro outputs by what they read (_macromemo)


MISSING = object()
"""A default that no value equals (for look-ups where None is a value)."""


_STATE: contextvars.ContextVar[RenderState] = contextvars.ContextVar("jtd_render_state")


def render_state() -> RenderState:
    try:
        return _STATE.get()
    except LookupError:
        state = RenderState()
        _STATE.set(state)
        return state


class rendering:  # noqa: N801 (used as a function: ``with rendering(...)``)
    """Run a block with some RenderState fields changed, restoring them afterwards (a class, not
    a generator: a render enters thousands of these)."""

    __slots__ = ("_changes", "_saved", "_state")

    def __init__(self, **changes: Any) -> None:
        self._changes = changes

    def __enter__(self) -> RenderState:
        state = self._state = render_state()
        self._saved = {name: getattr(state, name) for name in self._changes}
        for name, value in self._changes.items():
            setattr(state, name, value)
        return state

    def __exit__(self, *exc: object) -> None:
        state = self._state
        for name, value in self._saved.items():
            setattr(state, name, value)


def repressed_variables(context: Any, element: Any) -> dict[str, list[str]]:
    """Variables a cs:substitute has used, per element tag, in the layout rendering now (citeproc-py's
    ``Layout.repressed``)."""
    repressed: dict[str, list[str]] = (context if context is not None else element).get_layout().repressed
    return repressed
