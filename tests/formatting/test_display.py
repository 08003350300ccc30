"""The display attribute and second-field-align in bibliographies, as citeproc-js writes them (formatting/_display.py)."""

from __future__ import annotations

from jtd_evidence import format_bibliography, format_citation
from jtd_evidence.formatting._display import plain_display, resolve_display

ITEMS = [
    {"id": "a", "type": "book", "title": "Book A", "author": [{"family": "Smith", "given": "John"}]},
    {"id": "b", "type": "book", "title": "Book B", "author": [{"family": "Jones", "given": "Robert"}]},
]

STYLE = """<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><id>t</id><title>t</title><updated>2020-01-01T00:00:00+00:00</updated></info>
  <citation><layout><text variable="title" display="block"/></layout></citation>
  <bibliography{align}>
    <layout suffix=".">
      <text variable="citation-number" prefix="[" suffix="]"/>
      <group delimiter=", " prefix=" ">
        <names variable="author"><name/></names>
        <text variable="title"{title_display}/>
      </group>
    </layout>
  </bibliography>
</style>"""


def _style(tmp_path, title_display="", align=' second-field-align="flush"'):
    path = tmp_path / f"t{len(title_display)}-{len(align)}.csl"  # processors are cached by path
    path.write_text(STYLE.format(title_display=title_display, align=align), encoding="utf-8")
    return path


def test_second_field_align_and_display_in_html(tmp_path):
    entries = format_bibliography(ITEMS, style=_style(tmp_path), output="html")
    assert entries[0] == (
        '\n    <div class="csl-left-margin">[1]</div><div class="csl-right-inline"> John Smith, Book A.</div>\n  '
    )
    indented = format_bibliography(ITEMS, style=_style(tmp_path, ' display="indent"', ""), output="html")
    assert indented[0] == '[1] John Smith, <div class="csl-indent">Book A.</div>\n  '
    assert (
        format_bibliography(ITEMS, style=_style(tmp_path, ' display="indent"', ""))[0]
        == "[1] John Smith, Book A."
    )


def test_display_is_plain_in_text_and_ignored_in_citations(tmp_path):
    style = _style(tmp_path)
    assert format_bibliography(ITEMS, style=style, output="text")[1] == "[2] Robert Jones, Book B."
    assert format_citation(ITEMS[0], style=style, output="html") == "Book A"


def test_punctuation_moves_in_and_spaces_out():
    right = "\ue012A. Smith, n.d.\ue014. "
    assert resolve_display(right) == '<div class="csl-right-inline">A. Smith, n.d.</div>\n   '
    left = "\ue011[1] \ue014"
    assert resolve_display(left) == '\n    <div class="csl-left-margin">[1] </div>'
    assert plain_display(resolve_display("\ue010Doe\ue014" + left + right)) == "Doe [1] A. Smith, n.d."
