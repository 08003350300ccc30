"""`jtd-evidence parse --labels`: the corrections file keeps every line of the pasted list, and
what it writes reads back (read_tagged, as scripts/train_parser.py --extra reads it) the same."""

import pytest
from script_modules import load_script

from jtd_evidence.cli import main
from jtd_evidence.exceptions import InputError
from jtd_evidence.parsing import learned
from jtd_evidence.parsing.corrections import corrections
from jtd_evidence.parsing.evidence_list import parse_evidence_list
from jtd_evidence.parsing.labels import Label, read_tagged

PASTED = """\
1. Firmin, C. (2020). Contextual safeguarding and child protection. Routledge.
2. Yeo, A. (2021). Community engagement & <b>voices</b>. TCE Support Programme.
3. Firmin, C. (2020). Contextual safeguarding and child protection. Routledge.
Please find the references we discussed below, with thanks to everyone who helped.
[4] Firmin, C. (2020). Contextual Safeguarding and Child Protection: Rewriting the Rules. London: Routledge.
- Lloyd, J. (2019). Safer spaces. [Policy Press](https://policy.press/x).
Holmes, D. (2022). Transitional safeguarding: The case for
    change. Practice, 34(1), 7–23.
"""


@pytest.fixture(params=["grammar", "model"])
def reader(request, monkeypatch, tmp_path):
    """Labelled by the grammar (no model shipped) or by the shipped model."""
    if request.param == "grammar":
        monkeypatch.setattr(learned, "MODEL", tmp_path / "none.crfsuite")
    elif not learned.MODEL.is_file():
        pytest.skip("no model shipped")
    return request.param


def labels(tmp_path, capsys, text=PASTED):
    (tmp_path / "refs.txt").write_text(text, encoding="utf-8")
    assert main(["parse", str(tmp_path / "refs.txt"), "--labels"]) == 1  # line 4 is no reference
    out, err = capsys.readouterr()
    (tmp_path / "refs.tagged").write_text(out, encoding="utf-8")
    return out, err, read_tagged(tmp_path / "refs.tagged")


def test_what_the_writer_writes_the_reader_reads_back_the_same(tmp_path, reader):
    written = corrections(parse_evidence_list(PASTED, keep_unassigned=True), "refs.txt")
    (tmp_path / "refs.tagged").write_text(written.text, encoding="utf-8")
    assert tuple(read_tagged(tmp_path / "refs.tagged")) == written.references
    assert len(written.references) == 5 and written.repeats == ((3, 1),) and written.comments == (4,)


def test_the_labelling_kept_by_the_parse_writes_the_same_file_and_is_not_done_again(monkeypatch, reader):
    kept = parse_evidence_list(PASTED, keep_unassigned=True, labels=True)
    assert {o.labelled is not None for o in kept.occurrences} == {reader == "model"}
    again = corrections(parse_evidence_list(PASTED, keep_unassigned=True), "refs.txt")

    def refuse(*args, **kwargs):
        raise AssertionError("labelled a second time")

    monkeypatch.setattr(learned, "read_learned_many", refuse)
    if reader == "model":  # without a model the grammar's fields are found in the text, as before
        assert corrections(kept, "refs.txt") == again


def test_a_comment_stays_one_line_whatever_it_quotes(tmp_path, reader):
    written = corrections(parse_evidence_list(PASTED, keep_unassigned=True), "refs\n<title>x</title>.txt")
    (tmp_path / "refs.tagged").write_text(written.text, encoding="utf-8")
    assert tuple(read_tagged(tmp_path / "refs.tagged")) == written.references


def test_list_numbers_stay_in_the_line_untagged(tmp_path, capsys, reader):
    _, _, references = labels(tmp_path, capsys)
    starts = [r.text.split(" ", 1)[0] for r in references]
    assert starts == ["1.", "2.", "[4]", "-", "Holmes,"]
    for reference in references[:4]:
        first = reference.spans[0]
        assert first.start >= len(reference.text.split(" ", 1)[0]) + 1  # no field covers the number
        assert (Label.AUTHOR, reference.text[first.start : first.end]) == reference.fields()[0]


def test_a_word_for_word_repeat_is_labelled_once_and_named(tmp_path, capsys, reader):
    out, err, references = labels(tmp_path, capsys)
    assert sum(r.text.endswith("child protection. Routledge.") for r in references) == 1
    assert (
        "# line 3 repeats line 1 word for word: "
        "3. Firmin, C. (2020). Contextual safeguarding and child protection. Routledge." in out
    )
    assert "1 line(s) repeat an earlier reference word for word" in err and "lines 3 (of 1)" in err


def test_another_wording_of_the_same_work_gets_its_own_line(tmp_path, capsys, reader):
    _, err, references = labels(tmp_path, capsys)
    assert "title-variant" in err  # read as the same work as line 1 ...
    assert any(r.text.startswith("[4] Firmin, C. (2020). Contextual Safeguarding") for r in references)


def test_lines_not_taken_as_references_are_comments_with_their_text(tmp_path, capsys, reader):
    out, err, _ = labels(tmp_path, capsys)
    assert (
        "# line 4, not read as a reference: "
        "Please find the references we discussed below, with thanks to everyone who helped." in out
    )
    assert "5 reference(s) tagged; 1 other line(s) written as '# line N' comments" in err


def test_a_reference_over_two_lines_is_one_line_and_text_changed_in_reading_is_shown(
    tmp_path, capsys, reader
):
    out, _, references = labels(tmp_path, capsys)
    assert references[-1].text == (
        "Holmes, D. (2022). Transitional safeguarding: The case for change. Practice, 34(1), 7–23."
    )
    assert "Community engagement & <b>voices</b>. TCE" in references[1].text  # markup-like text escaped
    assert "&amp;" in out and "<b>" not in out
    pasted = "- Lloyd, J. (2019). Safer spaces. [Policy Press](https://policy.press/x)."
    if references[3].text != pasted:  # the model sees a Markdown link written out: the line as pasted is kept
        assert f"# line 6 as pasted: {pasted}" in out
    else:
        assert "as pasted" not in out


def test_headings_and_prose_of_an_evidence_document_are_comments(tmp_path, capsys, reader):
    document = (
        "# Bridging Boundaries\n"
        "## Non-traditional partners share power\n"
        "- Yeo, A. (2021). Community engagement. TCE Support Programme.\n"
        "## Partnerships are creative in their structure and culture\n"
        "- Yeo, A. (2021). Community engagement. TCE Support Programme.\n"
    )
    (tmp_path / "doc.md").write_text(document, encoding="utf-8")
    main(["parse", str(tmp_path / "doc.md"), "--labels"])
    out = capsys.readouterr().out
    assert "# line 1, a principle heading: # Bridging Boundaries" in out
    assert "# line 2, a statement heading: ## Non-traditional partners share power" in out
    assert "# line 5 repeats line 3 word for word" in out
    assert next(line for line in out.splitlines() if not line.startswith("#")).startswith(
        "- <author>Yeo, A.</author>"
    )


def test_train_parser_says_which_labelled_file_is_wrong_before_building_anything(tmp_path, capsys):
    script = load_script("train_parser")
    bad = tmp_path / "mine.tagged"
    bad.write_text(
        "# fine\n<author>Yeo, A.</author> (<date>2021</date>). <titel>Voices</titel>.\n", encoding="utf-8"
    )
    assert (
        script.main(["--hand", str(tmp_path / "none"), "--extra", str(bad), "--out", str(tmp_path / "m")])
        == 2
    )
    err = capsys.readouterr().err
    assert f"{bad}:2: unknown tag <titel>" in err
    assert not (tmp_path / "m").exists()


def test_a_labelled_file_that_is_not_utf8_names_the_line(tmp_path):
    path = tmp_path / "latin1.tagged"
    path.write_bytes("<author>Yeo</author>\n<title>Caf\u00e9</title>\n".encode("latin-1"))
    with pytest.raises(InputError, match=r"latin1\.tagged:2: not UTF-8 text.*save the file as UTF-8"):
        read_tagged(path)
    with pytest.raises(InputError, match=r"missing\.tagged: cannot be read"):
        read_tagged(tmp_path / "missing.tagged")
