import json
import shutil
from pathlib import Path

from commands import run

from jtd_evidence.store import read_bib

ROOT = Path(__file__).resolve().parents[2]
BIB = ROOT / "bib" / "joining-the-dots.bib"


def test_parse_pasted_references_under_a_statement(tmp_path, capsys):
    pasted = tmp_path / "refs.txt"
    pasted.write_text(
        "Holmes, D. (2022). Transitional safeguarding: The case for change. Practice, 34(1), 7–23.\n\n"
        "Turner, A., Belcher, L., & Pona, I. (2019). *Counting lives*. The Children's Society.\n",
        encoding="utf-8",
    )
    status, out, err = run(capsys, "parse", pasted, "--statement", "WC2", "--json")
    data = json.loads(out)
    assert status == 0 and err == ""
    assert [e["key"] for e in data["entries"]] == ["holmes2022transitional", "turner2019counting"]
    assert all(e["statements"] == ["WC2"] for e in data["entries"])


def test_parse_reports_lines_it_could_not_read(tmp_path, capsys):
    doc = tmp_path / "doc.md"
    doc.write_text(
        "## Bridging Boundaries\n### Partnerships are creativ\n- Smith, J. (2020). *T*. P.\n",
        encoding="utf-8",
    )
    status, _out, err = run(capsys, "parse", doc)
    assert status == 1
    assert f"{doc}:2: unknown-heading" in err and "BB2" in err


def test_parse_names_the_lines_it_merged_into_one_entry(tmp_path, capsys):
    pasted = tmp_path / "refs.txt"
    reference = "Firmin, C. (2020) Contextual Safeguarding and Child Protection. Abingdon: Routledge."
    pasted.write_text(
        f"1. {reference}\n2. Turner, A. (2019) Counting lives. London: The Children's Society.\n3. {reference}\n",
        encoding="utf-8",
    )
    status, out, err = run(capsys, "parse", pasted, "--statement", "WC2")
    assert status == 0
    assert "2 works from 3 reference lines" in out
    assert "1 reference line(s) cite a work an earlier line cites" in err
    assert "lines 3 (as 1, firmin2020contextual)" in err


def test_lint_shipped_base_reports_its_problems(capsys):
    status, out, _ = run(capsys, "lint", "--json", "--min-severity", "warning")
    data = json.loads(out)
    assert status == 1
    assert {(f["rule"], f["key"]) for f in data["findings"]} == {
        ("host-typo", "godar2018leading"),
        ("name-variant", "hurst2021place"),
        ("article-without-link", "franklin2018use"),
        ("article-without-link", "lefevre2019both"),
    }
    assert data["file"].endswith("joining-the-dots.bib")


def test_lint_fix_is_a_dry_run_unless_write(tmp_path, capsys):
    bib = tmp_path / "refs.bib"
    bib.write_text(
        "@article{densley2020matrix,\n  author = {Densley, J.},\n  title = {The Matrix},\n  journal = {Youth Justice},\n"
        "  year = {2020},\n  url = {https://journals.sagepub.com/doi/pdf/10.1177/1473225419883706}\n}\n",
        encoding="utf-8",
    )
    before = bib.read_bytes()
    status, out, err = run(capsys, "lint", bib, "--fix")
    assert status == 1
    assert "+  doi = {10.1177/1473225419883706}" in err
    assert "dry run" in err
    assert bib.read_bytes() == before
    _, _, err = run(capsys, "lint", bib, "--fix", "--write")
    assert "applied 1 fix" in err
    assert read_bib(bib)[0].doi == "10.1177/1473225419883706"
    _status, out, err = run(capsys, "lint", bib)
    assert "doi-in-url" not in out


def test_lint_write_without_fix_is_a_usage_error(capsys):
    assert run(capsys, "lint", "--write")[0] == 2


def test_lint_write_through_a_symlink_keeps_the_link(tmp_path, capsys):
    real = tmp_path / "real.bib"
    shutil.copy(BIB, real)
    link = tmp_path / "link.bib"
    link.symlink_to(real)
    run(capsys, "lint", link, "--fix", "--write")
    assert link.is_symlink()


def test_missing_file_is_a_usage_error(tmp_path, capsys):
    status, _, err = run(capsys, "lint", tmp_path / "nope.bib")
    assert status == 2 and "nope.bib" in err


def test_malformed_bib_names_file_and_line(tmp_path, capsys):
    bib = tmp_path / "bad.bib"
    bib.write_text(
        "@article{ok, title = {Fine}, year = {2020}}\n\n@article{broken,\n  title = {Unclosed\n",
        encoding="utf-8",
    )
    status, _, err = run(capsys, "lint", bib)
    assert status == 2  # a file that cannot be read is an input error, not a finding
    assert "bad.bib:4: the value of the title field on line 4 opens a" in err
