"""citeproc-py's CSL element classes with the behaviour citeproc-js has and citeproc-py lacks.

Each class below subclasses one citeproc-py element class and changes one behaviour; the
style and locale XML are parsed with a private lxml class lookup that maps tags to these
subclasses (:func:`load_style`), so citeproc-py itself is never modified and other users
of it in the same process are unaffected.

What changes, and why:

* sorting (:class:`Sort`, :class:`Key`, :class:`Name`, :class:`Date`): keys are rendered in
  sort mode everywhere (citeproc-py loses the sort options in nested macros), names give
  "family|given" keys without "and"/"et al.", dates give zero-padded numbers, and keys are
  compared with citeproc-js's collation (:mod:`._collation`) with empty keys last;
* quotes (:class:`Text`): ``quotes="true"`` wraps in quote-span markers resolved later with
  nesting (:mod:`._text`);
* links (:class:`Text`): URL and DOI become ``<a href>`` in HTML, as Zotero renders them;
* citations (:class:`Names`, :class:`Name`): author-only and suppress-author renderings,
  extra names for disambiguation (add-names) and initials for people who share a family
  name (add-givenname).

Rendering state that is not in the XML (which of these modes is on) lives in a
:class:`RenderState` held in a context variable for the duration of one render.
"""

from __future__ import annotations

import contextlib
import contextvars
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from citeproc import LANGUAGE_NAMES, LOCALES_PATH, PRIMARY_DIALECTS, model
from citeproc.source import DateRange, LiteralDate, VariableError
from citeproc.string import String
from lxml import etree

from jtd_evidence.formatting._collation import collation_key
from jtd_evidence.formatting._memo import KnownChildren, Memoised, keep_alive, memoised_class
from jtd_evidence.formatting._text import MARKERS, STYLE_CLOSE, STYLE_OPEN

__all__ = ["RenderState", "load_style", "render_state", "rendering"]

CSL_NS = "http://purl.org/net/xbiblio/csl"
_TAG = re.compile(r"<[^>]+>")
_STRIP = str.maketrans("", "", MARKERS)


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
    et_al_off: bool = False  # the added names are all the names: no et-al abbreviation
    initials_for: frozenset[tuple[str, str]] = frozenset()  # (family, given) shown with initials
    initials_all_names: bool = False  # rule applies to every name, not only the first
    givens: tuple[int, ...] = ()  # by name position: 1 initials, 2 whole given name (by-cite disambiguation)
    givens_variable: str | None = None  # ... of the name variable the citation disambiguated
    vars_called: int = 0  # variables looked up so far (cs:group suppression)
    vars_rendered: int = 0  # ... and those that gave output
    collecting: set[str] | None = None  # variables rendered inside a cs:substitute child
    names_max: list[tuple[int, int, str]] | None = (
        None  # when a list: (held, shown, variable) per name variable
    )
    year_suffix: str = ""  # of the item whose date is being rendered
    year_suffix_shown: bool = False  # the implicit year suffix is given (once per cite or entry)
    memo: Any = None  # an EntryMemo for rendered sort keys, during Processor.render
    digests: dict[str, str] | None = None  # item key -> entry digest, for the memo


_MISSING = object()


_STATE: contextvars.ContextVar[RenderState] = contextvars.ContextVar("jtd_render_state")


def render_state() -> RenderState:
    try:
        return _STATE.get()
    except LookupError:
        state = RenderState()
        _STATE.set(state)
        return state


@contextlib.contextmanager
def rendering(**changes: Any) -> Iterator[RenderState]:
    """Run a block with some RenderState fields changed, restoring them afterwards."""
    state = render_state()
    saved = {name: getattr(state, name) for name in changes}
    for name, value in changes.items():
        setattr(state, name, value)
    try:
        yield state
    finally:
        for name, value in saved.items():
            setattr(state, name, value)


def key_text(value: Any) -> str | None:
    """A rendered sort key as plain text with spaces as citeproc-js's '|' separator; None when empty."""
    if value is None:
        return None
    text = html.unescape(_TAG.sub("", str(value))).translate(_STRIP).strip()
    if not text:
        return None
    return "|".join(text.split(" "))


def _date_sort_key(date: Any, parts: list[str]) -> str | None:
    if date is None:
        return None
    if isinstance(date, DateRange):
        begin = _date_sort_key(date.begin, parts) or ""
        end = _date_sort_key(date.get("end"), parts) or ""
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


def _name_sort_text(names: list[Any], demote: str, initialize: Any = None, *, short: bool = False) -> str:
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
        return key.sort_keys(items, context)
    path = key.__dict__.get("_memo_path")
    if path is None:
        path = key.__dict__["_memo_path"] = key.getroottree().getpath(key)
    names = [f"sort\0{path}\0{digests.get(item.key)}" for item in items]
    out: list[str | None] = []
    missing: list[int] = []
    for i, name in enumerate(names):
        found = memo.get(name, _MISSING)
        if found is _MISSING or items[i].key not in digests:
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
        with rendering(sort_mode=True, sort_options=options):
            if "variable" in self.attrib:
                variable = self.get("variable").replace("-", "_")
                demote = self.get_root().get("demote-non-dropping-particle", "display-and-sort").lower()
                for item in items:
                    value = item.reference.get(variable)
                    if value is None:
                        keys.append(None)
                    elif variable in model.NAMES:
                        keys.append(key_text(_name_sort_text(value, demote)))
                    elif variable in model.DATES:
                        keys.append(_date_sort_key(value, ["year", "month", "day"]))
                    else:
                        keys.append(key_text(value))
            else:
                layout = context.get_layout()
                macro = self.get_macro(self.get("macro"))
                for item in items:
                    layout.repressed = {}
                    keys.append(key_text(macro.render(item, context=context, sort_options=options)))
        return keys


class Date(model.Date):
    def process(
        self,
        item: Any,
        variable: str | None = None,
        show_parts: Any = None,
        context: Any = None,
        **kwargs: Any,
    ) -> Any:
        state = render_state()
        if state.sort_mode and not self.is_locale_date():
            variable = variable or self.get("variable")
            value = item.reference.get(variable.replace("-", "_"))
            parts = (self.get("date-parts") or "year-month-day").split("-")
            key = _date_sort_key(value, parts)
            return None if key is None else String(key)
        if self.is_locale_date():
            return super().process(item, variable, show_parts, context, **kwargs)
        state.vars_called += 1
        saved, state.year_suffix = state.year_suffix, str(item.reference.get("year_suffix", ""))
        try:
            output = super().process(item, variable, show_parts, context, **kwargs)
        finally:
            state.year_suffix = saved
        if output:
            state.vars_rendered += 1
            if state.collecting is not None:
                state.collecting.add(variable or self.get("variable"))
        return output


def _repressed(context: Any, element: Any) -> dict[str, list[str]]:
    return (context if context is not None else element).get_layout().repressed


class Text(model.Text):
    def process(self, item: Any, context: Any = None, **kwargs: Any) -> Any:
        """As citeproc-py, reading the item's language without raising when it has none."""
        if context is None:
            context = self
        language = item.reference.get("language")
        if language is None:
            language = self.get_root().get("default-locale", "en")
        language = language[:2]
        if self.get("variable") is not None:
            text = self._variable(item, context)
        elif self.get("macro") is not None:
            text = self._macro(item, context)
        elif self.get("term") is not None:
            text = self._term(item)
        elif self.get("value") is not None:
            text = String(self.preformat(self.get("value")))
        else:
            text = None
        return text, language

    def _macro(self, item: Any, context: Any) -> Any:
        """A macro is a group, as citeproc-js expands it: printed only when it calls no variable
        or renders one, and then counted as a rendered variable of the enclosing group."""
        state = render_state()
        called, rendered = state.vars_called, state.vars_rendered
        text = self.get_macro(self.get("macro")).render(item, context)
        if state.sort_mode or not text:
            return text
        if state.vars_called != called and state.vars_rendered == rendered:
            return None
        state.vars_rendered += 1
        return text

    def _variable(self, item: Any, context: Any) -> Any:
        state = render_state()
        variable = self.get("variable")
        generated = variable in self.generated_variables
        if generated and state.sort_mode:
            return None  # year suffixes are given after sorting and never sort
        if not generated:
            state.vars_called += 1
        value = super()._variable(item, context)
        if value not in (None, "") and not generated:
            state.vars_rendered += 1
            if state.collecting is not None:
                state.collecting.add(variable)
        return value

    def quote(self, string: Any) -> Any:
        if self.get("quotes", "false").lower() == "true":
            return String(STYLE_OPEN) + string + String(STYLE_CLOSE)
        return string

    def markup(self, text: Any, language: Any) -> Any:
        variable = self.get("variable")
        if not text or variable not in ("URL", "DOI") or not render_state().html:
            return super().markup(text, language)
        shown = str(text)
        prefix, suffix = self.get("prefix", ""), self.get("suffix", "")
        if variable == "DOI":
            if prefix.startswith("http"):
                shown, prefix = prefix + shown, ""
                href = shown
            else:
                href = "https://doi.org/" + shown
        else:
            href = shown
        linked = String(f'<a href="{href}">{shown}</a>')
        return String(prefix) + self.format(linked) + String(suffix)


class Names(model.Names):
    def process(self, item: Any, names_context: Any = None, context: Any = None, **kwargs: Any) -> Any:
        state = render_state()
        roles = self.get("variable", "").split()
        repressed = _repressed(context, self).get(f"{{{CSL_NS}}}names", [])
        remaining = [role for role in roles if role not in repressed]
        if roles and not remaining:
            raise VariableError
        state.vars_called += 1
        if len(remaining) < len(roles):  # render only the roles not already used as a substitute
            self.set("variable", " ".join(remaining))
            try:
                output = super().process(item, names_context=names_context, context=context, **kwargs)
            finally:
                self.set("variable", " ".join(roles))
        else:
            output = super().process(item, names_context=names_context, context=context, **kwargs)
        if output:
            present = [role for role in roles if role.replace("-", "_") in item.reference]
            if present:
                state.vars_rendered += 1
                if state.collecting is not None:
                    state.collecting.update(present)
        return output

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
        state.names_depth += 1
        try:
            return super().render(item, *args, **kwargs)
        finally:
            state.names_depth -= 1


class Group(model.Group):
    """cs:group suppression decided by the variables actually rendered, not those a branch could call."""

    def process(self, item: Any, context: Any = None, **kwargs: Any) -> Any:
        state = render_state()
        called, rendered = state.vars_called, state.vars_rendered
        output = []
        delimiter = self.get("delimiter", "")
        for child in self.iterchildren():
            try:
                if isinstance(child, model.Choose):
                    text = child.render(item, context=context, delimiter=delimiter, **kwargs)
                else:
                    text = child.render(item, context=context, **kwargs)
            except VariableError:
                continue
            if text is not None:
                output.append(text)
        if output and (state.vars_called == called or state.vars_rendered > rendered):
            state.vars_rendered += 1  # a group that prints counts as a rendered variable of its parent
            return self.join(output)
        raise VariableError


class Substitute(model.Substitute):
    """The first child that renders stands for the names; every variable it rendered is then
    suppressed in the rest of the entry (citeproc-py only suppressed a directly named variable)."""

    def render(self, item: Any, context: Any = None, **kwargs: Any) -> Any:
        state = render_state()
        for child in self.getchildren():
            saved, state.collecting = state.collecting, set()
            try:
                if isinstance(child, model.Names) and child.name is None:
                    names = self.xpath_search("./parent::cs:names[1]")[0]
                    text = child.render(item, names_context=names, context=context, **kwargs)
                else:
                    text = child.render(item, context=context, **kwargs)
            except VariableError:
                continue
            finally:
                used, state.collecting = state.collecting, saved
                if saved is not None:
                    saved.update(used)
            if text:
                repressed = _repressed(context, self)
                for tag in ("text", "names", "date", "number"):
                    repressed.setdefault(f"{{{CSL_NS}}}{tag}", []).extend(sorted(used))
                return text
        return None


class Number(model.Number):
    def process(self, item: Any, context: Any = None, **kwargs: Any) -> Any:
        state = render_state()
        state.vars_called += 1
        output = super().process(item, context, **kwargs)
        if output:
            state.vars_rendered += 1
            if state.collecting is not None:
                state.collecting.add(self.get("variable"))
        return output


class Layout(model.Layout):
    def render_children(self, item: Any, delimiter: str = "", **kwargs: Any) -> Any:
        """One cite or entry: the implicit year suffix is still to be given."""
        state = render_state()
        saved, state.year_suffix_shown = state.year_suffix_shown, False
        try:
            return KnownChildren.render_children(self, item, delimiter, **kwargs)
        finally:
            state.year_suffix_shown = saved

    def render_citation(self, citation: Any, callback: Any) -> Any:
        """As citeproc-py, but a citation of one item skips sorting (one item has one order)."""
        if len(citation.cites) != 1 or citation.cites[0].is_bad():
            return super().render_citation(citation, callback)
        item = citation.cites[0]
        self.repressed = {}
        out = []
        try:
            output = self.render_children(item)
            if output is not None:
                out.append(item.get("prefix", "") + output + item.get("suffix", ""))
                self.getparent().cites.append(item)
        except VariableError:
            pass
        return self.format(self.wrap(self.join(out)))


class Date_Part(model.Date_Part):  # noqa: N801 (citeproc-py's class name)
    def process(self, date: Any, context: Any = None) -> Any:
        """As citeproc-py; the first year of a cite or entry takes the item's year suffix when the
        style disambiguates by year suffix without printing the year-suffix variable (citeproc-js)."""
        text = super().process(date, context)
        if self.get("name") != "year" or not _implicit_year_suffix(self.get_root()):
            return text
        state = render_state()
        suffix = state.year_suffix
        if suffix and not state.year_suffix_shown and not state.sort_mode:
            state.year_suffix_shown = True
            return f"{text}{suffix}"
        return text

    def render(self, *args: Any, **kwargs: Any) -> Any:
        """As citeproc-py, which copies a style's date-part attributes onto the locale's date-part
        for the render; here they are put back afterwards, so no render changes a later one."""
        saved = dict(self.attrib)
        try:
            return super().render(*args, **kwargs)
        finally:
            if dict(self.attrib) != saved:
                self.attrib.clear()
                self.attrib.update(saved)


def _implicit_year_suffix(root: Any) -> bool:
    """Whether the style adds year suffixes and prints none itself (they then follow the first year)."""
    found = root.__dict__.get("_memo_implicit_suffix")
    if found is None:
        citation = root.find("cs:citation", root.nsmap)
        found = root.__dict__["_memo_implicit_suffix"] = (
            citation is not None
            and citation.get("disambiguate-add-year-suffix", "false") == "true"
            and not root.xpath_search(".//cs:text[@variable='year-suffix']")
        )
    return bool(found)


class _Condition:
    """cs:if and cs:else-if: the tests an element makes are listed once; ``holds`` answers
    without raising (citeproc-py raises ConditionFailed for every branch not taken)."""

    _TESTS = ("type", "variable", "is-numeric", "is-uncertain-date", "locator", "position", "disambiguate")

    def _plan(self) -> tuple[tuple[str, ...], str | None]:
        plan = self.__dict__.get("_memo_plan")
        if plan is None:
            attrib = self.attrib
            plan = self.__dict__["_memo_plan"] = (
                tuple(test for test in self._TESTS if test in attrib),
                self.get("match"),
            )
            self.__dict__["_memo_by_fields"] = (
                bool(plan[0])
                and set(plan[0]) <= {"type", "variable"}
                and "locator" not in (self.get("variable") or "").split()
            )
            self.__dict__["_memo_holds"] = {}
        return plan

    def holds(self, item: Any, context: Any = None) -> bool:
        tests, match = self._plan()
        if self.__dict__.get("_memo_by_fields"):
            # type and variable tests only: the answer follows from the item's type and fields
            fields = _fields(item.reference)
            memo = self.__dict__["_memo_holds"]
            found = memo.get(fields)
            if found is None:
                found = memo[fields] = self._holds(item, context, tests, match)
            return found
        return self._holds(item, context, tests, match)

    def _holds(self, item: Any, context: Any, tests: tuple[str, ...], match: str | None) -> bool:
        results: list[Any] = []
        for test in tests:
            if test == "type":
                results += self._type(item)
            elif test == "variable":
                results += self._variable(item)
            elif test == "is-numeric":
                results += self._is_numeric(item)
            elif test == "is-uncertain-date":
                results += self._is_uncertain_date(item)
            elif test == "locator":
                results += self._locator(item)
            elif test == "disambiguate":  # no cite is left ambiguous for this last resort to settle
                results.append(False)
            else:
                results += self._position(item, context)
        if match == "any":
            return any(results)
        if match == "none":
            return not any(results)
        return all(results)

    def render(self, item: Any, context: Any = None, delimiter: str = "", **kwargs: Any) -> Any:
        if not self.holds(item, context):
            raise model.ConditionFailed
        return self.render_children(item, context=context, delimiter=delimiter, **kwargs)

    def _type(self, item: Any) -> list[bool]:
        types = self.__dict__.get("_memo_types")
        if types is None:
            types = self.__dict__["_memo_types"] = tuple(t.lower() for t in self.get("type").split())
        kind = item.reference.type
        return [t == kind for t in types]

    def _variable(self, item: Any) -> list[bool]:
        variables = self.__dict__.get("_memo_variables")
        if variables is None:
            variables = self.__dict__["_memo_variables"] = tuple(
                v.replace("-", "_") for v in self.get("variable").split()
            )
        reference = item.reference
        return [("locator" in item) if v == "locator" else (v in reference) for v in variables]

    def _is_numeric(self, item: Any) -> list[bool]:
        """As citeproc-py, and a cite's locator is tested too (citeproc-py looks for it in the item's fields)."""
        variables = self.get("is-numeric").split()
        if "locator" not in variables:
            return super()._is_numeric(item)  # type: ignore[misc]
        locator = str(item.locator.identifier) if "locator" in item else ""
        found = [bool(_NUMERIC_LOCATOR.match(locator.strip()))]
        others = [v for v in variables if v != "locator"]
        if others:
            saved = self.get("is-numeric")
            self.set("is-numeric", " ".join(others))
            try:
                found += super()._is_numeric(item)  # type: ignore[misc]
            finally:
                self.set("is-numeric", saved)
        return found


_NUMERIC_LOCATOR = re.compile(r"^[A-Za-z]*\d+[A-Za-z]*(?:\s*(?:[-–,&]|and)\s*[A-Za-z]*\d+[A-Za-z]*)*$")
"""A locator CSL calls numeric: numbers with letters before or after them ("D2", "2b"), in lists and ranges."""


def _fields(reference: Any) -> tuple[Any, frozenset[str]]:
    """An item's type and the fields it has (remembered until a field is added, e.g. a year suffix)."""
    found = reference.__dict__.get("_jtd_fields")
    if found is None or found[0] != len(reference):
        found = reference.__dict__["_jtd_fields"] = (
            len(reference),
            (reference.get("type"), frozenset(reference)),
        )
    return found[1]


class If(_Condition, model.If):
    pass


class Else_If(_Condition, model.Else_If):  # noqa: N801 (citeproc-py's class name)
    pass


class Choose(model.Choose):
    def render(self, item: Any, context: Any = None, delimiter: str = "", **kwargs: Any) -> Any:
        """The first branch whose condition holds (cs:else always does), as citeproc-py."""
        for child in self.known_children():
            if isinstance(child, _Condition):
                if not child.holds(item, context):
                    continue
                return child.render_children(item, context=context, delimiter=delimiter, **kwargs)
            try:
                return child.render(item, context=context, delimiter=delimiter, **kwargs)
            except model.ConditionFailed:
                continue
        return None


class Label(model.Label):
    def case(self, text: Any, language: Any = None) -> Any:
        return super().case(text, language or "en")


class WholeGiven(str):
    """A given name shown whole, not initialised (by-cite disambiguation's highest level)."""


def _initials_key(given: str) -> str:
    """citeproc-js's initials of a given name ("Mary-Kate" M-K, "Jenny J." J J), periods ignored."""
    words = " ".join(given.replace(".", " ").split()).split(" ")
    return " ".join("-".join(part[:1] for part in word.split("-")) for word in words if word)


def same_initials_people(reference: Any) -> frozenset[tuple[str, str]]:
    """People of one item who share family name and initials with another of its people of a
    different given name (e.g. Hagell, David and Hagell, Dawn): with the "by-cite" given-name
    rule citeproc-js shows their given names whole in long-form names (references, sort keys)."""
    found = reference.__dict__.get("_jtd_same_initials")
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
        value = memo.get(key, _MISSING)
        if value is _MISSING:
            value = memo[key] = super().get_option(name, context, sort_options)
        if name == "et-al-use-first" and state.et_al_use_first and not state.sort_mode:
            value = max(value, state.et_al_use_first)
        return value

    def process(
        self, item: Any, variable: str, context: Any = None, sort_options: Any = None, **kwargs: Any
    ) -> Any:
        state = render_state()
        if state.sort_mode:
            return self._sort_text(item, variable, context)
        if (
            state.et_al_use_first
            and not state.et_al_off
            and self.get_option("et-al-use-first", context, sort_options)
            >= len(item.reference.get(variable, []))
        ):
            # names added for disambiguation that leave none out: no "et al." (citeproc-js)
            with rendering(et_al_off=True):
                return self.process(item, variable, context, sort_options, **kwargs)
        if state.names_max is not None:
            state.names_max.append((*self._counts(item, variable, context, sort_options), variable))
        if (state.in_citation and state.initials_for) or state.givens or self._whole_given(item):
            return self._with_initials(item, variable, context, sort_options, **kwargs)
        return super().process(item, variable, context=context, sort_options=sort_options, **kwargs)

    def _whole_given(self, item: Any) -> frozenset[tuple[str, str]]:
        """People shown with whole given names in long form, when the style's rule is "by-cite"."""
        root = self.get_root()
        by_cite = root.__dict__.get("_memo_by_cite")
        if by_cite is None:
            citation = root.find("cs:citation", root.nsmap)
            by_cite = root.__dict__["_memo_by_cite"] = (
                citation is not None
                and citation.get("disambiguate-add-givenname", "false") == "true"
                and citation.get("givenname-disambiguation-rule", "by-cite") == "by-cite"
            )
        return same_initials_people(item.reference) if by_cite else frozenset()

    def initialize(self, given: Any, mark: Any, context: Any) -> Any:
        if isinstance(given, WholeGiven):
            return str(given)
        return super().initialize(given, mark, context)

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
            return String(_name_sort_text(names, demote, short=True))
        initialize_with = self.get_option("initialize-with", context)
        initialize = None
        if initialize_with is not None:

            def initialize(given: str) -> str:
                return self.initialize(given, initialize_with, context)

        return String(_name_sort_text(names, demote, initialize))

    def _with_initials(self, item: Any, variable: str, context: Any, sort_options: Any, **kwargs: Any) -> Any:
        """Render with given names put in front of family names in a short-form name: initials for
        ambiguous people (:attr:`RenderState.initials_for`) and, by position, the levels of
        :attr:`RenderState.givens` (1 initials, 2 the whole given name), as citeproc-js."""
        state = render_state()
        names = item.reference.get(variable, [])
        short = self.get_option("form", context) == "short"
        mark = self.get_option("initialize-with", context)
        whole = self._whole_given(item)
        changed = []
        for index, person in enumerate(names):
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
                level = max(level, 1)
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
            return super().process(item, variable, context=context, sort_options=sort_options, **kwargs)
        finally:
            dict.__setitem__(reference, variable, original)


def _person(person: Any) -> tuple[str, str]:
    return (str(person.get("family")), str(person.get("given")))


def _with_whole_given(person: Any) -> Any:
    clone = dict.__new__(type(person))
    dict.update(clone, person)
    dict.__setitem__(clone, "given", WholeGiven(person.get("given")))
    return clone


_OVERRIDES: dict[str, type] = {
    "sort": Sort,
    "key": Key,
    "date": Date,
    "text": Text,
    "names": Names,
    "name": Name,
    "group": Group,
    "substitute": Substitute,
    "label": Label,
    "number": Number,
    "layout": Layout,
    "date-part": Date_Part,
    "if": If,
    "else-if": Else_If,
    "choose": Choose,
}


def _parser() -> etree.XMLParser:
    lookup = etree.ElementNamespaceClassLookup()
    namespace = lookup.get_namespace(CSL_NS)
    namespace[None] = model.CitationStylesElement
    namespace.update(
        {
            cls.__name__.replace("_", "-").lower(): cls
            for cls in model.CitationStylesElement.__subclasses__()
            if not issubclass(cls, Memoised)
        }
    )
    namespace.update(_OVERRIDES)
    for tag, cls in list(namespace.items()):
        namespace[tag] = memoised_class(cls)
    parser = etree.XMLParser(remove_comments=True, encoding="UTF-8", no_network=True)
    parser.set_element_class_lookup(lookup)
    return parser


class LoadedStyle:
    """A parsed style with its locale chain; duck-types citeproc's CitationStylesStyle."""

    def __init__(self, path: str, locale: str) -> None:
        parser = _parser()
        self.xml = etree.parse(path, parser)
        self.root = self.xml.getroot()
        self.locale = locale
        self._locale_trees: list[Any] = []
        self._set_locales(locale, parser)
        self._proxies = keep_alive(self.xml)
        for tree in self._locale_trees:
            self._proxies += keep_alive(tree)

    def _set_locales(self, output_locale: str, parser: etree.XMLParser) -> None:
        root = self.root
        root.locales = []
        seen: set[str] = set()

        def in_style(lang: str | None) -> None:
            expr = f'./cs:locale[@xml:lang="{lang}"]' if lang else "./cs:locale[not(@xml:lang)]"
            root.locales.extend(root.xpath_search(expr)[:1])

        def system(lang: str) -> None:
            if lang in seen:
                return
            seen.add(lang)
            path = str(Path(LOCALES_PATH) / f"locales-{lang}.xml")
            tree = etree.parse(path, parser)
            self._locale_trees.append(tree)
            root.locales.append(tree.getroot())

        in_style(output_locale)
        language = output_locale.split("-")[0]
        in_style(language)
        in_style(None)
        if output_locale in LANGUAGE_NAMES:
            system(output_locale)
        if language in PRIMARY_DIALECTS:
            system(PRIMARY_DIALECTS[language])
        system("en-US")
        for locale in root.locales:
            locale.style = root

    def has_bibliography(self) -> bool:
        return self.root.bibliography is not None

    def render_citation(self, citation: Any, cites: Any, callback: Any = None) -> Any:
        return self.root.citation.render(citation, cites, callback)

    def sort_bibliography(self, citation_items: Any) -> Any:
        return self.root.bibliography.sort(citation_items)

    def render_bibliography(self, citation_items: Any) -> Any:
        return self.root.bibliography.render(citation_items)

    def term(self, name: str) -> str:
        return str(self.root.get_single_term(name))


def load_style(path: str, locale: str) -> LoadedStyle:
    """Parse a .csl file for one locale with the element classes of this module."""
    return LoadedStyle(path, locale)
