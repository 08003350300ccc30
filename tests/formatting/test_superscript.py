"""Superscript characters (ordinal suffixes of many locales) as <sup> in HTML, as citeproc-js (formatting/_superscript.py)."""

from __future__ import annotations

from jtd_evidence import format_citation
from jtd_evidence.formatting import to_markdown
from jtd_evidence.formatting._superscript import from_sup, to_sup

STYLE = """<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0" default-locale="fr-FR">
  <info><id>s</id><title>s</title><updated>2020-01-01T00:00:00+00:00</updated></info>
  <citation><layout><number variable="edition" form="ordinal" suffix=" éd."/></layout></citation>
</style>"""


def test_ordinals_in_html_and_text(tmp_path):
    style = tmp_path / "s.csl"
    style.write_text(STYLE, encoding="utf-8")
    item = {"id": "e", "type": "book", "edition": "1"}
    assert (
        format_citation(item, style=style, locale="fr-FR", output="html") == "1<sup>r</sup><sup>e</sup> éd."
    )
    assert format_citation(item, style=style, locale="fr-FR") == "1ʳᵉ éd."


def test_round_trip():
    assert to_sup("2.º, m²") == "2.<sup>o</sup>, m<sup>2</sup>"
    assert from_sup("2.<sup>o</sup>, <sup>ab</sup>") == "2.º, <sup>ab</sup>"
    assert to_markdown("1<sup>r</sup><sup>e</sup>") == "1ʳᵉ"
    assert to_sup("plain ascii") == "plain ascii"


def test_modifier_letters_without_a_super_decomposition():
    assert to_sup("\u02c0\u06e5") == "<sup>\u0294</sup><sup>\u0648</sup>"
