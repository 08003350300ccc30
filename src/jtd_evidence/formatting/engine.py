"""The rendering engine: CSL-JSON items in, bibliography entries and citation forms out.

One :class:`Processor` holds a parsed style for one locale. :meth:`Processor.render`
takes a list of CSL-JSON items and returns, in the style's bibliography order, each
entry as HTML together with its in-text citation forms (parenthetical, author-only,
suppress-author and narrative), after the steps citeproc-js performs and citeproc-py
does not:

1. field text is prepared as Zotero would see it (quotes, apostrophes, APA subtitles,
   number ranges) and HTML-escaped;
2. the bibliography is sorted with citeproc-js's keys and collation;
3. citations are disambiguated: initials for people who share a family name, more names
   before "et al.", then year suffixes (2021a, 2021b) given in bibliography order and used
   in both the citations and the bibliography;
4. rendered strings get their quote marks (nesting and punctuation-in-quote per locale) and
   lose a period that follows a question or exclamation mark.

HTML is the one rendered form; text and Markdown are derived from it (:mod:`.output`).
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import json
import re
import string
import threading
import warnings
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import citeproc
from citeproc import NAMES, Citation, CitationStylesBibliography, formatter
from citeproc.source import Locator
from citeproc.string import String

from jtd_evidence._gc import paused_collector
from jtd_evidence.formatting._author_substitute import AuthorSubstitute, finish_entry, names_replaced
from jtd_evidence.formatting._conditions import AMBIGUOUS
from jtd_evidence.formatting._dates import DATE_VARIABLES, clean_date
from jtd_evidence.formatting._delimiters import CollapseOptions, cite_delimiters
from jtd_evidence.formatting._disambig import Config, Run, ambiguity_groups
from jtd_evidence.formatting._display import resolve_display
from jtd_evidence.formatting._givennames import global_givens
from jtd_evidence.formatting._markup import field_html, flip_flop
from jtd_evidence.formatting._persons import parsed
from jtd_evidence.formatting._punctuation import merge_punctuation, protect
from jtd_evidence.formatting._source import CiteItem, make_source
from jtd_evidence.formatting._state import rendering
from jtd_evidence.formatting._style import load_style
from jtd_evidence.formatting._superscript import to_sup
from jtd_evidence.formatting._text import (
    CLOSE,
    CLOSE_INNER,
    FIELD_END,
    STYLE_CLOSE,
    QuoteMarks,
    resolve_quotes,
    smarten,
    uppercase_subtitles,
)
from jtd_evidence.formatting.cache import ENGINE_VERSION, EntryMemo, entry_digest, file_digest
from jtd_evidence.formatting.cites import Cite, citeproc_label, opens_sentence, spaced_prefix, spaced_suffix
from jtd_evidence.formatting.output import unlink

__all__ = ["CitationForms", "Processor", "RenderedEntry", "Rendering"]

_LEGACY_FIELDS = {"journalAbbreviation": "container-title-short", "shortTitle": "title-short"}
_TEXT_FIELDS = (
    "title",
    "container-title",
    "collection-title",
    "publisher",
    "publisher-place",
    "genre",
    "note",
    "event",
    "medium",
    "edition",
    "title-short",
    "container-title-short",
    "number",
    "status",
)
_NUMBER_RANGE_FIELDS = ("volume", "issue")
_RANGE = re.compile(r"^(\d+)\s*-\s*(\d+)$")
_PIQ = re.compile(
    f"((?:[{CLOSE}{CLOSE_INNER}{FIELD_END}]*{STYLE_CLOSE})|(?:[{CLOSE}{CLOSE_INNER}]+{FIELD_END}))((?:</[a-z]+>)*)([.,])"
)
_TAG = re.compile(r"<[^>]+>")
_APA_FAMILY = re.compile(r"^apa($|-)|^academy-of-management($|-)|^(freshwater-science)")
NO_PRINTED_FORM = "[NO_PRINTED_FORM]"


class CitationForms:
    """One item's in-text citation in the four forms Zotero offers (HTML).

    The author-only and suppress-author forms (and so the narrative one) may be given as a
    function that renders them: they are then rendered when first read, and only then.
    """

    __slots__ = ("_later", "_rest", "parenthetical")

    def __init__(
        self,
        parenthetical: str,
        author_only: str | None = None,
        suppress_author: str | None = None,
        *,
        later: Callable[[], Sequence[str]] | None = None,
    ) -> None:
        self.parenthetical = parenthetical
        self._later = later
        self._rest: tuple[str, str] | None = None
        if later is None:
            self._rest = (author_only or "", suppress_author or "")

    def _forms(self) -> tuple[str, str]:
        if self._rest is None:
            assert self._later is not None
            author_only, suppress_author = self._later()
            self._rest, self._later = (author_only, suppress_author), None
        return self._rest

    @property
    def author_only(self) -> str:
        return self._forms()[0]

    @property
    def suppress_author(self) -> str:
        return self._forms()[1]

    @property
    def narrative(self) -> str:
        return " ".join(x for x in (self.author_only, self.suppress_author) if x)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, CitationForms):
            return NotImplemented
        return (self.parenthetical, *self._forms()) == (other.parenthetical, *other._forms())

    def __hash__(self) -> int:
        return hash((self.parenthetical, *self._forms()))

    def __repr__(self) -> str:
        rest = "..." if self._rest is None else f"{self._rest[0]!r}, {self._rest[1]!r}"
        return f"CitationForms({self.parenthetical!r}, {rest})"


@dataclass(frozen=True)
class RenderedEntry:
    """One item rendered: its id, bibliography entry (HTML) and citation forms."""

    id: str
    html: str
    citation: CitationForms
    year_suffix: str = ""
    index: int = 0
    """Position of the item in the list given to :meth:`Processor.render`."""


@dataclass
class _CiteOptions:
    """Disambiguation settings of one cite: names shown before "et al.", people shown with
    initials, and given-name levels by name position (by-cite disambiguation)."""

    et_al_use_first: int | None = None
    initials_for: set[tuple[str, str]] = field(default_factory=set)
    givens: tuple[int, ...] = ()
    givens_variable: str | None = None
    whole_for: set[tuple[str, str]] = field(default_factory=set)
    """People of :attr:`initials_for` shown with the whole given name (a global given-name rule)."""
    all_names: bool = False
    """:attr:`initials_for` applies to every name, not only the first (an "all-names" rule)."""

    def name(self, entry: _Entry) -> str:
        """These settings as they bear on ``entry`` (initials only for people it names), for memo keys."""
        initials = tuple(sorted(self.initials_for & entry.people)) if self.initials_for else ()
        whole = (
            (tuple(sorted(self.whole_for & entry.people)), self.all_names)
            if self.whole_for or self.all_names
            else None
        )
        givens = (self.givens_variable, *self.givens) if self.givens else None
        return _options_name(self.et_al_use_first, initials, whole, givens)


def _options_name(
    et_al_use_first: int | None,
    initials: tuple[tuple[str, str], ...],
    whole: tuple[tuple[tuple[str, str], ...], bool] | None,
    givens: tuple[Any, ...] | None,
) -> str:
    """:meth:`_CiteOptions.name` from its parts: the JSON text ``json.dumps`` gives (ensure_ascii
    off) of ``[et_al_use_first, people]`` or ``[et_al_use_first, people, givens]``, written
    directly (json.dumps cost more than the cite it names in a disambiguation run).

    >>> _options_name(2, (("Wroe", "Lucy"),), ((("Hill", "Anna"),), True), ("author", 1, 2))
    '[2, [["Wroe", "Lucy"], [["Hill", "Anna"]], true], ["author", 1, 2]]'
    >>> _options_name(None, (), None, None)
    '[null, []]'
    """
    people = [_json_pair(person) for person in initials]
    if whole is not None:
        people += ["[" + ", ".join(map(_json_pair, whole[0])) + "]", "true" if whole[1] else "false"]
    head = "null" if et_al_use_first is None else str(int(et_al_use_first))
    text = f"[{head}, [{', '.join(people)}]"
    if givens is not None:
        variable, *levels = givens
        parts = [
            "null" if variable is None else _json_string(variable),
            *(str(int(level)) for level in levels),
        ]
        text += f", [{', '.join(parts)}]"
    return text + "]"


_json_string: Callable[[str], str] = json.encoder.encode_basestring
"""A string as json.dumps(..., ensure_ascii=False) writes it (quotes, escapes)."""


def _json_pair(person: tuple[str, str]) -> str:
    return f"[{_json_string(person[0])}, {_json_string(person[1])}]"


class _Entry:
    """One item during a render: its key, content digest, reference and (numbered styles) number."""

    __slots__ = ("_people", "digest", "key", "number", "reference")

    def __init__(self, key: str, digest: str, reference: Any, number: str = "") -> None:
        self.key = key
        self.digest = digest
        self.reference = reference
        self.number = number
        self._people: frozenset[tuple[str, str]] | None = None

    @property
    def suffix(self) -> str:
        return str(self.reference.get("year_suffix", ""))

    @property
    def name(self) -> str:
        """What the entry's own rendering depends on: content, year suffix, number."""
        return f"{self.digest}\0{self.suffix}\0{self.number}\0{self.reference.get(AMBIGUOUS) or ''}"

    @property
    def people(self) -> frozenset[tuple[str, str]]:
        """(family, given) of everyone the item names, in any role."""
        if self._people is None:
            found = set()
            for variable in NAMES:
                for person in self.reference.get(variable) or ():
                    found.add((str(person.get("family")), str(person.get("given"))))
            self._people = frozenset(found)
        return self._people


def suffix_letters(index: int) -> str:
    """0 -> 'a', 25 -> 'z', 26 -> 'aa' (citeproc-js's year-suffix sequence)."""
    letters = string.ascii_lowercase
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = letters[rem] + out
    return out


class Processor:
    """A CSL style parsed for one locale, ready to render lists of CSL-JSON items."""

    def __init__(self, style_path: str, locale: str) -> None:
        self.style_path = style_path
        self.locale = locale
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            self.style = load_style(style_path, locale)
        root = self.style.root
        root.formatter = formatter.html
        self.marks = QuoteMarks(
            self.style.term("open-quote"),
            self.style.term("close-quote"),
            self.style.term("open-inner-quote"),
            self.style.term("close-inner-quote"),
        )
        self.punctuation_in_quote = str(root.get_locale_option("punctuation-in-quote")).lower() == "true"
        style_id = (root.find("cs:info/cs:id", root.nsmap).text or "").strip().rsplit("/", 1)[-1]
        self.style_id = style_id
        self.uppercase_subtitles = bool(_APA_FAMILY.search(style_id))
        citation = root.citation
        self.citation_element = citation
        self.has_bibliography = root.bibliography is not None
        self.names_in_bibliography = citation.get("disambiguate-add-names", "false") == "true"
        bibliography = root.bibliography
        placeholder = None if bibliography is None else bibliography.get("subsequent-author-substitute")
        self.author_substitute = (
            None
            if placeholder is None
            else (placeholder, bibliography.get("subsequent-author-substitute-rule", "complete-all"))
        )
        """The placeholder and rule of subsequent-author-substitute, if the style sets it."""
        # a numbered style renders an entry's position: it is then part of the entry's identity
        self.numbered = bool(root.xpath_search(".//*[@variable='citation-number']"))
        self.disambiguate_condition = bool(root.xpath_search(".//*[@disambiguate]"))
        self.notes = root.get("class") == "note"
        self.opening_terms = self._opening_terms() if self.notes else frozenset()
        # a citation that may depend on where it falls in a document (ibid, subsequent, near-note)
        self.positional = bool(root.xpath_search(".//*[@position]")) or any(
            element.get("et-al-subsequent-min") is not None
            for element in (root, citation, *citation.xpath_search(".//cs:name"))
        )
        self.fingerprint = self._fingerprint()
        self.memo = EntryMemo()
        self.lock = threading.RLock()
        """Held while this processor renders: a processor may be shared between threads, and its
        renders then run one at a time (the parsed style and the memo are shared state)."""
        """Every piece of every entry rendered so far, by content and settings (see :mod:`.cache`)."""

    def _fingerprint(self) -> str:
        """A digest of everything besides the items that rendering depends on."""
        parts = [ENGINE_VERSION, citeproc.__version__, file_digest(self.style_path), self.locale]
        parts += [file_digest(tree.docinfo.URL) for tree in self.style._locale_trees]
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:40]

    # -- preparation ---------------------------------------------------------------------
    def prepare(self, item: dict[str, Any]) -> dict[str, Any]:
        """A copy of a CSL-JSON item with field text as citeproc-js would present it, HTML-escaped."""
        out: dict[str, Any] = _copied(item)
        for legacy, name in _LEGACY_FIELDS.items():  # Zotero's older names, as citeproc-js reads them
            if legacy in out:
                value = out.pop(legacy)
                out.setdefault(name, value)
        for name in _TEXT_FIELDS:
            value = out.get(name)
            if isinstance(value, str):
                subtitles = self.uppercase_subtitles and name in ("title", "container-title")
                out[name] = protect(field_html(value, _subtitled if subtitles else smarten))
        for name in _NUMBER_RANGE_FIELDS:
            value = out.get(name)
            if isinstance(value, str | int):
                out[name] = _RANGE.sub("\\1\u2013\\2", str(value))
        for name in DATE_VARIABLES:
            if name in out:
                out[name] = clean_date(out[name])
        for name in ("URL", "DOI"):
            if isinstance(out.get(name), str):
                out[name] = _escape(out[name])
        for role in ("author", "editor", "translator", "container-author", "collection-editor"):
            people = out.get(role)
            if isinstance(people, list):
                out[role] = [
                    {k: _escape(smarten(v)) if isinstance(v, str) else v for k, v in parsed(person).items()}
                    for person in people
                ]
        return out

    def _opening_terms(self) -> frozenset[str]:
        """The terms a note style prints as they are (no text-case): citeproc-js gives such a term
        a capital when it opens a note ("Ibid.")."""
        terms = set()
        for element in self.style.root.xpath_search(".//cs:text[@term]"):
            if element.get("text-case") is None:
                with contextlib.suppress(Exception):  # a term the locale lacks
                    terms.add(self.style.term(element.get("term")))
        return frozenset(term for term in terms if term[:1].islower())

    def finish(self, html: str) -> str:
        """Flipped decorations, quote marks, punctuation-in-quote, merged punctuation
        (:mod:`._punctuation`) and display divs (:mod:`._display`) on one rendered string."""
        html = flip_flop(html)
        if self.punctuation_in_quote:
            html = _PIQ.sub(r"\3\1\2", html)
        html = resolve_quotes(html, self.marks)
        return self.finish_layout(html)

    @staticmethod
    def finish_layout(html: str) -> str:
        """The stages of :meth:`finish` after quote marks: merged punctuation, superscripts and
        display divs (the training renderer's instrumented processor ends with them too)."""
        return resolve_display(to_sup(merge_punctuation(html)))

    # -- rendering -----------------------------------------------------------------------
    def render(self, items: list[dict[str, Any]]) -> Rendering:
        """Render every item: bibliography entries in the style's order, with citation forms.

        Each piece of an entry (its sort keys, its citation for given disambiguation settings,
        its reference) is rendered once per content and settings and then taken from
        :attr:`memo`, in this call and every later one. Thread-safe (see :attr:`lock`).
        """
        with self.lock, paused_collector():  # a render makes many objects that live on, and no cycles
            return self._render(items)

    def _render(self, items: list[dict[str, Any]]) -> Rendering:
        internal = {f"k{i}": item for i, item in enumerate(items)}
        digests = {}
        prepared = []
        for i, (key, item) in enumerate(internal.items()):
            digest = entry_digest(item)
            digests[key] = f"{digest}#{i}" if self.numbered else digest
            data = self.prepare(item)
            data["id"] = key
            prepared.append(data)
        source = make_source(prepared)
        bib = CitationStylesBibliography(self.style, source, formatter.html)
        citations: dict[str, Citation] = {}
        for key in internal:  # as bib.register, without its quadratic duplicate check
            cite = Citation([CiteItem(key, source)])
            cite.bibliography = bib
            bib.keys.append(key)
            bib.items.append(cite.cites[0])
            citations[key] = cite
        if not items:
            return Rendering(self, bib, {}, [], items)
        with rendering(html=True, memo=self.memo, digests=digests, macro_memo={}):
            if self.has_bibliography:
                bib.sort()
            elif self.citation_element.sort is not None:
                bib.items = self.citation_element.sort.sort(bib.items, self.citation_element.layout)
                bib.keys = [i.key for i in bib.items]
            entries = {
                key: _Entry(key, digests[key], source[key], str(i + 1) if self.numbered else "")
                for i, key in enumerate(bib.keys)
            }
            ids = {key: str(item.get("id", key)) for key, item in internal.items()}
            options = self._disambiguate(bib, citations, entries, ids)
            out = []
            names_before: list[str] | None = None  # subsequent-author-substitute: the last entry's names
            for key in bib.keys:
                entry = entries[key]
                forms = self._forms(citations[key], entry, options[key])
                if self.has_bibliography:
                    html, names = self._reference(citations[key], entry, options[key])
                    if names and self.author_substitute is not None:
                        replace = names_replaced(self.author_substitute[1], names_before, names)
                        if replace is not None:
                            html = self._reference(citations[key], entry, options[key], replace)[0]
                        names_before = names
                else:
                    html = forms.parenthetical
                out.append(
                    RenderedEntry(str(internal[key].get("id", key)), html, forms, entry.suffix, int(key[1:]))
                )
        return Rendering(self, bib, options, out, items)

    def _reference(
        self, citation: Citation, entry: _Entry, opts: _CiteOptions, replace: int | None = None
    ) -> tuple[str, list[str] | None]:
        """The bibliography entry of one item (memoised), and the names it opens with when the
        style sets subsequent-author-substitute (``replace``: the names to show as its placeholder).

        Names added to tell citations apart are added in the bibliography too, as citeproc-js
        does (they show where the bibliography abbreviates names as the citation does), and a
        given name shown whole in the citation is shown whole there too."""
        names = opts.et_al_use_first if self.names_in_bibliography else None
        givens = f"{opts.givens_variable}:{','.join(map(str, opts.givens))}" if opts.givens else ""
        name = f"bib\0{entry.name}\0{names or ''}\0{givens}\0{'' if replace is None else replace}"
        found: list[Any] | None = self.memo.get(name)
        if found is None:
            substitute = None
            if self.author_substitute is not None:
                substitute = AuthorSubstitute(*self.author_substitute, replace=replace)
            with rendering(
                et_al_use_first=names,
                givens=opts.givens,
                givens_variable=opts.givens_variable,
                author_substitute=substitute,
            ):
                rendered = self.style.render_bibliography(citation.cites)
            html, first = finish_entry(str(rendered[0])) if rendered else ("", False)
            found = [self.finish(html), substitute.key if substitute is not None and first else None]
            self.memo.put(name, found)
        return found[0], found[1]

    @staticmethod
    def _citing(opts: _CiteOptions | None, **mode: Any) -> Any:
        """The rendering state for a citation under disambiguation options ``opts``."""
        opts = opts or _CiteOptions()
        return rendering(
            in_citation=True,
            et_al_use_first=opts.et_al_use_first,
            initials_for=frozenset(opts.initials_for),
            whole_for=frozenset(opts.whole_for),
            initials_all_names=opts.all_names,
            givens=opts.givens,
            givens_variable=opts.givens_variable,
            names_seen=False,
            captured=None,
            **mode,
        )

    def _cite(self, citation: Citation, opts: _CiteOptions | None, **mode: Any) -> tuple[str, Any]:
        with self._citing(opts, **mode) as state:
            text = self.citation_element.render(citation, [], lambda item: None)
            return str(text), state.captured

    def _cite_text(self, citation: Citation, entry: _Entry, opts: _CiteOptions) -> str:
        """The parenthetical citation of one entry, before quotes are resolved (memoised)."""
        name = f"cite\0{entry.name}\0{opts.name(entry)}"
        text: str | None = self.memo.get(name)
        if text is None:
            text = self._cite(citation, opts, names_mode=None)[0]
            self.memo.put(name, text)
        return text

    def _inner(self, cite: Any, opts: _CiteOptions | None, names_mode: str | None) -> str:
        """One cite's citation layout without the layout's own affixes and formatting."""
        layout = self.citation_element.layout
        with self._citing(opts, names_mode=names_mode):
            layout.repressed = {}
            text = layout.render_children(cite)
        return "" if text is None else str(text)

    def _forms(self, citation: Citation, entry: _Entry, opts: _CiteOptions) -> CitationForms:
        """The citation forms of one entry: parenthetical now, the others when first read (memoised)."""
        settings = f"{entry.name}\0{opts.name(entry)}"
        name = f"paren\0{settings}"
        parenthetical = self.memo.get(name)
        if parenthetical is None:
            # the parenthetical citation as disambiguation rendered it, if it did (not kept again)
            text = self.memo.get(f"cite\0{settings}")
            if text is None and opts.name(entry) == _PLAIN_SETTINGS:  # no initials, no added names
                text = self._plain(citation, entry)[0]
            if text is None:
                text = self._cite(citation, opts, names_mode=None)[0]
            parenthetical = self.finish(text)
            self.memo.put(name, parenthetical)

        def narrative_forms() -> list[str]:
            name = f"narrative\0{settings}"
            with self.lock:  # read after render() returned, perhaps in another thread
                found: list[str] | None = self.memo.get(name)
                if found is None:
                    # suppress-author renders the names it leaves out: they are the author-only form
                    suppressed, captured = self._cite(citation, opts, names_mode="suppress_author")
                    author = _TAG.sub("", str(captured)) if captured else NO_PRINTED_FORM
                    found = [self.finish(author), self.finish(suppressed)]
                    self.memo.put(name, found)
            return found

        return CitationForms(parenthetical, later=narrative_forms)

    # -- disambiguation ------------------------------------------------------------------
    def _plain(self, citation: Citation, entry: _Entry) -> tuple[str, list[tuple[int, int]], str | None]:
        """The citation before any disambiguation (citeproc-js's "ambiguous cite"), with the
        number of names each name variable holds and shows, and the first name variable (memoised)."""
        name = f"plain\0{entry.name}"
        found = self.memo.get(name)
        if found is None:
            rows: list[tuple[int, int, str]] = []  # the name elements append to it as they render
            with rendering(names_max=rows):
                text = self._cite(citation, _CiteOptions(), names_mode=None)[0]
                found = [text, [list(row) for row in rows]]
            self.memo.put(name, found)
        counts = [(total, shown) for total, shown, _variable in found[1]]
        return found[0], counts, (found[1][0][2] if found[1] else None)

    def _extra_text(
        self,
        group: list[str],
        citations: dict[str, Citation],
        entries: dict[str, _Entry],
        options: dict[str, _CiteOptions],
    ) -> None:
        """Cites that read alike: one more disambiguate="true" test holds for them at a time,
        until each reads differently or all hold (citeproc-js's incremental extra text)."""
        tests = len(self.style.root.citation.xpath_search(".//*[@disambiguate='true']"))
        pending = list(group)
        for level in range(1, max(tests, 1) + 1):
            texts = {}
            for key in pending:
                dict.__setitem__(entries[key].reference, AMBIGUOUS, level)
                texts[key] = self._cite_text(citations[key], entries[key], options[key])
            counts = Counter(texts.values())
            pending = [key for key in pending if counts[texts[key]] > 1]
            if not pending:
                return

    def _disambiguate(
        self,
        bib: CitationStylesBibliography,
        citations: dict[str, Citation],
        entries: dict[str, _Entry],
        ids: dict[str, str],
    ) -> dict[str, _CiteOptions]:
        """Initials by the style's global given-name rule; added names, by-cite given names and
        year suffixes by citeproc-js's disambiguation runs (:mod:`._disambig`)."""
        element = self.citation_element
        add_names = element.get("disambiguate-add-names", "false") == "true"
        add_given = element.get("disambiguate-add-givenname", "false") == "true"
        add_suffix = element.get("disambiguate-add-year-suffix", "false") == "true"
        rule = element.get("givenname-disambiguation-rule", "by-cite")
        source = bib.source
        by_cite = add_given and rule == "by-cite"
        initials: set[tuple[str, str]] = set()
        whole: set[tuple[str, str]] = set()
        if add_given and not by_cite:
            initialize = (
                bool(element.xpath_search(".//cs:name[@initialize-with]"))
                or element.get("initialize-with") is not None
            )
            initials, whole = global_givens([source[key] for key in bib.keys], rule, initialize)
        all_names = rule.startswith("all-names")
        options = {
            key: _CiteOptions(initials_for=set(initials), whole_for=set(whole), all_names=all_names)
            for key in bib.keys
        }
        if not (add_names or add_suffix or by_cite or self.disambiguate_condition):
            return options
        plain = {key: self._plain(citations[key], entries[key]) for key in sorted(bib.keys, key=_input_order)}
        if self.disambiguate_condition:  # cs:if disambiguate="true" holds for cites that read alike
            for group in ambiguity_groups(list(plain), lambda key: plain[key][0]):
                self._extra_text(group, citations, entries, options)
        if not (add_names or add_suffix or by_cite):
            return options
        position = {key: i for i, key in enumerate(bib.keys)}

        def extra_names(key: str, names: list[int]) -> int | None:
            """The et-al override that shows ``names`` names, None when the plain citation shows as many."""
            counts = plain[key][1]
            if not names or not counts:
                return None
            total, shown = counts[0]
            return names[0] if shown < names[0] and shown < total else None

        def settings(key: str, config: Config) -> _CiteOptions:
            givens = tuple(config.givens[0]) if by_cite and config.givens else ()
            while givens and not givens[-1]:
                givens = givens[:-1]
            variable = plain[key][2] if givens else None
            base = options[key]
            return _CiteOptions(
                extra_names(key, config.names),
                base.initials_for,
                givens,
                variable,
                base.whole_for,
                base.all_names,
            )

        def cite(key: str, config: Config) -> str:
            return self._cite_text(citations[key], entries[key], settings(key, config))

        for group in ambiguity_groups(list(plain), lambda key: plain[key][0]):
            run = Run(
                group,
                cite=cite,
                shown=lambda key: [shown for _total, shown in plain[key][1]],
                names_max=lambda key: [total for total, _shown in plain[key][1]],
                item_id=ids.__getitem__,
                position=position.__getitem__,
                add_names=add_names,
                add_year_suffix=add_suffix,
                by_cite_givens=by_cite,
            )
            for key, config in run.run().items():
                options[key] = settings(key, config)
                if config.year_suffix is not None:
                    dict.__setitem__(source[key], "year_suffix", suffix_letters(config.year_suffix))
        return options


_PLAIN_SETTINGS = json.dumps([None, []])
"""What :meth:`_CiteOptions.name` gives for an entry rendered with no disambiguation."""


def _unlinked(forms: CitationForms) -> CitationForms:
    """Citation forms with URLs and DOIs as plain text (the later forms still rendered when read)."""
    return CitationForms(unlink(forms.parenthetical), later=lambda: [unlink(f) for f in forms._forms()])


def _input_order(key: str) -> int:
    return int(key[1:])


class Rendering:
    """The result of :meth:`Processor.render`: entries in bibliography order, and citations of
    several of the rendered items at once (sorted and collapsed as the style says)."""

    def __init__(
        self,
        processor: Processor,
        bib: CitationStylesBibliography | None,
        options: dict[str, _CiteOptions],
        entries: list[RenderedEntry],
        items: list[dict[str, Any]] | None = None,
    ) -> None:
        self.processor = processor
        self._items = items or []
        self._bib = bib
        self._options = options
        self.entries = entries
        self.links = True
        """Whether URLs and DOIs are ``<a href>`` anchors in the HTML (see :meth:`without_links`)."""

    def without_links(self) -> Rendering:
        """This rendering with its URLs and DOIs as plain text, in its entries and in the
        clusters it renders (citeproc-js's default HTML)."""
        plain = Rendering(self.processor, self._bib, self._options, [], self._items)
        plain.entries = [
            replace(e, html=unlink(e.html), citation=_unlinked(e.citation)) for e in self.entries
        ]
        plain.links = False
        return plain

    def cluster(
        self,
        indices: list[int],
        mode: str = "parenthetical",
        *,
        cites: Sequence[Cite] | None = None,
        history: list[Any] | None = None,
    ) -> str:
        """One in-text citation of the items at these input positions (HTML).

        ``mode`` "parenthetical" gives e.g. "(Godar, 2021a, 2021b; Hill, 2021)"; "narrative" gives
        "Godar (2021a, 2021b); Hill (2021)". ``cites``, one per index, add locators, prefixes,
        suffixes and the author options (an item may then be cited more than once). ``history``
        holds the cites of the document's earlier clusters, for styles whose citations depend on
        position (first, subsequent, ibid, ibid-with-locator, near-note); this cluster's cites
        are added to it.
        """
        if not indices:
            return ""
        with self.processor.lock:
            html = self._cluster(indices, mode, cites, history)
        return html if self.links else unlink(html)

    def _cluster(
        self, indices: list[int], mode: str, cites: Sequence[Cite] | None, history: list[Any] | None
    ) -> str:
        plain = cites is None or all(cite.plain for cite in cites)
        if len(indices) == 1 and plain and not (history and self.processor.positional):
            forms = next(e.citation for e in self.entries if e.index == indices[0])
            text = forms.narrative if mode == "narrative" else forms.parenthetical
            if self.processor.notes and mode != "narrative":
                text = _capitalised(text, self.processor.opening_terms)
            if history is not None and self._bib is not None:
                history.append(self._history_item(indices[0], _note_number(history)))
            return text
        if self._bib is None:  # restored from a cache: render again to cite several items at once
            return self.processor.render(self._items).cluster(indices, mode, cites=cites, history=history)
        processor = self.processor
        element = processor.citation_element
        layout = element.layout
        if cites is None:
            order, specs = list(dict.fromkeys(indices)), [Cite(f"k{i}") for i in dict.fromkeys(indices)]
        else:
            order, specs = list(indices), list(cites)
        items = [
            CiteItem(f"k{i}", self._bib.source, **_locator(spec))
            for i, spec in zip(order, specs, strict=True)
        ]
        spec_of = {id(item): spec for item, spec in zip(items, specs, strict=True)}
        citation = Citation(items)
        citation.bibliography = self._bib
        cited = list(citation.cites)  # ties in the citation sort keep the order given, as in citeproc-js
        saved = getattr(element, "cites", [])
        try:
            with rendering(html=True):
                if element.sort is not None:
                    cited = element.sort.sort(cited, layout)
                history = history if history is not None else []
                note = _note_number(history)
                for item in cited:
                    object.__setattr__(item, "note_number", note)
                return self._join(cited, spec_of, mode, history)
        finally:
            element.cites = saved

    def _history_item(self, index: int, note: int) -> Any:
        """A cite of one item as the position tests of a later cluster see it."""
        assert self._bib is not None
        item = CiteItem(f"k{index}", self._bib.source)
        Citation([item]).bibliography = self._bib
        object.__setattr__(item, "note_number", note)
        return item

    def _join(self, cited: list[Any], spec_of: dict[int, Cite], mode: str, history: list[Any]) -> str:
        """The cites of one cluster rendered and joined as citeproc-js joins them (HTML); each
        is rendered after the cites in ``history`` (positions) and then added to it."""
        processor = self.processor
        element = processor.citation_element
        layout = element.layout
        groups: list[
            tuple[str, list[tuple[str, Cite]], list[tuple[str, Cite]]]
        ] = []  # author, full, suppressed
        keys: list[Any] = []  # the cites in the order of the groups' pieces
        # cites of one author are grouped (moved together) when the style collapses by author or sets
        # a group delimiter; only collapsing leaves the author out of the group's later cites
        collapsing = element.get("collapse", "") in ("year", "year-suffix", "year-suffix-ranged")
        grouping = collapsing or bool(element.get("cite-group-delimiter"))
        author_of = {entry.index: entry.citation.author_only for entry in self.entries}
        if grouping and element.sort is not None:  # citeproc-js groups as part of its citation sort
            cited = _grouped(cited, lambda cite: author_of[int(cite.key[1:])])
        for cite in cited:
            spec = spec_of[id(cite)]
            options = self._options.get(cite.key)
            author = author_of[int(cite.key[1:])]
            if spec.author_only:  # citeproc-js: the cluster ends with this cite's author, undecorated
                history.append(cite)
                shown = [_piece(text, s) for _a, full, _r in groups for text, s in full]
                return processor.finish("".join(_delimited([*shown, author], layout.get("delimiter", ""))))
            element.cites = history  # what the position tests read (a citation render replaces it)
            with _first_note(cite, history):
                full = processor._inner(cite, options, "suppress_author" if spec.suppress_author else None)
                rest = processor._inner(cite, options, "suppress_author")
            history.append(cite)
            if groups and groups[-1][0] == author and grouping and not spec.prefix:
                groups[-1][1].append((rest if collapsing else full, spec))
                groups[-1][2].append((rest, spec))
            else:
                groups.append((author, [(full, spec)], [(rest, spec)]))
            keys.append(cite)
        group_delimiter = element.get("cite-group-delimiter", ", ")
        collapse = element.get("collapse", "")
        if mode != "narrative" and collapse.startswith("year-suffix"):
            return self._suffixes_collapsed(groups, keys, spec_of)
        if mode != "narrative" and collapse == "citation-number":
            return self._numbers_collapsed([piece for _a, full, _r in groups for piece in full], keys)
        if mode == "narrative":
            parts = []
            for author, _full, rest_pieces in groups:
                years = str(layout.wrap(String(_joined(rest_pieces, group_delimiter))))
                named = author != NO_PRINTED_FORM and not rest_pieces[0][1].suppress_author
                parts.append(f"{author} {years}" if named else years)
            return processor.finish("; ".join(parts))
        flat = [(piece, g > 0) for _a, full, _r in groups for g, piece in enumerate(full)]
        # a collapsed cite that leaves nothing (no date after its author) is left out with its delimiter
        flat = [entry for entry in flat if entry[0][0] or entry[0][1].prefix or entry[0][1].suffix] or flat[
            :1
        ]
        specs = [spec for (_text, spec), _same in flat]
        if grouping:
            delimiters = cite_delimiters(
                [same for _piece, same in flat],
                [bool(spec.locator) for spec in specs],
                self._collapse_options(),
            )
        else:
            delimiters = [layout.get("delimiter", "")] * (len(flat) - 1)
        pieces = [  # a note's sentence opens with a capital ("Ibid.")
            _piece(
                _capitalised(text, processor.opening_terms)
                if processor.notes and opens_sentence(spec.prefix, i == 0)
                else text,
                spec,
            )
            for i, ((text, spec), _same) in enumerate(flat)
        ]
        joined = pieces[0] + "".join(
            _splice(delimiter, specs[i], specs[i + 1]) + pieces[i + 1]
            for i, delimiter in enumerate(delimiters)
        )
        return processor.finish(str(layout.format(layout.wrap(String(joined)))))

    def _collapse_options(self) -> CollapseOptions:
        processor = self.processor
        element = processor.citation_element
        return CollapseOptions(
            element.layout.get("delimiter", ""),
            element.get("collapse", ""),
            element.get("after-collapse-delimiter"),
            element.get("cite-group-delimiter"),
            in_text=not processor.notes and not processor.numbered,
        )

    def _wrapped(self, joined: str) -> str:
        layout = self.processor.citation_element.layout
        return self.processor.finish(str(layout.format(layout.wrap(String(joined)))))

    def _numbers_collapsed(self, pieces: list[tuple[str, Cite]], cited: list[Any]) -> str:
        """collapse="citation-number": three or more consecutive numbers become a range ("[1]–[4]");
        a cite with a locator or affixes is never part of one (citeproc-js)."""
        element = self.processor.citation_element
        delimiter = element.layout.get("delimiter", "; ")
        after = element.get("after-collapse-delimiter", delimiter)
        dash = str(element.get_single_term("citation-range-delimiter") or "\u2013")
        position = {entry.index: i + 1 for i, entry in enumerate(self.entries)}
        numbers = [
            position[int(cite.key[1:])] if spec.plain else None
            for cite, (_t, spec) in zip(cited, pieces, strict=True)
        ]

        def consecutive(a: int, b: int) -> bool:
            first, second = numbers[a], numbers[b]
            return first is not None and second is not None and first + 1 == second

        runs = _runs(len(numbers), consecutive)  # indices into pieces
        out = ""
        for r, run in enumerate(runs):
            if r:
                out += (
                    after
                    if len(runs[r - 1]) > 2
                    else _splice(delimiter, pieces[run[0] - 1][1], pieces[run[0]][1])
                )
            if len(run) > 2:
                out += _piece(*pieces[run[0]]) + dash + _piece(*pieces[run[-1]])
            else:
                out += _joined([pieces[i] for i in run], delimiter)
        return self._wrapped(out)

    def _suffixes_collapsed(
        self,
        groups: list[tuple[str, list[tuple[str, Cite]], list[tuple[str, Cite]]]],
        cited: list[Any],
        spec_of: dict[int, Cite],
    ) -> str:
        """collapse="year-suffix" and "year-suffix-ranged": within one author's cites, a cite that
        differs from the one before only by its year suffix shows the suffix alone ("2000a, b"),
        and with "ranged" three or more consecutive letters become a range ("a–c")."""
        processor = self.processor
        element = processor.citation_element
        delimiter = element.layout.get("delimiter", "; ")
        group_delimiter = element.get("cite-group-delimiter", ", ")
        suffix_delimiter = element.get(
            "year-suffix-delimiter", element.get("cite-group-delimiter", delimiter)
        )
        after = element.get("after-collapse-delimiter", delimiter)
        ranged = element.get("collapse") == "year-suffix-ranged"
        suffix_of = {entry.index: entry.year_suffix for entry in self.entries}
        out = ""
        at = 0
        previous_collapsed = False
        for g, (_author, full, _rest) in enumerate(groups):
            cites = cited[at : at + len(full)]
            at += len(full)
            # runs of cites that differ only by their year suffix
            bares: list[str | None] = []
            for cite, (_text, spec) in zip(cites, full, strict=True):
                bare = None
                if suffix_of.get(int(cite.key[1:])) and spec.plain:
                    with rendering(year_suffix_hidden=True):
                        bare = processor._inner(cite, self._options.get(cite.key), "suppress_author")
                bares.append(bare)
            runs = _runs(len(cites), _same_text(bares))
            text = ""
            for r, run in enumerate(runs):
                if r:
                    text += (
                        after
                        if len(runs[r - 1]) > 1
                        else _splice(group_delimiter, full[run[0] - 1][1], full[run[0]][1])
                    )
                letters = [suffix_of[int(cites[i].key[1:])] for i in run[1:]]
                text += _piece(*full[run[0]])
                if letters:
                    first = suffix_of[int(cites[run[0]].key[1:])]
                    text += _suffix_tail(first, letters, suffix_delimiter, ranged)
            if g:
                out += (
                    after if previous_collapsed else _splice(delimiter, groups[g - 1][1][-1][1], full[0][1])
                )
            out += text
            previous_collapsed = len(full) > 1
        return self._wrapped(out)


def _runs(count: int, together: Callable[[int, int], bool]) -> list[list[int]]:
    """0 .. count-1 cut into runs of consecutive indices: i joins the run before it when
    ``together(last index of that run, i)``."""
    runs: list[list[int]] = []
    for i in range(count):
        if runs and together(runs[-1][-1], i):
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def _same_text(texts: list[str | None]) -> Callable[[int, int], bool]:
    """For :func:`_runs`: two cites go together when both have a text and the texts are equal."""
    return lambda a, b: texts[b] is not None and texts[a] == texts[b]


def _grouped(cited: list[Any], author: Callable[[Any], str]) -> list[Any]:
    """``cited`` with each author's cites moved up to the first of them, in their order (citeproc-js's
    cite grouping: "Smith 2003; Jones 2005; Smith 2010" cites Smith 2003 and 2010 together).
    Cites with no author printed are not grouped."""
    order: dict[str, list[Any]] = {}
    alone: list[list[Any]] = []
    slots: list[list[Any]] = []
    for cite in cited:
        name = author(cite)
        if not name or name == NO_PRINTED_FORM:
            alone.append([cite])
            slots.append(alone[-1])
        elif name in order:
            order[name].append(cite)
        else:
            order[name] = [cite]
            slots.append(order[name])
    return [cite for slot in slots for cite in slot]


def _suffix_tail(first: str, letters: list[str], delimiter: str, ranged: bool) -> str:
    """What follows a cite that shows year suffix ``first`` when the next cites show only their
    ``letters``: each after ``delimiter`` or, with ``ranged``, runs of three or more consecutive
    letters (counting ``first``) as "a–c"."""
    runs: list[list[str]] = []
    for letter in [first, *letters]:
        if ranged and runs and _next_letters(runs[-1][-1]) == letter:
            runs[-1].append(letter)
        else:
            runs.append([letter])
    out = ""
    for r, run in enumerate(runs):
        if len(run) > 2:
            out += ("" if r == 0 else delimiter + run[0]) + "\u2013" + run[-1]
        else:
            out += "".join(delimiter + letter for letter in (run[1:] if r == 0 else run))
    return out


def _next_letters(letters: str) -> str:
    """The year suffix after ``letters`` ("a" -> "b", "z" -> "aa")."""
    value = 0
    for ch in letters:
        value = value * 26 + (ord(ch) - 96)
    return suffix_letters(value)


class _Locator(Locator):
    """citeproc-py's Locator, equal to another of the same label and value (ibid vs ibid-with-locator)."""

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Locator):
            return NotImplemented
        return (self.label, self.identifier) == (other.label, other.identifier)

    def __hash__(self) -> int:
        return hash((self.label, self.identifier))


def _locator(spec: Cite) -> dict[str, Any]:
    """The locator of a cite as citeproc-py's CitationItem takes it."""
    if not spec.locator:
        return {}
    return {"locator": _Locator(citeproc_label(spec.label), smarten(str(spec.locator)))}


def _capitalised(html: str, terms: frozenset[str]) -> str:
    """``html`` with its first letter (outside tags) in upper case when it opens with one of ``terms``."""
    match = _FIRST_TEXT.match(html)
    if not match:
        return html
    rest = html[match.end() :]
    for term in terms:
        if rest.startswith(term) and not _WORD_GOES_ON.match(rest[len(term) :]):
            return match.group(0) + rest[0].upper() + rest[1:]
    return html


_FIRST_TEXT = re.compile(r"(?:<[^>]*>|\s)*")
_WORD_GOES_ON = re.compile(r"[\w-]")


def _note_number(history: list[Any]) -> int:
    """The note a cluster falls in when each cluster of the document is one note."""
    return len({id(item.citation) for item in history}) + 1


@contextlib.contextmanager
def _first_note(cite: Any, history: list[Any]) -> Iterator[None]:
    """The item's first-reference-note-number (the note it was first cited in) while ``cite`` renders."""
    first = next((vars(item).get("note_number") for item in history if item.key == cite.key), None)
    if first is None:
        yield
        return
    reference = cite.reference
    dict.__setitem__(reference, "first_reference_note_number", str(first))
    try:
        yield
    finally:
        dict.__delitem__(reference, "first_reference_note_number")


def _piece(text: str, spec: Cite) -> str:
    """One cite's text with its prefix and suffix (spaced as citeproc-js spaces them; escaped but
    for the markup citeproc-js reads in them: <i>, <b>, <sup>, <sub>, <sc>)."""
    return _affix(spaced_prefix(spec.prefix)) + text + _affix(spaced_suffix(spec.suffix))


def _affix(text: str) -> str:
    """A cite's prefix or suffix escaped, its quotes read as in fields (citeproc-js)."""
    if not text:
        return text
    text = _AFFIX_MARKUP.sub(r"<\1\2>", _escape(smarten(text)))
    return _AFFIX_SMALL_CAPS.sub(
        lambda m: "</span>" if m.group(1) else '<span style="font-variant:small-caps;">', text
    )


_AFFIX_MARKUP = re.compile(r"&lt;(/?)(i|b|sup|sub)&gt;")
_AFFIX_SMALL_CAPS = re.compile(r"&lt;(/?)sc&gt;")


def _splice(delimiter: str, before: Cite, after: Cite) -> str:
    """The delimiter between two cites: shortened after a suffix that ends in punctuation or
    before a prefix that starts with it (citeproc-js's rule)."""
    if before.suffix and before.suffix[-1] in ";.,":
        space = delimiter.find(" ")
        return delimiter[space:] if space > -1 else ""
    if not before.suffix and after.prefix and after.prefix[0] in ";.,":
        return ""
    return delimiter


def _joined(pieces: list[tuple[str, Cite]], delimiter: str) -> str:
    out = ""
    for i, (text, spec) in enumerate(pieces):
        if i:
            out += _splice(delimiter, pieces[i - 1][1], spec)
        out += _piece(text, spec)
    return out


def _delimited(parts: list[str], delimiter: str) -> list[str]:
    return [part if i == 0 else delimiter + part for i, part in enumerate(parts)]


def _subtitled(text: str) -> str:
    return uppercase_subtitles(smarten(text))


def _copied(value: Any) -> Any:
    """A deep copy of a CSL-JSON value (dicts, lists and scalars copied directly, anything else
    by :func:`copy.deepcopy`; ``deepcopy`` itself was a thirtieth of a render)."""
    if isinstance(value, dict):
        return {key: _copied(v) for key, v in value.items()}
    if isinstance(value, list):
        return [_copied(v) for v in value]
    if value is None or isinstance(value, str | int | float):
        return value
    return copy.deepcopy(value)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
