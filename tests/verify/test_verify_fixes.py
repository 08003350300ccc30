"""Safe fixes as proposals: which are applied, which are left out and why, and when writing
through the source lists of a generated base is refused."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from commands import verify as main

from jtd_evidence.store import read_bib
from jtd_evidence.store.edit import read_bib_text
from jtd_evidence.verify import Verdict, VerifyResult
from jtd_evidence.verify.fixes import SourceWriteError, plan_fixes

ROOT = Path(__file__).resolve().parents[2]

BIB = """\
% kept as it is
@article{smith2020safe,
  title = {Safe places},
  author = {Smith, Ann},
  journal = {Child Abuse Review},
  year = 2020
}
"""


def result(key: str, *fixes: tuple[str, str], verdict: Verdict = Verdict.DOI_FOUND) -> VerifyResult:
    return VerifyResult(key, "t", verdict, fixes=fixes)


def test_a_plain_bib_gains_only_the_fields_fixed(tmp_path: Path) -> None:
    bib = tmp_path / "a.bib"
    bib.write_text(BIB)
    plan = plan_fixes(
        bib, [result("smith2020safe", ("doi", "10.5555/s"), ("volume", "29"), ("pages", "11-30"))]
    )
    assert plan.applied == [
        ("smith2020safe", "doi", "10.5555/s"),
        ("smith2020safe", "volume", "29"),
        ("smith2020safe", "pages", "11-30"),
    ]
    text = plan.writes[bib]
    assert text == BIB.replace(
        "  year = 2020\n", "  year = 2020,\n  volume = {29},\n  pages = {11--30},\n  doi = {10.5555/s}\n"
    )
    assert "+  doi = {10.5555/s}" in plan.diff()
    assert read_bib_text(bib) == BIB  # a plan writes nothing


def test_a_value_the_model_refuses_is_left_out_with_the_reason(tmp_path: Path) -> None:
    bib = tmp_path / "a.bib"
    bib.write_text(BIB)
    plan = plan_fixes(bib, [result("smith2020safe", ("doi", "not a doi at all"))])
    assert plan.applied == [] and plan.writes == {}
    assert (
        plan.left and "smith2020safe: doi 'not a doi at all' from the registry is not valid" in plan.left[0]
    )


def test_a_generated_base_takes_dois_through_its_sources_and_leaves_pages_to_a_person(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "bib", tmp_path / "bib")
    bib = tmp_path / "bib" / "joining-the-dots.bib"
    plan = plan_fixes(bib, [result("uhlbien2017complexity", ("doi", "10.5555/u"), ("pages", "9-20"))])
    assert plan.applied == [("uhlbien2017complexity", "doi", "10.5555/u")]
    assert sorted(p.name for p in plan.writes) == ["joining-the-dots-evidence.md", "joining-the-dots.bib"]
    assert any("add pages 9-20" in line and "by hand" in line for line in plan.left)
    diff = plan.diff()
    assert "https://doi.org/10.5555/u" in diff and "doi = {10.5555/u}" in diff


def test_writing_through_the_sources_is_refused_when_regenerating_would_change_more(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "bib", tmp_path / "bib")
    bib = tmp_path / "bib" / "joining-the-dots.bib"
    before = {p: p.read_bytes() for p in (tmp_path / "bib").rglob("*") if p.is_file()}
    same = ("doi", "10.5555/one-doi-for-two-works")  # two works with one DOI would merge into one
    with pytest.raises(SourceWriteError, match="would not give exactly the fixed entries"):
        plan_fixes(bib, [result("wroe2020watching", same), result("wroe2021young", same)])
    assert {p: p.read_bytes() for p in before} == before


def test_write_refuses_the_base_shipped_in_the_package(capsys: pytest.CaptureFixture[str]) -> None:
    from jtd_evidence.base import shipped_bib

    assert main([str(shipped_bib()), "--fix", "--write", "--offline", "--cache", "/nonexistent/c.json"]) == 2
    assert "shipped with jtd-evidence" in capsys.readouterr().err


def test_the_entries_after_a_plan_read_back_as_planned(tmp_path: Path) -> None:
    bib = tmp_path / "a.bib"
    bib.write_text(BIB)
    plan = plan_fixes(bib, [result("smith2020safe", ("issue", "2"), verdict=Verdict.CONFIRMED)])
    bib.write_text(plan.writes[bib])
    [entry] = read_bib(bib)
    assert entry.issue == "2" and entry.doi is None
