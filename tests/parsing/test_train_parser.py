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
