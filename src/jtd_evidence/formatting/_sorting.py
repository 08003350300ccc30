"""Sorting with citeproc-js's keys and collation (cs:sort, cs:key).

Keys are rendered in sort mode everywhere (citeproc-py loses the sort options in nested
macros); names give "family|given" keys without "and"/"et al." and honour a sort macro's
``form="short"``, ``form="count"`` and ``names-use-last``; dates give zero-padded numbers;
keys are compared with citeproc-js's collation (:mod:`._collation`), empty keys last (also
under ``sort="descending"``).
"""

from __future__ import annotations

import html
import re
from typing import Any

from citeproc import model
from citeproc.source import DateRange, LiteralDate, VariableError

from jtd_evidence.formatting._citation_label import citation_label
from jtd_evidence.formatting._collation import collation_key
from jtd_evidence.formatting._macromemo import rendered_macro
from jtd_evidence.formatting._state import MISSING, render_state, rendering
from jtd_evidence.formatting._text import MARKERS

__all__ = ["Key", "Sort", "date_sort_key", "key_text", "name_sort_text"]

_TAG = re.compile(r"<[^>]+>")
_STRIP = str.maketrans("", "", MARKERS)


def key_text(value: Any) -> str | None:
    """A rendered sort key as plain text with spaces as citeproc-js's '|' separator; None when empty."""
    if value is None:
        return None
    text = html.unescape(_TAG.sub("", str(value))).translate(_STRIP).strip()
    if not text:
        return None
    return "|".join(text.split(" "))


def date_sort_key(date: Any, parts: list[str]) -> str | None:
    if date is None:
        return None
    if isinstance(date, DateRange):
        begin = date_sort_key(date.begin, parts) or ""
        end = date_sort_key(date.get("end"), parts) or ""
        return begin + end
    if isinstance(date, LiteralDate):
        return str(date.text)
    try:
        year = int(date["year"])
    except (VariableError, ValueError, TypeError):
        return None
    month = int(date.get("month", 0) or 0) if "month" in parts else 0
    day = int(date.get("day", 0) or 0) if "day" in parts else 0
    return f"{year + 10000:05d}{month:02d}{day:02d}"


def name_sort_text(names: list[Any], demote: str, initialize: Any = None, *, short: bool = False) -> str:
    """Names as a sort key: "family|given particles|suffix" per name; ``short``: no given name or suffix."""
    out = []
    for name in names:
        given, family, dp, ndp, suffix = name.parts()
        if short:
            given = suffix = None
        if given is None and dp is None and ndp is None and "literal" in name:
            out.append(str(family))
            continue
        if given and initialize is not None:
            given = initialize(given)
        if demote == "never":
            main = " ".join(str(n) for n in (ndp, family) if n)
            rest = " ".join(str(n) for n in (dp, given) if n)
        else:
            main = str(family)
            rest = " ".join(str(n) for n in (given, dp, ndp) if n)
        out.append("|".join(p for p in (main, rest, str(suffix) if suffix else "") if p))
    return " ".join(out)


class Sort(model.Sort):
    """Sorting with citeproc-js's keys and collation.

    Keys are compared column by column, and a column's keys are rendered only for the items
    still tied on the columns before it (an author key usually settles the order, so the title
    and later keys are rarely needed); ties left after the last column keep the input order.
    The result is the order a full comparison of every key gives. While a render runs with an
    entry memo (:attr:`RenderState.memo`), rendered keys are remembered per entry content.
    """

    def sort(self, items: list[Any], context: Any) -> list[Any]:
        keys = self.findall("cs:key", self.nsmap)
        columns: list[dict[int, Any]] = [{} for _ in keys]

        def fill(column: int, indices: list[int]) -> None:
            raw = _memoised_sort_keys(keys[column], [items[i] for i in indices], context)
            found = columns[column]
            for i, value in zip(indices, raw, strict=True):
                found[i] = None if value is None else collation_key(value)

        def refine(indices: list[int], column: int) -> list[int]:
            if len(indices) < 2 or column == len(keys):
                return indices
            fill(column, indices)
            values = columns[column]
            groups: dict[Any, list[int]] = {}
            empty: list[int] = []
            for i in indices:
                value = values[i]
                if value is None:
                    empty.append(i)
                else:
                    groups.setdefault(value, []).append(i)
            descending = keys[column].get("sort", "ascending").lower() == "descending"
            out: list[int] = []
            for value in sorted(groups, reverse=descending):
                out += refine(groups[value], column + 1)
            return out + refine(empty, column + 1)  # empty keys go last, also when descending

        return [items[i] for i in refine(list(range(len(items))), 0)]


def _memoised_sort_keys(key: Any, items: list[Any], context: Any) -> list[str | None]:
    state = render_state()
    memo, digests = state.memo, state.digests
    if memo is None or digests is None:
        keys: list[str | None] = key.sort_keys(items, context)
        return keys
    path = key.__dict__.get("_memo_path")
    if path is None:
        path = key.__dict__["_memo_path"] = key.getroottree().getpath(key)
    names = [f"sort\0{path}\0{digests.get(item.key)}" for item in items]
    out: list[str | None] = []
    missing: list[int] = []
    for i, name in enumerate(names):
        found = memo.get(name, MISSING)
        if found is MISSING or items[i].key not in digests:
            missing.append(i)
            out.append(None)
        else:
            out.append(found)
    if missing:
        rendered = key.sort_keys([items[i] for i in missing], context)
        for i, value in zip(missing, rendered, strict=True):
            out[i] = value
            if items[i].key in digests:
                memo.put(names[i], value)
    return out


class Key(model.Key):
    def sort_keys(self, items: list[Any], context: Any) -> list[str | None]:
        options: dict[str, Any] = {"name-as-sort-order": "all"}
        for option in ("names-min", "names-use-first", "names-use-last"):
            if option in self.attrib:
                options[option.replace("names", "et-al")] = self.get(option)
        keys: list[str | None] = []
        with rendering(sort_mode=True, sort_options=options) as state:
            if "variable" in self.attrib:
                variable = self.get("variable").replace("-", "_")
                demote = self.get_root().get("demote-non-dropping-particle", "display-and-sort").lower()
                for item in items:
                    if variable == "citation_number":  # the item's number, not a field
                        keys.append(f"{int(item.number):08d}")
                        continue
                    if variable == "citation_label":  # the item's label or its trigraph
                        keys.append(key_text(citation_label(item.reference)))
                        continue
                    value = item.reference.get(variable)
                    if value is None:
                        keys.append(None)
                    elif variable in model.NAMES:
                        keys.append(key_text(name_sort_text(value, demote)))
                    elif variable in model.DATES:
                        keys.append(date_sort_key(value, ["year", "month", "day"]))
                    else:
                        keys.append(key_text(value))
            else:
                layout = context.get_layout()
                macro = self.get_macro(self.get("macro"))
                for item in items:
                    layout.repressed = {}
                    rendered = rendered_macro(macro, item, context, state, sort_options=options)
                    keys.append(key_text(rendered))
        return keys
