"""The citeproc-py element that the engine's mixins extend, as mypy sees it.

citeproc-py ships no types. The engine's mixins (:class:`~._memo.Memoised`,
:class:`~._textcase.TextCase`, cs:if's ``_Condition``...) come before one of its element classes
in a class's bases and use that element: lxml's attribute and child access, and citeproc-py's
look-ups, which a mixin may override and then reach through ``super()``. Each mixin derives from
:class:`CiteprocElement` (or :class:`ConditionElement`, :class:`VariableElement`: the methods
of particular elements, which differ between them), which declares what they use for type
checking; at run time each is ``object`` and adds nothing to the classes (the element classes
come from citeproc-py and lxml).

A mixin that needs more of the element declares it here, with the types citeproc-py's code gives.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, overload

__all__ = ["CiteprocElement", "ConditionElement", "VariableElement"]

if TYPE_CHECKING:
    from collections.abc import Iterator, MutableMapping

    class CiteprocElement:
        """A citeproc-py element (an lxml element proxy), for the mixins that extend one."""

        # lxml's element
        nsmap: dict[str, str]
        attrib: MutableMapping[str, str]

        @overload
        def get(self, key: str) -> str | None: ...

        @overload
        def get(self, key: str, default: str) -> str: ...

        @overload
        def get(self, key: str, default: None) -> str | None: ...

        def get(self, key: str, default: str | None = None) -> str | None: ...

        def set(self, key: str, value: str) -> None: ...

        def find(self, path: str, namespaces: dict[str, str] | None = None) -> Any: ...

        def iterchildren(self) -> Iterator[Any]: ...

        # citeproc-py's CitationStylesElement, Locale and rendering mixins (Parent, Formatted, Affixed)
        def get_root(self) -> Any: ...

        def xpath_search(self, expression: str) -> Any: ...

        def get_macro(self, name: str) -> Any: ...

        def get_layout(self) -> Any: ...

        def get_term(
            self, name: str, form: str | None = None, fallback_locale: bool = True, zero_padded: bool = False
        ) -> Any: ...

        def get_single_term(self, name: str, *args: Any, **kwargs: Any) -> Any: ...

        def get_plural_term(self, name: str, *args: Any, **kwargs: Any) -> Any: ...

        def get_locale_option(self, name: str) -> Any: ...

        def render_children(self, item: Any, delimiter: str = "", **kwargs: Any) -> Any: ...

        def format(self, string: Any) -> Any: ...

        def wrap(self, string: Any) -> Any: ...

    class ConditionElement(CiteprocElement):
        """citeproc-py's If (cs:if, cs:else-if): its condition tests."""

        def _is_uncertain_date(self, item: Any) -> list[bool]: ...

        def _locator(self, item: Any) -> list[bool]: ...

    class VariableElement(CiteprocElement):
        """citeproc-py's Text, Number and Label (FormatNumber): how they read and print a variable."""

        def _process(self, value: Any, variable: str) -> Any: ...

        def _variable(self, item: Any, context: Any) -> Any: ...

        def _is_plural(self, item: Any) -> Any: ...

else:
    CiteprocElement = ConditionElement = VariableElement = object
