"""Every point where this package overrides, copies or relies on citeproc-py internals.

The formatting layer is built on citeproc-py's element classes: it subclasses them, replaces
some of their methods, copies the body of a few and relies on private attributes of others.
A citeproc-py release can change any of these without notice, so the layer is pinned to the
series it was checked against (``citeproc-py>=0.11,<0.12`` in ``pyproject.toml``) and
:data:`TESTED_CITEPROC` names the exact release. ``tests/formatting/test_citeproc_coupling.py``
fails when the installed citeproc-py is another release, when an upstream name below no
longer exists, or when a method that shadows a citeproc-py attribute is missing from
:data:`OVERRIDES`.

Upgrading citeproc-py: for each row, read the upstream method in the new release and check
that the reason still holds and the copy (kind "copy") still matches what it copied; run
``../shared/tools/csl-suite/run.py`` (no fixture plain citeproc-py passes may fail) and
``tests/formatting`` (APA and Harvard identical to citeproc-js); then set TESTED_CITEPROC.

Kinds: "extends" calls the upstream method and adds to it; "replaces" answers without it;
"copy" re-implements the upstream body with a change (the row says which); "relies" uses an
upstream attribute or internal as it is (its meaning must not change).
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["OVERRIDES", "TESTED_CITEPROC", "Override"]

TESTED_CITEPROC = "0.11.1"
"""The citeproc-py release every row below was checked against."""


class Override(NamedTuple):
    ours: str
    """Dotted name in ``jtd_evidence.formatting`` (module.Class.method)."""
    upstream: str
    """Dotted name in citeproc-py (module.Class.attribute)."""
    kind: str
    why: str


_ = Override
OVERRIDES: tuple[Override, ...] = (
    # -- sorting (_sorting) ------------------------------------------------------------
    _(
        "_sorting.Sort.sort",
        "citeproc.model.Sort.sort",
        "replaces",
        "citeproc-js collation, column-wise comparison rendering later keys only for ties, empty keys last "
        "(also when descending), memoised keys",
    ),
    _(
        "_sorting.Key.sort_keys",
        "citeproc.model.Key.sort_keys",
        "replaces",
        "keys rendered in sort mode throughout nested macros (citeproc-py loses names-min/use-first/use-last "
        "there); names, dates and plain variables as citeproc-js key strings; citation-number by the item's number, "
        "citation-label by the item's label or trigraph",
    ),
    # -- names (_names) ----------------------------------------------------------------
    _(
        "_names.Names.process",
        "citeproc.model.Names.process",
        "extends",
        "variables used by a cs:substitute (also earlier in the same substitute) are not rendered again; "
        "counts rendered variables for group "
        "suppression; form='count' adds up the counts of all variables (upstream joins them as text)",
    ),
    _(
        "_names.Names.render",
        "citeproc.model.CitationStylesElement.render",
        "extends",
        "author-only and suppress-author renderings capture the first cs:names of a citation",
    ),
    _(
        "_names.Name.get_option",
        "citeproc.model.Name.get_option",
        "extends",
        "memoised; sort options in sort mode; et-al-use-first raised by add-names disambiguation; "
        "delimiter-precedes-last/-et-al='after-inverted-name' as always or never for the names shown; "
        "et-al-min without et-al-use-first set anywhere abbreviates nothing; et-al-subsequent-min/-use-first in "
        "a cite of a work cited before",
    ),
    _(
        "_names.Name.process",
        "citeproc.model.Name.process",
        "extends",
        "sort-mode key text; initials or whole given names for disambiguation; names counted for add-names; "
        "given-only, East Asian and comma-suffix names, particles ending in an apostrophe or hyphen, as "
        "citeproc-js shows them (_persons); "
        "subsequent-author-substitute's names and placeholder; with cs:name-part, each person formatted part by "
        "part (_nameparts) and handed to upstream as a literal with the name-parts set aside",
    ),
    _(
        "_namelist.joined_names",
        "citeproc.model.Name.process",
        "copy",
        "upstream's body (people formatted and joined, 'and', et-al, delimiters, name-parts) with its fourteen "
        "options, the 'and' and et-al terms read once per cs:name, context and rendering state, and the "
        "name-parts listed by the caller; a form or 'and' value CSL does not allow goes to upstream itself",
    ),
    _(
        "_namelist.names_process",
        "citeproc.model.Names.process",
        "copy",
        "upstream's body (each role's names and label, editortranslator, joined lists, the substitute) with "
        "the label rendered only when the cs:names has one and form='count' recognised by its numbers: "
        "upstream raised and caught an AttributeError and a TypeError there on every render",
    ),
    _(
        "_names.Name.initialize",
        "citeproc.model.Name.initialize",
        "replaces",
        "citeproc-js initials (_names.initials): initialize='false', initials and abbreviations already "
        "there kept, lower-case hyphen parts, two-letter initials; a given name marked whole "
        "(by-cite disambiguation) is not initialised; remembered per cs:name by given name, mark and context",
    ),
    _(
        "_names.Name._with_initials",
        "citeproc.source.Name.parts",
        "relies",
        "puts initials in front of the family name by cloning the name dict (a Name is a dict of its parts)",
    ),
    # -- conditions (_conditions) --------------------------------------------------------
    _(
        "_conditions._Condition.render",
        "citeproc.model.If.render",
        "replaces",
        "one holds() test memoised by item type and fields; no ConditionFailed raised for branches not taken",
    ),
    _("_conditions._Condition._type", "citeproc.model.If._type", "replaces", "type list parsed once"),
    _(
        "_conditions._Condition._variable",
        "citeproc.model.If._variable",
        "replaces",
        "variable list parsed once; 'locator' is a cite field, not a reference field",
    ),
    _(
        "_conditions.Choose.render",
        "citeproc.model.Choose.render",
        "copy",
        "as upstream, asking holds() instead of catching ConditionFailed",
    ),
    _(
        "_conditions._Condition._position",
        "citeproc.model.If._position",
        "extends",
        "near-note measured in notes within near-note-distance (upstream raises KeyError reading it)",
    ),
    _(
        "_conditions._Condition._is_numeric",
        "citeproc.model.If._is_numeric",
        "extends",
        "a cite's locator is tested too (upstream looks for it among the item's fields)",
    ),
    # -- text, dates, groups, layout (_elements) -------------------------------------------
    _(
        "_elements.Text.process",
        "citeproc.model.Text.process",
        "copy",
        "as upstream, without raising for an item with no language; a macro renders as a group; a value's "
        "quotes and markup read as in fields",
    ),
    _(
        "_elements.Text._variable",
        "citeproc.model.Text._variable",
        "extends",
        "no year-suffix in sort keys; counts called and rendered variables for group suppression; "
        "citation-label as the item's label or a trigraph, with its year suffix",
    ),
    _(
        "_elements.Text.quote",
        "citeproc.model.Quoted.quote",
        "replaces",
        "quote-span markers resolved after rendering, with nesting and punctuation-in-quote",
    ),
    _("_elements.Text.markup", "citeproc.model.Text.markup", "extends", "URL and DOI as <a href> in HTML"),
    _(
        "_elements.Text.render",
        "citeproc.model.Text.render",
        "copy",
        "as upstream; a cs:text with a macro and no other attribute returns the macro's output without "
        "the markup calls, which change nothing there",
    ),
    _(
        "_elements.Group.render",
        "citeproc.model.CitationStylesElement.render",
        "copy",
        "as upstream (markup of process); a group without formatting, affixes or display skips the markup calls",
    ),
    # -- page numbers (_pages, mixed into Text, Number and Label) -------------------------
    _(
        "_pages.PageNumbers._process",
        "citeproc.model.FormatNumber._process",
        "extends",
        "the page variable: ranges only between numbers of one prefix, the style's page-range-format "
        "(minimal, minimal-two, Chicago 15th and 16th) as citeproc-js, escaped hyphens",
    ),
    _(
        "_pages.PageNumbers._variable",
        "citeproc.model.Text._variable",
        "extends",
        "a locator trimmed, with ranges as the page variable's (a page locator also in the range format)",
    ),
    _(
        "_pages.PageNumbers._is_plural",
        "citeproc.model.Label._is_plural",
        "extends",
        "page and locator: plural for a range or list, singular across an escaped hyphen; number-of-* "
        "read from the item (upstream reads the cite and raises)",
    ),
    _(
        "_dates.DateRanges.render_date_range",
        "citeproc.model.Date.render_date_range",
        "replaces",
        "the range-delimiter of the largest differing part, shared parts printed once where the date "
        "orders them, seasons, open ranges",
    ),
    _(
        "_dates.DateRanges.render_single_date",
        "citeproc.model.Date.render_single_date",
        "copy",
        "as upstream, but a localized date's parts are joined by the locale date's delimiter unless "
        "the style's date sets one",
    ),
    _(
        "_elements.Date.process",
        "citeproc.model.Date.process",
        "extends",
        "zero-padded sort keys of the parts the date shows; counts rendered variables; the item's year suffix "
        "for the implicit suffix",
    ),
    _(
        "_elements.Date_Part.process",
        "citeproc.model.Date_Part.process",
        "extends",
        "the implicit year suffix after the first year of a cite or entry",
    ),
    _(
        "_elements.Date_Part.render",
        "citeproc.model.CitationStylesElement.render",
        "extends",
        "upstream copies a style's date-part attributes onto the locale's date-part for good; restored here",
    ),
    _(
        "_elements.Group.process",
        "citeproc.model.Group.process",
        "copy",
        "as upstream, but suppression follows the variables actually rendered, and a group that prints "
        "counts as rendered for its parent",
    ),
    _(
        "_elements.Substitute.render",
        "citeproc.model.Substitute.render",
        "copy",
        "as upstream, suppressing every variable the substitute rendered, not only a directly named one; "
        "a term ends the substitute even when empty; subsequent-author-substitute of a substituted variable",
    ),
    _(
        "_elements.Number.process",
        "citeproc.model.Number.process",
        "extends",
        "counts rendered variables for group suppression",
    ),
    _(
        "_elements.Layout.render_children",
        "citeproc.model.Parent.render_children",
        "extends",
        "resets the implicit year suffix and the disambiguate tests held for each cite or entry; "
        "second-field-align splits the entry into left margin and right inline (_display)",
    ),
    _(
        "_elements.Layout.render_citation",
        "citeproc.model.Layout.render_citation",
        "copy",
        "as upstream for one cite, without sorting one item",
    ),
    _(
        "_elements.Layout.repressed",
        "citeproc.model.Layout.render_citation",
        "relies",
        "the per-render dict of substituted variables that upstream sets on the layout element",
    ),
    _(
        "_elements.Label.process",
        "citeproc.model.Label.process",
        "extends",
        "a cs:names label is left out of sort keys",
    ),
    _(
        "_elements.Label.case",
        "citeproc.model.TextCased.case",
        "extends",
        "a label with no language is English",
    ),
    _(
        "_textcase.TextCase.case",
        "citeproc.model.TextCased.case",
        "replaces",
        "citeproc-js text-case: markup, entities and nocase/small-caps/sup/sub text untouched; title case "
        "by word parts (hyphen, slash, dashes), citeproc-js's stop words, first/last/after-colon words; "
        "upper/lower case by the item's language (Turkish i/İ)",
    ),
    # -- memoised look-ups (_memo), mixed into every element class ------------------------
    _(
        "_memo.Memoised.__getattr__",
        "citeproc.model.SomewhatObjectifiedElement.__getattr__",
        "replaces",
        "child look-up memoised per element",
    ),
    _("_memo.Memoised.get_root", "citeproc.model.CitationStylesElement.get_root", "extends", "memoised"),
    _(
        "_memo.Memoised.xpath_search",
        "citeproc.model.CitationStylesElement.xpath_search",
        "extends",
        "memoised",
    ),
    _("_memo.Memoised.get_macro", "citeproc.model.CitationStylesElement.get_macro", "replaces", "memoised"),
    _("_memo.Memoised.get_layout", "citeproc.model.CitationStylesElement.get_layout", "extends", "memoised"),
    _(
        "_memo.Memoised.get_formatter",
        "citeproc.model.CitationStylesElement.get_formatter",
        "copy",
        "as upstream, without an isinstance walk per call",
    ),
    _("_memo.Memoised.get_term", "citeproc.model.CitationStylesElement.get_term", "extends", "memoised"),
    _(
        "_memo.Memoised.get_single_term",
        "citeproc.model.CitationStylesElement.get_single_term",
        "extends",
        "memoised",
    ),
    _(
        "_memo.Memoised.get_plural_term",
        "citeproc.model.CitationStylesElement.get_plural_term",
        "extends",
        "memoised",
    ),
    _(
        "_memo.Memoised.get_locale_option",
        "citeproc.model.CitationStylesElement.get_locale_option",
        "extends",
        "memoised",
    ),
    _(
        "_memo._PlainFormat.format",
        "citeproc.model.Formatted.format",
        "extends",
        "an element without formatting attributes returns its text; one that sets a decoration to "
        '"normal" is marked to undo an enclosing one (_markup.undecorated)',
    ),
    _(
        "_memo._PlainWrap.wrap",
        "citeproc.model.Affixed.wrap",
        "extends",
        "an element without affixes returns its text; an element with display is marked for its div "
        "(_display)",
    ),
    _(
        "_memo.KnownChildren.render_children",
        "citeproc.model.Parent.render_children",
        "copy",
        "as upstream over a child list made once",
    ),
    _(
        "_macromemo.rendered_macro",
        "citeproc.model.Macro.render",
        "relies",
        "a macro renders the same text from the same item fields and render state, and its side effects "
        "are the state fields _macromemo replays; outputs (String, MixedString) are never changed in place",
    ),
    # -- items and sources (_source) ----------------------------------------------------
    _(
        "_source.FastReference.__getattr__",
        "citeproc.source.CustomDict.__getattr__",
        "replaces",
        "one dict look-up; instances of citeproc's Reference get this class by __class__ assignment",
    ),
    _(
        "_source.FastReference.__getitem__",
        "citeproc.source.CustomDict.__getitem__",
        "replaces",
        "one dict look-up",
    ),
    _(
        "_reads.TracedReference.__getattr__",
        "citeproc.source.CustomDict.__getattr__",
        "replaces",
        "as FastReference, noting the field read for the macro memo while a macro renders afresh",
    ),
    _(
        "_reads.TracedReference.__getitem__",
        "citeproc.source.CustomDict.__getitem__",
        "replaces",
        "as FastReference, noting the field read for the macro memo while a macro renders afresh",
    ),
    _(
        "_source.CiteItem.__init__",
        "citeproc.source.CitationItem.__init__",
        "extends",
        "holds its key and reference",
    ),
    _(
        "_source.CiteItem.reference",
        "citeproc.source.CitationItem.reference",
        "replaces",
        "an instance attribute instead of a property through citation and bibliography",
    ),
    _(
        "_source.CiteItem.is_bad",
        "citeproc.source.CitationItem.is_bad",
        "replaces",
        "a set of registered keys instead of a list scan",
    ),
    _(
        "_source._Source.parse_string",
        "citeproc.source.json.CiteProcJSON.parse_string",
        "extends",
        'field text with a <span class="nocase"> parsed by upstream (it becomes NoCase text); other text '
        "made the one String upstream makes of it, without upstream's piecewise MixedString additions",
    ),
    # -- style loading (_style) -----------------------------------------------------------
    _(
        "_style.LoadedStyle.__init__",
        "citeproc.frontend.CitationStylesStyle.__init__",
        "copy",
        "parses with this package's element classes and builds the locale chain as upstream's "
        "set_locale_list does, keeping every element proxy alive for the memos",
    ),
    _(
        "_style.LoadedStyle.render_citation",
        "citeproc.frontend.CitationStylesStyle.render_citation",
        "copy",
        "duck-types upstream's style object",
    ),
    _(
        "_style.LoadedStyle.sort_bibliography",
        "citeproc.frontend.CitationStylesStyle.sort_bibliography",
        "copy",
        "duck-types upstream's style object",
    ),
    _(
        "_style.LoadedStyle.render_bibliography",
        "citeproc.frontend.CitationStylesStyle.render_bibliography",
        "copy",
        "duck-types upstream's style object",
    ),
    _(
        "_style._parser",
        "citeproc.model.CitationStylesElement.__subclasses__",
        "relies",
        "every element class of citeproc.model is mapped to its tag; ours replace some",
    ),
    # -- the engine (engine) ------------------------------------------------------------------
    _(
        "engine.Processor.render",
        "citeproc.frontend.CitationStylesBibliography.register",
        "copy",
        "registers items without the quadratic duplicate check; sets keys and items directly",
    ),
    _(
        "engine.Processor._disambiguate",
        "citeproc.source.Reference",
        "relies",
        "the year suffix is stored in the reference dict as 'year_suffix', where upstream reads it",
    ),
)
"""Every overridden, copied or relied-on citeproc-py name, with the reason."""
