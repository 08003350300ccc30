"""A macro's output remembered by what it reads, for the rest of one render.

A bibliography renders every item's citation several times (plain, then once per
disambiguation setting), its sort keys and its entry; big styles such as APA walk dozens of
macros per entry, most of which print nothing, or the same few words for many items. A
macro reads only some of an item's fields, so its output is a function of those fields and
of the rendering state it reads:

* **what it reads** is found once per macro by walking its subtree (nested macros too)
  (:func:`dependencies`): the values of the variables its cs:text, cs:number, cs:date,
  cs:names and cs:label elements print and its ``is-numeric`` and ``is-uncertain-date``
  conditions test, whether the item has the variables its ``variable`` conditions test, the
  item's type and language, and a cite's locator when it prints or tests one. A macro that
  tests ``position`` or ``disambiguate``, prints a number or label the bibliography gives
  (``citation-number``, ``first-reference-note-number``, ``citation-label``) or shows names
  in a style that abbreviates names in subsequent cites is not remembered: those read the
  document, not the item;
* **the key** is the macro, the element it renders for (``context``), those readings, the
  year suffix and the state fields elements read (HTML or text, sort mode and options,
  citation or bibliography, the implicit year suffix given or hidden, the variables a
  cs:substitute has used so far in this cite or entry and those it suppressed) and, when
  the macro shows names, the disambiguation settings of the cite (names added, initials,
  given names). While a citation captures its first names (author-only, suppress-author)
  or a bibliography entry its names for subsequent-author-substitute, a macro that shows
  names renders afresh;
* **what it did** besides its output is replayed on a hit: the variables it called and
  rendered (cs:group suppression), whether it gave the implicit year suffix, the variables
  it rendered inside a cs:substitute, the variables a cs:substitute in it suppressed, and
  the name counts disambiguation collects.

So items that share those fields share the work (a ``label-locator`` macro of a cite without
a locator renders once per item type, a date macro once per date, an author macro once per
list of authors and settings) and a citation re-rendered with other names for
disambiguation renders only its names again. The memo lives in
:attr:`RenderState.macro_memo` for one :meth:`Processor.render` call; outputs are citeproc-py
strings, which no element changes in place.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from citeproc import model

from jtd_evidence.formatting._memo import by_cite_rule
from jtd_evidence.formatting._state import CSL_NS, RenderState

__all__ = ["dependencies", "rendered_macro"]

_NAMES = f"{{{CSL_NS}}}names"
_NAMES_TAGS = frozenset({_NAMES, f"{{{CSL_NS}}}name"})
_SUBSTITUTE = f"{{{CSL_NS}}}substitute"
_UNREMEMBERED_ATTRIBUTES = ("position", "disambiguate")
"""Conditions that read the cite's history or the disambiguation run."""
_BIBLIOGRAPHY_VARIABLES = frozenset({"citation-number", "first-reference-note-number", "citation-label"})
"""Variables the bibliography or document gives, not the item's fields."""
_SUBSEQUENT = ("et-al-subsequent-min", "et-al-subsequent-use-first")
_READING = ("variable", "is-numeric", "is-uncertain-date")
_TEXT = f"{{{CSL_NS}}}text"
_IF_TAGS = frozenset({f"{{{CSL_NS}}}if", f"{{{CSL_NS}}}else-if"})
_MISSING = object()
_TRIAL = 64
_WORTH = 8
"""After _TRIAL look-ups of a macro in one render, the memo is used for it only if at least one
look-up in _WORTH found its output (a macro that reads a title renders afresh for each item)."""


class Plan(NamedTuple):
    """What a macro reads of an item."""

    values: tuple[str, ...]
    """Fields whose values it reads."""
    present: tuple[str, ...]
    """Fields it only tests for presence."""
    locator: bool
    """Whether it reads the cite's locator."""
    names: bool
    """Whether it shows names (reads the disambiguation settings)."""


class Plans(NamedTuple):
    """What a macro reads: all it may read, and what it reads when no cs:substitute renders."""

    full: Plan
    primary: Plan
    guards: tuple[tuple[str, ...], ...]
    """The variables of each cs:names with a cs:substitute: when the item has one of each
    (and no cs:substitute has used or suppressed it), no cs:substitute renders."""


class _Reads:
    """What a walk over a subtree found read."""

    def __init__(self) -> None:
        self.values: set[str] = {"type", "language"}
        self.present: set[str] = set()
        self.locator = False
        self.names = False

    def add(self, plan: Plan) -> None:
        self.values.update(plan.values)
        self.present.update(plan.present)
        self.locator = self.locator or plan.locator
        self.names = self.names or plan.names

    def plan(self, root: Any) -> Plan:
        if self.names and by_cite_rule(root):  # a person may be shown whole for another of the item's people
            self.values.update(model.NAMES)
        return Plan(
            tuple(sorted(self.values)), tuple(sorted(self.present - self.values)), self.locator, self.names
        )


def dependencies(macro: Any) -> Plans | None:
    """What a macro reads of an item, or None when its output depends on more (remembered on the macro)."""
    found = macro.__dict__.get("_memo_dependencies", _MISSING)
    if found is _MISSING:
        macro.__dict__["_memo_dependencies"] = None  # while walking: a macro calling itself is not remembered
        root = macro.get_root()
        full, primary = _Reads(), _Reads()
        guards: list[tuple[str, ...]] = []
        ok = all(_walk(child, full, primary, guards) for child in macro.iterchildren())
        found = macro.__dict__["_memo_dependencies"] = (
            Plans(full.plan(root), primary.plan(root), tuple(guards)) if ok else None
        )
    plans: Plans | None = found
    return plans


def _walk(element: Any, full: _Reads, primary: _Reads | None, guards: list[tuple[str, ...]]) -> bool:
    """Add what ``element`` and its subtree read to ``full`` and, outside a cs:substitute, to
    ``primary``; False when the output depends on more than the item's fields."""
    tag = element.tag
    if not isinstance(tag, str):  # a comment or processing instruction
        return True
    attrib = element.attrib
    if any(name in attrib for name in _UNREMEMBERED_ATTRIBUTES):
        return False
    if tag in _NAMES_TAGS and (
        any(name in attrib for name in _SUBSEQUENT) or _subsequent_style(element.get_root())
    ):
        return False  # a cite's names depend on whether the item was cited before
    if tag == _SUBSTITUTE:
        primary = None  # renders only when the names it stands for are missing
    for reads in (full, primary):
        if reads is not None and not _read(tag, attrib, reads):
            return False
    if tag == _NAMES and primary is not None and element.find(_SUBSTITUTE) is not None:
        guards.append(tuple(attrib.get("variable", "").split()))
    if tag == _TEXT and "macro" in attrib:
        called = dependencies(element.get_macro(attrib["macro"]))
        if called is None:
            return False
        full.add(called.full)
        if primary is not None:
            primary.add(called.primary)
            guards.extend(called.guards)
    return all(_walk(child, full, primary, guards) for child in element.iterchildren())


def _read(tag: str, attrib: Any, reads: _Reads) -> bool:
    """Add what one element reads (False: more than the item's fields)."""
    condition = tag in _IF_TAGS
    if condition and "locator" in attrib:
        reads.locator = True
    if tag in _NAMES_TAGS:
        reads.names = True
    for attribute in _READING:
        for variable in attrib.get(attribute, "").split():
            if variable in _BIBLIOGRAPHY_VARIABLES:
                return False
            field = variable.replace("-", "_")
            if variable == "locator":
                reads.locator = True
            elif condition and attribute == "variable":
                reads.present.add(field)  # a variable test: whether the item has the field
            else:
                reads.values.add(field)
                if tag == _TEXT and attrib.get("form") == "short":
                    reads.values.add(f"{field}_short")  # read instead of the variable when the item has it
                if variable.startswith("page"):
                    reads.values.add("page")  # page-first is read from page
    return True


def _subsequent_style(root: Any) -> bool:
    """Whether the style (or its citation) sets et-al-subsequent-min or -use-first."""
    found = root.__dict__.get("_memo_subsequent_style")
    if found is None:
        holders = [root, *root.xpath_search("./cs:citation")]
        found = root.__dict__["_memo_subsequent_style"] = any(
            holder.get(name) is not None for holder in holders for name in _SUBSEQUENT
        )
    return bool(found)


def _token(value: Any) -> Any:
    """A hashable stand-in for a field value: equal only for values that render alike (types kept)."""
    if isinstance(value, str):
        return (type(value), str.__str__(value))
    if isinstance(value, int | float | bool) or value is None:
        return (type(value), value)
    if isinstance(value, list | tuple):
        return (type(value), tuple(_token(v) for v in value))
    if isinstance(value, dict):
        items = tuple(sorted((k, _token(v)) for k, v in value.items()))
        attributes = tuple(sorted((k, _token(v)) for k, v in vars(value).items() if not k.startswith("_jtd")))
        return (type(value), items, attributes)
    return (type(value), id(value))  # the reference (and so the value) lives as long as the memo


def _fields(reference: Any, macro: Any, plan: Plan, primary: bool) -> tuple[Any, ...]:
    """The values ``macro`` reads, as tokens, and which of the fields it tests the item has
    (remembered on the reference: while macros render, no field changes but the year suffix,
    which the key reads itself; names are changed only inside a cs:name's own rendering)."""
    memo = reference.__dict__.get("_jtd_macro_fields")
    if memo is None:
        memo = reference.__dict__["_jtd_macro_fields"] = {}
    found = memo.get((macro, primary))
    if found is None:
        tokens = reference.__dict__.get("_jtd_tokens")
        if tokens is None:
            tokens = reference.__dict__["_jtd_tokens"] = {}
        values = []
        for name in plan.values:
            token = tokens.get(name, _MISSING)
            if token is _MISSING:
                token = tokens[name] = (
                    _token(dict.get(reference, name, _MISSING)) if name in reference else None
                )
            values.append(token)
        found = memo[(macro, primary)] = (tuple(values), tuple(name in reference for name in plan.present))
    return found  # type: ignore[no-any-return]


def rendered_macro(macro: Any, item: Any, context: Any, state: RenderState, sort_options: Any = None) -> Any:
    """``macro.render(item, context, sort_options)``, remembered in ``state.macro_memo`` when the
    macro and the state allow it."""
    memo = state.macro_memo
    plans = dependencies(macro) if memo is not None else None
    if memo is None or plans is None:
        return macro.render(item, context, sort_options)
    counts = memo.get(macro)  # [look-ups, hits] of this macro in this render
    if counts is None:
        counts = memo[macro] = [0, 0]
    elif counts[0] >= _TRIAL and counts[1] * _WORTH < counts[0]:
        return macro.render(item, context, sort_options)  # rarely found: not worth the key
    reference = item.reference
    repressed = context.get_layout().repressed
    collecting = state.collecting
    primary = all(_names_found(reference, guard, repressed, collecting) for guard in plans.guards)
    plan = plans.primary if primary else plans.full
    if plan.names and (state.names_mode is not None or state.author_substitute is not None):
        return macro.render(item, context, sort_options)  # the names are captured as they render
    suppressed_before = _frozen(repressed)
    key = (
        macro,
        context,
        primary,
        _fields(reference, macro, plan, primary),
        str(reference.get("year_suffix", "")),
        _locator(item) if plan.locator else None,
        state.html,
        state.sort_mode,
        tuple(sorted(state.sort_options.items())) if state.sort_mode else None,
        tuple(sorted(sort_options.items())) if sort_options else None,
        state.in_citation,
        state.year_suffix,
        state.year_suffix_shown,
        state.year_suffix_hidden,
        None if collecting is None else frozenset(collecting),
        suppressed_before,
        _names_settings(state) if plan.names else None,
    )
    found = memo.get(key)
    counts[0] += 1
    if found is not None:
        counts[1] += 1
        text, called, rendered, shown, collected, suppressed, name_counts = found
        state.vars_called += called
        state.vars_rendered += rendered
        state.year_suffix_shown = shown
        if collected:
            collecting.update(collected)  # type: ignore[union-attr] # collecting is in the key
        if suppressed is not None:
            repressed.clear()
            repressed.update((tag, list(variables)) for tag, variables in suppressed)
        if name_counts:
            state.names_max.extend(name_counts)  # type: ignore[union-attr] # names_max is in the key
        return text
    called, rendered = state.vars_called, state.vars_rendered
    before = None if collecting is None else set(collecting)
    counted = None if state.names_max is None else len(state.names_max)
    text = macro.render(item, context, sort_options)
    suppressed_after = _frozen(repressed)
    memo[key] = (
        text,
        state.vars_called - called,
        state.vars_rendered - rendered,
        state.year_suffix_shown,
        None if collecting is None or before is None else frozenset(collecting - before),
        None if suppressed_after == suppressed_before else suppressed_after,
        None if counted is None or state.names_max is None else tuple(state.names_max[counted:]),
    )
    return text


def _names_found(reference: Any, variables: tuple[str, ...], repressed: Any, collecting: Any) -> bool:
    """Whether a cs:names of these variables finds one to show (its cs:substitute does not render)."""
    suppressed = repressed.get(_NAMES) or ()
    used = collecting or ()
    return any(v not in suppressed and v not in used and v.replace("-", "_") in reference for v in variables)


def _frozen(repressed: dict[str, list[str]]) -> tuple[tuple[str, tuple[str, ...]], ...] | None:
    """The variables a cs:substitute suppressed, per element tag, as a key."""
    return tuple((tag, tuple(variables)) for tag, variables in repressed.items()) if repressed else None


def _names_settings(state: RenderState) -> tuple[Any, ...]:
    """The state a cs:names and cs:name read: the cite's disambiguation settings, whether names
    are counted for disambiguation, and the inverted names of an enclosing name list."""
    return (
        state.et_al_use_first,
        state.et_al_off,
        state.et_al_subsequent,
        state.initials_for,
        state.whole_for,
        state.initials_all_names,
        state.givens,
        state.givens_variable,
        state.names_inverted,
        state.names_max is not None,
    )


def _locator(item: Any) -> tuple[str, str] | None:
    if "locator" not in item:
        return None
    locator = item.locator
    return (str(locator.label), str(locator.identifier))
