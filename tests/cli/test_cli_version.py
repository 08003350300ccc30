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


def _python_m(*argvs: list[str]) -> list[subprocess.CompletedProcess[str]]:
    """``python -m jtd_evidence ARGV`` for each ARGV, all started at once."""
    started = [
        (argv, subprocess.Popen(
            [sys.executable, "-m", "jtd_evidence", *argv], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        ))
        for argv in argvs
    ]  # fmt: skip
    done = []
    for argv, child in started:
        out, err = child.communicate(timeout=300)
        done.append(subprocess.CompletedProcess(argv, child.returncode, out, err))
    return done


def test_python_dash_m_answers_as_the_command_does(capsys):
    argvs = [["--version"], ["--help"], ["show", "no-such-key"], ["list", "--year", "x"]]
    for args, done in zip(argvs, _python_m(*argvs), strict=True):
        status = main(args)
        out, err = capsys.readouterr()
        assert (done.returncode, done.stdout, done.stderr) == (status, out, err), args


def test_python_dash_m_without_a_command_shows_help_and_exits_2():
    (done,) = _python_m([])
    assert done.returncode == 2 and "usage: jtd-evidence" in done.stdout
