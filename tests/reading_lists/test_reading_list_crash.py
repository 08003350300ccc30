"""``reading-list`` killed with SIGKILL at random points of its file-system changes (the ``crash``
fixture, tests/conftest.py) leaves the complete old build or the complete new one, and the next
run leaves no staging folder, old copy or lock file behind.

Three kinds of run go from build A to build B: a partial build with the one-step swap
(renameat2), and a full and a partial build with the two-rename swap that other systems use;
for the latter, the points just around the two renames are always among those tried.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import random
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from samples import two_works

from jtd_evidence._tree import FolderLock, recover
from jtd_evidence.formatting import RenderCache
from jtd_evidence.reading_lists.build import MANIFEST, BuildPlan, build_reading_lists
from jtd_evidence.store import dumps_bib

pytestmark = pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="SIGKILL on POSIX")

TWO_RENAMES = """\
import os, sys
import jtd_evidence._tree as tree
import jtd_evidence.reading_lists.build as build
tree._exchange = lambda a, b: False  # as on a drive without renameat2
step = int(os.environ.get("JTD_KILL_IN_SWAP", "0"))
if step:  # kill at the step-th point from the start of the swap (the shim's counter)
    real = build.swap
    def swap(*args):
        cells = os.rename.__closure__ or ()
        points = next(c.cell_contents for c in cells if hasattr(c.cell_contents, "kill_at"))
        points.kill_at = points.count + step
        return real(*args)
    build.swap = swap
from jtd_evidence.cli import main
sys.exit(main())
"""


def state(root: Path) -> dict[str, object]:
    """What a build folder holds, comparable between runs (Word files carry the time they were
    made, and so does the manifest's digest of their bytes), after checking that every document
    is the one its manifest describes: the mark of a complete build."""
    found = {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
    manifest = json.loads(found[MANIFEST])
    assert set(manifest) == {name for name in found if "/" in name} | {"coverage.html"}
    out: dict[str, object] = {}
    for name, data in found.items():
        if name == MANIFEST:
            out[name] = {key: digests[0] for key, digests in manifest.items()}
            continue
        if name in manifest:
            assert hashlib.sha256(data).hexdigest() == manifest[name][1], name
        out[name] = _docx_parts(data) if name.endswith(".docx") else data
    return out


@functools.cache
def _docx_parts(data: bytes) -> tuple[tuple[str, bytes], ...]:
    with zipfile.ZipFile(io.BytesIO(data)) as docx:
        return tuple((n, docx.read(n)) for n in sorted(docx.namelist()) if n != "docProps/core.xml")


@pytest.mark.slow
def test_a_killed_build_leaves_the_old_or_the_new_folder(crash, tmp_path, monkeypatch):
    seed = random.randrange(2**32)
    work = tmp_path / "work"
    work.mkdir()
    out = work / "out" / "reading-lists"
    built_a = tmp_path / "a" / "reading-lists"
    cache = work / "cache"
    build_reading_lists(two_works("Complete"), built_a, BuildPlan(cache=RenderCache(cache)))
    old = state(built_a)
    bib = work / "b.bib"
    bib.write_text(dumps_bib(two_works("Changed").entries), encoding="utf-8")
    script = work / "two_renames.py"
    script.write_text(TWO_RENAMES, encoding="utf-8")
    command = ["reading-list", "--bib", str(bib), "-o", str(out), "--cache", str(cache), "-q"]
    runs = {  # argv, the same as a library call, random points, points in the two-rename swap
        "partial, one-step swap": (
            ["-m", "jtd_evidence", *command, "--statement", "WC2", "--format", "md"],
            {"statements": ["WC2"], "formats": ["md"]},
            22,
            0,
        ),
        "full, two renames": ([str(script), *command], {}, 0, 4),
        "partial, two renames": (
            [str(script), *command, "--statement", "LC4", "--format", "txt"],
            {"statements": ["LC4"], "formats": ["txt"]},
            0,
            4,
        ),
    }

    def reset() -> None:  # the old build again; what a killed run left beside it stays
        shutil.rmtree(out, ignore_errors=True)
        shutil.copytree(built_a, out)

    def check(done: subprocess.CompletedProcess[str], where: str, swap_step: int) -> None:
        if swap_step or done.returncode != 0:  # a point past the end of the run: no kill
            assert crash.killed(done), f"{where}: {done.returncode} {done.stderr}"
        if not out.exists():  # killed between the two renames: the next run puts it back
            assert swap_step, where
            with FolderLock(out) as lock:
                recover(out, MANIFEST, locked=lock.held)
            tried["put back"] += 1
        now = state(out)
        assert now in (old, new), where
        tried["old" if now == old else "new"] += 1

    tried = {"old": 0, "new": 0, "put back": 0}
    for name, (argv, options, random_points, swap_points) in runs.items():
        reset()
        build_reading_lists(two_works("Changed"), out, BuildPlan(cache=RenderCache(cache), **options))
        new = state(out)
        assert new != old
        if random_points:
            reset()
            total = crash.points(argv, cwd=work)
            assert state(out) == new
        for point in crash.sample(total, random_points, seed) if random_points else []:
            reset()
            done = crash.run(argv, cwd=work, kill_at=point)
            check(done, f"{name}, killed at point {point} of {total} (seed {seed})", 0)
        for step in range(1, swap_points + 1):  # before, between and after the two renames
            reset()
            monkeypatch.setenv("JTD_KILL_IN_SWAP", str(step))
            done = crash.run(argv, cwd=work)
            monkeypatch.delenv("JTD_KILL_IN_SWAP")
            check(done, f"{name}, killed at point {step} of the swap", step)
    assert sum(tried[k] for k in ("old", "new")) >= 30
    assert tried["put back"] == 4 and tried["old"] and tried["new"], tried
    build_reading_lists(
        two_works("Changed"), out, BuildPlan(cache=RenderCache(cache), statements=["BB1"])
    )  # the next run
    assert sorted(p.name for p in out.parent.iterdir()) == ["reading-lists"]  # no staging, no lock
    assert not list(cache.glob(".*"))  # no temporary file of the formatting cache either
