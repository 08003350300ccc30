"""Names (cs:names, cs:name) as citeproc-js renders them in citations.

Author-only and suppress-author renderings, extra names for disambiguation (add-names),
initials or whole given names for people who share a family name (add-givenname, by rule
or by cite), and names as sort keys.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from citeproc import model
from citeproc.source import VariableError
from citeproc.string import String

from jtd_evidence.formatting._author_substitute import ALL, START, AuthorSubstitute, name_key
from jtd_evidence.formatting._memo import by_cite_rule
from jtd_evidence.formatting._namelist import joined_names, names_process
from jtd_evidence.formatting._nameparts import NameParts, name_parts_aside, person_text
from jtd_evidence.formatting._persons import displayed, inverted
from jtd_evidence.formatting._reads import note
from jtd_evidence.formatting._sorting import name_sort_text
from jtd_evidence.formatting._state import CSL_NS, MISSING, render_state, rendering, repressed_variables
from jtd_evidence.formatting._textcase import TextCase

__all__ = ["Name", "Name_Part", "Names", "WholeGiven", "same_initials_people"]


_TOKEN = re.compile(r"[^\s.]+\.?")
_INITIALS_KEPT = 16384
"""Initials remembered per cs:name (afresh beyond: a long-running process meets unbounded names)."""


@lru_cache(maxsize=16384)  # a name is initialised for every cite and entry that shows it
def initials(given: str, mark: str, *, whole_words: bool = False, hyphen: bool = True) -> str:
    """A given name with ``initialize-with=mark``, as citeproc-js writes it.

    A word with a period after it ("Ph.", "ME.") or of one letter is an initial already and
    keeps its letters; another capitalised word gives its first letter ("TSerendorjiin" its
    first two, "Ts"), or stays whole with ``initialize="false"`` (``whole_words``); a word that
    is not capitalised stays as it is. Parts joined by a hyphen are initialised each and keep
    the hyphen (not with ``initialize-with-hyphen="false"``), unless the part after the hyphen
    is lower case ("Guo-ping" is one word).

        >>> initials("John M.E.", ". "), initials("John M.E.", "", whole_words=True)
        ('J. M. E.', 'John ME')
        >>> initials("Mary-Kate", "."), initials("Mary-Kate", ".", hyphen=False), initials("Guo-ping", "")
        ('M.-K.', 'M.K.', 'G')
    """
    given = re.sub(r"\s*-\s*", "-", given.strip())
    parts = re.split(r"-(?=[^a-z])", given) if hyphen else [given.replace("-", " ")]
    out = []
    for part in parts:
        text = ""
        for token in _TOKEN.findall(part.replace("-", "\u2010")):
            word = token.rstrip(".").replace("\u2010", "-")
            if not word[0].isupper() or (whole_words and len(word) > 1 and not token.endswith(".")):
                text += ("" if not text or text.endswith(" ") else " ") + word + " "
            elif token.endswith(".") or len(word) == 1:
                text += word + mark
            elif len(word) > 2 and word[1].isupper() and word[2].islower():
                text += word[0] + word[1].lower() + mark
            else:
                text += word[0] + mark
        out.append(re.sub(" {2,}", " ", text).strip())
    return "-".join(part for part in out if part)


_NAMES_TAG = f"{{{CSL_NS}}}names"


class Names(model.Names):
    def process(self, item: Any, names_context: Any = None, context: Any = None, **kwargs: Any) -> Any:
        state = render_state()
        roles = self.__dict__.get("_memo_roles")  # the variables as the style names them (read once)
        if roles is None:
            roles = self.__dict__["_memo_roles"] = tuple(self.get("variable", "").split())
        repressed = repressed_variables(context, self).get(_NAMES_TAG, ())
        used = state.collecting if state.collecting is not None else ()  # by the substitute rendering now
        remaining = [role for role in roles if role not in repressed and role not in used]
        if roles and not remaining:
            raise VariableError
        state.vars_called += 1
        count = self._count(item, remaining, names_context, context)
        if count:
            state.vars_rendered += 1
            return String(str(count))
        reference = item.reference
        if not any(role in reference for role in remaining) and self.substitute() is None:
            raise VariableError  # as citeproc-py ends when no role is in the item (it tests them as written)
        if len(remaining) < len(roles):  # render only the roles not already used as a substitute
            self.set("variable", " ".join(remaining))
            try:
                output = names_process(self, item, names_context=names_context, context=context, **kwargs)
            finally:
                self.set("variable", " ".join(roles))
        else:
            output = names_process(self, item, names_context=names_context, context=context, **kwargs)
        if output:
            present = [role for role in roles if role.replace("-", "_") in item.reference]
            if present:
                state.vars_rendered += 1
                if state.collecting is not None:
                    state.collecting.update(present)
        return output

    def _count(self, item: Any, roles: list[str], names_context: Any, context: Any) -> int:
        """With ``<name form="count">``: the names shown of all ``roles`` added up (citeproc-py
        joins each variable's count as text); 0 otherwise, and when none of the roles is present."""
        if render_state().sort_mode:
            return 0
        holder = names_context if names_context is not None else self
        # whether its cs:name has form="count" (remembered: the style's XML and the context decide
        # it; a cs:name is only ever added, which changes the holder's length)
        memo = self.__dict__.get("_memo_count_form")
        if memo is None:
            memo = self.__dict__["_memo_count_form"] = {}
        key = (holder, context, len(holder))
        counting = memo.get(key)
        if counting is None:
            name = holder.name
            counting = memo[key] = name is not None and name.get_option("form", context) == "count"
        if not counting:
            return 0
        name = holder.name
        present = [role for role in roles if role.replace("-", "_") in item.reference]
        return sum(name._counts(item, role.replace("-", "_"), context, None)[1] for role in present)

    def render(self, item: Any, *args: Any, **kwargs: Any) -> Any:
        state = render_state()
        if state.names_mode and not state.sort_mode and state.names_depth == 0 and not state.names_seen:
            state.names_seen = True
            state.names_depth += 1
            try:
                output = super().render(item, *args, **kwargs)
            except VariableError:
                output = None
            finally:
                state.names_depth -= 1
            state.captured = output  # the same names in both modes: everything before them is
            if state.names_mode == "author_only":
                return output
            return None
        substitute = state.author_substitute
        if substitute is not None and not substitute.done and state.names_depth == 0 and not state.sort_mode:
            substitute.active = True
            state.names_depth += 1
            try:
                output = super().render(item, *args, **kwargs)
            finally:
                state.names_depth -= 1
                substitute.active, substitute.done = False, True
            return String(START) + output if output else output
        state.names_depth += 1
        try:
            return super().render(item, *args, **kwargs)
        finally:
            state.names_depth -= 1


class WholeGiven(str):
    """A given name shown whole, not initialised (by-cite disambiguation's highest level)."""


def _initials_key(given: str) -> str:
    """citeproc-js's initials of a given name ("Mary-Kate" M-K, "Jenny J." J J), periods ignored."""
    words = " ".join(given.replace(".", " ").split()).split(" ")
    return " ".join("-".join(part[:1] for part in word.split("-")) for word in words if word)


_EVERY_NAME = tuple((variable, True) for variable in model.NAMES)


def same_initials_people(reference: Any) -> frozenset[tuple[str, str]]:
    """People of one item who share family name and initials with another of its people of a
    different given name (e.g. Hagell, David and Hagell, Dawn): with the "by-cite" given-name
    rule citeproc-js shows their given names whole in long-form names (references, sort keys)."""
    note(reference, _EVERY_NAME)  # the answer is remembered: say what it reads (_reads)
    found: frozenset[tuple[str, str]] | None = reference.__dict__.get("_jtd_same_initials")
    if found is None:
        groups: dict[tuple[str, str], set[str]] = {}
        people: dict[tuple[str, str], list[tuple[str, str]]] = {}
        for variable in model.NAMES:
            for person in reference.get(variable) or ():
                family, given = person.get("family"), person.get("given")
                if not family or not given:
                    continue
                skey = " ".join(str(given).replace(".", " ").split())
                key = (" ".join(str(family).replace(".", " ").split()), _initials_key(skey))
                groups.setdefault(key, set()).add(skey)
                people.setdefault(key, []).append((str(family), str(given)))
        found = frozenset(p for key, members in people.items() if len(groups[key]) > 1 for p in members)
        reference.__dict__["_jtd_same_initials"] = found
    return found


class Name(model.Name):
    def get_option(self, name: str, context: Any = None, sort_options: Any = None) -> Any:
        state = render_state()
        if state.sort_mode:
            sort_options = state.sort_options
        if name == "et-al-min" and state.et_al_off and not state.sort_mode:
            return 0
        # citeproc-py's answer depends on the option, the context element and the sort options only
        key = (name, context, tuple(sorted(sort_options.items())) if sort_options else None)
        memo = self.__dict__.get("_memo_options")
        if memo is None:
            memo = self.__dict__["_memo_options"] = {}
        value = memo.get(key, MISSING)
        if value is MISSING:
            value = super().get_option(name, context, sort_options)
            if name == "et-al-min" and not sort_options and not self._use_first_set(context):
                value = 0  # et-al-min without et-al-use-first anywhere abbreviates nothing (citeproc-js)
            memo[key] = value
        if state.et_al_subsequent and name in ("et-al-min", "et-al-use-first") and not state.sort_mode:
            subsequent = self._subsequent_option(name.replace("et-al-", "et-al-subsequent-"), context)
            if subsequent is not None:
                value = subsequent
        if name == "et-al-use-first" and state.et_al_use_first and not state.sort_mode:
            value = max(value, state.et_al_use_first)
        if value == "after-inverted-name":  # the delimiter goes after an inverted name only
            flags = state.names_inverted
            after = flags[-2:-1] if name == "delimiter-precedes-last" else flags[-1:]
            return "always" if any(after) else "never"
        return value

    def _subsequent_option(self, name: str, context: Any) -> int | None:
        """et-al-subsequent-min or -use-first as the name, its citation or the style sets it
        (remembered: the style's XML does not change)."""
        memo: dict[tuple[str, Any], int | None] | None = self.__dict__.get("_memo_subsequent")
        if memo is None:
            memo = self.__dict__["_memo_subsequent"] = {}
        key = (name, context)
        if key not in memo:
            expr = "./ancestor::*[self::cs:citation][1]"
            holders = (context if context is not None else self).xpath_search(expr)
            values = (holder.get(name) for holder in (self, *holders[:1], self.get_root()))
            value = next((v for v in values if v is not None), None)
            memo[key] = None if value is None else int(value)
        return memo[key]

    def _cited_before(self, item: Any, context: Any) -> bool:
        """The cite's item was cited earlier in the document (position "subsequent")."""
        citation = (context if context is not None else self).get_layout().getparent()
        return any(cite.key == item.key for cite in getattr(citation, "cites", None) or ())

    def _use_first_set(self, context: Any) -> bool:
        """Whether the name, its citation or bibliography, or the style sets et-al-use-first."""
        expr = "./ancestor::*[self::cs:citation or self::cs:bibliography][1]"
        found = (context if context is not None else self).xpath_search(expr)
        holders = [self, *found[:1], self.get_root()]
        return any(holder.get("et-al-use-first") is not None for holder in holders)

    def process(
        self, item: Any, variable: str, context: Any = None, sort_options: Any = None, **kwargs: Any
    ) -> Any:
        state = render_state()
        if state.sort_mode:
            return self._sort_text(item, variable, context)
        if (
            state.in_citation
            and not state.et_al_subsequent
            and self._subsequent_option("et-al-subsequent-min", context) is not None
            and self._cited_before(item, context)
        ):
            with rendering(et_al_subsequent=True):  # et-al-subsequent-min/-use-first (citeproc-js)
                return self.process(item, variable, context, sort_options, **kwargs)
        if (
            state.et_al_use_first
            and not state.et_al_off
            and self.get_option("et-al-use-first", context, sort_options)
            >= len(item.reference.get(variable, []))
        ):
            # names added for disambiguation that leave none out: no "et al." (citeproc-js)
            with rendering(et_al_off=True):
                return self.process(item, variable, context, sort_options, **kwargs)
        substitute = state.author_substitute
        if substitute is not None and substitute.active and substitute.key is None:
            return self._substituted(item, variable, substitute, context, sort_options, **kwargs)
        if state.names_max is not None:
            state.names_max.append((*self._counts(item, variable, context, sort_options), variable))
        names = item.reference.get(variable, [])
        short = self.get_option("form", context, sort_options) == "short"
        flags = inverted(
            names, None if short else self.get_option("name-as-sort-order", context, sort_options)
        )
        demote = self.get_option("demote-non-dropping-particle", context, sort_options)
        count = self._counts(item, variable, context, sort_options)[1]
        end = count if count < len(names) - 1 else len(names)
        shown = [
            displayed(person, flag, short, demote) for person, flag in zip(names[:end], flags, strict=False)
        ]
        if end < len(names):  # names after those shown are never printed, but for the last (et-al-use-last)
            shown += names[end:-1]
            shown.append(displayed(names[-1], flags[-1], short, demote))
        inverted_before, state.names_inverted = state.names_inverted, tuple(flags[:count])  # as rendering()
        try:
            with _names_shown(item.reference, variable, shown):
                if (state.in_citation and state.initials_for) or state.givens or self._whole_given(item):
                    return self._with_initials(item, variable, context, sort_options, **kwargs)
                parts = self._name_parts()
                if parts:
                    return self._by_parts(item, variable, parts, flags, context, sort_options, **kwargs)
                return joined_names(self, item, variable, self._name_part_list(), context, sort_options)
        finally:
            state.names_inverted = inverted_before

    def _name_parts(self) -> NameParts:
        parts = self.__dict__.get("_memo_name_parts")
        if parts is None:
            parts = self.__dict__["_memo_name_parts"] = NameParts(self)
        return parts

    def _by_parts(
        self,
        item: Any,
        variable: str,
        parts: NameParts,
        flags: list[bool],
        context: Any,
        sort_options: Any,
        **kwargs: Any,
    ) -> Any:
        """Each person formatted part by part (:mod:`._nameparts`), handed to citeproc-py as literals."""

        def option(name: str) -> Any:
            return self.get_option(name, context, sort_options)

        mark = option("initialize-with")
        initialize = None if mark is None else (lambda given: self.initialize(given, mark, context))
        names = item.reference.get(variable, [])
        texts = []
        for person, flag in zip(names, flags, strict=True):
            text = person_text(
                person,
                parts,
                form=option("form"),
                inverted=flag,
                demote=option("demote-non-dropping-particle"),
                sort_separator=option("sort-separator"),
                initialize=initialize,
            )
            clone = dict.__new__(type(person))
            dict.__setitem__(clone, "literal", String(text))
            texts.append(clone)
        with name_parts_aside(self), _names_shown(item.reference, variable, texts):
            return joined_names(self, item, variable, (), context, sort_options)

    def _substituted(
        self,
        item: Any,
        variable: str,
        substitute: AuthorSubstitute,
        context: Any,
        sort_options: Any,
        **kwargs: Any,
    ) -> Any:
        """The first names of a bibliography entry: their key kept for subsequent-author-substitute,
        and with the names it says replaced by the placeholder."""
        names = item.reference.get(variable, [])
        shown = self._counts(item, variable, context, sort_options)[1]
        substitute.key = [name_key(person) for person in names[:shown]]
        if substitute.replace is None:
            return self.process(item, variable, context, sort_options, **kwargs)
        if substitute.replace == ALL:
            return String(substitute.text)
        changed = []
        for index, person in enumerate(names):
            if index < substitute.replace:
                person = _placeholder(person, substitute.text)
            changed.append(person)
        reference = item.reference
        dict.__setitem__(reference, variable, changed)
        try:
            return self.process(item, variable, context, sort_options, **kwargs)
        finally:
            dict.__setitem__(reference, variable, names)

    def _whole_given(self, item: Any) -> frozenset[tuple[str, str]]:
        """People shown with whole given names in long form, when the style's rule is "by-cite"."""
        return same_initials_people(item.reference) if by_cite_rule(self.get_root()) else frozenset()

    def initialize(self, given: Any, mark: Any, context: Any) -> Any:
        if isinstance(given, WholeGiven):
            return str(given)
        # remembered per cs:name: the answer depends on the given name, the mark and the options
        # read in the context element only (initialize-with-hyphen is never a sort option)
        memo: dict[tuple[str, str, Any], str] | None = self.__dict__.get("_memo_initials")
        if memo is None or len(memo) > _INITIALS_KEPT:
            memo = self.__dict__["_memo_initials"] = {}
        key = (str(given), str(mark), context)
        found = memo.get(key)
        if found is None:
            found = memo[key] = initials(
                key[0],
                key[1],
                whole_words=self.get("initialize", "true").lower() == "false",
                hyphen=bool(self.get_option("initialize-with-hyphen", context)),
            )
        return found

    def _name_part_list(self) -> tuple[Any, ...]:
        """The cs:name-part children (listed once: only :func:`name_parts_aside` takes them away, for a block)."""
        found: tuple[Any, ...] | None = self.__dict__.get("_memo_name_part_list")
        if found is None:
            found = self.__dict__["_memo_name_part_list"] = tuple(self.findall(f"{{{CSL_NS}}}name-part"))
        return found

    def _counts(self, item: Any, variable: str, context: Any, sort_options: Any) -> tuple[int, int]:
        """How many names the variable holds, and how many citeproc-py shows (et-al rules)."""
        total = len(item.reference.get(variable, []))
        et_al_min = self.get_option("et-al-min", context, sort_options)
        use_first = self.get_option("et-al-use-first", context, sort_options)
        shown = total
        if total > 1 and et_al_min and total >= et_al_min:
            use_last = self.get_option("et-al-use-last", context, sort_options)
            shown = min(total, use_first + (1 if use_last and use_first <= et_al_min - 2 else 0))
        return total, shown

    def _sort_text(self, item: Any, variable: str, context: Any) -> Any:
        names = list(item.reference.get(variable, []))
        whole = self._whole_given(item)
        if whole:
            names = [_with_whole_given(person) if _person(person) in whole else person for person in names]
        et_al_min = self.get_option("et-al-min", context)
        use_first = self.get_option("et-al-use-first", context)
        if et_al_min and len(names) > 1 and len(names) >= et_al_min:
            use_last = self.get_option("et-al-use-last", context) and use_first <= et_al_min - 2
            names = names[:use_first] + names[-1:] if use_last else names[:use_first]
        form = self.get_option("form", context)
        if form == "count":
            return len(names)  # cs:names adds up the counts of its variables
        demote = self.get_option("demote-non-dropping-particle", context)
        if form == "short":
            return String(name_sort_text(names, demote, short=True))
        initialize_with = self.get_option("initialize-with", context)
        initialize = None
        if initialize_with is not None:

            def initialize(given: str) -> str:
                initials: str = self.initialize(given, initialize_with, context)
                return initials

        return String(name_sort_text(names, demote, initialize))

    def _with_initials(self, item: Any, variable: str, context: Any, sort_options: Any, **kwargs: Any) -> Any:
        """Render with given names put in front of family names in a short-form name: initials for
        ambiguous people (:attr:`RenderState.initials_for`) and, by position, the levels of
        :attr:`RenderState.givens` (1 initials, 2 the whole given name), as citeproc-js."""
        state = render_state()
        names = item.reference.get(variable, [])
        short = self.get_option("form", context) == "short"
        mark = self.get_option("initialize-with", context)
        whole = self._whole_given(item)
        hidden = range(self._counts(item, variable, context, sort_options)[1], len(names) - 1)
        changed = []
        for index, person in enumerate(names):
            if index in hidden:  # never printed (et al.), but for the last name (et-al-use-last)
                changed.append(person)
                continue
            given, family = person.get("given"), person.get("family")
            level = 2 if not short and _person(person) in whole else 0
            if variable == state.givens_variable and index < len(state.givens):
                level = max(level, state.givens[index])
            if (
                (index == 0 or state.initials_all_names)
                and given
                and family
                and (str(family), str(given)) in state.initials_for
            ):
                level = max(level, 2 if (str(family), str(given)) in state.whole_for else 1)
            if level >= 2 and given and not short:  # a long-form name keeps the whole given name
                changed.append(_with_whole_given(person))
            elif level and given and family and short:
                if level == 1 and mark is not None:
                    shown = self.initialize(str(given), mark, context).strip()
                elif level == 1 and state.givens:  # no initialize-with: by-cite shows the given name
                    shown = str(given)
                elif level == 1:
                    shown = self.initialize(str(given), ". ", context).strip()
                else:
                    shown = str(given)
                clone = dict.__new__(type(person))
                dict.update(clone, person)
                particle = dict.pop(clone, "non-dropping-particle", None)  # initials go before it
                family_shown = f"{particle} {family}" if particle else str(family)
                dict.__setitem__(clone, "family", String(f"{shown} {family_shown}"))
                changed.append(clone)
            else:
                changed.append(person)
        reference = item.reference
        original = reference.get(variable)
        dict.__setitem__(reference, variable, changed)
        try:
            return joined_names(self, item, variable, self._name_part_list(), context, sort_options)
        finally:
            dict.__setitem__(reference, variable, original)


def _person(person: Any) -> tuple[str, str]:
    return (str(person.get("family")), str(person.get("given")))


class _names_shown:  # noqa: N801 (used as a function: ``with _names_shown(...)``)
    """The reference with ``names`` as the variable's names for a block (when any differs)."""

    __slots__ = ("_names", "_original", "_reference", "_variable")

    def __init__(self, reference: Any, variable: str, names: list[Any]) -> None:
        self._reference, self._variable, self._names = reference, variable, names

    def __enter__(self) -> None:
        original = self._original = self._reference.get(self._variable)
        if original is not None and not all(a is b for a, b in zip(original, self._names, strict=True)):
            dict.__setitem__(self._reference, self._variable, self._names)
        else:
            self._original = None

    def __exit__(self, *exc: object) -> None:
        if self._original is not None:
            dict.__setitem__(self._reference, self._variable, self._original)


def _placeholder(person: Any, text: str) -> Any:
    """A name that prints as ``text`` (subsequent-author-substitute)."""
    clone = dict.__new__(type(person))
    dict.__setitem__(clone, "family", String(text))
    return clone


def _with_whole_given(person: Any) -> Any:
    clone = dict.__new__(type(person))
    dict.update(clone, person)
    dict.__setitem__(clone, "given", WholeGiven(person.get("given")))
    return clone


class Name_Part(TextCase, model.Name_Part):  # noqa: N801 (citeproc-py's class name)
    """cs:name-part, with text-case as citeproc-js applies it."""
