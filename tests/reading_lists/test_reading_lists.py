"""Reading lists: grouping, the writers (Word's in test_reading_list_word.py), the build and its CLI."""

from __future__ import annotations

import re

import pytest
from commands import reading_list as main
from samples import two_works

import jtd_evidence
from jtd_evidence.base import EvidenceBase
from jtd_evidence.models import Entry, Person
from jtd_evidence.reading_lists import build as build_module
from jtd_evidence.reading_lists import reading_list
from jtd_evidence.reading_lists.build import BuildPlan, build_reading_lists
from jtd_evidence.reading_lists.writers import runs, to_html, to_markdown, to_text
from jtd_evidence.store import dumps_bib

BASE = jtd_evidence.load()


@pytest.fixture(scope="module")
def harvard_wc():
    return reading_list(BASE, style="harvard", principles=["WC"])


def test_a_work_under_several_statements_is_listed_under_each():
    key = "hurst2021place"
    assert BASE.statements_of(key) == ("BB3", "WC2")
    rl = reading_list(BASE, style="apa")
    holders = [s.id for s in rl.walk() if any(e.key == key for e in s.entries)]
    assert holders == ["BB3", "WC2"]


def test_grouping_and_selection():
    by_statement = reading_list(BASE, style="apa", group_by="statement", principles=["LC"])
    assert [s.id for s in by_statement.sections] == ["LC1", "LC2", "LC3", "LC4"]
    by_principle = reading_list(BASE, style="apa")
    assert [s.id for s in by_principle.sections] == ["BB", "LC", "WC"]
    assert [s.id for s in by_principle.sections[0].sections] == ["BB1", "BB2", "BB3", "BB4"]
    assert len(by_principle.keys) == len(BASE)
    one = reading_list(BASE, statements=["Language is clear, shared and respectful"])
    assert one.title == "LC4 Language is clear, shared and respectful"


def _orphan_letters(rl) -> list[str]:
    """Citations of the list with a year letter (2021a) and no sibling of the same name and year."""
    citations = [e.citation for s in rl.walk() for e in s.entries]
    stem = {c: re.sub(r"(\d{4})[a-z]+\b", r"\1", c) for c in citations}
    lettered = [c for c in citations if stem[c] != c]
    return sorted({c for c in lettered if sum(stem[d] == stem[c] for d in set(citations)) < 2})


@pytest.mark.parametrize("style", ["harvard", "apa"])
def test_each_list_is_its_own_bibliography(style):
    lists = [
        reading_list(BASE, style, group_by="statement", statements=[s.id]) for s in jtd_evidence.STATEMENTS
    ]
    lists += [reading_list(BASE, style, principles=[p.id]) for p in jtd_evidence.PRINCIPLES]
    assert {rl.title: _orphan_letters(rl) for rl in lists if _orphan_letters(rl)} == {}
    lc3 = reading_list(BASE, style, group_by="statement", statements=["LC3"])
    wroe = [e for s in lc3.walk() for e in s.entries if e.key.startswith("wroe2021")]
    assert [e.citation for e in wroe] == ["(Wroe, 2021)"]
    # the whole base, as before: one letter per work, the same in every list
    agreed = reading_list(BASE, style, group_by="statement", statements=["LC3"], consistent_across_base=True)
    assert [e.citation for s in agreed.walk() for e in s.entries if e.key.startswith("wroe2021")] == [
        "(Wroe, 2021a)"
    ]
    assert _orphan_letters(agreed) == ["(Wroe, 2021a)"]


def test_entries_follow_the_style_order_and_year_suffixes_match_the_whole_base():
    rl = reading_list(BASE, style="harvard", statements=["WC3"])
    texts = [e.as_("text") for e in rl.sections[0].sections[0].entries]
    assert texts == sorted(texts, key=str.casefold)
    godar = [
        e
        for s in reading_list(BASE, style="harvard").walk()
        for e in s.entries
        if e.key.startswith("godar2021")
    ]
    assert {e.citation for e in godar} == {"(Godar, 2021a)", "(Godar, 2021b)"}


def test_markdown(harvard_wc):
    text = to_markdown(harvard_wc)
    assert text.startswith("# WC Working with Complexity, Curiosity and Uncertainty\n")
    assert text.count("Working with Complexity, Curiosity and Uncertainty") == 1  # the title, once
    assert "\n## WC1 Pace is balanced with purpose\n" in text
    assert "- Hudson, A. (2021) *Slowing down for stronger momentum in tackling child exploitation*." in text
    assert "<https://tce.researchinpractice.org.uk/slowing-down" in text


def test_html_is_standalone_semantic_and_accessible(harvard_wc):
    page = to_html(harvard_wc)
    assert page.startswith('<!DOCTYPE html>\n<html lang="en-GB">')
    assert "<title>" in page and '<meta charset="utf-8">' in page
    assert re.search(r'<section aria-labelledby="wc1">\s*<h2 id="wc1">WC1 Pace', page)
    assert page.count("<h1>WC Working with Complexity") == 1 and 'id="wc"' not in page
    assert '<ul class="references">' in page and "@media print" in page
    assert '<a href="https://tce.researchinpractice.org.uk/slowing-down-for-stronger-momentum' in page
    assert page.count("<h1>") == 1


def test_text(harvard_wc):
    text = to_text(harvard_wc)
    assert "<" not in text and "*" not in text
    assert "WC1 Pace is balanced with purpose\n----" in text
    assert text.count("Working with Complexity, Curiosity and Uncertainty") == 1


def test_runs_split_formatting():
    found = list(runs('A <i>B &amp; C</i> <a href="https://x.org/?a=1&amp;b=2">link</a>.'))
    assert [(r.text, r.italic, r.href) for r in found] == [
        ("A ", False, None),
        ("B & C", True, None),
        (" ", False, None),
        ("link", False, "https://x.org/?a=1&b=2"),
        (".", False, None),
    ]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("lists") / "reading-lists"
    report = build_reading_lists(BASE, out, BuildPlan(formats=("md", "html", "txt", "docx")))
    return out, report


def test_build_writes_every_list_in_both_styles_and_all_formats(built):
    out, report = built
    assert report.lists == 2 * (2 + 3 + 12)  # the whole base twice: once per work, by statement
    assert len(report.files) == report.lists * 4 + 3  # and index.html, index.md, coverage.html
    for style in ("harvard-en-GB", "apa-en-GB"):
        for list_id in ("bibliography", "all", "BB", "LC4", "WC4"):
            for ext in ("md", "html", "txt", "docx"):
                assert (out / style / f"{list_id}.{ext}").stat().st_size > 0
    index = (out / "index.html").read_text(encoding="utf-8")
    assert '<a href="apa-en-GB/LC4.docx">Word</a>' in index
    assert "(apa-en-GB/BB1.md)" in (out / "index.md").read_text(encoding="utf-8")
    assert report.incomplete == []


def test_failed_build_leaves_the_previous_output(built, monkeypatch):
    out, _report = built
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    calls = {"n": 0}
    real_write = build_module.write

    def failing(rl, fmt, **options):
        calls["n"] += 1
        if calls["n"] > 5:
            raise RuntimeError("disk full")
        return real_write(rl, fmt, **options)

    monkeypatch.setattr(build_module, "write", failing)
    with pytest.raises(RuntimeError):
        build_reading_lists(BASE, out, BuildPlan(reuse=False))
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".")]


def test_cli_builds_and_reports_incomplete_entries(tmp_path, capsys):
    bare = Entry(key="bare2020", type="report", title="A report with gaps", statements=("LC4",))
    full = Entry(
        key="lee2020",
        type="report",
        year=2020,
        title="Complete",
        publisher="P",
        authors=(Person(family="Lee", given="A."),),
        statements=("LC4",),
    )
    bib = tmp_path / "small.bib"
    bib.write_text(dumps_bib(EvidenceBase([bare, full]).entries), encoding="utf-8")
    out = tmp_path / "lists"
    code = main(["--bib", str(bib), "-o", str(out), "--format", "md", "--style", "apa", "--no-cache"])
    captured = capsys.readouterr()
    assert code == 1
    assert "bare2020: no year, author, publisher" in captured.err
    assert (out / "apa-en-GB" / "LC4.md").read_text(encoding="utf-8").count("\n- ") == 2


def test_cli_ok_print_and_usage_errors(tmp_path, capsys):
    out = tmp_path / "lists"
    assert (
        main(["-o", str(out), "--statement", "WC2", "--format", "txt", "--cache", str(tmp_path / "c")]) == 0
    )
    assert sorted(p.name for p in (out / "apa-en-GB").iterdir()) == ["WC.txt", "WC2.txt"]
    assert "4 reading lists (7 files)" in capsys.readouterr().out  # and the index pages, the coverage page
    assert main(["--statement", "LC4", "--style", "apa", "--print", "md"]) == 0
    assert capsys.readouterr().out.startswith("# LC4 Language is clear, shared and respectful")
    assert main(["--style", "harvad", "-o", str(out)]) == 2
    assert "closest: harvard" in capsys.readouterr().err
    assert main(["--statement", "XX9"]) == 2
    assert main(["--format", "pdf"]) == 2


def test_cli_consistent_across_base(tmp_path, capsys):
    assert main(["--statement", "LC3", "--print", "txt"]) == 0
    assert "Wroe, L. (2021) " in capsys.readouterr().out
    assert main(["--statement", "LC3", "--print", "txt", "--consistent-across-base"]) == 0
    assert "Wroe, L. (2021a) " in capsys.readouterr().out
    out = tmp_path / "lists"
    args = ["-o", str(out), "--statement", "LC3", "--format", "txt", "--style", "harvard", "--no-cache"]
    assert main([*args, "--consistent-across-base"]) == 0
    assert "Wroe, L. (2021a) " in (out / "harvard-en-GB" / "LC3.txt").read_text("utf-8")
    assert main(args) == 0
    assert "Wroe, L. (2021) " in (out / "harvard-en-GB" / "LC3.txt").read_text("utf-8")
    assert main(["--help"]) == 0
    assert "reading-list --statement LC4" in capsys.readouterr().out


def _small_base(title: str = "Complete") -> EvidenceBase:
    return two_works(title, first_under=("LC4",))


def test_rebuild_writes_only_changed_documents(tmp_path, monkeypatch):
    out = tmp_path / "lists"
    first = build_reading_lists(_small_base(), out, BuildPlan(styles=("apa",), formats=("md", "docx")))
    assert first.reused == 0
    written = []
    real_write = build_module.write

    def counting(rl, fmt, **options):
        written.append((rl.title, fmt))
        return real_write(rl, fmt, **options)

    monkeypatch.setattr(build_module, "write", counting)
    again = build_reading_lists(_small_base(), out, BuildPlan(styles=("apa",), formats=("md", "docx")))
    assert written == [] and again.reused == len(again.files) - 3
    before = (out / "apa-en-GB" / "WC2.md").read_bytes()
    edited = build_reading_lists(
        _small_base("Changed"), out, BuildPlan(styles=("apa",), formats=("md", "docx"))
    )
    titles = {title for title, _fmt in written}
    assert "LC4 Language is clear, shared and respectful" in titles
    assert not any(title.startswith("WC") for title in titles)  # lists without the edited work
    assert edited.reused == len(edited.files) - 3 - len(written)
    assert "Changed" in (out / "apa-en-GB" / "LC4.md").read_text(encoding="utf-8")
    assert (out / "apa-en-GB" / "WC2.md").read_bytes() == before


def test_rebuild_rewrites_a_changed_file_and_ignores_a_broken_manifest(tmp_path):
    out = tmp_path / "lists"
    build_reading_lists(_small_base(), out, BuildPlan(styles=("apa",), formats=("md",)))
    page = out / "apa-en-GB" / "LC4.md"
    good = page.read_bytes()
    page.write_bytes(b"edited by hand")
    report = build_reading_lists(_small_base(), out, BuildPlan(styles=("apa",), formats=("md",)))
    assert page.read_bytes() == good
    assert report.reused == len(report.files) - 4
    (out / build_module.MANIFEST).write_text("{not json", encoding="utf-8")
    with pytest.warns(UserWarning, match="build manifest"):
        report = build_reading_lists(_small_base(), out, BuildPlan(styles=("apa",), formats=("md",)))
    assert report.reused == 0 and page.read_bytes() == good


def test_a_work_without_a_title_is_reported_incomplete():
    from jtd_evidence.reading_lists import incomplete_entries

    untitled = Entry(key="nspcc2020", year=2020, authors=(Person(literal="NSPCC"),), url="https://x.org/a")
    assert incomplete_entries([untitled]) == [("nspcc2020", ("title",))]
