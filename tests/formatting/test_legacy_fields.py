"""Zotero's older CSL-JSON field names are read as citeproc-js reads them (Processor.prepare)."""

from __future__ import annotations

from jtd_evidence import format_citation

STYLE = """<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><id>j</id><title>j</title><updated>2020-01-01T00:00:00+00:00</updated></info>
  <citation><layout><text variable="container-title" form="short" strip-periods="true"/></layout></citation>
</style>"""


def test_journal_abbreviation_is_the_short_container_title(tmp_path):
    style = tmp_path / "j.csl"
    style.write_text(STYLE, encoding="utf-8")
    item = {"id": "a", "type": "article-journal", "container-title": "American Law Journal"}
    assert format_citation({**item, "journalAbbreviation": "Am. L.J."}, style=style) == "Am LJ"
    both = {**item, "journalAbbreviation": "Old", "container-title-short": "Am. L.J."}
    assert format_citation(both, style=style) == "Am LJ"  # the CSL name wins
