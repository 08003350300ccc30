"""User data in tables is shown literally (a '[/]' in a title or URL is not markup), and a huge
value is cut with a note instead of taking minutes to lay out."""

from jtd_evidence.cli import main
from jtd_evidence.models import Entry
from jtd_evidence.store.keys import _candidates

BIB = "@misc{a,\n  title = {Closing [/] tag and [bold]x},\n  year = {2020}\n}\n"


def test_markup_characters_in_titles_and_urls(tmp_path, capsys):
    bib = tmp_path / "m.bib"
    bib.write_text(BIB, encoding="utf-8")
    assert main(["list", "--bib", str(bib)]) == 0
    assert main(["show", "a", "--bib", str(bib)]) == 0
    out = capsys.readouterr().out
    assert out.count("Closing [/] tag and [bold]x") == 2
    urls = tmp_path / "urls.txt"
    urls.write_text("http://127.0.0.1:9/[/]x\n", encoding="utf-8")
    assert main(["check-urls", "--urls", str(urls), "--no-cache"]) == 1  # refused: a loopback address
    out, err = capsys.readouterr()
    assert "127.0.0.1:9/[/]x" in out and "internal error" not in err


def test_a_huge_value_is_cut_in_the_table(tmp_path, capsys):
    bib = tmp_path / "big.bib"
    bib.write_text("@misc{a,\n  title = {" + "word " * 200_000 + "}\n}\n", encoding="utf-8")
    assert main(["show", "a", "--bib", str(bib)]) == 0
    out = capsys.readouterr().out
    assert "…" in out and len(out) < 10_000


def test_key_candidates_are_built_when_asked_for():
    entry = Entry(title="Alpha beta gamma", year=2020)
    assert list(_candidates(entry)) == ["alpha2020beta", "alpha2020betagamma"]
    huge = _candidates(Entry(title="word " * 1_000_000, year=2020))
    assert len(huge) == 999_999 and huge[0] == "word2020word"
