"""parse_bib: one pass over a .bib gives the valid entries and every failed block as data, with its
line; strict mode raises what loads_bib raises."""

from __future__ import annotations

import re

import pytest

from jtd_evidence.exceptions import BibDataError, BibSyntaxError
from jtd_evidence.store import loads_bib
from jtd_evidence.store.reader import FailedBlock, parse_bib, parse_bib_file

BROKEN = (
    "@misc{good1, title = {First}, year = {2001}}\n"  # 1
    "\n"  # 2
    "@misc{dup, title = {Kept}}\n"  # 3
    "@misc{Dup, title = {Second with the same key}}\n"  # 4
    "@misc{badyear,\n"  # 5
    "  title = {Bad year},\n"  # 6
    "  year = {20x1}\n"  # 7
    "}\n"  # 8
    "@misc{twice,\n"  # 9
    "  title = {A},\n"  # 10
    "  title = {B}\n"  # 11
    "}\n"  # 12
    "@misc{, title = {No key}}\n"  # 13
    "@misc{good2, title = {Last}, year = {2002}}\n"  # 14
)


def test_valid_entries_and_every_failed_block_with_its_line() -> None:
    reading = parse_bib(BROKEN, "refs.bib")
    assert [entry.key for entry in reading.entries] == ["good1", "dup", "good2"]
    found = [(block.line, block.rule, block.key, block.field) for block in reading.failed_blocks]
    assert found == [
        (4, "duplicate-key", "Dup", None),
        (5, "invalid-field", "badyear", "year"),
        (11, "duplicate-field", "twice", "title"),
        (13, "invalid-entry", None, None),
    ]
    (duplicate,) = reading.duplicate_blocks
    assert duplicate.first_line == 3
    assert duplicate.raw is not None and "Second with the same key" in duplicate.raw
    assert "BibTeX ignores case; first on line 3" in duplicate.message
    assert "not a four-digit year" in reading.failed_blocks[1].message


def test_strict_raises_the_first_problem_as_loads_bib_does() -> None:
    with pytest.raises(BibSyntaxError) as strict:
        parse_bib(BROKEN, "refs.bib", strict=True)
    with pytest.raises(BibSyntaxError) as loads:
        loads_bib(BROKEN, "refs.bib")
    assert str(strict.value) == str(loads.value)
    # blocks bibtexparser refused (a field given twice) first, then keys, then field values
    assert strict.value.line == 11 and "the title field is given twice" in str(strict.value)
    without = BROKEN.replace("  title = {B}\n", "")
    with pytest.raises(BibSyntaxError, match="duplicate key 'Dup'"):
        parse_bib(without, strict=True)


def test_each_failed_block_carries_the_error_strict_reading_raises_for_it() -> None:
    for block in parse_bib(BROKEN, "refs.bib").failed_blocks:
        assert isinstance(block, FailedBlock)
        assert str(block.error).startswith("refs.bib")
        kind = BibDataError if block.rule == "invalid-field" else BibSyntaxError
        assert isinstance(block.error, kind), block


def test_a_syntax_error_does_not_hide_the_entries_around_it() -> None:
    text = "@misc{a, title = {A}}\n@misc{b,\n  title = {Never closed,\n  year = {2020}\n\n@misc{c, title = {C}}\n"
    reading = parse_bib(text)
    assert [entry.key for entry in reading.entries] == ["a", "c"]
    (block,) = reading.failed_blocks
    assert (block.line, block.rule, block.key, block.field) == (3, "syntax", "b", "title")
    assert "the title field on line 3 opens a '{' that is never closed" in block.message
    with pytest.raises(BibSyntaxError, match=re.escape("opens a '{' that is never closed")):
        parse_bib(text, strict=True)


def test_missing_comma_is_reported_once_and_the_entry_is_not_read() -> None:
    text = "@misc{a,\n  title = {A}\n  year = {2020}\n}\n@misc{b, title = {B}}\n"
    reading = parse_bib(text)
    assert [entry.key for entry in reading.entries] == ["b"]
    (block,) = reading.failed_blocks
    assert block.rule == "missing-comma" and block.line == 2
    assert "missing comma after the title field on line 2" in block.message


def test_a_sound_file_reads_the_same_both_ways(tmp_path) -> None:  # type: ignore[no-untyped-def]
    text = "@string{pub = {Press}}\n@book{k, title = {T}, publisher = pub, author = {Berg, A. and others}}\n"
    path = tmp_path / "ok.bib"
    path.write_text(text, encoding="utf-8")
    reading = parse_bib_file(path)
    assert reading.failed_blocks == [] and reading.source == str(path)
    assert reading.entries == loads_bib(text) == parse_bib_file(path, strict=True).entries
    assert reading.entries[0].publisher == "Press"


def test_a_name_that_cannot_be_split_is_reported_on_its_field_in_every_entry() -> None:
    bad = "Smith, J., K., L"
    text = (
        "@book{k,\n  author = {Berg, A. and\n    Smith, J.},\n  title = {T},\n"
        f"  editor = {{Jones, A. and {bad}}},\n  year = {{2001}}\n}}\n"
        f"@book{{m, author = {{{bad} and Berg, A.}}, title = {{U}}}}\n"
        "@book{n, author = {Berg, A. and Smith, J. and others}, title = {V}}\n"
    )
    reading = parse_bib(text)
    assert [(b.line, b.key, b.field) for b in reading.failed_blocks] == [
        (5, "k", "editor"),
        (8, "m", "author"),
    ]
    assert all("Too many commas" in b.message for b in reading.failed_blocks)
    (entry,) = reading.entries
    assert [p.family for p in entry.authors] == ["Berg", "Smith"] and entry.authors_et_al
