"""Synthetic UK grey references: spans on the right text, labels by the convention, deterministic."""

from __future__ import annotations

import re
from random import Random

import pytest
from script_modules import load_script

from jtd_evidence.parsing.labels import Label, LabelledReference, format_tagged, parse_tagged
from jtd_evidence.parsing.training import grey_vocab
from jtd_evidence.parsing.training.grey import GREY_KINDS, grey_reference, grey_references


def _made(kind: str, count: int = 150) -> list[LabelledReference]:
    return [grey_reference(Random(f"test:{kind}:{n}"), kind) for n in range(count)]


def _fields(ref: LabelledReference, label: Label) -> list[str]:
    return [text for found, text in ref.fields() if found is label]


def _follows(ref: LabelledReference, first: Label, second: Label) -> list[str]:
    """The text between each ``first`` span and a ``second`` span right after it."""
    return [
        ref.text[a.end : b.start]
        for a, b in zip(ref.spans, ref.spans[1:], strict=False)
        if a.label is first and b.label is second
    ]


@pytest.mark.parametrize("kind", list(GREY_KINDS))
def test_spans_are_whole_fields_and_the_tagged_form_gives_them_back(kind: str) -> None:
    for ref in _made(kind):
        assert parse_tagged(format_tagged(ref)) == ref
        end = 0
        for span in ref.spans:
            assert end <= span.start < span.end <= len(ref.text)
            text = ref.text[span.start : span.end]
            assert text == text.strip(), ref
            assert text[0] not in ",;:*_‘’" and text[-1] not in ",;:*_‘’", (span.label, text)
            end = span.end
        assert ref.text == ref.text.strip() and "  " not in ref.text
        assert _fields(ref, Label.TITLE) or kind == "act"


@pytest.mark.parametrize("kind", list(GREY_KINDS))
def test_the_words_around_fields_stay_outside_them(kind: str) -> None:
    for ref in _made(kind):
        for label, text in ref.fields():
            if label is not Label.URL:
                assert not re.search(r"Available (at|from)|Accessed|Retrieved|\bcited\b", text), (label, text)
        for url in _fields(ref, Label.URL):
            assert url.startswith(("https://", "http://")) and not url.endswith((".", ">", ")"))
        # [online], (online) and [Internet] are genre wherever they stand, brackets and all
        for match in re.finditer(r"[\[(](?:online|Online|Internet)[\])]", ref.text):
            assert any(s.label is Label.GENRE and (s.start, s.end) == match.span() for s in ref.spans), ref
        for accessed in _fields(ref, Label.ACCESSED):
            assert re.search(r"\d{4}", accessed) and "Accessed" not in accessed


def test_a_browser_tab_suffix_is_the_site_and_the_page_before_it_the_title() -> None:
    for ref in _made("tab-title"):
        between = _follows(ref, Label.TITLE, Label.CONTAINER)
        assert between and between[0] in {" | ", " - ", " – ", " — "}
        assert len(_fields(ref, Label.CONTAINER)) == 1  # one site a reference


def test_a_series_with_its_number_is_one_note_and_the_body_after_the_title_a_publisher() -> None:
    refs = _made("report", 300)
    notes = [note for ref in refs for note in _fields(ref, Label.NOTE)]
    assert len(notes) > 60
    series = tuple(grey_vocab.SERIES)
    for note in notes:
        assert re.search(r"\d", note) and any(name in note for name in series), note
    publishers = [ref for ref in refs if _fields(ref, Label.PUBLISHER)]
    assert len(publishers) > 100
    for ref in publishers:
        title = next(s for s in ref.spans if s.label is Label.TITLE)
        body = next(s for s in ref.spans if s.label is Label.PUBLISHER)
        assert title.end < body.start  # the issuing body after the title, never in the author's place
    places = [
        ref.text[a.end : b.start]
        for ref in refs
        for a, b in zip(ref.spans, ref.spans[1:], strict=False)
        if a.label is Label.PLACE and b.label is Label.PUBLISHER
    ]
    assert places and set(places) == {": "}


def test_acts_keep_their_year_in_the_title_and_their_chapter_or_si_number_as_a_note() -> None:
    for ref in _made("act"):
        (title,) = _fields(ref, Label.TITLE)
        assert re.search(r"(Act|Regulations|Order) \d{4}$", title), title
        for note in _fields(ref, Label.NOTE):
            assert re.fullmatch(r"c\. ?\d+|S\.?I\.? \d{4}/\d+", note), note


def test_bodies_with_an_acronym_in_brackets_are_one_author_span() -> None:
    authors = [a for ref in _made("harvard-web", 400) for a in _fields(ref, Label.AUTHOR)]
    bracketed = [a for a in authors if re.search(r"\(\w+\)$", a)]
    assert len(bracketed) > 15
    for author in bracketed:
        assert author.count("(") == 1 and author.endswith(")")


def test_every_kind_is_made_and_a_seed_gives_the_same_references() -> None:
    first = grey_references(300, seed=4)
    assert first == grey_references(300, seed=4)
    assert first != grey_references(300, seed=5)
    assert len(first) == 300 and len({format_tagged(r) for r in first}) > 290
    assert sum(GREY_KINDS[k][0] for k in GREY_KINDS) == pytest.approx(1.0)
    unnoised = grey_references(300, seed=4, noise_share=0.0)
    assert sum(a != b for a, b in zip(first, unnoised, strict=True)) > 30  # a share of them noised


def test_the_grey_share_of_the_training_data() -> None:
    train_parser = load_script("train_parser")
    grey = grey_references(4, seed=1)
    made, summary = train_parser.synthetic_references(8, 1, 2, 0.0, 0.5, jobs=1)
    assert made[-4:] == grey and len(made) <= 8 and "4 UK grey references" in summary
    none, summary = train_parser.synthetic_references(8, 1, 2, 0.0, 0.0, jobs=1)
    assert not any(ref in grey for ref in none) and "grey" not in summary
    with pytest.raises(ValueError, match="between 0 and 1"):
        train_parser.synthetic_references(8, 1, 2, 0.0, 1.5, jobs=1)
