"""Look-ups in a parsed style that citeproc-py repeats for every rendered element, memoised,
and shortcuts for elements that do nothing to a text.

citeproc-py finds a style's macros, terms, the enclosing layout and the enclosing
citation/bibliography element with XPath queries, on every call, for every item: most of
its time goes there. Their answers depend only on the parsed XML (which does not change
once a style is loaded) and on the arguments, so :class:`Memoised` remembers them on the
element proxy that asked.

lxml creates element proxies on demand and may drop them: a value stored on a proxy lasts
only while the proxy lives. :class:`~jtd_evidence.formatting._style.LoadedStyle` keeps
every proxy of the style and its locales alive (:func:`keep_alive`), so memoised values
last as long as the style.

Shortcuts, each giving what citeproc-py gives: ``format`` of an element without formatting
attributes and ``wrap`` of an element without affixes return the text; ``render_children``
walks a list of children made once (not for cs:names, to which citeproc-py may add a
cs:name).

Every memo lives in the element's ``__dict__`` under a ``_memo_`` name; an element that
reaches a memo through a missing attribute would otherwise hit citeproc-py's
``__getattr__``, which searches child elements and answers None.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from citeproc import model
from citeproc.source import VariableError
from citeproc.string import join
from lxml import etree

from jtd_evidence.formatting._display import displayed
from jtd_evidence.formatting._host import CiteprocElement
from jtd_evidence.formatting._markup import undecorated

__all__ = ["KnownChildren", "Memoised", "by_cite_rule", "citation_says", "keep_alive", "memoised_class"]

_MISSING = object()
_NO_NAME = "\0no cs:name"
"""Child memo entry: how many children the element had when it was found to have no cs:name."""


class Memoised(CiteprocElement):
    """Mixin for citeproc-py element classes: memoised root, XPath, macro, term and option look-ups."""

    def _memo(self, name: str) -> dict[Any, Any]:
        memo = self.__dict__.get(name)
        if memo is None:
            memo = self.__dict__[name] = {}
        return memo

    def __getattr__(self, name: str) -> Any:
        # citeproc-py reads a missing attribute as the first child element with that tag (or
        # None); children are never removed, and only a cs:name may be added (to cs:names)
        if name.startswith("__"):
            raise AttributeError(name)
        memo = self.__dict__.get("_memo_child")  # as _memo, without its call (read very often)
        if memo is None:
            memo = self.__dict__["_memo_child"] = {}
        found = memo.get(name, _MISSING)
        if found is _MISSING:
            if name == "name" and memo.get(_NO_NAME) == len(self):
                return None  # no cs:name among the same children as last time
            found = self.find("cs:" + name, self.nsmap)
            if found is not None or name != "name":
                memo[name] = found
            else:  # a cs:name may be added later: asked again once the children change
                memo[_NO_NAME] = len(self)
        return found

    def get_root(self) -> Any:
        root = self.__dict__.get("_memo_root")
        if root is None:
            root = self.__dict__["_memo_root"] = super().get_root()
        return root

    def xpath_search(self, expression: str) -> Any:
        memo = self.__dict__.get("_memo_xpath")  # as _memo, without its call (read very often)
        if memo is None:
            memo = self.__dict__["_memo_xpath"] = {}
        found = memo.get(expression, _MISSING)
        if found is _MISSING:
            # a tuple: callers index and slice the answer, none may change it
            found = memo[expression] = tuple(super().xpath_search(expression))
        return found

    def get_macro(self, name: str) -> Any:
        memo = self.get_root()._memo("_memo_macros")
        macro = memo.get(name)
        if macro is None:
            macro = memo[name] = super().get_macro(name)
        return macro

    def get_layout(self) -> Any:
        layout = self.__dict__.get("_memo_layout")
        if layout is None:
            layout = self.__dict__["_memo_layout"] = super().get_layout()
        return layout

    def get_formatter(self) -> Any:
        root = self.get_root()
        if isinstance(root, model.Locale):
            return root.style.formatter
        return root.formatter

    def get_term(
        self, name: str, form: str | None = None, fallback_locale: bool = True, zero_padded: bool = False
    ) -> Any:
        # Terms are found in the root's locale chain (or the locale itself); the chain is set
        # once, when the style is loaded.
        key = (name, form, fallback_locale, zero_padded)
        memo = self.get_root()._memo("_memo_terms")
        term = memo.get(key, _MISSING)
        if term is _MISSING:
            term = memo[key] = super().get_term(name, form, fallback_locale, zero_padded)
        return term

    def get_single_term(self, name: str, *args: Any, **kwargs: Any) -> Any:
        key = (name, args, tuple(sorted(kwargs.items())), self.get_formatter())
        memo = self.get_root()._memo("_memo_single_terms")
        text = memo.get(key)
        if text is None:  # an immutable String: safe to share
            text = memo[key] = super().get_single_term(name, *args, **kwargs)
        return text

    def get_plural_term(self, name: str, *args: Any, **kwargs: Any) -> Any:
        key = (name, args, tuple(sorted(kwargs.items())), self.get_formatter())
        memo = self.get_root()._memo("_memo_plural_terms")
        text = memo.get(key)
        if text is None:
            text = memo[key] = super().get_plural_term(name, *args, **kwargs)
        return text

    def get_locale_option(self, name: str) -> Any:
        memo = self.get_root()._memo("_memo_locale_options")
        value = memo.get(name, _MISSING)
        if value is _MISSING:
            value = memo[name] = super().get_locale_option(name)
        return value


class _PlainFormat(CiteprocElement):
    """``format`` of an element that sets no formatting attribute gives the text unchanged.

    Which of the three it is (plain, "normal" set explicitly, formatted) is remembered, except
    on a cs:date-part (``_fixed_attributes`` false), whose attributes citeproc-py overwrites
    with the style's for each render."""

    _fixed_attributes = True

    def format(self, string: Any) -> Any:
        mode = self.__dict__.get("_memo_format")
        if mode is None:
            get = self.get
            if (
                get("font-style", "normal") == "normal"
                and get("font-variant", "normal") == "normal"
                and get("font-weight", "normal") == "normal"
                and get("text-decoration", "none") == "none"
                and get("vertical-align", "baseline") == "baseline"
            ):
                # "normal", set explicitly, undoes an enclosing decoration
                mode = (
                    "undecorated"
                    if get("font-style") or get("font-weight") or get("font-variant")
                    else "plain"
                )
            else:
                mode = "formatted"
            if self._fixed_attributes:
                self.__dict__["_memo_format"] = mode
        if mode == "formatted":
            return super().format(string)
        plain = str(string) if isinstance(string, int | float) else string
        return undecorated(self, plain) if mode == "undecorated" else plain


class _PlainWrap(CiteprocElement):
    """``wrap`` of an element with no prefix and no suffix gives the text unchanged (what it
    does remembered as :class:`_PlainFormat` remembers)."""

    _fixed_attributes = True

    def wrap(self, string: Any) -> Any:
        mode = self.__dict__.get("_memo_wrap")
        if mode is None:
            get = self.get
            mode = "display" if get("display") else "affixed" if get("prefix") or get("suffix") else "plain"
            if self._fixed_attributes:
                self.__dict__["_memo_wrap"] = mode
        if mode == "display":
            return displayed(self, super().wrap(string))
        if mode == "plain":
            return string
        return super().wrap(string)


class KnownChildren(CiteprocElement):
    """Children of an element, listed once (the parsed XML does not change)."""

    def known_children(self) -> tuple[Any, ...]:
        children = self.__dict__.get("_memo_children")
        if children is None:
            children = self.__dict__["_memo_children"] = tuple(self.iterchildren())
        return children

    def render_children(self, item: Any, delimiter: str = "", **kwargs: Any) -> Any:
        # citeproc-py's Parent.render_children over the listed children
        output = KnownChildren.rendered_children(self, item, delimiter, **kwargs)
        if output:
            return join(output, delimiter)
        return None

    def rendered_children(self, item: Any, delimiter: str = "", **kwargs: Any) -> list[Any]:
        """The output of each child that printed something, in order."""
        children = self.__dict__.get("_memo_children")  # known_children(), without its call
        if children is None:
            children = self.known_children()
        output = []
        for child in children:
            try:
                if isinstance(child, model.Choose):
                    text = child.render(item, delimiter=delimiter, **kwargs)
                else:
                    text = child.render(item, **kwargs)
                if text is not None:
                    output.append(text)
            except VariableError:
                pass
        return output


_CLASSES: dict[type, type] = {}


def memoised_class(cls: type) -> type:
    """``cls`` with :class:`Memoised` in front (one class per ``cls``)."""
    if issubclass(cls, Memoised):
        return cls
    found = _CLASSES.get(cls)
    if found is None:
        namespace: dict[str, Any] = {"__module__": cls.__module__}
        if issubclass(cls, model.Locale):  # a locale answers for its own terms only (another signature)
            namespace["get_term"] = cast(Any, cls).get_term  # citeproc-py's Locale is untyped
        bases: list[type] = [Memoised]
        if issubclass(cls, model.Formatted):
            bases.append(_PlainFormat)
        if issubclass(cls, model.Affixed):
            bases.append(_PlainWrap)
        if issubclass(cls, model.Parent) and not issubclass(cls, model.Names):  # cs:names may gain a cs:name
            bases.append(KnownChildren)
        if issubclass(cls, model.Date_Part):
            namespace["_fixed_attributes"] = False
        for name in ("render_children", "format", "wrap"):  # a method cls defines itself comes first
            if name in cls.__dict__:
                namespace[name] = cls.__dict__[name]
        found = _CLASSES[cls] = type(cls.__name__, (*bases, cls), namespace)
    return found


def keep_alive(tree: etree._ElementTree) -> list[Any]:
    """Every element proxy of ``tree``; hold the list to keep memoised values."""
    return list(tree.getroot().iter())


def citation_says(root: Any, name: str, test: Callable[[Any], bool]) -> bool:
    """``test`` of a style's cs:citation element (None when it has none), remembered on ``root``
    under ``name`` (a ``_memo_`` name): what the citation says does not change once parsed."""
    found = root.__dict__.get(name)
    if found is None:
        found = root.__dict__[name] = bool(test(root.find("cs:citation", root.nsmap)))
    return bool(found)


def by_cite_rule(root: Any) -> bool:
    """Whether the style adds given names by the "by-cite" rule (remembered on the style's root)."""
    return citation_says(
        root,
        "_memo_by_cite",
        lambda citation: (
            citation is not None
            and citation.get("disambiguate-add-givenname", "false") == "true"
            and citation.get("givenname-disambiguation-rule", "by-cite") == "by-cite"
        ),
    )
