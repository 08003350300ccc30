"""Our rendering against citeproc-js's, entry by entry, for the shipped base and a varied case set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import jtd_evidence
from jtd_evidence.formatting import render

DATA = Path(__file__).resolve().parents[1] / "data" / "formatting"
FILES = sorted(p.name for p in DATA.glob("*-*-en-*.json"))
FORMS = ("parenthetical", "author_only", "suppress_author", "narrative")


def _items(expected: dict) -> list[dict]:
    if expected["cases"] == "jtd_evidence.load()":
        return [entry.to_csl() for entry in jtd_evidence.load()]
    return json.loads((DATA / expected["cases"]).read_text(encoding="utf-8"))


def test_every_style_and_locale_is_covered():
    assert len(FILES) == 12


@pytest.mark.parametrize("name", FILES)
def test_identical_to_citeproc_js(name):
    expected = json.loads((DATA / name).read_text(encoding="utf-8"))
    rendering = render(
        _items(expected), expected["style"], expected["locale"], links=True
    )  # the expected files keep links
    got_order = [e.id for e in rendering.entries]
    want_order = [e["id"] for e in expected["bibliography"]]
    assert got_order == want_order, "bibliography order differs"
    got = {e.id: e for e in rendering.entries}
    bib_diffs = [
        (e["id"], got[e["id"]].html, e["html"])
        for e in expected["bibliography"]
        if got[e["id"]].html != e["html"]
    ]
    assert not bib_diffs, f"{len(bib_diffs)} bibliography entries differ, first: {bib_diffs[0]}"
    cite_diffs = []
    for row in expected["citations"]:
        forms = got[row["id"]].citation
        for form in FORMS:
            if getattr(forms, form) != row[form]:
                cite_diffs.append((row["id"], form, getattr(forms, form), row[form]))
    assert not cite_diffs, f"{len(cite_diffs)} citations differ, first: {cite_diffs[0]}"
