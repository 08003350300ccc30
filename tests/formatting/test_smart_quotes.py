"""Straight quotes in a style's text values, a cite's prefix and suffix and a locator are read as
in fields: curly, nested and with punctuation-in-quote (citeproc-js's flip-flop parser)."""

from __future__ import annotations

from jtd_evidence import Cite, format_citation

STYLE = """<style xmlns="http://purl.org/net/xbiblio/csl" class="note" version="1.0">
  <info><id>q</id><title>q</title><updated>2020-01-01T00:00:00+00:00</updated></info>
  <citation><layout delimiter="; ">
    <group delimiter=" "><text variable="title"/><text value="'friend'"/><text variable="locator"/></group>
  </layout></citation>
</style>"""


def test_quotes_outside_fields(tmp_path):
    style = tmp_path / "q.csl"
    style.write_text(STYLE, encoding="utf-8")
    context = [{"id": "a", "type": "book", "title": "Speak,"}]
    cite = Cite("a", locator='"gargoyle"', label="sub-verbo", suffix=', "Hello there".')
    assert format_citation(cite, style=style, locale="en-US", context=context) == (
        "Speak, “friend” “gargoyle,” “Hello there”."  # a cite suffix keeps its period outside, as citeproc-js
    )


def test_markup_in_a_text_value_is_markup(tmp_path):
    style = tmp_path / "b.csl"
    style.write_text(
        STYLE.replace(
            """<text value="'friend'"/>""", """<text value="&lt;b&gt;friend&lt;/b&gt; &amp; co"/>"""
        )
        .replace("<citation>", '<citation><layout font-weight="bold">', 1)
        .replace('<layout delimiter="; ">', "", 1),
        encoding="utf-8",
    )
    context = [{"id": "a", "type": "book", "title": "Speak,"}]
    html = format_citation("a", style=style, locale="en-US", context=context, output="html")
    assert html == '<b>Speak, <span style="font-weight:normal;">friend</span> &amp; co</b>'


def test_font_style_normal_undoes_an_enclosing_italic(tmp_path):
    style = tmp_path / "n.csl"
    style.write_text(
        STYLE.replace(
            """<group delimiter=" "><text variable="title"/><text value="'friend'"/><text variable="locator"/></group>""",
            """<group font-style="italic"><text variable="title" font-style="normal"/></group>"""
            """<text variable="title" font-style="normal" prefix=" "/>""",
        ),
        encoding="utf-8",
    )
    context = [{"id": "a", "type": "book", "title": "Life"}]
    html = format_citation("a", style=style, locale="en-US", context=context, output="html")
    assert html == '<i><span style="font-style:normal;">Life</span></i> Life'
