"""Page ranges and page labels as citeproc-js prints them (formatting/_pages.py)."""

from __future__ import annotations

import pytest

from jtd_evidence import Cite, format_bibliography, format_citation
from jtd_evidence.formatting._pages import is_plural, page_range


@pytest.mark.parametrize(
    ("value", "form", "expected"),
    [
        ("110-5", None, "110–5"),
        ("110-5", "expanded", "110–115"),
        ("N110 - N5", "expanded", "N110–N115"),
        ("N110 - 5", "expanded", "N110-5"),  # a prefix on one number only: not a range
        ("123N110 - N5, 456K200 - 99", "expanded", "123N110-N5, 456K200-99"),
        ("1536-1538", "minimal", "1536–8"),
        ("1536-1538", "minimal-two", "1536–38"),
        ("71-2", "chicago", "71–72"),
        ("1100-1123", "chicago", "1100–1123"),
        ("1002-1006", "chicago", "1002–6"),
        ("1496-1504", "chicago", "1496–1504"),
        ("1496-1504", "chicago-16", "1496–504"),
        ("8n11564-8n1568", "chicago", "8n11564–68"),
        ("i-ix", "minimal", "i–ix"),
        ("3\\-B", "minimal", "3-B"),
        ("Michaelson-Morely", "minimal", "Michaelson-Morely"),
        ("213 & 235", None, "213 & 235"),
    ],
)
def test_page_range(value, form, expected):
    assert page_range(value, form) == expected


def test_delimiter_and_symbol_come_from_the_locale():
    assert page_range("253-257 & 260", "chicago", "\u2011", "AND") == "253\u201157 AND 260"


@pytest.mark.parametrize(
    ("value", "plural"),
    [
        ("12", False),
        ("12-14", True),
        ("327\\-30", False),
        ("i-ix", True),
        ("213 and 235", True),
        ("2.0", False),
    ],
)
def test_is_plural(value, plural):
    assert is_plural(value) is plural


def test_page_locator_through_the_api():
    book = {
        "id": "b",
        "type": "book",
        "title": "T",
        "author": [{"family": "Lee", "given": "A."}],
        "issued": {"date-parts": [[2020]]},
    }
    assert (
        format_citation(Cite("b", locator="12\\-14"), style="apa", context=[book]) == "(Lee, 2020, p. 12-14)"
    )
    assert (
        format_citation(Cite("b", locator="12-14"), style="apa", context=[book]) == "(Lee, 2020, pp. 12–14)"
    )
    article = {**book, "type": "article-journal", "container-title": "J", "page": "1536-8"}
    assert "1536–1538" in format_bibliography([article], style="apa")[0]  # APA: expanded


def test_other_locators_and_number_of_labels(tmp_path):
    book = {"id": "b", "type": "book", "title": "T", "author": [{"family": "Lee", "given": "A."}]}
    book["issued"] = {"date-parts": [[2020]]}
    chapters = Cite("b", locator=" 200 - 201", label="chapter")
    assert format_citation(chapters, style="harvard", context=[book]) == "(Lee, 2020, chs 200–201)"
    style = tmp_path / "v.csl"
    style.write_text(
        '<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0"><info><id>v</id>'
        "<title>v</title><updated>2020-01-01T00:00:00+00:00</updated></info><citation><layout>"
        '<group delimiter=" "><label variable="number-of-volumes"/><text variable="number-of-volumes"/></group>'
        "</layout></citation></style>",
        encoding="utf-8",
    )
    two = {"id": "v", "type": "book", "number-of-volumes": 2}
    assert format_citation(two, style=style, locale="en-US") == "volumes 2"
    assert format_citation({**two, "number-of-volumes": 1}, style=style, locale="en-US") == "volume 1"
