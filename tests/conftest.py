"""Fixtures shared by every test package.

``crash``: run a command in a subprocess and kill it with SIGKILL at a chosen point of its
file-system changes (see ``tests/support/kill_shim.py``), to prove that a killed run leaves
every file old or new, never half-written, and that the next run cleans up after it.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

SHIM = Path(__file__).parent / "support" / "kill_shim.py"


@dataclass
class Crash:
    """Runs ``python -m MODULE ARGS`` or ``python SCRIPT ARGS`` under the kill shim."""

    scratch: Path

    def run(
        self, argv: Sequence[str], *, cwd: Path, kill_at: int = 0, timeout: float = 120
    ) -> subprocess.CompletedProcess[str]:
        """Run the command; with ``kill_at`` N > 0 it is killed at its N-th point (returncode -9)."""
        env = dict(os.environ, JTD_KILL_AT=str(kill_at), NO_COLOR="1")
        env.pop("JTD_COUNT_FILE", None)
        return subprocess.run(
            [sys.executable, str(SHIM), *argv],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def points(self, argv: Sequence[str], *, cwd: Path) -> int:
        """How many kill points a whole (unkilled) run goes through; the run must succeed."""
        counter = self.scratch / f"points-{random.getrandbits(32):08x}"
        env = dict(os.environ, JTD_KILL_AT="0", JTD_COUNT_FILE=str(counter), NO_COLOR="1")
        done = subprocess.run(
            [sys.executable, str(SHIM), *argv], cwd=cwd, env=env, capture_output=True, text=True, check=False
        )
        assert done.returncode in (0, 1), done.stderr
        return int(counter.read_text())

    @staticmethod
    def sample(total: int, runs: int, seed: int) -> list[int]:
        """``runs`` kill points spread over 1..total at random (every point if there are fewer)."""
        if total <= runs:
            return list(range(1, total + 1))
        return sorted(random.Random(seed).sample(range(1, total + 1), runs))

    @staticmethod
    def killed(done: subprocess.CompletedProcess[str]) -> bool:
        return done.returncode == -signal.SIGKILL


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` (relative path -> bytes), hidden ones included."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def crash(tmp_path_factory: pytest.TempPathFactory) -> Crash:
    return Crash(tmp_path_factory.mktemp("crash"))
