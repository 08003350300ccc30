"""Dates read and printed as citeproc-js does where citeproc-py differs (formatting/_dates.py)."""

from __future__ import annotations

import pytest

from jtd_evidence import format_citation
from jtd_evidence.formatting._dates import clean_date

STYLE = """<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><id>d</id><title>d</title><updated>2020-01-01T00:00:00+00:00</updated></info>
  <locale><date form="text" delimiter=" ">
    <date-part name="day" range-delimiter="/"/><date-part name="month"/><date-part name="year"/>
  </date></locale>
  <citation><layout><date variable="issued" form="text"/></layout></citation>
</style>"""


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"date-parts": [["2000", "", ""]]}, {"date-parts": [[2000]]}),
        ({"date-parts": [[1965, 13, 1]]}, {"date-parts": [[1965]], "season": 1}),
        ({"date-parts": [[1965, 24]]}, {"date-parts": [[1965]], "season": 4}),
        ({"date-parts": [[1965, -1, 1]]}, {"date-parts": [[1965]]}),
        ({"date-parts": [], "raw": "Bogus Date"}, {"literal": "Bogus Date"}),
        ({"date-parts": [[1999, 22], [1999, 21]]}, {"date-parts": [[1999], [1999]], "seasons": [2, 1]}),
    ],
)
def test_clean_date(value, expected):
    assert clean_date(value) == expected


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        ([[1999, 1, 2], [1999, 1, 4]], "2/4 January 1999"),
        ([[1999, 1, 2], [1999, 3, 4]], "2 January–4 March 1999"),
        ([[1999, 1, 2], [2000, 1, 4]], "2 January 1999–4 January 2000"),
        ([[1999, 21], [1999, 22]], "Spring–Summer 1999"),
        ([[1987], [0]], "1987–"),
    ],
)
def test_ranges(tmp_path, parts, expected):
    style = tmp_path / "d.csl"
    style.write_text(STYLE, encoding="utf-8")
    item = {"id": "x", "type": "book", "issued": {"date-parts": parts}}
    assert format_citation(item, style=style, locale="en-US") == expected


def test_apa_range_within_a_month_unchanged():
    item = {"id": "x", "type": "speech", "title": "T", "author": [{"family": "Lee", "given": "A."}]}
    item["issued"] = {"date-parts": [[2020, 5, 2], [2020, 5, 4]]}
    assert format_citation(item, style="apa", locale="en-US") == "(Lee, 2020)"
