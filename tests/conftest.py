"""Fixtures shared by every test package.

Every test runs with ``SOURCE_DATE_EPOCH`` set (reading-list builds are dated by it, so a run that
crosses midnight makes the same pages as any other) and ``XDG_CACHE_HOME`` pointing to an empty
folder (no test reads or writes the user's link-check or registry cache). Hypothesis keeps no
example database (every run draws afresh), and its caches (Unicode tables, which take seconds to
compute, and the constants in the code) live in the user's cache folder, not in ``.hypothesis/``
in the checkout.

``crash``: run a command in a subprocess and kill it with SIGKILL at a chosen point of its
file-system changes (see ``tests/support/kill_shim.py``), to prove that a killed run leaves
every file old or new, never half-written, and that the next run cleans up after it.
"""

from __future__ import annotations

import importlib.util
import io
import os
import random
import signal
import subprocess
import sys
import traceback
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis.configuration import set_hypothesis_home_dir

SHIM = Path(__file__).parent / "support" / "kill_shim.py"
sys.path.insert(0, str(SHIM.parent))  # shared test helpers: ``from samples import two_works``

from samples import BUILD_EPOCH  # noqa: E402  (found through the line above)

# No timing in tests (speed lives in scripts/bench_*.py): a loaded machine must not fail a property
# test because an example or the data generation took long.
settings.register_profile(
    "jtd-evidence", database=None, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("jtd-evidence")


def pytest_configure(config: pytest.Config) -> None:
    """Hypothesis's caches, before collection (where it reads the constants in the code)."""
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    set_hypothesis_home_dir(cache / "jtd-evidence-tests" / "hypothesis")


def pytest_unconfigure(config: pytest.Config) -> None:
    set_hypothesis_home_dir(None)


@pytest.fixture(scope="session", autouse=True)
def _fixed_build_date(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:  # session-wide: module fixtures build with it too
        patch.setenv("SOURCE_DATE_EPOCH", str(BUILD_EPOCH))
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))
        yield


def _shim():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("kill_shim", SHIM)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass
class Crash:
    """Runs ``python -m MODULE ARGS`` or ``python SCRIPT ARGS`` under the kill shim.

    Where the system can fork, each run is a child of the test process forked after the
    library is imported (a real process, killed for real, but without a new interpreter's
    start-up), so a test can afford many kills; elsewhere a new ``python`` runs the shim.
    """

    scratch: Path

    def run(
        self, argv: Sequence[str], *, cwd: Path, kill_at: int = 0, timeout: float = 120
    ) -> subprocess.CompletedProcess[str]:
        """Run the command; with ``kill_at`` N > 0 it is killed at its N-th point (returncode -9)."""
        if hasattr(os, "fork"):
            return self._forked(list(argv), cwd, kill_at, None)
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
        if hasattr(os, "fork"):
            done = self._forked(list(argv), cwd, 0, str(counter))
            assert done.returncode in (0, 1), done.stderr
            return int(counter.read_text())
        env = dict(os.environ, JTD_KILL_AT="0", JTD_COUNT_FILE=str(counter), NO_COLOR="1")
        done = subprocess.run(
            [sys.executable, str(SHIM), *argv], cwd=cwd, env=env, capture_output=True, text=True, check=False
        )
        assert done.returncode in (0, 1), done.stderr
        return int(counter.read_text())

    def _forked(
        self, argv: list[str], cwd: Path, kill_at: int, count_file: str | None
    ) -> subprocess.CompletedProcess[str]:
        out, err = (self.scratch / f"{name}-{random.getrandbits(32):08x}" for name in ("out", "err"))
        shim = _shim()
        pid = os.fork()
        if pid == 0:  # the child: never returns into pytest
            code = 70
            try:
                os.chdir(cwd)
                os.environ["NO_COLOR"] = "1"
                for fd, path in ((1, out), (2, err)):
                    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
                    os.dup2(handle, fd)
                    os.close(handle)
                sys.stdin = io.TextIOWrapper(io.FileIO(os.devnull, "r"))
                sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), write_through=True)
                sys.stderr = io.TextIOWrapper(io.FileIO(2, "w", closefd=False), write_through=True)
                try:
                    shim.run(argv, kill_at, count_file)
                    code = 0
                except SystemExit as stop:
                    code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
                except BaseException:
                    traceback.print_exc()
                    code = 1
                sys.stdout.flush()
                sys.stderr.flush()
            finally:
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
        texts = [path.read_text(encoding="utf-8", errors="replace") for path in (out, err)]
        for path in (out, err):
            path.unlink()
        return subprocess.CompletedProcess(argv, code, texts[0], texts[1])

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
