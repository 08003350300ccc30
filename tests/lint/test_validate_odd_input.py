"""validate on deep or odd input: nesting the LaTeX decoder cannot follow is a finding with the
entry's line, and text with no BibTeX in it is reported as such (exit 1), not "0 valid entries"."""

from __future__ import annotations

import json

import commands
import pytest

from jtd_evidence.exceptions import BibDataError
from jtd_evidence.lint.validate import validate_bib
from jtd_evidence.store import read_bib

GOOD = "@misc{fine,\n  title = {Fine},\n  year = {2020}\n}\n\n"


def run(capsys, path):
    status, out, err = commands.run(capsys, "validate", path)
    assert "Traceback" not in err and "internal error" not in err
    return status, out


@pytest.mark.parametrize(
    "value",
    ["{" * 300 + "deep" + "}" * 300, "\\textit{" * 2000 + "deep" + "}" * 2000],
    ids=["300-braces", "2000-textit"],
)
def test_nesting_too_deep_is_a_finding_with_the_line(tmp_path, capsys, value):
    path = tmp_path / "deep.bib"
    path.write_text(GOOD + f"@misc{{deep,\n  title = {{{value}}},\n  year = {{2020}}\n}}\n", encoding="utf-8")
    entries, findings = validate_bib(path)
    assert [e.key for e in entries] == ["fine"]  # the rest of the file is still checked
    (finding,) = findings
    assert finding.key == "deep" and "nested too deeply" in finding.message and "line 6" in finding.message
    status, out = run(capsys, path)
    assert status == 1 and "1 valid entries, 1 problem(s)" in out
    with pytest.raises(BibDataError, match=r"nested too deeply.*line 6"):
        read_bib(path)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        (json.dumps([{"id": "a", "type": "book", "title": "T"}]), "it looks like JSON"),
        ("Holmes, D. (2022). Transitional safeguarding. Practice, 34(1), 7-23.\n", "no BibTeX entries"),
    ],
    ids=["json", "references"],
)
def test_text_with_no_bibtex_is_reported_as_such(tmp_path, capsys, text, says):
    path = tmp_path / "refs.bib"
    path.write_text(text, encoding="utf-8")
    status, out = run(capsys, path)
    assert status == 1
    assert "no BibTeX entries in this file" in out and says in out and "0 valid entries, 1 problem(s)" in out


@pytest.mark.parametrize(
    "text",
    ["", "\n\n", "% a .bib not started yet\n", "@string{ cs = {The Children's Society} }\n", "@comment{x}\n"],
    ids=["empty", "blank", "comments", "strings", "explicit-comment"],
)
def test_a_bib_with_no_entries_yet_is_fine(tmp_path, capsys, text):
    path = tmp_path / "new.bib"
    path.write_text(text, encoding="utf-8")
    status, out = run(capsys, path)
    assert status == 0 and "0 valid entries, 0 problem(s)" in out
