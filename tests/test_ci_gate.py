"""The gate stays wired: CI runs the README's test command, and that command type checks src/ first.

Running mypy itself is the gate's job (``.ci/run``), not the suite's: these tests only read the
README, ``.ci/run`` and ``pyproject.toml``, so a change that drops a step fails here in milliseconds.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _readme_test_steps() -> list[str]:
    """The steps of the README's test command that run in the venv (after it is set up)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"Set up and run the tests:\s*```bash\n(.+?)\n```", readme, re.S)
    assert found, "README.md lost its 'Set up and run the tests:' command"
    steps = [step.strip() for step in found.group(1).split("&&")]
    return [step for step in steps if step.startswith(".venv/bin/") and not step.startswith(".venv/bin/pip ")]


def _ci_lines() -> list[str]:
    return [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]


def test_readme_test_command_type_checks_before_the_tests() -> None:
    steps = _readme_test_steps()
    assert steps[:2] == [".venv/bin/mypy", ".venv/bin/python -m pytest"], steps


def test_ci_runs_each_step_of_the_readme_test_command_in_order() -> None:
    lines = _ci_lines()
    at = -1
    for step in _readme_test_steps():
        command = step.replace(".venv/bin/", ".venv-ci/bin/")
        # a step runs as its own line or as the condition of an `if !` that stops the run
        where = [i for i, line in enumerate(lines) if line in (command, f"if ! {command}; then")]
        assert where, f".ci/run does not run {command!r} (the README's test command does)"
        assert where[0] > at, f".ci/run runs {command!r} out of the README's order"
        at = where[0]


def test_mypy_is_in_the_test_extras_and_strict_on_src() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    extras = project["project"]["optional-dependencies"]["test"]
    assert any(re.match(r"mypy\b", requirement) for requirement in extras), extras
    settings = project["tool"]["mypy"]
    assert settings["strict"] is True
    assert settings["files"] == ["src"]
