"""Cites with locators, labels, prefixes, suffixes and author options, and a document's citations
with positions: identical to citeproc-js (tests/data/formatting/cites-expected.json, made by
scripts/cite_expectations.py), and the API's own rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import jtd_evidence
from jtd_evidence import Cite, format_citation, format_citations
from jtd_evidence.base import UnknownEntryError
from jtd_evidence.exceptions import JTDError
from jtd_evidence.formatting import format_bibliography

DATA = Path(__file__).resolve().parents[1] / "data" / "formatting"
EXPECTED = json.loads((DATA / "cites-expected.json").read_text(encoding="utf-8"))
BASE = jtd_evidence.load()
ITEMS = [entry.to_csl() for entry in BASE]


def _cite(item: dict) -> Cite:
    return Cite(
        item["id"],
        locator=item.get("locator"),
        label=item.get("label", "page"),
        prefix=item.get("prefix"),
        suffix=item.get("suffix"),
        suppress_author=bool(item.get("suppress-author")),
        author_only=bool(item.get("author-only")),
    )


def _name(scenario: dict) -> str:
    return f"{scenario['style']}-{scenario['locale']}-{'document' if scenario['document'] else 'single'}"


@pytest.mark.parametrize("scenario", EXPECTED["scenarios"], ids=_name)
def test_identical_to_citeproc_js(scenario):
    clusters = [[_cite(item) for item in cluster] for cluster in scenario["clusters"]]
    style, locale = scenario["style"], scenario["locale"]
    if scenario["document"]:  # the document's works are its bibliography, as in a word processor
        cited = {item["id"] for cluster in scenario["clusters"] for item in cluster}
        context = [item for item in ITEMS if item["id"] in cited]
        got = format_citations(clusters, style, locale, context=context, output="html", links=True)
    else:
        got = [format_citation(c, style, locale, context=ITEMS, output="html", links=True) for c in clusters]
    diffs = [
        (c, g, w) for c, g, w in zip(scenario["clusters"], got, scenario["expected"], strict=True) if g != w
    ]
    assert diffs == []


def test_the_issue_examples():
    assert format_citation(Cite("hurst2021place", locator="12")) == "(Hurst and Fairgrieves, 2021, p. 12)"
    see = Cite("godar2021using", locator="3", label="chapter", prefix="see")
    assert format_citation(see, context=BASE.entries) == "(see Godar, 2021b, ch. 3)"
    assert format_citation(see, style="apa", context=BASE.entries) == "(see Godar, 2021b, Chapter 3)"
    # cited alone, Godar's 2021 work needs no letter
    assert format_citation(see) == "(see Godar, 2021, ch. 3)"


def test_keys_entries_and_items_mix():
    hill = BASE.get("hill2021hearing")
    item = {
        "id": "x1",
        "type": "book",
        "title": "A book",
        "author": [{"family": "Zed", "given": "A."}],
        "issued": {"date-parts": [[1999]]},
    }
    got = format_citation(["hurst2021place", hill, Cite("x1", locator="4")], context=[item])
    assert got == "(Zed, 1999, p. 4; Hurst and Fairgrieves, 2021; Hill, 2021)"  # Cite Them Right: by year
    assert format_citation("hurst2021place", mode="narrative") == "Hurst and Fairgrieves (2021)"
    narrative = format_citation(Cite("hurst2021place", locator="4"), mode="narrative")
    assert narrative == "Hurst and Fairgrieves (2021, p. 4)"


def test_unknown_key_names_the_closest():
    with pytest.raises(UnknownEntryError, match="closest: hurst2021place"):
        format_citation(Cite("hurst2021plcae"))
    with pytest.raises(JTDError, match="unknown locator label 'pg'"):
        Cite("hurst2021place", label="pg")
    with pytest.raises(JTDError, match="exclude each other"):
        Cite("hurst2021place", suppress_author=True, author_only=True)


def test_format_citations_tracks_positions_and_modes():
    cites = [Cite("hurst2021place", locator="3"), Cite("hurst2021place", locator="3")]
    cites += [Cite("hurst2021place", locator="4"), "godar2021using", "hurst2021place"]
    notes = format_citations(cites, style="chicago-notes-bibliography-16th-edition")
    assert (
        notes[0].startswith("A. Hurst and E. Fairgrieves, Place and Space")
        and ", 2021), 3, https://" in notes[0]
    )
    assert notes[1:3] == ["Ibid.", "Ibid., 4."]
    assert notes[3].startswith("R. Godar, Using Data")
    assert notes[4].startswith("Hurst and Fairgrieves, Place and Space")
    out = format_citations(
        ["godar2021using", Cite("godar2021using", locator="2")], modes=["narrative", "parenthetical"]
    )
    assert out == ["Godar (2021)", "(Godar, 2021, p. 2)"]
    with pytest.raises(JTDError, match="one mode per cluster"):
        format_citations(["godar2021using"], modes=[])
    assert format_citations([[]]) == [""]


def test_a_cited_document_has_its_own_bibliography():
    cited = ["godar2021using", "hurst2021place"]
    # the works cited are the bibliography: no year letter for Godar's one cited 2021 work
    assert format_citations([cited]) == ["(Godar, 2021; Hurst and Fairgrieves, 2021)"]
    assert format_bibliography([BASE.get(k) for k in cited])[0].startswith("Godar, R. (2021) ")


def test_a_term_after_a_prefix_that_ends_a_sentence_takes_a_capital():
    # citeproc-js: a prefix of several words ending in terminal punctuation opens a sentence
    cites = ["hurst2021place", Cite("hurst2021place", prefix="As said before.")]
    cites += [Cite("hurst2021place", prefix="see"), Cite("hurst2021place", prefix="Cf.")]
    notes = format_citations(cites, style="chicago-notes-bibliography-16th-edition")
    assert notes[1:] == ["As said before. Ibid.", "see ibid.", "Cf. ibid."]
