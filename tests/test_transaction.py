"""Changes that span files: all or nothing, one run at a time, finished or undone after a crash."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest

from jtd_evidence import _transaction
from jtd_evidence._atomic import HOST_TAG
from jtd_evidence._transaction import editing
from jtd_evidence.exceptions import LockedError, WriteError

DEAD = f"{HOST_TAG}-999999999-0badcafe.tmp"  # a temporary's name whose process is gone


@pytest.fixture
def base(tmp_path):
    (tmp_path / "source").mkdir()
    files = {tmp_path / "base.bib": b"old bib\n", tmp_path / "source" / "base-evidence.md": b"old source\n"}
    for path, data in files.items():
        path.write_bytes(data)
    return tmp_path


def contents(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_both_files_change_together_and_nothing_is_left_behind(base):
    with editing(base / "base.bib", [base / "source"]) as change:
        change.write(base / "base.bib", "new bib\n")
        change.write(base / "source" / "base-evidence.md", "new source\n")
        assert (base / "base.bib").read_bytes() == b"old bib\n"  # nothing before the block ends
    assert contents(base) == {"base.bib": b"new bib\n", "source/base-evidence.md": b"new source\n"}


def test_an_error_in_the_block_writes_nothing(base):
    before = contents(base)
    with pytest.raises(RuntimeError), editing(base / "base.bib", [base / "source"]) as change:
        change.write(base / "base.bib", "new bib\n")
        raise RuntimeError("planning failed")
    assert contents(base) == before


def test_a_disk_error_before_the_journal_leaves_every_file_old(base, monkeypatch):
    before = contents(base)
    real = _transaction._write_temporary
    calls = []

    def second_fails(target, data):
        calls.append(target)
        if len(calls) == 2:
            raise WriteError(str(target), "cannot write it: no space left on the drive")
        return real(target, data)

    monkeypatch.setattr(_transaction, "_write_temporary", second_fails)
    with (
        pytest.raises(WriteError, match="no space left"),
        editing(base / "base.bib", [base / "source"]) as change,
    ):
        change.write(base / "base.bib", "new bib\n")
        change.write(base / "source" / "base-evidence.md", "new source\n")
    assert contents(base) == before


def test_a_journal_left_by_a_killed_run_is_finished(base):
    """Killed after the journal, before the renames: the next run completes the change."""
    temp = base / "source" / f".base-evidence.md.{DEAD}"
    temp.write_bytes(b"new source\n")
    temp_bib = base / f".base.bib.{DEAD}"
    temp_bib.write_bytes(b"new bib\n")
    journal = {"pid": 1, "files": [[str(base / "base.bib"), str(temp_bib)],
                                   [str(base / "source" / "base-evidence.md"), str(temp)]]}  # fmt: skip
    (base / ".base.bib.journal").write_text(json.dumps(journal))
    temp_bib.replace(base / "base.bib")  # one rename had happened
    with editing(base / "base.bib", [base / "source"]) as change:
        assert "finished a change" in change.recovered[0]
    assert contents(base) == {"base.bib": b"new bib\n", "source/base-evidence.md": b"new source\n"}


def test_temporaries_without_a_journal_are_undone(base):
    before = contents(base)
    (base / "source" / f".base-evidence.md.{DEAD}").write_bytes(b"half")
    (base / f".base.bib.{DEAD}").write_bytes(b"half")
    with editing(base / "base.bib", [base / "source"]) as change:
        assert len(change.recovered) == 2
    assert contents(base) == before


def test_a_second_run_waits_its_turn(base):
    order = []

    def other():
        with editing(base / "base.bib", wait=10) as change:
            order.append("second")
            change.write(base / "base.bib", (base / "base.bib").read_text() + "second\n")

    with editing(base / "base.bib") as change:
        thread = threading.Thread(target=other)
        thread.start()
        time.sleep(0.3)
        order.append("first")
        change.write(base / "base.bib", "old bib\nfirst\n")
    thread.join(10)
    assert order == ["first", "second"]
    assert (base / "base.bib").read_text() == "old bib\nfirst\nsecond\n"
    assert not (base / ".base.bib.lock").exists()


def test_a_held_lock_says_who_holds_it(base):
    with (
        editing(base / "base.bib", what="add"),
        pytest.raises(LockedError) as raised,
        editing(base / "base.bib", wait=0.2),
    ):
        pass
    message = str(raised.value)
    assert ".base.bib.lock" in message and "add" in message and "pid" in message
