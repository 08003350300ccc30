"""scripts/train_parser.py: builds its data, trains, and writes the same model for the same inputs."""

import pytest
from script_modules import load_script

from jtd_evidence.parsing.learned import read_learned


def load():
    return load_script("train_parser")


def test_the_seed_is_labelled_in_full():
    assert len(load().seed_references()) == 62


@pytest.mark.slow
def test_training_is_deterministic_and_the_model_reads_references(tmp_path, capsys):
    script = load()
    hand = tmp_path / "hand"
    hand.mkdir()
    (hand / "one.tagged").write_text(
        "# subset: uk-grey\n<author>Home Office</author> (<date>2019</date>) <title>Serious violence</title>.\n",
        encoding="utf-8",
    )
    argv = [
        "--n",
        "60",
        "--styles",
        "6",
        "--jobs",
        "1",
        "--iterations",
        "20",
        "--real-weight",
        "2",
        "--hand",
        str(hand),
    ]
    assert script.main([*argv, "--out", str(tmp_path / "a.crfsuite")]) == 0
    assert script.main([*argv, "--out", str(tmp_path / "b.crfsuite")]) == 0
    assert (tmp_path / "a.crfsuite").read_bytes() == (tmp_path / "b.crfsuite").read_bytes()
    assert "63 real x2" in capsys.readouterr().err  # the seed's 62 and the hand-labelled one, twice each
    reading = read_learned("Firmin, C. (2020). Contextual safeguarding. Routledge.", tmp_path / "a.crfsuite")
    assert reading.entry.year == 2020


_BAD_VALUES = [
    *(
        (option, value, "a number from 0 to 1")
        for option in ("--grey-share", "--noise", "--word-dropout")
        for value in ("1.5", "-0.1", "half")
    ),
    *(
        (option, value, "a number of 0 or more")
        for option in ("--c1", "--c2", "--real-weight")
        for value in ("-0.5", "inf", "nan", "strong")
    ),
]


_BAD_VALUES += [("--document-cap", value, "a whole number of 0 or more") for value in ("-5", "2.5", "many")]


@pytest.mark.parametrize(("option", "value", "asked"), _BAD_VALUES)
def test_a_value_out_of_range_is_a_usage_error_naming_the_option(option, value, asked, tmp_path, capsys):
    with pytest.raises(SystemExit) as stopped:
        load().main([option, value, "--out", str(tmp_path / "m.crfsuite")])
    assert stopped.value.code == 2
    said = capsys.readouterr().err
    assert f"argument {option}" in said and asked in said
    assert not (tmp_path / "m.crfsuite").exists()


def test_a_share_in_range_is_taken():
    assert load().share("0.15") == 0.15
    assert load().share("0") == 0.0 and load().share("1") == 1.0


def test_a_regularisation_weight_of_0_or_more_is_taken():
    assert load().weight("0") == 0.0 and load().weight("0.2") == 0.2 and load().weight("3") == 3.0


@pytest.mark.parametrize("option", ["--word-dropout", "--data"])
def test_a_weight_that_is_not_whole_cannot_be_written_out_in_copies(option, tmp_path, capsys):
    value = "0.2" if option == "--word-dropout" else str(tmp_path / "data.tagged")
    with pytest.raises(SystemExit) as stopped:
        load().main(["--real-weight", "2.5", option, value, "--out", str(tmp_path / "m.crfsuite")])
    assert stopped.value.code == 2
    said = capsys.readouterr().err
    assert "--real-weight 2.5 is not whole" in said and "give a whole number" in said
    assert not (tmp_path / "m.crfsuite").exists()


def test_a_large_documents_references_each_count_a_share_of_the_weight(tmp_path):
    script = load()
    assert script.capped_shares(["a", "a", "a", "a", "b", "seed"], 2) == [0.5, 0.5, 0.5, 0.5, 1.0, 1.0]
    assert script.capped_shares(["a", "a", "b"], 0) == [1.0, 1.0, 1.0]  # 0: no cap
    named = tmp_path / "one-page.tagged"
    named.write_text("# source: owner/site pages/one.md (commit abc)\n<title>A</title>\n", encoding="utf-8")
    unnamed = tmp_path / "uk7-a-list.tagged"
    unnamed.write_text("# source: a local authority's briefing\n<title>B</title>\n", encoding="utf-8")
    assert script.repository(named) == "owner/site"
    assert script.repository(unnamed) == "uk7-a-list"


def test_document_cap_and_word_dropout_are_not_given_together(tmp_path, capsys):
    with pytest.raises(SystemExit) as stopped:
        load().main(["--document-cap", "100", "--word-dropout", "0.2", "--out", str(tmp_path / "m.crfsuite")])
    assert stopped.value.code == 2
    assert "give no --document-cap" in capsys.readouterr().err
