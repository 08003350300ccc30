"""The delimiter between two cites of a citation that groups or collapses cites by author.

citeproc-js chooses it from the cite before and the cite itself: whether each repeats the
author of the cite before it ("collapsed"), whether the cite before has a locator, and the
citation's ``after-collapse-delimiter``, ``cite-group-delimiter`` and ``collapse`` options.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["CollapseOptions", "cite_delimiters"]


@dataclass(frozen=True)
class CollapseOptions:
    """A citation's options that bear on the delimiters between grouped cites."""

    layout: str
    """The cs:layout delimiter."""
    collapse: str = ""
    after_collapse: str | None = None
    cite_group: str | None = None
    in_text: bool = True
    """The style's class is "in-text" and it is not numbered."""


def cite_delimiters(
    same_author: Sequence[bool], has_locator: Sequence[bool], options: CollapseOptions
) -> list[str]:
    """The delimiter before each cite after the first (citeproc-js's getSpliceDelimiter).

    ``same_author[i]``: cite ``i`` has the author of cite ``i - 1``; ``has_locator[i]``: cite
    ``i`` has a locator. With collapsing and no other delimiter set, an in-text style joins one
    author's cites with ", " and a note style with the layout delimiter.

        >>> opts = CollapseOptions("; ", collapse="year", after_collapse="; ")
        >>> cite_delimiters([False, True, False, True], [False] * 4, opts)
        ['; ', '; ', '; ']
        >>> cite_delimiters([False, True, False, True], [False] * 4, CollapseOptions(", ", "year", "; "))
        [', ', '; ', ', ']
    """
    collapsing = bool(options.collapse)
    collapsed = [collapsing and same for same in same_author]
    out = []
    for pos in range(1, len(same_author)):
        before, now = collapsed[pos - 1], collapsed[pos]
        if options.after_collapse is not None:
            if (
                has_locator[pos - 1]
                or (before and not now)
                or (not before and not now and options.collapse != "year-suffix")
            ):
                out.append(options.after_collapse)
            else:
                out.append(options.layout)
        elif options.cite_group is not None and same_author[pos]:
            out.append(options.cite_group)
        elif now and options.in_text:
            out.append(", ")
        else:
            out.append(options.layout)
    return out
