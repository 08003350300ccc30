"""A cs:name's list of people joined as citeproc-py joins it, with its options read once.

citeproc-py's ``Name.process`` asks for fourteen options, the "and" term, the et-al term
and the cs:name-part children again for every list it renders (the name-parts once per
person): about half of its time, for answers that depend only on the style, the context
element and the few rendering-state fields :meth:`~._names.Name.get_option` reads.
:func:`joined_names` is that method's body with those answers kept per cs:name
(:class:`_Options`); the people are formatted and joined exactly as there.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from citeproc import model
from citeproc.source import VariableError

from jtd_evidence.formatting._state import RenderState, render_state

__all__ = ["joined_names", "names_process"]


class _Options(NamedTuple):
    """What citeproc-py's Name.process reads besides the people, for one cs:name and state."""

    and_: Any
    delimiter: Any
    delimiter_precedes_et_al: Any
    delimiter_precedes_last: Any
    et_al_min: Any
    et_al_use_first: Any
    et_al_use_last: Any
    initialize_with: Any
    name_as_sort_order: Any
    sort_separator: Any
    form: Any
    demote_ndp: Any
    and_term: Any
    et_al: Any


def _options(name: Any, context: Any, sort_options: Any, state: RenderState) -> _Options:
    """The options of ``name`` as its get_option answers them now (remembered on the element by
    everything that answer reads: context, sort options, formatter and the state's et-al fields)."""
    key = (
        context,
        tuple(sorted(sort_options.items())) if sort_options else None,
        state.sort_mode,
        tuple(sorted(state.sort_options.items())) if state.sort_mode else None,
        state.et_al_off,
        state.et_al_subsequent,
        state.et_al_use_first,
        state.names_inverted,
        name.get_formatter(),
    )
    memo = name.__dict__.get("_memo_list_options")
    if memo is None:
        memo = name.__dict__["_memo_list_options"] = {}
    found: _Options | None = memo.get(key)
    if found is None:

        def get_option(option: str) -> Any:
            return name.get_option(option, context, sort_options)

        and_ = get_option("and")
        values = [
            and_,
            get_option("delimiter"),
            get_option("delimiter-precedes-et-al"),
            get_option("delimiter-precedes-last"),
            get_option("et-al-min"),
            get_option("et-al-use-first"),
        ]
        get_option("et-al-subsequent-min")  # read and unused upstream (an invalid value raises there)
        get_option("et-al-subsequent-use-first")
        values += [
            get_option("et-al-use-last"),
            get_option("initialize-with"),
            get_option("name-as-sort-order"),
            get_option("sort-separator"),
            get_option("form"),
            get_option("demote-non-dropping-particle"),
        ]
        and_term = None
        if and_ == "text":
            and_term = name.get_single_term(name="and")
        elif and_ == "symbol":
            and_term = name.preformat("&")
        found = memo[key] = _Options._make([*values, and_term, name.et_al()])
    return found


def joined_names(
    name: Any,
    item: Any,
    variable: str,
    name_parts: tuple[Any, ...],
    context: Any = None,
    sort_options: Any = None,
) -> Any:
    """citeproc-py's ``Name.process(item, variable, context, sort_options)`` for the cs:name ``name``
    whose cs:name-part children are ``name_parts``: the same text, the options read once
    (:func:`_options`), the name-parts listed by the caller instead of once per person."""
    options = _options(name, context, sort_options, render_state())
    form = options.form
    if form not in ("long", "short", "count") or options.and_ not in (None, "text", "symbol"):
        # not a value CSL allows: upstream's answer, whatever it does with it
        return model.Name.process(name, item, variable, context=context, sort_options=sort_options)
    et_al_min = options.et_al_min
    et_al_use_first = options.et_al_use_first
    initialize_with = options.initialize_with
    name_as_sort_order = options.name_as_sort_order
    sort_separator = options.sort_separator
    demote_ndp = options.demote_ndp
    names = item.reference.get(variable, [])
    et_al = options.et_al
    if form == "count":
        return min(len(names), et_al_use_first)

    def format_name_parts(given: Any, family: Any) -> tuple[Any, Any]:
        for part in name_parts:
            given, family = part.format_part(given, family)
        return given, family

    output = []
    et_al_truncate = len(names) > 1 and et_al_min and len(names) >= et_al_min
    et_al_last = options.et_al_use_last and et_al_use_first <= et_al_min - 2
    if et_al_truncate:
        names = [*names[:et_al_use_first], names[-1]] if et_al_last else names[:et_al_use_first]
    for i, person in enumerate(names):
        given, family, dp, ndp, suffix = person.parts()
        if given is not None and initialize_with is not None:
            given = name.initialize(given, initialize_with, context)
        if form == "long":
            if name_as_sort_order == "all" or (name_as_sort_order == "first" and i == 0):
                if demote_ndp in ("never", "sort-only"):
                    family = " ".join([n for n in (ndp, family) if n])
                    given = " ".join([n for n in (given, dp) if n])
                else:
                    given = " ".join([n for n in (given, dp, ndp) if n])
                if name_parts:
                    given, family = format_name_parts(given, family)
                text = sort_separator.join([n for n in (family, given, suffix) if n])
            else:
                family = " ".join([n for n in (dp, ndp, family) if n])
                if name_parts:
                    given, family = format_name_parts(given, family)
                text = " ".join([n for n in (given, family, suffix) if n])
        else:  # short
            family = " ".join([n for n in (ndp, family) if n])
            if name_parts:
                given, family = format_name_parts(given, family)
            text = family
        output.append(text)
    delimiter = options.delimiter
    if et_al_truncate and et_al:
        if et_al_last:
            ellipsis = name.unicode_character("horizontal ellipsis")
            output[-1] = ellipsis + " " + output[-1]
            return name.join(output, delimiter)
        if options.delimiter_precedes_et_al == "always" or (
            options.delimiter_precedes_et_al == "contextual" and len(output) >= 2
        ):
            output.append(et_al)
            return name.join(output, delimiter)
        return name.join(output, delimiter) + " " + et_al
    if options.and_ is not None and len(output) > 1:
        text = name.join(output[:-1], ", ")
        precedes = options.delimiter_precedes_last
        if precedes == "always" or (precedes == "contextual" and len(output) > 2):
            text = name.join([text, ""], ", ")
        else:
            text += " "
        text += f"{options.and_term} " + output[-1]  # as upstream adds them (seams)
        return text
    return name.join(output, delimiter)


def names_process(
    names: Any, item: Any, names_context: Any = None, context: Any = None, **kwargs: Any
) -> Any:
    """citeproc-py's ``Names.process`` for the cs:names ``names``: the same text, without the
    exceptions upstream raises and catches on its common path (a missing cs:label's render, the
    sum of the name lists tried as numbers)."""
    if context is None:
        context = names
    if names_context is None:
        names_context = names
    reference = item.reference
    roles = names.get("variable").split()
    ed_trans: Any = False
    if set(roles) == {"editor", "translator"}:
        try:
            ed_trans = (
                reference.editor == reference.translator and names.get_term("editortranslator").getchildren()
            )
            if ed_trans:
                roles = ["editor"]
        except VariableError:
            ed_trans = False
    output = []
    for role in roles:
        if role in reference:
            name_element = names_context.name
            if name_element is None:
                name_element = model.Name()
                names_context.insert(0, name_element)
            text = name_element.render(item, role, context=context, **kwargs)
            plural = len(reference[role]) > 1
            label_element = names_context.label
            if label_element is not None:
                try:
                    label = label_element.render(
                        item, "editortranslator" if ed_trans else role, plural, **kwargs
                    )
                    if label is not None:
                        if label_element is names_context.getchildren()[0]:
                            text = label + text
                        else:
                            text = text + label
                except AttributeError:
                    pass
            output.append(text)
    if output:
        if all(isinstance(text, int) for text in output):  # the counts of form="count"
            total = sum(output)
            return str(total) if total > 0 else None
        return names.join(output, names.get_parent_delimiter(context))
    substitute = names.substitute()
    if substitute is None:
        raise VariableError
    return substitute.render(item, context=context, **kwargs)
