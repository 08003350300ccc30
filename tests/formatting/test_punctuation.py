"""Punctuation marks that meet between pieces of output are merged as citeproc-js merges them (formatting/_punctuation.py)."""

from __future__ import annotations

import pytest

from jtd_evidence import format_citation
from jtd_evidence.formatting._punctuation import merge_punctuation, protect


@pytest.mark.parametrize(
    ("joined", "merged"),
    [
        ("a;: b", "a; b"),
        ("a?: b", "a? b"),
        ("a:. b", "a: b"),
        ("a!. b", "a! b"),
        ("a:? b", "a? b"),
        ("a;! b", "a! b"),
        ("a,: b", "a,: b"),
        ("a.; b", "a.; b"),
        ("a?! b", "a?! b"),
        ("<b>Co.</b>. 1965", "<b>Co.</b> 1965"),
        ("Wait... what", "Wait... what"),
    ],
)
def test_merge(joined, merged):
    assert merge_punctuation(joined) == merged


def test_a_fields_own_marks_are_kept():
    assert merge_punctuation(protect("Yahoo!: a history; ok?.")) == "Yahoo!: a history; ok?."


STYLE = """<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><id>p</id><title>p</title><updated>2020-01-01T00:00:00+00:00</updated></info>
  <citation><layout><group delimiter=" ">
    <text variable="title" suffix=":"/><text variable="publisher" prefix="("  suffix=")."/>
  </group></layout></citation>
</style>"""


def test_through_a_style(tmp_path):
    style = tmp_path / "p.csl"
    style.write_text(STYLE, encoding="utf-8")
    item = {"id": "y", "type": "book", "publisher": "P"}
    assert format_citation({**item, "title": "Why?"}, style=style) == "Why? (P)."
    assert format_citation({**item, "title": "Yahoo!: a history"}, style=style) == "Yahoo!: a history: (P)."
