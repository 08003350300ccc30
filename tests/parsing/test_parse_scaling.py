"""The evidence-list reader on large and hostile input: every line accounted for, the same answers
as on small input, and nothing that takes time growing with the square of the input (each test
here would run for hours if it did; none asserts a time)."""

import random

import pytest

from jtd_evidence.parsing.evidence_list import parse_evidence_list
from jtd_evidence.parsing.markup import strip_bullet
from jtd_evidence.store.edit import rewrite_bib

HEADINGS = "Bridging Boundaries\nNon-traditional partners share power\n"
PROSE = "This paragraph ({}) explains how the works listed here were chosen by the working group."
SUPPORT = "Yeo, A. (2021). *Community engagement in tackling child exploitation*. TCE Support Programme."


def _label(n: int) -> str:
    """'ba', 'bb', ...: a different word for each n, with no digits to look like a year."""
    letters = ""
    while True:
        n, digit = divmod(n, 26)
        letters = "abcdefghijklmnopqrstuvwxyz"[digit] + letters
        if not n:
            return "b" + letters


def _reference(n: int) -> str:
    return f"{_label(n).title()}, B. ({1990 + n % 30}). *Study {_label(n)} of young people*. Press {n % 13}."


@pytest.mark.slow
def test_twenty_thousand_lines_with_no_blank_line_between_them():
    lines = [_reference(n) if n % 100 == 0 else PROSE.format(_label(n)) for n in range(20_000)]
    text = HEADINGS + "\n".join(lines) + "\n"
    result = parse_evidence_list(text)
    kinds = [line.kind for line in result.lines]
    assert len(kinds) == 20_002
    assert kinds.count("reference") == 200 and kinds.count("prose") == 19_800
    assert len(result.entries) == 200
    assert {e.statements for e in result.entries} == {("BB1",)}


def test_a_document_of_twenty_thousand_lines_before_any_heading():
    lines = [PROSE.format(_label(n)) for n in range(19_999)] + ["email: someone@example.org"]
    result = parse_evidence_list("\n".join(lines) + "\n\nAnother paragraph of the introduction.\n")
    kinds = [line.kind for line in result.lines]
    assert kinds[:20_000] == ["contact"] * 20_000  # one block: the address makes all of it contact details
    assert kinds[20_000:] == ["blank", "preamble"]


@pytest.mark.slow
def test_one_work_cited_twenty_thousand_times_is_one_entry():
    text = HEADINGS + (SUPPORT + "\n") * 20_000
    result = parse_evidence_list(text)
    assert len(result.entries) == 1 and len(result.occurrences) == 20_000


def test_a_reference_wrapped_over_twenty_thousand_lines_is_one_reference():
    words = [f"word{n % 97}" for n in range(20_000)]
    text = "Smith, J. (2020). A title that runs on\n" + "\n".join(words) + "\nhttps://example.org/a-\nb/c\n"
    result = parse_evidence_list(text, keep_unassigned=True)
    assert [line.kind for line in result.lines].count("continuation") == 20_002
    (entry,) = result.entries
    assert entry.source.endswith(f"{words[-1]} https://example.org/a-b/c")  # the link joined across its break


@pytest.mark.slow
@pytest.mark.parametrize("megabytes", [2])
def test_one_long_line_of_references_is_read_with_its_raw_text(megabytes):
    rng = random.Random(4)
    pieces, size = [], 0
    while size < megabytes * 2**20:
        piece = f"{_reference(rng.randrange(10_000))} Journal of Things, {rng.randrange(99)}(2), 10-20."
        pieces.append(piece)
        size += len(piece) + 1
    text = " ".join(pieces)
    result = parse_evidence_list(text, keep_unassigned=True)
    (entry,) = result.entries
    assert entry.source == strip_bullet(" ".join(text.split()))
    assert entry.authors[0].family == pieces[0].split(",")[0] and entry.year


@pytest.mark.slow
def test_binary_noise_and_empty_text_give_lines_not_tracebacks():
    rng = random.Random(8)
    noise = bytes(rng.randrange(256) for _ in range(2**19)).decode("latin-1")
    result = parse_evidence_list(noise, keep_unassigned=True)
    assert len(result.lines) == len(noise.splitlines())
    assert all(w.kind in ("unrecognised", "unparsed", "data-quality") for w in result.warnings)
    for text in ("", "\n\n", " "):
        empty = parse_evidence_list(text, keep_unassigned=True)
        assert empty.entries == [] and empty.warnings == []


def test_the_parser_s_own_marker_characters_in_the_input_are_only_text():
    text = "Smith, J. (2020). Title \x035\x04 more \x01words. Press.\n"
    result = parse_evidence_list(text, keep_unassigned=True)
    (entry,) = result.entries
    assert entry.authors[0].family == "Smith" and entry.url is None
    assert "\x03" not in entry.title and "\x01" not in entry.title


@pytest.mark.parametrize(
    "unit",
    ["Smith, J. (2020).", "2020, ", "((2020)", "1. ", "a,b,c,1(2),3-4, ", "In: ", "(Eds.) ", "http://a.b/c "],
)
def test_a_long_line_of_one_pattern(unit):
    text = unit * (2**19 // len(unit))
    for extra in ({"keep_unassigned": True}, {}):
        result = parse_evidence_list(text + "\n", **extra)
        assert len(result.lines) == 1


@pytest.mark.parametrize(("ending", "gap"), [("}", "\n\n"), ("}\n", "\n"), ("}\n\n", ""), ("}\r\n", "\r\n")])
def test_entries_appended_to_a_bib_file_follow_one_blank_line(ending, gap):
    from jtd_evidence.models import Entry

    newline = "\r\n" if "\r" in ending else "\n"
    first = f"@misc{{first,{newline}  title = {{First}}{newline}" + ending
    added = [Entry(key=f"w{n}", title=f"Work {n}") for n in range(3)]
    text = rewrite_bib(first, [Entry(key="first", title="First"), *added])
    assert text.startswith(first + gap + "@misc{w0,")
    assert text.count(newline + newline + "@misc{w") == 3
