"""A build's helper process (charts and Word documents beside the rest): same bytes, and a
helper that dies or cannot start costs nothing but time."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import pytest
from samples import two_works

from jtd_evidence.reading_lists import build
from jtd_evidence.reading_lists._helper import Helper
from jtd_evidence.reading_lists.build import BuildPlan, build_reading_lists

linux = pytest.mark.skipif(sys.platform != "linux", reason="the helper process is Linux-only")


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@linux
def test_a_build_with_a_helper_writes_the_same_bytes(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    monkeypatch.setattr(build, "FEWEST_FOR_HELPER", 0)  # a small base would do without
    base = two_works()
    alone, helped = tmp_path / "alone" / "rl", tmp_path / "helped" / "rl"
    build_reading_lists(base, alone, BuildPlan(formats=["docx", "md"], jobs=1))
    report = build_reading_lists(base, helped, BuildPlan(formats=["docx", "md"], jobs=2))
    assert files(alone) == files(helped)
    assert len(report.files) == len(files(helped)) - 1  # every file but the manifest, listed


def _pid() -> int:
    return os.getpid()


def _square(n: int) -> int:
    return n * n


@linux
def test_pieces_are_computed_by_the_helper_or_here():
    with Helper(2) as helper:
        where = helper.submit(_pid)
        squares = [helper.submit(_square, n) for n in range(20)]
        assert where.result() != os.getpid()
        assert [s.result() for s in reversed(squares)][::-1] == [n * n for n in range(20)]
    with Helper(1) as alone:
        assert alone.submit(_pid).result() == os.getpid()


@linux
def test_a_helper_that_dies_leaves_the_work_to_the_build():
    with Helper(2) as helper:
        helper_pid = helper.submit(_pid).result()
        os.kill(helper_pid, signal.SIGKILL)
        pieces = [helper.submit(_square, n) for n in range(5)]
        assert [p.result() for p in pieces] == [n * n for n in range(5)]
