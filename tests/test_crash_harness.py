"""The kill shim itself: it counts a run's file-system changes and kills at the point asked."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SHIM = Path(__file__).parent / "support" / "kill_shim.py"


def test_shim_counts_points_and_kills_at_each(crash, tmp_path):
    script = tmp_path / "writer.py"
    script.write_text(
        "from pathlib import Path\nPath('a.txt').write_text('a')\nPath('a.txt').replace('b.txt')\n",
        encoding="utf-8",
    )
    argv = [str(script)]
    assert crash.points(argv, cwd=tmp_path) == 4  # open for writing, replace: before and after each
    (tmp_path / "b.txt").unlink()
    done = crash.run(argv, cwd=tmp_path, kill_at=3)  # before the replace
    assert crash.killed(done)
    assert (tmp_path / "a.txt").exists() and not (tmp_path / "b.txt").exists()


def test_importing_the_shim_changes_nothing():
    done = subprocess.run(
        [sys.executable, "-c", f"import runpy, os; f = os.replace; runpy.run_path({str(SHIM)!r}); "
         "assert os.replace is f"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
