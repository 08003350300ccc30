"""``--version`` reports the installed version; ``python -m jtd_evidence`` is the same command."""

import subprocess
import sys
from importlib.metadata import version

import jtd_evidence
from jtd_evidence.cli import main


def test_version_comes_from_the_package_metadata(capsys):
    assert main(["--version"]) == 0
    out, err = capsys.readouterr()
    assert out == f"jtd-evidence {version('jtd-evidence')}\n" and not err


def test_the_package_and_its_metadata_agree_on_the_version():
    assert jtd_evidence.__version__ == version("jtd-evidence")


def _python_m(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "jtd_evidence", *args], capture_output=True, text=True, check=False
    )


def test_python_dash_m_answers_as_the_command_does(capsys):
    for args in (["--version"], ["--help"], ["show", "no-such-key"], ["list", "--year", "x"]):
        status = main(args)
        out, err = capsys.readouterr()
        done = _python_m(*args)
        assert (done.returncode, done.stdout, done.stderr) == (status, out, err), args


def test_python_dash_m_without_a_command_shows_help_and_exits_2():
    done = _python_m()
    assert done.returncode == 2 and "usage: jtd-evidence" in done.stdout
