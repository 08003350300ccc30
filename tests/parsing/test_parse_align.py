"""Aligning the grammar's entries with their text: the seed's references as labelled training data."""

from pathlib import Path

import pytest

from jtd_evidence.parsing.align import align
from jtd_evidence.parsing.fields import entry_from_spans
from jtd_evidence.parsing.labels import Label, format_tagged
from jtd_evidence.parsing.markup import strip_bullet
from jtd_evidence.parsing.reference import parse_reference, read_with_grammar

SOURCE = Path(__file__).resolve().parents[2] / "bib" / "source" / "joining-the-dots-evidence.md"
FIELDS = ("title", "container_title", "publisher", "place", "volume", "issue", "pages", "doi", "url", "year")


def seed_lines():
    return [
        strip_bullet(line)
        for line in SOURCE.read_text(encoding="utf-8").splitlines()
        if line.startswith("- ")
    ]


@pytest.mark.parametrize("line", seed_lines())
def test_every_seed_reference_aligns_and_reads_back_the_same(line):
    """align (grammar entry -> spans) then entry_from_spans (spans -> entry) gives the grammar's entry."""
    entry = parse_reference(line)
    reference, missing = align(line, entry)
    assert missing == []
    back, _ = entry_from_spans(reference)
    assert {f: getattr(back, f) for f in FIELDS} == {f: getattr(entry, f) for f in FIELDS}, format_tagged(
        reference
    )
    assert [p.full_family for p in back.authors] == [p.full_family for p in entry.authors]


def test_a_chapter_with_editors():
    text = (
        "Firmin, C. (2017). Contextual risk. In J. Pearce (Ed.), *Young people and sexual exploitation* "
        "(pp. 45–67). Bristol: Policy Press."
    )
    reference, missing = align(text, parse_reference(text))
    assert missing == []
    assert (Label.EDITOR, "J. Pearce (Ed.)") in reference.fields()
    assert (Label.PAGES, "45–67") in reference.fields()


def test_parse_labels_writes_tagged_lines_that_read_back(tmp_path, capsys):
    from jtd_evidence.cli import main
    from jtd_evidence.parsing.labels import read_tagged

    (tmp_path / "refs.txt").write_text(
        "Holmes, D. (2022). Transitional safeguarding: The case for change. Practice, 34(1), 7–23. "
        "https://doi.org/10.1080/09503153.2021.1904864\n",
        encoding="utf-8",
    )
    assert main(["parse", str(tmp_path / "refs.txt"), "--labels"]) == 0
    (tmp_path / "out.tagged").write_text(capsys.readouterr().out, encoding="utf-8")
    [reference] = read_tagged(tmp_path / "out.tagged")
    assert reference.text.startswith("Holmes, D. (2022).")
    assert (Label.DOI, "https://doi.org/10.1080/09503153.2021.1904864") in reference.fields()
    assert (Label.CONTAINER, "Practice") in reference.fields()


@pytest.mark.parametrize(
    "text",
    [
        "Hill, N. & Wroe, L. (2019). Voices -- of young people, pp. 12--30",
        "a - - b —– c ‐‑ d",
        "“Quoted” & ‘single’ —   spaced\tout",
        "İstanbul & Ankara",  # lower-casing 'İ' makes two characters: folded one by one
        "ΟΔΟΣ & ΔΡΟΜΟΣ",  # a final sigma: lower-cased one by one, as where there is an '&'
    ],
)
def test_folding_word_by_word_is_folding_character_by_character(text):
    from jtd_evidence.parsing.align import _fold, _fold_slowly, _folded

    assert _fold(text) == _fold_slowly(text)
    assert _folded(text) == _fold_slowly(text)[0]


def test_a_doi_written_as_an_address_keeps_its_prefix_from_a_note_read_inside_it():
    """The grammar reads "DOI." as a note; aligned after the DOI had been claimed without its
    'https://doi.org/' prefix, the note was found inside that prefix and the spans overlapped, so
    the tagged line printed part of the text twice."""
    text = (
        "Harrow, P., 2019. Mapping Need in Rural Districts Using Cluster Methods. London: Sage Publications. "
        "DOI: https://doi.org/10.4135/9781000000001"
    )
    labelled, _missing = align(text, read_with_grammar(text).entry)
    assert all(a.end <= b.start for a, b in zip(labelled.spans, labelled.spans[1:], strict=False))
    doi = [span for span in labelled.spans if span.label is Label.DOI]
    assert [text[s.start : s.end] for s in doi] == ["https://doi.org/10.4135/9781000000001"]
    tagged = format_tagged(labelled)
    assert tagged.count("10.4135/9781000000001") == 1
