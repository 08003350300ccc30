import json
import shutil
from pathlib import Path

import pytest
from commands import run

from jtd_evidence.regenerate import regenerate
from jtd_evidence.store import read_bib

ROOT = Path(__file__).resolve().parents[2]
PASTED = (
    "Holmes, D. (2022). Transitional safeguarding: The case for change. Practice, 34(1), 7–23. "
    "https://doi.org/10.1080/09503153.2021.1904864\n\n"
    "Hill, N. (2021). *Hearing Young People's Voices – Reflective Questions for Strategic Leaders*. TCE Support "
    "Programme. <https://tce.researchinpractice.org.uk/hearing-young-peoples-voices-reflective-questions-for-strategic-leaders/>\n"
)


@pytest.fixture
def checkout(tmp_path, monkeypatch):
    """A copy of bib/ (the .bib and its source lists) to add to."""
    shutil.copytree(ROOT / "bib", tmp_path / "bib")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def snapshot(folder):
    return {p: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_add_dry_run_shows_diff_and_writes_nothing(checkout, capsys):
    (checkout / "new.txt").write_text(PASTED, encoding="utf-8")
    before = snapshot(checkout / "bib")
    status, out, err = run(capsys, "add", "--statement", "WC2", "new.txt", "--dry-run")
    assert status == 0
    assert "+@article{holmes2022transitional," in out
    assert "+  jtd-statements = {BB1, WC2}," in out
    assert "1 new work(s) holmes2022transitional; 1 existing work(s) gain WC2 hill2021hearing" in out
    assert "dry run" in err
    assert snapshot(checkout / "bib") == before


def test_add_for_real_keeps_keys_and_stays_reproducible(checkout, capsys):
    (checkout / "new.txt").write_text(PASTED, encoding="utf-8")
    old = {e.key: e for e in read_bib(checkout / "bib" / "joining-the-dots.bib")}
    status, out, _ = run(capsys, "add", "--statement", "WC2", "new.txt", "--json")
    assert status == 0
    summary = json.loads(out)
    assert summary["new"] == ["holmes2022transitional"] and summary["gained_statement"] == ["hill2021hearing"]
    new = {e.key: e for e in read_bib(checkout / "bib" / "joining-the-dots.bib")}
    assert set(new) == set(old) | {"holmes2022transitional"}
    assert all(new[k].title == old[k].title for k in old)
    assert new["hill2021hearing"].statements == ("BB1", "WC2")
    source = (checkout / "bib" / "source" / "joining-the-dots-evidence.md").read_text(encoding="utf-8")
    assert "- Holmes, D. (2022). Transitional safeguarding" in source
    report = regenerate(
        checkout / "bib" / "source" / "joining-the-dots-evidence.md",
        checkout / "bib" / "joining-the-dots.bib",
        check=True,
    )
    assert not report.changed  # the .bib is still exactly what the sources regenerate


RIS = """TY  - JOUR
AU  - Firmin, Carlene
AU  - Lloyd, Jenny
TI  - Green lights and red flags
T2  - Social Sciences
PY  - 2020
VL  - 9
IS  - 11
SP  - 205
DO  - 10.3390/socsci9110205
ER  -
"""


def test_add_structured_export_goes_to_additions(checkout, capsys):
    (checkout / "export.ris").write_text(RIS, encoding="utf-8")
    status, out, _ = run(capsys, "add", "--statement", "LC3", "export.ris")
    assert status == 0
    assert "ris: 1 new work(s) firmin2020green" in out
    additions = read_bib(checkout / "bib" / "source" / "additions.bib")
    assert [(e.key, e.statements) for e in additions] == [("firmin2020green", ("LC3",))]
    report = regenerate(
        checkout / "bib" / "source" / "joining-the-dots-evidence.md",
        checkout / "bib" / "joining-the-dots.bib",
        check=True,
    )
    assert not report.changed
    # adding the same record under another statement: the same work gains it
    status, out, _ = run(capsys, "add", "--statement", "WC1", "export.ris")
    assert "0 new work(s)" in out and "gain WC1 firmin2020green" in out
    assert read_bib(checkout / "bib" / "joining-the-dots.bib")[
        [e.key for e in read_bib(checkout / "bib" / "joining-the-dots.bib")].index("firmin2020green")
    ].statements == ("LC3", "WC1")


def test_add_to_a_plain_bib_merges_it(tmp_path, capsys):
    target = tmp_path / "mine.bib"
    target.write_text(
        "@book{pitts2008reluctant,\n  author = {Pitts, J.},\n  title = {Reluctant Gangsters},\n  year = {2008},\n  publisher = {Willan}\n}\n",
        encoding="utf-8",
    )
    (tmp_path / "refs.txt").write_text(
        "Pitts, J. (2008). *Reluctant Gangsters*. Willan.\n\nSmith, J. (2020). *New*. Press.\n",
        encoding="utf-8",
    )
    status, _, _ = run(capsys, "add", "--statement", "LC3", tmp_path / "refs.txt", "--bib", target)
    assert status == 0
    entries = {e.key: e for e in read_bib(target)}
    assert entries["pitts2008reluctant"].statements == ("LC3",)
    assert entries["pitts2008reluctant"].publisher == "Willan"
    assert "smith2020new" in entries


def test_add_wrong_format_says_what_was_detected(checkout, capsys):
    (checkout / "export.ris").write_text(RIS, encoding="utf-8")
    status, _, err = run(capsys, "add", "--statement", "LC3", "export.ris", "--format", "bibtex")
    assert status == 2
    assert "looks like RIS, not BibTeX" in err


def test_add_unknown_statement_names_the_closest(checkout, capsys):
    status, _, err = run(capsys, "add", "--statement", "Pace is balanced", "x.txt")
    assert status == 2 and "WC1" in err


def test_export_formats(tmp_path, capsys):
    status, out, _ = run(capsys, "export", "--format", "ris", "--statement", "WC2")
    assert status == 0 and out.count("TY  - ") == 3 and "KW  - WC2" in out
    status, out, _ = run(capsys, "export", "--format", "csl-json", "--principle", "LC")
    assert len(json.loads(out)) == 22
    target = tmp_path / "all.bib"
    status, _, err = run(capsys, "export", "--format", "bibtex", "-o", target)
    assert target.read_bytes() == (ROOT / "bib" / "joining-the-dots.bib").read_bytes()
    assert "wrote 59 works" in err


def test_export_biblatex_with_or_without_the_source_text(capsys):
    status, out, _ = run(capsys, "export", "--format", "biblatex", "--statement", "LC4")
    assert status == 0 and out.count("\n  annotation = {") == out.count("\n@") + 1 and "jtd-" not in out
    status, out, _ = run(capsys, "export", "--format", "biblatex", "--statement", "LC4", "--no-source")
    assert status == 0 and "annotation" not in out and "keywords = {" in out


def test_validate_reports_every_problem(tmp_path, capsys):
    bad = tmp_path / "bad.bib"
    bad.write_text(
        "@article{a,\n  title = {Fine},\n  year = {2020}\n}\n@misc{b,\n  title = {Bad year},\n  year = {3020}\n}\n"
        "@misc{a,\n  title = {dup}\n}\n@misc{c,\n  title = {Bad link},\n  url = {\\#}\n}\n",
        encoding="utf-8",
    )
    status, out, _ = run(capsys, "validate", bad, "--json")
    report = json.loads(out)[0]
    assert status == 1
    assert report["valid"] == 1
    problems = {(p["rule"], p["key"], p["field"]) for p in report["problems"]}
    assert problems == {
        ("duplicate-key", "a", None),
        ("invalid-field", "b", "year"),
        ("invalid-field", "c", "url"),
    }
    status, out, _ = run(capsys, "validate")
    assert status == 0 and "59 valid entries, 0 problem(s)" in out


PANEL = (
    "Child Safeguarding Practice Review Panel (2020) It was hard to escape: Safeguarding children at risk "
    "from criminal exploitation. London: Department for Education. Available at: https://www.gov.uk/government/"
    "publications/safeguarding-children-at-risk-from-criminal-exploitation (Accessed: 12 March 2024).\n"
)


def test_add_a_work_written_differently_keeps_its_key(checkout, capsys):
    """Issue 9.1: the panel's review without 'The' is the work already under BB3, not a new one."""
    before = {e.key: e for e in read_bib(checkout / "bib" / "joining-the-dots.bib")}
    (checkout / "panel.txt").write_text(PANEL, encoding="utf-8")
    status, out, _ = run(capsys, "add", "--statement", "WC4", "panel.txt")
    assert status == 0
    assert "0 new work(s)" in out and "gain WC4 childsafeguarding2020hard" in out
    after = {e.key: e for e in read_bib(checkout / "bib" / "joining-the-dots.bib")}
    assert set(after) == set(before)
    work = after["childsafeguarding2020hard"]
    assert work.statements == ("BB3", "WC4")
    assert work.source == before["childsafeguarding2020hard"].source
    for key, old in before.items():  # every other work is untouched
        if key != "childsafeguarding2020hard":
            assert after[key] == old
