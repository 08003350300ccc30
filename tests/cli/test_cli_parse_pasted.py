"""`parse FILE` without --statement reads the references (under no statement) and lists every line
that is not one, with its number and why."""

import json
import random

import pytest
from commands import run

from jtd_evidence.parsing.evidence_list import parse_evidence_list

PASTED = """Holmes, D. (2022). Transitional safeguarding: The case for change. Practice, 34(1), 7–23.

Here are the references from the briefing that we talked about on Tuesday, as promised.

Turner, A., Belcher, L., & Pona, I. (2019). *Counting lives*. The Children's Society.
"""


def test_parse_without_statement_reads_the_references(tmp_path, capsys):
    path = tmp_path / "refs.txt"
    two = [line for line in PASTED.splitlines() if "(20" in line]
    path.write_text("\n\n".join(two) + "\n", encoding="utf-8")
    status, out, err = run(capsys, "parse", path)
    assert status == 0, err
    assert "holmes2022transitional" in out and "turner2019counting" in out
    assert "2 works from 2 reference lines; 2 under no practice statement (give --statement ID" in out
    status, out, _ = run(capsys, "parse", path, "--json")
    assert [e.get("statements", []) for e in json.loads(out)["entries"]] == [[], []]


def test_a_prose_line_is_listed_with_its_number_and_why(tmp_path, capsys):
    path = tmp_path / "refs.txt"
    path.write_text(PASTED, encoding="utf-8")
    for extra in ([], ["--statement", "WC2"]):
        status, out, err = run(capsys, "parse", path, *extra)
        assert status == 1
        assert "2 works from 2 reference lines" in out
        assert f"{path}:3: unrecognised: reads as prose, not a reference" in err
    status, out, _ = run(capsys, "parse", path, "--json")
    assert [(w["line"], w["kind"]) for w in json.loads(out)["warnings"]] == [(3, "unrecognised")]


def test_add_does_not_drop_a_prose_line_silently(tmp_path, capsys):
    path = tmp_path / "refs.txt"
    path.write_text(PASTED, encoding="utf-8")
    bib = tmp_path / "mine.bib"
    status, _, err = run(capsys, "add", "--statement", "WC2", path, "--bib", bib)
    assert status == 1 and f"{path}:3: unrecognised" in err and "not written" in err
    assert not bib.exists()


@pytest.mark.slow
def test_random_text_gets_a_clear_answer(tmp_path, capsys):
    rng = random.Random(9)
    alphabet = "abcdefghij klmnop\n.,()1234567890"
    path = tmp_path / "random.txt"
    path.write_text("".join(rng.choice(alphabet) for _ in range(200_000)), encoding="utf-8")
    status, _, err = run(capsys, "parse", path)  # size is not the point: tests/parsing/test_parse_scaling.py
    assert status == 1
    lines = err.splitlines()
    assert len(lines) < 40  # the first lines, then a count, not 6,000 lines
    assert "more lines not read as references (--json lists them all)" in err
    assert "is this the right file?" in err


def test_text_with_no_reference_says_so(tmp_path, capsys):
    path = tmp_path / "notes.txt"
    path.write_text("Meeting notes\nBring the biscuits.\n", encoding="utf-8")
    status, _, err = run(capsys, "parse", path)
    assert status == 1
    assert f"{path}:1: unrecognised" in err and f"{path}:2: unrecognised" in err
    assert "no references found in its 2 non-blank line(s)" in err


def test_a_document_keeps_its_introduction_as_preamble(tmp_path, capsys):
    path = tmp_path / "doc.md"
    path.write_text(
        "# Our evidence\n\nThis document lists the evidence for each of the statements of the framework.\n\n"
        "## Working with Complexity, Curiosity and Connection\n\n### Pace is balanced with purpose\n\n"
        "- Holmes, D. (2022). Transitional safeguarding: The case for change. Practice, 34(1), 7–23.\n",
        encoding="utf-8",
    )
    status, out, err = run(capsys, "parse", path)
    assert status == 0, err
    assert "statements: WC1" in out
    assert f"{path}:3: not a reference: before the first heading" in err


def test_a_bare_statement_id_in_any_case_is_not_a_heading():
    result = parse_evidence_list("lc2\nSmith, J. (2020). *A title*. Press.\n", keep_unassigned=True)
    assert result.lines[0].kind == "warning"
    assert result.entries[0].statements == ()


def test_the_library_default_for_documents_is_unchanged():
    assert parse_evidence_list(PASTED).entries == []
    assert parse_evidence_list(PASTED).warnings == []
