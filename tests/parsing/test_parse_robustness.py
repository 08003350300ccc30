"""The parser never fails on odd input: it keeps what it can read and the raw text."""

import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jtd_evidence.exceptions import ReferenceParseError
from jtd_evidence.parsing.evidence_list import parse_evidence_list
from jtd_evidence.parsing.markup import strip_bullet
from jtd_evidence.parsing.problems import Unread, kinds
from jtd_evidence.parsing.reference import parse_reference, read_reference

SOURCE = Path(__file__).resolve().parents[2] / "bib" / "source" / "joining-the-dots-evidence.md"
NOISE = list("()[]<>*_.,;:'\"“”‘’–—-&/#%\\{} \n\t0123456789aAé")


@settings(max_examples=300, deadline=None)
@given(
    st.text(min_size=1, max_size=300).filter(
        lambda t: t.strip(" -*•.,;:\n\t\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0")
    )
)
def test_any_text_gives_an_entry_that_keeps_it(text):
    try:
        reading = read_reference(text)
    except ReferenceParseError:
        return  # only for text that is blank or punctuation once normalised
    assert reading.entry.title or Unread.TITLE in kinds(
        reading.problems
    )  # a title, or a word that it has none
    assert reading.entry.source == strip_bullet(" ".join(text.split()))


@pytest.mark.slow
def test_mutated_references_never_break_the_parser():
    lines = [line[2:] for line in SOURCE.read_text(encoding="utf-8").splitlines() if line.startswith("- ")]
    rng = random.Random(2026)
    for _ in range(1500):
        chars = list(rng.choice(lines))
        for _ in range(rng.randint(1, 5)):
            position = rng.randrange(len(chars) + 1)
            if rng.random() < 0.5 and chars:
                del chars[min(position, len(chars) - 1)]
            else:
                chars.insert(position, rng.choice(NOISE))
        text = "".join(chars)
        if text.strip():
            reading = read_reference(text)
            assert reading.entry.title or Unread.TITLE in kinds(reading.problems)


def test_empty_reference_is_a_clear_error():
    with pytest.raises(ReferenceParseError, match="empty"):
        parse_reference("  - ")


def test_evidence_list_with_garbage_accounts_for_every_line():
    text = "## Bridging Boundaries\n### Non-traditional partners share power\n- (2020)\n- ]]] [[[ ***\n\x00\n- Smith\n"
    result = parse_evidence_list(text)
    assert len(result.lines) == len(text.splitlines())


def test_a_long_text_of_punctuation_is_refused_with_a_short_message():
    from jtd_evidence.parsing.learned import read_learned
    from jtd_evidence.parsing.reference import read_with_grammar

    text = "- " + ". , ; " * 100_000
    for reader in (read_with_grammar, read_learned):
        with pytest.raises(ReferenceParseError) as raised:
            reader(text)
        message = str(raised.value)
        assert "only punctuation" in message
        assert len(message) < 200


def test_a_whole_list_pasted_on_one_line_gives_short_warnings():
    from jtd_evidence.parsing.reference import read_with_grammar

    text = " ".join(["Smith, J. (2020) Title of a report. London: HMSO."] * 2_000)  # 100 KB, one line
    problems = read_with_grammar(text).problems
    assert any(problem.startswith("text not understood") for problem in problems)
    assert all(len(problem) < 400 for problem in problems)
    assert any("more)" in problem for problem in problems)  # says how many pieces it left out
    result = parse_evidence_list(text + "\n")
    assert all(len(warning.message) < 400 for warning in result.warnings)
