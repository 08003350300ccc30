"""Broken BibTeX is reported at the right line and field, and a field line without its comma is an
error, not a silent merge of two fields."""

import pytest

from jtd_evidence.cli import main
from jtd_evidence.exceptions import BibSyntaxError
from jtd_evidence.lint.validate import validate_bib
from jtd_evidence.store import loads_bib

UNCLOSED_ON_7 = """@report{first,
  author = {Someone, A.},
  institution = {Press},
  year = {2020},
  url = {https://example.org/a},
  note = {fine},
  title = {Unclosed title,
  month = {may}
}

@article{second,
  title = {Fine},
  year = {2021}
}
"""

MISSING_COMMA = """@article{a,
  author = {Smith, J.},
  title = {A}
  year = {2020},
  journal = {J}
}
"""


def error_of(text):
    with pytest.raises(BibSyntaxError) as info:
        loads_bib(text, source="refs.bib")
    return info.value


def test_an_unclosed_brace_is_reported_on_its_own_line():
    error = error_of(UNCLOSED_ON_7)
    assert (error.line, error.key, error.field) == (7, "first", "title")
    assert str(error).startswith("refs.bib:7: the value of the title field on line 7 opens a '{'")


def test_a_missing_comma_is_an_error_naming_line_and_field():
    error = error_of(MISSING_COMMA)
    assert (error.line, error.key, error.field) == (3, "a", "title")
    assert "missing comma after the title field on line 3" in str(error)
    assert "'year = ...' on line 4" in str(error)


@pytest.mark.parametrize(
    ("text", "line", "field", "fragment"),
    [
        ("@misc{a,\n  year = 2020\n  title = {T}\n}\n", 2, "year", "missing comma after the year field"),
        ('@misc{a,\n  title = "T"  note = {N}\n}\n', 2, "title", "missing comma after the title field"),
        ("@misc{a,\n  title = {T} {U},\n}\n", 2, "title", "unexpected text after the value"),
        ('@misc{a,\n  title = "T,\n  year = {2020}\n}\n', 2, "title", "opens a '\"' that is never closed"),
        ("@misc{a,\n  title = {T}},\n  year = {2020}\n}\n", 3, "year", "extra '}' on line 2"),
        ("@misc{a,\n  title = {T},\n  year = {2020},\n  title = {U}\n}\n", 4, "title", "given twice"),
        ("@misc{a,\n  title = {T},\n  year {2020}\n}\n", 3, None, "is not 'name = {value}'"),
        ("@misc{a\n  title = {T}\n}\n", 1, None, "citation key must be followed by a ','"),
        ("@misc{a,\n  title = {T},\n  year = {2020}\n", 1, None, "not closed before the end of the file"),
    ],
)
def test_each_kind_of_breakage_names_its_line_and_field(text, line, field, fragment):
    error = error_of(text)
    assert (error.line, error.field) == (line, field), str(error)
    assert fragment in str(error)


@pytest.mark.parametrize(
    "text",
    [
        '@string{pub = "Press"}\n@misc{a,\n  title = {T} # " and " # {U},\n  publisher = pub,\n  year = 2020\n}\n',
        "@misc{a,\n  title = {A\n    multi-line = title},\n  year = {2020}\n}\n",
        "% a comment\n% year = {2020} in a comment\n@misc{a, title = {T}}\n",
        '@comment{anything = {goes} here}\n@preamble{ "x" }\n@misc{a, title = {T}}\n',
        "@misc{a, title = {T}}\nA note between entries: x = 5, y = {6}.\n",
    ],
)
def test_valid_bibtex_is_not_flagged(text):
    assert [e.key for e in loads_bib(text)] == ["a"]


def test_validate_reports_every_broken_block_at_its_line(tmp_path, capsys):
    path = tmp_path / "refs.bib"
    path.write_text(UNCLOSED_ON_7 + "\n" + MISSING_COMMA.replace("{a,", "{c,"), encoding="utf-8")
    entries, findings = validate_bib(path)
    assert [e.key for e in entries] == ["second"]
    assert [(f.rule, f.key, f.field) for f in findings] == [
        ("syntax", "first", "title"),
        ("missing-comma", "c", "title"),
    ]
    assert findings[0].message.startswith("line 7:") and findings[1].message.startswith("line 18:")
    status = main(["validate", str(path)])
    out, _ = capsys.readouterr()
    assert status == 1
    assert "missing comma after the title field on line 18" in out
    assert "1 valid entries, 2 problem(s)" in out
