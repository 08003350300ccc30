"""A malformed RIS or CSL-JSON record is a FormatError naming the file, the record and the field."""

import json

import pytest

from jtd_evidence.cli import main
from jtd_evidence.exceptions import FormatError
from jtd_evidence.formats import loads_csl_json, loads_ris

GOOD_RIS = "TY  - JOUR\nAU  - Smith, J.\nTI  - Fine\nPY  - 2020\nER  - \n\n"


@pytest.mark.parametrize(
    ("record", "where", "fragment"),
    [
        ("TY  - RPRT\nAU  - Jones, A.\nAU  - ,\nTI  - T\nER  - \n", "refs.ris:9:", "AU (author) line: ','"),
        ("TY  - RPRT\nTI  - T\nPY  - 3020\nER  - \n", "refs.ris:9:", "PY (year) line: year 3020"),
        ("TY  - RPRT\nTI  - T\nY2  - 2020/13/40\nER  - \n", "refs.ris:9:", "Y2 (access date) line"),
        ("TY  - RPRT\nTI  - T\nC8  - jtd:{broken\nER  - \n", "refs.ris:9:", "C8 (private data) line"),
        ("TY  - RPRT\nTI  - T\nC8  - x\nC8  - jtd:[1]\nER  - \n", "refs.ris:10:", "(not a JSON object)"),
        (
            'TY  - RPRT\nTI  - T\nC8  - jtd:{"extra_fields": 5}\nER  - \n',
            "refs.ris:9:",
            "C8 (private data) line",
        ),
        ("TY  - RPRT\nTI  - T\nUR  - not a link\nER  - \n", "refs.ris:9:", "UR (url) line"),
        ("TY  - RPRT\nTI  - T\nTY  - JOUR\nTI  - U\nER  - \n", "refs.ris:7:", "no 'ER  - ' end line"),
    ],
)
def test_ris_errors_name_line_record_and_field(record, where, fragment):
    with pytest.raises(FormatError) as info:
        loads_ris(GOOD_RIS + record, source="refs.ris")
    message = str(info.value)
    assert message.startswith(where) and fragment in message
    if "end line" not in fragment:
        assert "record starting on line 7" in message


@pytest.mark.parametrize(
    ("item", "fragment"),
    [
        ({"issued": {"date-parts": [["2020", "ab"]]}}, "issued: date-parts"),
        ({"issued": "2020"}, "issued: '2020' is not a date object"),
        ({"issued": {"date-parts": [[1200]]}}, "issued: year 1200"),
        ({"accessed": {"date-parts": [[2020, 13, 40]]}}, "accessed: [2020, 13, 40] is not a date"),
        ({"author": [{"given": "J."}]}, 'author: {"given": "J."} is not a name'),
        ({"author": ["Smith"]}, "author: 'Smith' is not a name object"),
        ({"author": {"family": "Smith"}}, "author: should be a list"),
        ({"URL": "#"}, "URL: url '#' is a placeholder"),
        ({"custom": {"jtd": {"extra_fields": 5}}}, "custom: custom.jtd cannot be read"),
    ],
)
def test_csl_json_errors_name_item_and_variable(item, fragment):
    items = [
        {"id": "ok", "type": "report", "title": "Fine"},
        {"id": "x", "type": "report", "title": "T", **item},
    ]
    with pytest.raises(FormatError) as info:
        loads_csl_json(json.dumps(items), source="refs.json")
    assert str(info.value).startswith("refs.json: item 2 (id 'x'), ")
    assert fragment in str(info.value)


def test_add_reports_them_without_a_traceback(tmp_path, capsys):
    ris = tmp_path / "export.ris"
    ris.write_text(GOOD_RIS + "TY  - RPRT\nAU  - ,\nTI  - T\nER  - \n", encoding="utf-8")
    status = main(["add", "--statement", "WC2", "--dry-run", str(ris), "--bib", str(tmp_path / "x.bib")])
    err = capsys.readouterr().err
    assert status == 2 and f"{ris}:8: RIS record starting on line 7, AU (author) line" in err
    data = tmp_path / "export.json"
    data.write_text('[{"id": "x", "type": "report", "title": "T", "issued": {"date-parts": [["20x0"]]}}]')
    status = main(["add", "--statement", "WC2", "--dry-run", str(data), "--bib", str(tmp_path / "x.bib")])
    err = capsys.readouterr().err
    assert status == 2 and f"{data}: item 1 (id 'x'), issued: date-parts" in err
    assert "Traceback" not in err and "internal error" not in err


@pytest.mark.parametrize("digits", [101, 5_001, 100_000])
def test_an_absurdly_long_number_in_csl_json_is_a_format_error(digits):
    text = '[{"type": "book", "title": "T", "issued": {"date-parts": [[' + "9" * digits + "]]}}]"
    with pytest.raises(FormatError, match=rf"refs.json: a number {digits:,} digits long"):
        loads_csl_json(text, source="refs.json")


def test_a_long_but_possible_number_is_read_as_usual():
    item = {"type": "book", "title": "T", "issued": {"date-parts": [[2020]]}, "number-of-pages": 10**50}
    (entry,) = loads_csl_json(json.dumps([item]), source="refs.json")
    assert entry.year == 2020
