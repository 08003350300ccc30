"""Loading a style: its XML parsed with this package's element classes and its locale chain.

The style and locale XML are parsed with a private lxml class lookup that maps CSL tags to
the element classes of :mod:`._elements`, :mod:`._sorting`, :mod:`._names` and
:mod:`._conditions` (each a memoised subclass of citeproc-py's class, see :mod:`._memo`),
so citeproc-py itself is never modified and other users of it in the same process are
unaffected.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from citeproc import LANGUAGE_NAMES, LOCALES_PATH, PRIMARY_DIALECTS, model
from lxml import etree

from jtd_evidence.formatting._conditions import Choose, Else_If, If
from jtd_evidence.formatting._elements import Date, Date_Part, Group, Label, Layout, Number, Substitute, Text
from jtd_evidence.formatting._memo import Memoised, keep_alive, memoised_class
from jtd_evidence.formatting._names import Name, Name_Part, Names
from jtd_evidence.formatting._sorting import Key, Sort
from jtd_evidence.formatting._state import CSL_NS

__all__ = ["LoadedStyle", "load_style"]

_OVERRIDES: dict[str, type] = {
    "sort": Sort,
    "key": Key,
    "date": Date,
    "text": Text,
    "names": Names,
    "name": Name,
    "name-part": Name_Part,
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
