"""Citation clusters (grouping, collapsing, delimiters) as citeproc-js renders them, each on a tiny
style mirroring a fixture of the CSL test suite."""

from __future__ import annotations

from pathlib import Path

from jtd_evidence import Cite
from jtd_evidence.formatting import format_bibliography, format_citation
from jtd_evidence.formatting._delimiters import CollapseOptions, cite_delimiters


def style(tmp_path: Path, citation: str, cls: str = "in-text") -> str:
    path = tmp_path / f"{cls}.csl"
    path.write_text(
        f'<style xmlns="http://purl.org/net/xbiblio/csl" class="{cls}" version="1.0"><info><id/><title/></info>'
        + citation
        + "</style>",
        encoding="utf-8",
    )
    return str(path)


def work(key: str, family: str, year: int) -> dict[str, object]:
    return {"id": key, "type": "book", "author": [{"family": family}], "issued": {"date-parts": [[year]]}}


CITATION = (
    "<citation collapse='year'{extra}><layout prefix='(' suffix=')' delimiter='{delimiter}'>"
    "<group delimiter=' '><names variable='author'><name form='short'/></names>"
    "<date variable='issued'><date-part name='year'/></date></group></layout></citation>"
)
ITEMS = [work("w67", "Whittaker", 1967), work("w75", "Whittaker", 1975), work("v89", "Wiens", 1989)]


def test_after_collapse_delimiter_follows_a_collapsed_group_and_a_lone_cite(tmp_path):
    path = style(tmp_path, CITATION.format(extra=" after-collapse-delimiter='; '", delimiter=", "))
    assert format_citation(ITEMS, style=path) == "(Whittaker 1967, 1975; Wiens 1989)"
    assert format_citation([ITEMS[0], ITEMS[2]], style=path) == "(Whittaker 1967; Wiens 1989)"


def test_collapsed_cites_take_the_layout_delimiter_in_a_note_style(tmp_path):
    in_text = style(tmp_path, CITATION.format(extra="", delimiter="; "))
    note = style(tmp_path, CITATION.format(extra="", delimiter="; "), cls="note")
    assert format_citation(ITEMS, style=in_text) == "(Whittaker 1967, 1975; Wiens 1989)"
    assert format_citation(ITEMS, style=note) == "(Whittaker 1967; 1975; Wiens 1989)"


def test_a_locator_before_takes_the_after_collapse_delimiter():
    options = CollapseOptions(", ", "year", after_collapse="; ")
    assert cite_delimiters([False, True, True], [False, True, False], options) == [", ", "; "]
    assert cite_delimiters([False, True], [False, False], CollapseOptions("; ", "year", cite_group=" ")) == [
        " "
    ]


def test_a_date_in_a_sort_macro_sorts_by_the_parts_it_shows(tmp_path):
    body = (
        "<macro name='date'><choose><if type='book'><date variable='issued'><date-part name='year'/></date></if>"
        "<else><date variable='issued'><date-part name='year' suffix='-'/><date-part name='month' form='numeric'/>"
        "</date></else></choose></macro>"
        "<citation><layout><text variable='title'/></layout></citation>"
        "<bibliography><sort><key macro='date'/></sort><layout><text variable='title'/></layout></bibliography>"
    )
    path = style(tmp_path, body)
    items = [
        {"id": "a", "type": "report", "title": "December", "issued": {"date-parts": [[2002, 12, 25]]}},
        {"id": "b", "type": "book", "title": "Book", "issued": {"date-parts": [[2002, 11, 30]]}},
        {"id": "c", "type": "report", "title": "October", "issued": {"date-parts": [[2002, 10, 25]]}},
    ]
    assert format_bibliography(items, style=path) == ["Book", "October", "December"]


def test_small_caps_markup_in_a_cite_prefix(tmp_path):
    path = style(tmp_path, CITATION.format(extra="", delimiter="; "))
    cite = Cite("w67", prefix="<sc>See</sc> ")
    assert format_citation([cite], style=path, context=ITEMS, output="html") == (
        '(<span style="font-variant:small-caps;">See</span> Whittaker 1967)'
    )


def test_a_collapsed_cite_that_prints_nothing_after_its_author_is_left_out(tmp_path):
    citation = CITATION.replace(
        "<citation collapse='year'{extra}>", "<citation collapse='year'><sort><key variable='issued'/></sort>"
    )
    path = style(tmp_path, citation.format(delimiter=", "))
    undated = {"id": "nd", "type": "book", "author": [{"family": "Whittaker"}]}
    assert format_citation([*ITEMS[:2], undated], style=path) == "(Whittaker 1967, 1975)"


def test_a_citation_sorted_by_citation_number_sorts_by_the_numbers(tmp_path):
    body = (
        "<citation collapse='citation-number'><sort><key variable='citation-number'/></sort>"
        "<layout delimiter=', '><text variable='citation-number' prefix='[' suffix=']'/></layout></citation>"
    )
    path = style(tmp_path, body)
    items = [{"id": f"i{n}", "type": "book", "title": str(n)} for n in range(1, 5)]
    cites = [Cite("i3"), Cite("i1"), Cite("i2"), Cite("i4")]
    assert format_citation(cites, style=path, context=items) == "[1]–[4]"
