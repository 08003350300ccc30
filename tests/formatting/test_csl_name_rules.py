"""Names, labels made from names and disambiguation as citeproc-js renders them, each on a tiny
style mirroring a fixture of the CSL test suite."""

from __future__ import annotations

from pathlib import Path

from jtd_evidence.formatting import format_bibliography, format_citation
from jtd_evidence.formatting._citation_label import citation_label


def style(tmp_path: Path, body: str, name: str = "names", cls: str = "in-text") -> str:
    path = tmp_path / f"{name}.csl"
    path.write_text(
        f'<style xmlns="http://purl.org/net/xbiblio/csl" class="{cls}" version="1.0"><info><id/><title/></info>'
        + body
        + "</style>",
        encoding="utf-8",
    )
    return str(path)


def book(key: str, *families: str, year: int | None = None, **fields: object) -> dict[str, object]:
    item: dict[str, object] = {"id": key, "type": "book", **fields}
    if families:
        item["author"] = [{"family": family, "given": "A."} for family in families]
    if year is not None:
        item["issued"] = {"date-parts": [[year]]}
    return item


def test_citation_label_is_a_trigraph_or_the_items_own_label_with_its_year_suffix(tmp_path):
    path = style(
        tmp_path,
        "<citation disambiguate-add-year-suffix='true'><layout delimiter='; '>"
        "<text variable='citation-label'/></layout></citation>",
    )
    items = [
        book("a", "Asthma", year=2000),
        book("b", "Asthma", year=2000, title="Other"),
        book("c", "Bronchitis", "Cholera", year=1998),
        book("d", "von Dipheria", "Eczema", "Flatulence", "Goiter", "Hiccups", year=1926),
        book("e", "Zed", year=1900, **{"citation-label": "Spiff1900"}),
    ]
    assert format_citation(items, style=path) == "Asth00a; Asth00b; BrCh98; DEFG26; Spiff1900"
    assert citation_label({"title": "the  big book"}) == "Theb00"


SAS_STYLE = (
    "<citation><layout><text variable='title'/></layout></citation>"
    "<bibliography subsequent-author-substitute='---'{rule}><sort><key macro='author'/><key variable='title'/></sort>"
    "<layout><group delimiter='. '><text macro='author'/><text variable='title'/></group></layout></bibliography>"
)
SAS_MACRO = (
    "<macro name='author'><names variable='author'><name name-as-sort-order='first' and='text'/>"
    "<label form='short' prefix=' '/><substitute><names variable='editor'/><text variable='title'/></substitute>"
    "</names></macro>"
)


def test_subsequent_author_substitute_replaces_a_repeated_author_but_keeps_its_label(tmp_path):
    path = style(tmp_path, SAS_MACRO + SAS_STYLE.format(rule=""))
    doe = [{"family": "Doe", "given": "John"}]
    items = [
        {"id": "a", "type": "book", "title": "A", "author": doe},
        {"id": "b", "type": "book", "title": "B", "editor": doe},  # the editor's label ("ed.") is no sort key
        {"id": "c", "type": "book", "title": "C", "author": [*doe, {"family": "Roe", "given": "Jane"}]},
        {"id": "d", "type": "book", "title": "Untitled"},
        {"id": "e", "type": "book", "title": "Untitled"},  # a substituted title is compared as the names
    ]
    assert format_bibliography(items, style=path) == [
        "Doe, John. A",
        "--- ed. B",
        "Doe, John and Jane Roe. C",
        "Untitled",
        "---",
    ]


def test_subsequent_author_substitute_partial_each_replaces_the_leading_names_that_match(tmp_path):
    path = style(
        tmp_path, SAS_MACRO + SAS_STYLE.format(rule=" subsequent-author-substitute-rule='partial-each'")
    )
    doe, roe, poe = ({"family": f, "given": "J"} for f in ("Doe", "Roe", "Poe"))
    items = [
        {"id": "a", "type": "book", "title": "A", "author": [doe, roe]},
        {"id": "b", "type": "book", "title": "B", "author": [doe, poe]},
    ]
    assert format_bibliography(items, style=path) == ["Doe, J and J Poe. B", "--- and J Roe. A"]


def test_no_substitute_when_something_prints_before_the_names(tmp_path):
    body = SAS_MACRO + SAS_STYLE.format(rule="").replace(
        "<group delimiter='. '>", "<group delimiter='. '><text value='See'/>"
    )
    path = style(tmp_path, body)
    doe = [{"family": "Doe", "given": "J"}]
    items = [{"id": k, "type": "book", "title": k, "author": doe} for k in "AB"]
    assert format_bibliography(items, style=path) == ["See. Doe, J. A", "See. Doe, J. B"]
