"""Users' data survives kills, runs at the same time and runs in the wrong folder (issue 9)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

import jtd_evidence
from jtd_evidence._transaction import editing
from jtd_evidence.adding import apply_plan, plan_add
from jtd_evidence.cli import main
from jtd_evidence.regenerate import regenerate
from jtd_evidence.store import read_bib

ROOT = Path(__file__).resolve().parents[2]
BIB = Path("bib") / "joining-the-dots.bib"
SOURCE = Path("bib") / "source" / "joining-the-dots-evidence.md"
ADDITIONS = Path("bib") / "source" / "additions.bib"
FIRST = "Okafor, N. (2023). *Safeguarding in the night-time economy*. Example Press.\n"
SECOND = "Brennan, R., & Patel, S. (2024). *Youth work and exploitation*. Example Press.\n"


@pytest.fixture
def checkout(tmp_path, monkeypatch):
    shutil.copytree(ROOT / "bib", tmp_path / "bib")
    monkeypatch.chdir(tmp_path)
    return tmp_path


SMALL = """# Evidence

## Bridging Boundaries

### Non-traditional partners share power

- Yeo, A. (2021). *Community engagement*. TCE Support Programme.
- The Children's Society. (2019). *Counting lives*. The Children's Society.

## Working with Complexity, Curiosity and Uncertainty

### Responses focus on safety and protection

- Firmin, C. (2020). *Contextual safeguarding and child protection*. Routledge.
"""


@pytest.fixture
def small(tmp_path, monkeypatch):
    """A checkout with a small evidence base: a kill test runs the command 30 times over."""
    (tmp_path / SOURCE).parent.mkdir(parents=True)
    (tmp_path / SOURCE).write_text(SMALL, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    regenerate(SOURCE, BIB)
    return tmp_path


def state(root: Path) -> tuple[bytes | None, ...]:
    return tuple((root / p).read_bytes() if (root / p).exists() else None for p in (BIB, SOURCE, ADDITIONS))


def leftovers(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in (root / "bib").rglob(".*"))


def test_add_outside_a_checkout_refuses_and_names_the_file(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "refs.txt").write_text(FIRST, encoding="utf-8")
    status = main(["add", "--statement", "WC4", "refs.txt"])
    err = capsys.readouterr().err
    assert status == 2
    assert "bib/joining-the-dots.bib" in err and "--bib" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["refs.txt"]


def test_add_with_bib_outside_a_checkout_creates_that_file(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "refs.txt").write_text(FIRST, encoding="utf-8")
    assert main(["add", "--statement", "WC4", "refs.txt", "--bib", "mine.bib"]) == 0
    assert [e.key for e in read_bib(tmp_path / "mine.bib")] == ["okafor2023safeguarding"]


def test_a_held_lock_is_a_clear_error_and_changes_nothing(checkout, capsys, monkeypatch):
    (checkout / "refs.txt").write_text(FIRST, encoding="utf-8")
    before = state(checkout)
    monkeypatch.setenv("JTD_LOCK_WAIT", "0.2")
    with editing(BIB, what="another add"):
        status = main(["add", "--statement", "WC4", "refs.txt"])
    err = capsys.readouterr().err
    assert status == 2
    assert "another jtd-evidence run" in err and "another add" in err
    assert state(checkout) == before


def _add(root: Path, statement: str, refs: str) -> subprocess.Popen[str]:
    # The child runs in another folder: it must import the code this test checks with, not
    # whatever a relative PYTHONPATH or the installed package would give there.
    code = str(Path(jtd_evidence.__file__).resolve().parents[1])
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([code, os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "jtd_evidence", "add", "--statement", statement, refs],
        cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip


def test_an_add_that_waits_for_another_keeps_both(checkout):
    """The other run changes the base while this one waits for the lock: both additions stay."""
    (checkout / "second.txt").write_text(SECOND, encoding="utf-8")
    with editing(BIB, [SOURCE.parent], what="test") as change:
        waiting = _add(checkout, "LC2", "second.txt")
        time.sleep(1.0)
        assert waiting.poll() is None  # it waits for the lock
        apply_plan(plan_add(FIRST, "WC4", BIB), change)
    _out, err = waiting.communicate(timeout=60)
    assert waiting.returncode == 0, err
    keys = {e.key: e.statements for e in read_bib(BIB)}
    assert "WC4" in keys["okafor2023safeguarding"] and "LC2" in keys["brennan2024youth"]
    assert not regenerate(SOURCE, BIB, check=True).changed


@pytest.mark.slow
def test_two_adds_at_once_lose_neither(small):
    (small / "first.txt").write_text(FIRST, encoding="utf-8")
    (small / "second.txt").write_text(SECOND, encoding="utf-8")
    pristine = small / "pristine"
    shutil.copytree(small / "bib", pristine)
    for _ in range(3):
        runs = [_add(small, "WC4", "first.txt"), _add(small, "LC2", "second.txt")]
        for run in runs:
            _, err = run.communicate(timeout=60)
            assert run.returncode == 0, err
        keys = {e.key: e.statements for e in read_bib(BIB)}
        assert "WC4" in keys["okafor2023safeguarding"] and "LC2" in keys["brennan2024youth"]
        assert not regenerate(SOURCE, BIB, check=True).changed
        _reset(small, pristine)


def _kill_and_recover(
    crash, checkout: Path, argv: list[str], runs: int, seed: int, *, in_step: bool = True
) -> set[str]:
    """Kill ``argv`` at ``runs`` random points; after each, the next run (a regeneration check)
    must find the base old or new, valid, with nothing left behind, and (``in_step``) the .bib
    what its sources give. Returns which of old and new were seen."""
    pristine = checkout.parent / f"pristine-{seed}"
    shutil.copytree(checkout / "bib", pristine)
    old = state(checkout)
    assert crash.run(argv, cwd=checkout).returncode == 0
    new = state(checkout)
    assert new != old
    seen = set()
    for point in crash.sample(crash.points(argv, cwd=_reset(checkout, pristine)), runs, seed):
        _reset(checkout, pristine)
        done = crash.run(argv, cwd=checkout, kill_at=point)
        assert crash.killed(done), (point, done.returncode, done.stderr)
        report = regenerate(SOURCE, BIB, check=True)  # any run that takes the lock recovers
        after = state(checkout)
        assert after in (old, new), f"killed at point {point}: a mix of old and new files"
        seen.add("new" if after == new else "old")
        assert not (in_step and report.changed), (
            f"killed at point {point}: the .bib does not match its sources"
        )
        assert leftovers(checkout) == [], f"killed at point {point}: left {leftovers(checkout)}"
        read_bib(BIB)
    return seen


def _reset(checkout: Path, pristine: Path) -> Path:
    shutil.rmtree(checkout / "bib")
    shutil.copytree(pristine, checkout / "bib")
    return checkout


@pytest.mark.slow
def test_add_killed_at_random_moments_leaves_old_or_new(crash, small):
    checkout = small
    (checkout / "refs.txt").write_text(FIRST + SECOND, encoding="utf-8")
    seen = _kill_and_recover(
        crash, checkout, ["-m", "jtd_evidence", "add", "--statement", "WC4", "refs.txt"], 30, 1
    )
    assert seen == {"old", "new"}


@pytest.mark.slow
def test_add_of_records_killed_at_random_moments_leaves_old_or_new(crash, small):
    """A reference manager's records go to additions.bib and the .bib: two files, one change."""
    checkout = small
    records = plan_add(FIRST + SECOND, "WC4", checkout / "scratch.bib").writes[checkout / "scratch.bib"]
    (checkout / "records.bib").write_text(records, encoding="utf-8")
    argv = ["-m", "jtd_evidence", "add", "--statement", "LC1", "records.bib"]
    assert _kill_and_recover(crash, checkout, argv, 30, 2) == {"old", "new"}


def test_regeneration_killed_at_random_moments_leaves_old_or_new(crash, small):
    checkout = small
    with (checkout / SOURCE).open("a", encoding="utf-8") as stream:
        stream.write(f"- {FIRST}")
    argv = [str(ROOT / "scripts" / "parse_evidence.py"), "--source", str(SOURCE), "--bib", str(BIB)]
    assert _kill_and_recover(crash, checkout, argv, 30, 3, in_step=False) == {"old", "new"}


def test_lint_fix_write_killed_at_random_moments_leaves_old_or_new(crash, tmp_path):
    mine = tmp_path / "mine.bib"
    mine.write_text(
        "% my list\n@article{smith2020a,\n  author = {Smith, J.},\n  title = {A study},\n"
        "  journal = {Child Abuse Review},\n  year = {2020},\n"
        "  url = {https://doi.org/10.1002/car.2600}\n}\n",
        encoding="utf-8",
    )
    old = mine.read_bytes()
    argv = ["-m", "jtd_evidence", "lint", str(mine), "--fix", "--write"]
    assert crash.run(argv, cwd=tmp_path).returncode in (0, 1)
    new = mine.read_bytes()
    assert new != old
    mine.write_bytes(old)
    for point in crash.sample(crash.points(argv, cwd=tmp_path), 30, 4):
        mine.write_bytes(old)
        crash.run(argv, cwd=tmp_path, kill_at=point)
        assert mine.read_bytes() in (old, new), f"killed at point {point}"
        main(["validate", str(mine)])
        main(["lint", str(mine), "--fix", "--write"])  # the next run cleans up after the killed one
        mine.write_bytes(old)
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_lint_write_outside_a_checkout_refuses_and_names_the_file(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    status = main(["lint", "--fix", "--write"])
    err = capsys.readouterr().err
    assert status == 2 and "bib/joining-the-dots.bib" in err and "--bib" in err
    assert list(tmp_path.iterdir()) == []


def test_lint_write_on_a_generated_base_points_to_its_sources(checkout, capsys):
    before = state(checkout)
    status = main(["lint", "--fix", "--write"])
    err = capsys.readouterr().err
    assert status == 2 and "generated from its source lists" in err and "parse_evidence.py" in err
    assert state(checkout) == before
