"""A macro's output remembered by what it reads, for the rest of one render.

A bibliography renders every item's citation several times (plain, then once per
disambiguation setting), its sort keys and its entry; big styles such as APA walk dozens of
macros per entry, most of which print nothing, or the same few words for many items. A
macro's output is a function of the item fields its render reads and of the rendering state
it reads:

* **whether it can be remembered** is found once per macro by walking its subtree (nested
  macros too) (:func:`dependencies`): a macro that tests ``position`` or ``disambiguate``,
  prints a number or label the bibliography gives (``citation-number``,
  ``first-reference-note-number``, ``citation-label``) or shows names in a style that
  abbreviates names in subsequent cites is not remembered: those read the document, not the
  item. The walk also says whether it reads a cite's locator and whether it shows names;
* **the fields it read** are recorded as it renders (:mod:`._reads`): the values it looked
  up and the fields it tested for. Only those fields of another item are compared, so a
  cs:substitute is charged with the branches it took, not every branch it names (APA's
  author macro substitutes "author" for "composer": two works by the same authors share it),
  and a macro that does not print a date does not read the year suffix. The outputs of a
  macro are kept per state key and per set of fields read (:data:`_SHAPES` sets at most);
* **the state key** is the macro, the element it renders for (``context``), the locator when
  it reads one, and the state fields elements read (HTML or text, sort mode and options,
  citation or bibliography, the implicit year suffix given or hidden, the variables a
  cs:substitute has used so far in this cite or entry and those it suppressed) and, when
  the macro shows names, the disambiguation settings of the cite (names added, initials,
  given names). While a citation captures its first names (author-only, suppress-author)
  or a bibliography entry its names for subsequent-author-substitute, a macro that shows
  names renders afresh;
* **what it did** besides its output is replayed on a hit: the fields it read (into the
  record of an enclosing macro), the variables it called and rendered (cs:group
  suppression), whether it gave the implicit year suffix, the variables it rendered inside a
  cs:substitute, the variables a cs:substitute in it suppressed, and the name counts
  disambiguation collects.

So items that share those fields share the work (a ``label-locator`` macro of a cite without
a locator renders once per item type, a date macro once per date, an author macro once per
list of authors and settings) and a citation re-rendered with other names for
disambiguation, or with a year suffix, renders only its names or its date again. The memo
lives in :attr:`RenderState.macro_memo` for one :meth:`Processor.render` call; outputs are
citeproc-py strings, which no element changes in place.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from jtd_evidence.formatting._conditions import AMBIGUOUS
from jtd_evidence.formatting._reads import ALL, note, traced
from jtd_evidence.formatting._source import FastReference
from jtd_evidence.formatting._state import CSL_NS, RenderState

__all__ = ["Plan", "dependencies", "rendered_macro"]

_NAMES = f"{{{CSL_NS}}}names"
_NAMES_TAGS = frozenset({_NAMES, f"{{{CSL_NS}}}name"})
_UNREMEMBERED_ATTRIBUTES = ("position", "disambiguate")
"""Conditions that read the cite's history or the disambiguation run."""
_BIBLIOGRAPHY_VARIABLES = frozenset({"citation-number", "first-reference-note-number", "citation-label"})
"""Variables the bibliography or document gives, not the item's fields."""
_SUBSEQUENT = ("et-al-subsequent-min", "et-al-subsequent-use-first")
_READING = ("variable", "is-numeric")
_TEXT = f"{{{CSL_NS}}}text"
_IF_TAGS = frozenset({f"{{{CSL_NS}}}if", f"{{{CSL_NS}}}else-if"})
_MISSING = object()
_ABSENT = ("absent",)
"""The token of a field the item does not have."""
_CHANGING = frozenset({"year_suffix", AMBIGUOUS})
"""Fields set during a render (their tokens are not remembered on the reference)."""
_TRIAL = 64
_WORTH = 6
_WORTH_NAMES = 16
"""After _TRIAL look-ups of a macro in one render, the memo is used for it only if at least one
look-up in _WORTH found its output (a macro that reads a title renders afresh for each item), or
one in _WORTH_NAMES for a macro that shows names (formatting names costs several look-ups: APA's
author macros pay at one in five; its DOI and URL macro, which one look-up in six found in
bench_formatting's items, cost more looked up than rendered)."""
_SHAPES = 16
"""Sets of fields read kept per macro and state key (a macro whose reads keep changing
renders afresh beyond them)."""


class _Shape:
    """One set of fields a render read ((name, value read) pairs, sorted), made once per render
    (compared and hashed by identity: a look-up may try several)."""

    __slots__ = ("fields", "stable")

    def __init__(self, fields: tuple[tuple[str, bool], ...]) -> None:
        self.fields = fields
        self.stable = not any(name in _CHANGING for name, _value in fields)


_NUMBERS = "\0numbers"
"""Macro memo entry: the number of every field token of the render (see :func:`_tokens`)."""
_SHAPE_NAMES = "\0shapes"
"""Macro memo entry: every :class:`_Shape` of the render by its fields."""


class Plan(NamedTuple):
    """What a macro may read besides the item's fields."""

    locator: bool
    """Whether it reads the cite's locator."""
    names: bool
    """Whether it shows names (reads the disambiguation settings)."""


def dependencies(macro: Any) -> Plan | None:
    """What a macro reads besides the item's fields, or None when its output depends on more
    than those and the render state (remembered on the macro)."""
    found = macro.__dict__.get("_memo_dependencies", _MISSING)
    if found is _MISSING:
        macro.__dict__["_memo_dependencies"] = None  # while walking: a macro calling itself is not remembered
        reads = [False, False]
        ok = all(_walk(child, reads) for child in macro.iterchildren())
        found = macro.__dict__["_memo_dependencies"] = Plan(*reads) if ok else None
    plan: Plan | None = found
    return plan


def _walk(element: Any, reads: list[bool]) -> bool:
    """Add whether ``element`` and its subtree read the locator or show names to ``reads``;
    False when the output depends on more than the item's fields."""
    tag = element.tag
    if not isinstance(tag, str):  # a comment or processing instruction
        return True
    attrib = element.attrib
    if any(name in attrib for name in _UNREMEMBERED_ATTRIBUTES):
        return False
    if tag in _NAMES_TAGS:
        if any(name in attrib for name in _SUBSEQUENT) or _subsequent_style(element.get_root()):
            return False  # a cite's names depend on whether the item was cited before
        reads[1] = True
    if tag in _IF_TAGS and "locator" in attrib:
        reads[0] = True
    for attribute in _READING:
        for variable in attrib.get(attribute, "").split():
            if variable in _BIBLIOGRAPHY_VARIABLES:
                return False
            if variable == "locator":
                reads[0] = True
    if tag == _TEXT and "macro" in attrib:
        called = dependencies(element.get_macro(attrib["macro"]))
        if called is None:
            return False
        reads[0] = reads[0] or called.locator
        reads[1] = reads[1] or called.names
    return all(_walk(child, reads) for child in element.iterchildren())


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


def _tokens(reference: Any, shape: _Shape, numbers: dict[Any, int]) -> tuple[Any, ...]:
    """The fields of ``shape`` as the item has them: the number of the token of a value read
    (``numbers``: one per distinct token in this render, so a look-up hashes small ints, not
    nested tokens), or whether the item has a field it tested (read past any tracing).
    Remembered on the reference, per field and per shape, unless a field may change during a
    render."""
    shapes = reference.__dict__.get("_jtd_shapes")
    if shapes is None:
        shapes = reference.__dict__["_jtd_shapes"] = {}
        reference.__dict__["_jtd_tokens"] = {}
    found: tuple[Any, ...] | None = shapes.get(shape)
    if found is not None:
        return found
    tokens = reference.__dict__["_jtd_tokens"]
    out = []
    for name, value in shape.fields:
        if not value:
            out.append(dict.__contains__(reference, name))
            continue
        token = tokens.get(name, _MISSING)
        if token is _MISSING:
            found_value = dict.get(reference, name, _MISSING)
            token = _ABSENT if found_value is _MISSING else _token(found_value)
            token = numbers.setdefault(token, len(numbers))
            if name not in _CHANGING:
                tokens[name] = token
        out.append(token)
    found = tuple(out)
    if shape.stable:
        shapes[shape] = found
    return found


def rendered_macro(macro: Any, item: Any, context: Any, state: RenderState, sort_options: Any = None) -> Any:
    """``macro.render(item, context, sort_options)``, remembered in ``state.macro_memo`` when the
    macro and the state allow it."""
    memo = state.macro_memo
    plan = macro.__dict__.get("_memo_dependencies", _MISSING)
    if plan is _MISSING:
        plan = dependencies(macro)
    reference = item.reference
    if memo is None or plan is None or not isinstance(reference, FastReference):
        return macro.render(item, context, sort_options)
    counts = memo.get(macro)  # [look-ups, hits] of this macro in this render
    if counts is None:
        counts = memo[macro] = [0, 0]
    elif counts[0] >= _TRIAL and counts[1] * (_WORTH_NAMES if plan.names else _WORTH) < counts[0]:
        return macro.render(item, context, sort_options)  # rarely found: not worth the key
    if plan.names and (state.names_mode is not None or state.author_substitute is not None):
        return macro.render(item, context, sort_options)  # the names are captured as they render
    layout = context.__dict__.get("_memo_layout")  # get_layout(), without its call
    repressed = (layout if layout is not None else context.get_layout()).repressed
    collecting = state.collecting
    suppressed_before = _frozen(repressed) if repressed else None
    key = (
        macro,
        context,
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
    shapes: list[tuple[_Shape, dict[Any, Any]]] | None = memo.get(key)
    numbers = memo.get(_NUMBERS)
    if numbers is None:
        numbers = memo[_NUMBERS] = {}
    counts[0] += 1
    if shapes is not None:
        for shape, outputs in shapes:
            found = outputs.get(_tokens(reference, shape, numbers))
            if found is not None:
                counts[1] += 1
                note(reference, shape.fields)
                return _replayed(found, state, repressed)
    called, rendered = state.vars_called, state.vars_rendered
    before = None if collecting is None else set(collecting)
    counting = state.names_max
    if plan.names and counting is None:  # name counts kept for a look-up that collects them
        state.names_max = []
    counted = None if state.names_max is None else len(state.names_max)
    try:
        with traced(reference) as record:
            text = macro.render(item, context, sort_options)
    finally:
        name_counts = None if counted is None else tuple(state.names_max[counted:])  # type: ignore[index]
        state.names_max = counting
    if ALL in record:
        return text  # it read the whole item
    suppressed_after = _frozen(repressed) if repressed else None
    result = (
        text,
        state.vars_called - called,
        state.vars_rendered - rendered,
        state.year_suffix_shown,
        None if collecting is None or before is None else frozenset(collecting - before),
        None if suppressed_after == suppressed_before else suppressed_after,
        name_counts,
    )
    fields = tuple(sorted(record.items()))
    known = memo.get(_SHAPE_NAMES)
    if known is None:
        known = memo[_SHAPE_NAMES] = {}
    read = known.get(fields)
    if read is None:
        read = known[fields] = _Shape(fields)
    if shapes is None:
        shapes = memo[key] = []
    for shape, outputs in shapes:
        if shape is read:
            outputs[_tokens(reference, read, numbers)] = result
            return text
    if len(shapes) < _SHAPES:
        shapes.append((read, {_tokens(reference, read, numbers): result}))
    return text


def _replayed(found: tuple[Any, ...], state: RenderState, repressed: dict[str, list[str]]) -> Any:
    """A remembered output, with what the render did besides it done again."""
    text, called, rendered, shown, collected, suppressed, name_counts = found
    state.vars_called += called
    state.vars_rendered += rendered
    state.year_suffix_shown = shown
    if collected:
        state.collecting.update(collected)  # type: ignore[union-attr] # collecting is in the key
    if suppressed is not None:
        repressed.clear()
        tags, variables = suppressed
        repressed.update(zip(tags, map(list, variables), strict=True))
    if name_counts and state.names_max is not None:
        state.names_max.extend(name_counts)
    return text


def _frozen(repressed: dict[str, list[str]]) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]] | None:
    """The variables a cs:substitute suppressed, per element tag, as a key: the tags and their
    variables, in order."""
    return (tuple(repressed), tuple(map(tuple, repressed.values()))) if repressed else None


def _names_settings(state: RenderState) -> tuple[Any, ...]:
    """The state a cs:names and cs:name read: the cite's disambiguation settings and the
    inverted names of an enclosing name list (name counts for disambiguation are kept for
    every macro that shows names, whether the look-up collects them or not)."""
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
    )


def _locator(item: Any) -> tuple[str, str] | None:
    if "locator" not in item:
        return None
    locator = item.locator
    return (str(locator.label), str(locator.identifier))
