"""Names, labels made from names and disambiguation as citeproc-js renders them, each on a tiny
style mirroring a fixture of the CSL test suite."""

from __future__ import annotations

from pathlib import Path

from jtd_evidence.formatting import format_citation
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
