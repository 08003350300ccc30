"""citeproc-py's CSL element classes with the behaviour citeproc-js has and citeproc-py lacks:
text, dates, numbers, groups, substitutes, layouts and labels.

Each class subclasses one citeproc-py element class and changes one behaviour (the full list,
with the reason for each, is :mod:`._overrides`); sorting, names and conditions have their
own modules (:mod:`._sorting`, :mod:`._names`, :mod:`._conditions`), and :mod:`._style`
parses a style with all of them.

* quotes (:class:`Text`): ``quotes="true"`` wraps in quote-span markers resolved later with
  nesting (:mod:`._text`);
* links (:class:`Text`): URL and DOI become ``<a href>`` in HTML, as Zotero renders them;
* groups and macros (:class:`Group`, :class:`Text`): suppressed when they call variables
  and all are empty; a macro is a group, and a group or macro that prints counts as a
  rendered variable of the group around it (citeproc-js);
* substitutes (:class:`Substitute`): every variable the substitute rendered is suppressed in
  the rest of the entry;
* the implicit year suffix (:class:`Date_Part`): after the first year of a cite or entry
  when the style adds year suffixes and prints no ``year-suffix`` variable.
"""

from __future__ import annotations

from typing import Any

from citeproc import model
from citeproc.source import VariableError
from citeproc.string import String, join

from jtd_evidence.formatting._citation_label import citation_label
from jtd_evidence.formatting._dates import DateRanges
from jtd_evidence.formatting._display import aligns_second_field, second_field
from jtd_evidence.formatting._macromemo import rendered_macro
from jtd_evidence.formatting._markup import field_html
from jtd_evidence.formatting._memo import KnownChildren, citation_says
from jtd_evidence.formatting._pages import PageNumbers
from jtd_evidence.formatting._sorting import date_sort_key
from jtd_evidence.formatting._state import CSL_NS, render_state, repressed_variables
from jtd_evidence.formatting._text import STYLE_CLOSE, STYLE_OPEN, smarten
from jtd_evidence.formatting._textcase import TextCase

__all__ = ["Date", "Date_Part", "Group", "Label", "Layout", "Number", "Substitute", "Text"]


class Date(DateRanges, model.Date):
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
            # the parts the date shows ("2002" sorts before "2002-10-25"), as citeproc-js
            parts = [part.get("name") for part in self.findall(f"{{{CSL_NS}}}date-part")]
            parts = parts or (self.get("date-parts") or "year-month-day").split("-")
            key = date_sort_key(value, parts)
            return None if key is None else String(key)
        if self.is_locale_date():
            return super().process(item, variable, show_parts, context, **kwargs)
        state.vars_called += 1
        # the suffix a year of this date takes (a locale's date renders the parts: ask the style here)
        suffix = str(item.reference.get("year_suffix", "")) if _implicit_year_suffix(self.get_root()) else ""
        saved, state.year_suffix = state.year_suffix, suffix
        try:
            output = super().process(item, variable, show_parts, context, **kwargs)
        finally:
            state.year_suffix = saved
        if output:
            state.vars_rendered += 1
            if state.collecting is not None:
                state.collecting.add(variable or self.get("variable"))
        return output


class Text(TextCase, PageNumbers, model.Text):
    def render(self, item: Any, context: Any = None, **kwargs: Any) -> Any:
        """As citeproc-py; a ``<text macro="..."/>`` with no other attribute is its macro's output
        (citeproc-py's markup of it changes nothing: no case, periods, formatting, quotes or affixes)."""
        bare = self.__dict__.get("_memo_bare_macro")
        if bare is None:
            bare = self.__dict__["_memo_bare_macro"] = list(self.attrib) == ["macro"]
        if bare:
            text = self._macro(item, self if context is None else context)
            return text if text else None
        text, language = self.process(item, context, **kwargs)
        return self.markup(text, language)

    def process(self, item: Any, context: Any = None, **kwargs: Any) -> Any:
        """As citeproc-py, reading the item's language without raising when it has none."""
        if context is None:
            context = self
        language = item.reference.get("language")
        if language is None:
            language = self.get_root().get("default-locale", "en")
        language = language[:2]
        kind = self.__dict__.get("_memo_kind")
        if kind is None:
            kind = self.__dict__["_memo_kind"] = next(
                (name for name in ("variable", "macro", "term", "value") if self.get(name) is not None), ""
            )
        if kind == "variable":
            text = self._variable(item, context)
        elif kind == "macro":
            text = self._macro(item, context)
        elif kind == "term":
            text = self._term(item)
        elif kind == "value":  # quotes and markup as in fields (citeproc-js)
            text = String(field_html(str(self.get("value")), smarten))
        else:
            text = None
        return text, language

    def _macro(self, item: Any, context: Any) -> Any:
        """A macro is a group, as citeproc-js expands it: printed only when it calls no variable
        or renders one, and then counted as a rendered variable of the enclosing group."""
        state = render_state()
        called, rendered = state.vars_called, state.vars_rendered
        macro = self.__dict__.get("_memo_macro")
        if macro is None:
            macro = self.__dict__["_memo_macro"] = self.get_macro(self.attrib["macro"])
        text = rendered_macro(macro, item, context, state)
        if state.sort_mode or not text:
            return text
        if state.vars_called != called and state.vars_rendered == rendered:
            return None
        state.vars_rendered += 1
        return text

    def _variable(self, item: Any, context: Any) -> Any:
        state = render_state()
        variable = self.attrib["variable"]  # process() calls this for a cs:text that has one
        generated = variable in self.generated_variables
        if generated and state.sort_mode:
            return None  # year suffixes are given after sorting and never sort
        if variable == "year-suffix" and state.year_suffix_hidden:
            return None
        if not generated:
            state.vars_called += 1
        if variable == "citation-label":
            value = self._citation_label(item, context)
        else:
            value = super()._variable(item, context)
        if value not in (None, "") and not generated:
            state.vars_rendered += 1
            if state.collecting is not None:
                state.collecting.add(variable)
        return value

    def _citation_label(self, item: Any, context: Any) -> Any:
        """The item's label or trigraph, with its year suffix (citeproc-js: the label carries it)."""
        repressed = repressed_variables(context, self).get(self.tag, [])
        if "citation-label" in repressed:
            return None
        label = citation_label(item.reference)
        state = render_state()
        if not state.sort_mode and not state.year_suffix_hidden:
            label += str(item.reference.get("year_suffix", ""))
        return String(label)

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


class Group(model.Group):
    """cs:group suppression decided by the variables actually rendered, not those a branch could call."""

    def render(self, item: Any, context: Any = None, **kwargs: Any) -> Any:
        """As citeproc-py (the markup of the joined children), without the markup calls for a
        group that sets no formatting, affixes or display."""
        text = self.process(item, context, **kwargs)
        if self.__dict__.get("_memo_format") == "plain" and self.__dict__.get("_memo_wrap") == "plain":
            return text if text else None
        return self.markup(text)

    def process(self, item: Any, context: Any = None, **kwargs: Any) -> Any:
        state = render_state()
        called, rendered = state.vars_called, state.vars_rendered
        output = []
        delimiter = self.__dict__.get("_memo_delimiter")
        if delimiter is None:
            delimiter = self.__dict__["_memo_delimiter"] = self.get("delimiter", "")
        children = self.__dict__.get("_memo_children")  # known_children(), without its call
        if children is None:
            children = self.known_children()
        for child in children:
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
            try:  # citeproc-py's Delimited.join, with the delimiter read once
                return join(output, delimiter)
            except Exception:
                return String("")
        raise VariableError


class Substitute(model.Substitute):
    """The first child that renders stands for the names; every variable it rendered is then
    suppressed in the rest of the entry (citeproc-py only suppressed a directly named variable)."""

    def render(self, item: Any, context: Any = None, **kwargs: Any) -> Any:
        state = render_state()
        for child in self.known_children():
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
            if not text and child.tag == f"{{{CSL_NS}}}text" and child.get("term") is not None:
                return None  # a term stands in even when empty (citeproc-js)
            if text:
                substitute = state.author_substitute
                if substitute is not None and substitute.active and substitute.key is None:
                    # a variable standing for the first names: compared and replaced as they are
                    substitute.key = [
                        str(item.reference.get(name.replace("-", "_"), "")) for name in sorted(used)
                    ]
                    if substitute.replace is not None:
                        text = String(substitute.text)
                repressed = repressed_variables(context, self)
                for tag in ("text", "names", "date", "number"):
                    repressed.setdefault(f"{{{CSL_NS}}}{tag}", []).extend(sorted(used))
                return text
        return None


class Number(TextCase, PageNumbers, model.Number):
    def process(self, item: Any, context: Any = None, **kwargs: Any) -> Any:
        state = render_state()
        state.vars_called += 1
        output = super().process(item, context, **kwargs)
        if output:
            state.vars_rendered += 1
            if state.collecting is not None:
                state.collecting.add(self.attrib["variable"])  # citeproc-py's process() read it
        return output


class Layout(model.Layout):
    def render_children(self, item: Any, delimiter: str = "", **kwargs: Any) -> Any:
        """One cite or entry: the implicit year suffix is still to be given, and no disambiguate test has held."""
        state = render_state()
        saved, state.year_suffix_shown = state.year_suffix_shown, False
        count, state.disambiguate_count = state.disambiguate_count, 0
        try:
            if aligns_second_field(self):
                output = KnownChildren.rendered_children(self, item, delimiter, **kwargs)
                rest = join(output[1:], delimiter) if len(output) > 1 else None
                return second_field(output[0], rest) if output else None
            return KnownChildren.render_children(self, item, delimiter, **kwargs)
        finally:
            state.year_suffix_shown, state.disambiguate_count = saved, count

    def render_citation(self, citation: Any, callback: Any) -> Any:
        """As citeproc-py, but a citation of one item skips sorting (one item has one order)."""
        if len(citation.cites) != 1 or citation.cites[0].is_bad():
            return super().render_citation(citation, callback)
        item = citation.cites[0]
        self.repressed: dict[str, list[str]] = {}
        out = []
        try:
            output = self.render_children(item)
            if output is not None:
                out.append(item.get("prefix", "") + output + item.get("suffix", ""))
                self.getparent().cites.append(item)
        except VariableError:
            pass
        return self.format(self.wrap(self.join(out)))


class Date_Part(TextCase, model.Date_Part):  # noqa: N801 (citeproc-py's class name)
    def process(self, date: Any, context: Any = None) -> Any:
        """As citeproc-py; the first year of a cite or entry takes the item's year suffix when the
        style disambiguates by year suffix without printing the year-suffix variable (citeproc-js)."""
        text = super().process(date, context)
        if self.get("name") != "year":
            return text
        state = render_state()
        suffix = state.year_suffix
        if suffix and not state.year_suffix_shown and not state.sort_mode and not state.year_suffix_hidden:
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
    return citation_says(
        root,
        "_memo_implicit_suffix",
        lambda citation: (
            citation is not None
            and citation.get("disambiguate-add-year-suffix", "false") == "true"
            and not root.xpath_search(".//cs:text[@variable='year-suffix' or @variable='citation-label']")
        ),
    )


class Label(TextCase, PageNumbers, model.Label):
    def process(
        self, item: Any, variable: Any = None, plural: Any = None, context: Any = None, **kwargs: Any
    ) -> Any:
        """As citeproc-py; a name's label ("ed.") is no part of a sort key (citeproc-js)."""
        if render_state().sort_mode and self.getparent().tag == f"{{{CSL_NS}}}names":
            return None
        return super().process(item, variable, plural, context, **kwargs)

    def case(self, text: Any, language: Any = None) -> Any:
        return super().case(text, language or "en")
