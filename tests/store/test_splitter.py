"""store.splitter reads BibTeX into exactly the blocks bibtexparser's own splitter makes: the same
types, lines, keys, raw text, field values and field lines, and the same failures with the same
messages, on the shipped .bib and on generated files that mix well-formed entries with every
kind of odd or broken block."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from bibtexparser import model as bib
from bibtexparser.library import Library
from bibtexparser.middlewares import (
    MonthIntMiddleware,
    NormalizeFieldKeys,
    RemoveEnclosingMiddleware,
    ResolveStringReferencesMiddleware,
)
from bibtexparser.splitter import Splitter

from jtd_evidence.store import blocks as store_blocks
from jtd_evidence.store.blocks import split_bib, transform
from jtd_evidence.store.splitter import split_blocks

SHIPPED = Path(__file__).resolve().parents[2] / "bib" / "joining-the-dots.bib"


def _describe(block: Any) -> Any:
    """Everything bibtexparser's splitter records about a block, comparable with ==."""
    if block is None:
        return None
    if isinstance(block, bib.Field):
        return ("field", block.key, block.value, block.start_line, block.enclosing)
    seen: tuple[Any, ...] = (type(block).__name__, block.start_line, block.raw, block.parser_metadata)
    if isinstance(block, bib.Entry):
        return (*seen, block.entry_type, block.key, [_describe(f) for f in block.fields])
    if isinstance(block, bib.DuplicateBlockKeyBlock):
        previous = block.previous_block
        return (*seen, block.key, previous.start_line, previous.raw, _describe(block.ignore_error_block))
    if isinstance(block, bib.DuplicateFieldKeyBlock):
        return (*seen, sorted(block.duplicate_keys), _describe(block.ignore_error_block))
    if isinstance(block, bib.ParsingFailedBlock):
        reason = getattr(block.error, "abort_reason", str(block.error))
        return (*seen, type(block.error).__name__, reason, _describe(block.ignore_error_block))
    if isinstance(block, bib.String):
        return (*seen, block.key, block.value)
    if isinstance(block, bib.Preamble):
        return (*seen, block.value)
    if isinstance(block, (bib.ImplicitComment, bib.ExplicitComment)):
        return (*seen, block.comment)
    raise AssertionError(f"unknown block {block!r}")


def _same_as_bibtexparser(text: str) -> None:
    expected = [_describe(block) for block in Splitter(text).split().blocks]
    assert [_describe(block) for block in split_bib(text).blocks] == expected


# Well-formed entries, read by our splitter, and odd or broken blocks, left to bibtexparser.
_SOUND = [
    "@article{{{key},\n  author = {{Berg, A. and {{Ofsted}}}},\n  title = {{A {{B}} c}},\n  year = 2020,\n}}\n",
    '@Book {{{key},\n\ttitle = "Quoted title",\n\tyear = {{1999}}}}\n',
    '@misc{{{key},\n  title = {{Caf{{\\\'e}} \\& co, {{\\"o}} ="x"}},\n  note = pre # {{ mid}} # "end" # jan,\n}}\n',
    "@report{{{key},\r\n  title = {{Windows}},\r\n  url = {{https://example.org/a,b=c}}\r\n}}\r\n",
    "@online{{{key},}}\n",
    "@inproceedings{{{key},\n  title = {{Multi\n    line\n  value}},\n  pages = 1--2}}\n",
    "@article{{{key},\n  title = {{Nested {{a {{b {{c}}}}}}}}, year = {{2001}}, volume = 3 }}\n",
    "@article{{{key},\n  title = {{Escaped \\{{ brace \\}} kept}},\n  note = {{mail me@example.org}},\n}}\n",
    "@book{{{key},\n  title = {{Ünïcödé — “quotes”}},\n  Author = {{Çelik, Ş.}},\n}}\n",
]
_ODD = [
    "@article{{{key},\n  title = {{A}}\n  year = {{2020}}\n}}\n",  # missing comma
    "@article{{{key},\n  title = {{Unclosed,\n  year = {{2020}}\n}}\n",  # unclosed brace
    "@article{{{key},\n  title = {{A}}}},\n  year = {{2020}}\n}}\n",  # extra brace: lost field
    "@article({key},\n  title = {{Parens}},\n  year = 2020\n)\n",
    "@string{{{key} = {{Some Journal}}}}\n",
    '@STRING({key} = "Paren string")\n',
    '@preamble{{"\\newcommand{{\\noop}}[1]{{}}"}}\n',
    "@comment{{{key} is a comment {{with braces}}}}\n",
    "@Commentary{{{key}, title = {{read as a comment}}}}\n",
    "% a percent comment line\n",
    "Some loose text between entries, {key} = {{x}},\n",
    "  @article{{{key},\n  title = {{Indented head}}\n}}\n",
    "@article{{{key},\n  title = {{A}},\n  title = {{B}}\n}}\n",  # a field twice
    "@article{{{key},\n  Title = {{A}},\n  title = {{B}}\n}}\n",  # the same after lower-casing
    "@article{{{key},\n  title = {{Value with\n@inner{{block}} at a line start}}\n}}\n",
    "@article{{{key},\n  title = {{Backslash at the end \\\n of a line}}\n}}\n",
    "@article{{{key},\n  title = {{deep " + "{" * 12 + "x" + "}" * 12 + "}}\n}}\n",
    "@article{{,\n  title = {{No key}}\n}}\n",
    "@article{{{key}}}\n",  # a key and no comma
    '@article{{{key},\n  title = "Quote {{with}} braces"\n}}\n',
    "@article{{{key},\n  title = {{A}},,\n}}\n",
    "@article{{{key},\n  title = ,\n}}\n",
    "@article{{{key},\n  % commented = {{x}},\n  title = {{A}}\n}}\n",
    "@article{{{key},\n  title = {{Trailing junk}} junk\n}}\n",
    "@article{{{key},\n  title = {{Never closed\n",
    "@{key},\n",
    "@article{{{key},\n  title = {{A}}\n}} trailing text on the closing line\n",
    "@article{{{key},\n  title = {{Escaped close \\}}\n}}\n",
    "\\\n",
    "@article{{{key},\n  doi = 10.1/x}}@misc{{glued, title = {{B}}}}\n",
]


def _file(rng: random.Random, count: int) -> str:
    parts = []
    for n in range(count):
        key = rng.choice([f"k{n}", f"k{n}", f"K{rng.randrange(n + 1)}", f"k{rng.randrange(n + 1)}"])
        template = rng.choice(_SOUND) if rng.random() < 0.6 else rng.choice(_ODD)
        parts.append(template.format(key=key))
        parts.append(rng.choice(["", "\n", "\n\n", "  \n", "% note\n"]))
    return "".join(parts)


def test_the_shipped_bib_splits_as_bibtexparser_splits_it() -> None:
    _same_as_bibtexparser(SHIPPED.read_text(encoding="utf-8"))


@pytest.mark.parametrize("template", _SOUND + _ODD)
def test_each_kind_of_block_alone_and_between_entries(template: str) -> None:
    block = template.format(key="x")
    sound = _SOUND[0].format(key="before")
    for text in (block, sound + block, block + sound, sound + block + sound.replace("before", "after")):
        _same_as_bibtexparser(text)
        _same_as_bibtexparser(text.rstrip("\n"))


@pytest.mark.parametrize("seed", range(40))
def test_generated_files_of_mixed_blocks(seed: int) -> None:
    _same_as_bibtexparser(_file(random.Random(seed), 30))


def test_well_formed_entries_are_read_without_bibtexparser(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object) -> None:
        raise AssertionError("bibtexparser's splitter was used")

    monkeypatch.setattr("jtd_evidence.store.splitter.Splitter", refuse)
    text = "".join(template.format(key=f"k{n}") for n, template in enumerate(_SOUND)) + "\n"
    assert [getattr(block, "key", None) for block in split_blocks(text)] == [
        f"k{n}" for n in range(len(_SOUND))
    ]


def test_a_key_used_twice_across_stretches_is_a_duplicate_of_the_first() -> None:
    text = _SOUND[0].format(key="a") + _ODD[3].format(key="a") + _SOUND[1].format(key="a")
    library = Library()
    library.add(split_blocks(text), fail_on_duplicate_key=False)
    assert [type(block).__name__ for block in library.blocks] == [
        "Entry",
        "DuplicateBlockKeyBlock",
        "DuplicateBlockKeyBlock",
    ]


def test_a_block_of_a_kind_it_does_not_know_hands_the_whole_text_to_bibtexparser(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("jtd_evidence.store.splitter._KNOWN", ())
    _same_as_bibtexparser(_file(random.Random(99), 20))


def _staged(text: str) -> Library:
    """bibtexparser's own reading: its splitter, then each middleware over the whole library."""
    library = Splitter(text).split()
    store_blocks._join_concatenations(library)
    for middleware in (
        ResolveStringReferencesMiddleware(),
        RemoveEnclosingMiddleware(),
        NormalizeFieldKeys(),
        MonthIntMiddleware(),
        store_blocks._NameLists(),
    ):
        library = middleware.transform(library)
    return library


@pytest.mark.parametrize("seed", range(12))
def test_read_and_transformed_as_bibtexparser_reads_and_transforms(seed: int) -> None:
    text = _file(random.Random(seed), 30)
    text += (
        "@string{jn = {Journal}}\n@article{late,\n  journal = jn,\n  month = feb,\n  author = {A, B, C, D}}\n"
    )
    expected = _staged(text)
    library = transform(split_bib(text))
    assert [_describe(block) for block in library.blocks] == [_describe(block) for block in expected.blocks]
    assert list(library.entries_dict) == list(expected.entries_dict)
    assert [_describe(b) for b in library.failed_blocks] == [_describe(b) for b in expected.failed_blocks]
