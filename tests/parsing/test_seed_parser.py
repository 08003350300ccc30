"""scripts/seed_parser.py: one configuration trained with several seeds, each model and the mean scored."""

import pytest
from script_modules import load_script

DEV = """# subset: uk-grey
<author>Home Office</author> (<date>2019</date>) <title>Serious violence strategy</title>. <publisher>HM Government</publisher>.
# subset: intl-academic
<author>Firmin, C.</author> (<date>2020</date>). <title>Contextual safeguarding</title>. <container-title>Child Abuse Review</container-title>, <volume>29</volume>(<issue>2</issue>), <pages>1–12</pages>.
"""


def load():
    return load_script("seed_parser")


def test_the_seed_and_the_output_are_set_by_the_script_not_passed_on(tmp_path, capsys):
    (tmp_path / "dev").mkdir()
    (tmp_path / "dev" / "a.tagged").write_text(DEV, encoding="utf-8")
    for passed in (["--seed", "4"], ["--out=/tmp/m.crfsuite"]):
        with pytest.raises(SystemExit) as stopped:
            load().main(["--dev", str(tmp_path / "dev"), "--out", str(tmp_path / "o"), "--", *passed])
        assert stopped.value.code == 2
        assert "this script sets --seed and --out itself" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()
    with pytest.raises(SystemExit):
        load().main(["--dev", str(tmp_path / "dev"), "--out", str(tmp_path / "o"), "--seeds", "1", "1"])
    assert "each seed once" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        load().main(
            [
                "--dev",
                str(tmp_path / "dev"),
                "--out",
                str(tmp_path / "o"),
                "--seeds",
                "7",
                "8",
                "--score-only",
            ]
        )
    said = capsys.readouterr()
    assert "no model at" in said.err and "seed-7.crfsuite" in said.err and "seed-8.crfsuite" in said.err
    assert said.out == ""  # nothing scored before the missing models were told


@pytest.mark.slow
def test_each_seeds_model_is_scored_and_the_mean_is_theirs(tmp_path, capsys):
    (tmp_path / "dev").mkdir()
    (tmp_path / "dev" / "a.tagged").write_text(DEV, encoding="utf-8")
    (tmp_path / "hand").mkdir()
    small = [
        "--n",
        "40",
        "--styles",
        "4",
        "--jobs",
        "1",
        "--iterations",
        "10",
        "--hand",
        str(tmp_path / "hand"),
    ]
    common = [
        "--dev",
        str(tmp_path / "dev"),
        "--out",
        str(tmp_path / "o"),
        "--seeds",
        "1",
        "2",
        "--jobs",
        "1",
    ]
    assert load().main([*common, "--", *small]) == 0
    printed = capsys.readouterr().out
    assert sorted(p.name for p in (tmp_path / "o").glob("*.crfsuite")) == [
        "seed-1.crfsuite",
        "seed-2.crfsuite",
    ]
    lines = printed.splitlines()
    assert lines[0].startswith("2 references in")
    rows = {line.split()[0]: line.split() for line in lines[2:]}
    assert set(rows) == {"1", "2", "mean"}
    for column in (1, 4, 7):  # each subset's accuracy: the mean is the seeds' mean
        assert float(rows["mean"][column]) == pytest.approx(
            (float(rows["1"][column]) + float(rows["2"][column])) / 2, abs=1e-3
        )
    assert load().main([*common, "--score-only"]) == 0  # the same models read the same
    assert capsys.readouterr().out == printed
