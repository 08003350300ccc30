"""One command-line skeleton: every subcommand registered through cli._shared.Parser, one
UsageError, the same usage-error answer everywhere, and a command loads only its own module."""

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

import jtd_evidence
from jtd_evidence.cli import COMMANDS, main
from jtd_evidence.cli._shared import UsageError
from jtd_evidence.exceptions import JTDError

SRC = Path(jtd_evidence.__file__).parent


def test_the_help_lists_every_command(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in COMMANDS:
        assert re.search(rf"^    {command}(  |$)", out, re.MULTILINE), command


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_bad_option_is_the_same_usage_error_for_every_command(command, capsys):
    assert main([command, "--no-such-option"]) == 2
    out, err = capsys.readouterr()
    assert not out
    assert err.startswith(f"jtd-evidence {command}: ")  # unrecognized, or a required one missing
    assert f"(see 'jtd-evidence {command} --help' for usage and examples)" in err


def test_there_is_one_usage_error_and_it_is_a_jtd_error():
    assert issubclass(UsageError, JTDError)
    defined = [
        path.relative_to(SRC).as_posix()
        for path in SRC.rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ClassDef) and node.name == "UsageError"
    ]
    assert defined == ["cli/_shared.py"]


def test_a_command_loads_only_its_own_module():
    code = (
        "import sys\nfrom jtd_evidence.cli import main\nmain(['list', '--year', '1900', '--json'])\n"
        "print(sorted(m for m in sys.modules if m.startswith('jtd_evidence.cli.')), "
        "'jtd_evidence.links.checker' in sys.modules, file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert (
        done.stderr.strip()
        == "['jtd_evidence.cli._errors', 'jtd_evidence.cli._shared', 'jtd_evidence.cli.browse'] False"
    )
