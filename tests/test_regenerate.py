import shutil
import subprocess
import sys
from pathlib import Path

import bibtexparser
import pytest

from jtd_evidence.regenerate import regenerate
from jtd_evidence.store import read_bib

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "bib" / "source" / "joining-the-dots-evidence.md"
BIB = ROOT / "bib" / "joining-the-dots.bib"


def test_committed_bib_is_byte_identical_to_a_fresh_regeneration(tmp_path):
    fresh = tmp_path / "fresh.bib"
    report = regenerate(SOURCE, fresh)
    assert report.written
    assert fresh.read_bytes() == BIB.read_bytes()
    assert report.problems == []
    assert report.empty_statements == []


def test_every_reference_in_the_source_is_in_the_bib_under_its_statement():
    report = regenerate(SOURCE, BIB, check=True)
    assert not report.changed
    expected: dict[int, set[str]] = {}
    for occurrence in report.result.occurrences:
        expected.setdefault(occurrence.entry_index, set()).add(occurrence.statement)
    key_of = {(e.title, e.year, e.authors): e.key for e in report.entries}
    stored = {e.key: e for e in read_bib(BIB)}
    assert len(stored) == len(report.result.entries) == 59
    for index, statements in expected.items():
        parsed = report.result.entries[index]
        assert set(stored[key_of[parsed.title, parsed.year, parsed.authors]].statements) == statements


def test_bib_reads_back_equal_and_parses_cleanly_with_bibtexparser():
    entries = read_bib(BIB)
    library = bibtexparser.parse_string(BIB.read_text(encoding="utf-8"))
    assert library.failed_blocks == []
    assert [e.key for e in library.entries] == sorted(e.key for e in entries)
    for block in library.entries:
        assert block.fields_dict["keywords"].value == block.fields_dict["jtd-statements"].value


def test_check_writes_nothing_and_reports_out_of_date(tmp_path):
    bib = tmp_path / "evidence.bib"
    bib.write_text("% an old file\n", encoding="utf-8")
    report = regenerate(SOURCE, bib, check=True)
    assert report.changed and not report.written
    assert bib.read_text(encoding="utf-8") == "% an old file\n"


def test_adding_a_reference_keeps_existing_keys(tmp_path):
    source = tmp_path / "source.md"
    bib = tmp_path / "evidence.bib"
    shutil.copy(SOURCE, source)
    regenerate(source, bib)
    before = {e.title: e.key for e in read_bib(bib)}
    text = source.read_text(encoding="utf-8").replace(
        "### Pace is balanced with purpose\n\n",
        "### Pace is balanced with purpose\n\n- Godar, R. (2021). *Using data well*. TCE Support Programme.\n",
    )
    source.write_text(text, encoding="utf-8")
    report = regenerate(source, bib)
    after = {e.title: e.key for e in read_bib(bib)}
    assert len(after) == len(before) + 1
    assert all(after[title] == key for title, key in before.items())
    assert after["Using data well"].startswith("godar2021")
    assert report.written


def test_malformed_existing_bib_is_an_error_and_is_left_alone(tmp_path):
    bib = tmp_path / "evidence.bib"
    bib.write_text("@article{broken,\n  title = {Unclosed\n", encoding="utf-8")
    with pytest.raises(Exception) as info:
        regenerate(SOURCE, bib)
    assert "evidence.bib" in str(info.value)
    assert bib.read_text(encoding="utf-8") == "@article{broken,\n  title = {Unclosed\n"


def test_script_check_passes_on_the_committed_files():
    completed = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "parse_evidence.py"), "--check"],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "reference lines: 62; distinct works: 59" in completed.stdout
    assert "up to date" in completed.stdout


def test_a_key_whose_work_left_the_sources_is_never_given_to_another(tmp_path):
    """Keys are forever: delete a reference, and a later work that would have had its key gets another."""
    from jtd_evidence.adding import apply_plan, plan_add
    from jtd_evidence.cli import main

    source = tmp_path / "source" / "base-evidence.md"
    source.parent.mkdir()
    head = "## Bridging Boundaries\n\n### Non-traditional partners share power\n\n"
    first = "- Yeo, A. (2021). *Community engagement*. TCE Support Programme.\n"
    other = "- Hill, N. (2021). *Hearing voices*. TCE Support Programme.\n"
    source.write_text(head + first + other, encoding="utf-8")
    bib = tmp_path / "base.bib"
    regenerate(source, bib)
    assert "yeo2021community" in {e.key for e in read_bib(bib)}
    source.write_text(head + other, encoding="utf-8")  # the maintainer deletes Yeo's briefing
    report = regenerate(source, bib)
    assert report.retired == ("yeo2021community",) and "retired" in report.summary()
    assert "@comment{jtd-retired-keys: yeo2021community}" in bib.read_text(encoding="utf-8")
    # a different work by another Yeo, the same year, whose key would be yeo2021community
    apply_plan(plan_add("Yeo, B. (2021). *Community engagement in practice*. Example Press.\n", "BB2", bib))
    keys = {e.key: e for e in read_bib(bib)}
    assert "yeo2021community" not in keys
    assert any(k.startswith("yeo2021community") and keys[k].authors[0].given == "B." for k in keys)
    assert "yeo2021community" in bib.read_text(encoding="utf-8")  # still retired after the add
    assert not regenerate(source, bib, check=True).changed
    assert main(["validate", str(bib)]) == 0


def test_parse_evidence_script_exits_2_on_an_input_error(tmp_path):
    """One exit rule: a broken additions.bib beside the source is an input error (2), as in every command."""
    source = tmp_path / "source" / "x-evidence.md"
    source.parent.mkdir()
    source.write_text(
        "## Bridging Boundaries\n\n### Non-traditional partners share power\n\n", encoding="utf-8"
    )
    (source.parent / "additions.bib").write_text("@article{a,\n  title = {Open\n}\n", encoding="utf-8")
    script = Path(__file__).resolve().parents[1] / "scripts" / "parse_evidence.py"
    done = subprocess.run(
        [sys.executable, str(script), "--source", str(source), "--bib", str(tmp_path / "x.bib")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert "additions.bib" in done.stderr and "Traceback" not in done.stderr
