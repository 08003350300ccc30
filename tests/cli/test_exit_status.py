"""One exit-status rule for every command: 0 fine, 1 findings, 2 usage or input error."""

import pytest
from commands import run

from jtd_evidence.exceptions import LockedError, WriteError

BROKEN = "@article{ok,\n  title = {Fine},\n  year = {2020}\n}\n\n@article{broken,\n  title = {Unclosed,\n  year = {2020}\n}\n"


@pytest.fixture
def broken(tmp_path):
    path = tmp_path / "broken.bib"
    path.write_text(BROKEN, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "command",
    [
        ["lint", "{bib}"],
        ["list", "--bib", "{bib}"],
        ["show", "ok", "--bib", "{bib}"],
        ["stats", "--bib", "{bib}"],
        ["export", "--format", "ris", "--bib", "{bib}"],
        ["reading-list", "--bib", "{bib}", "--print", "md"],
        ["check-urls", "{bib}", "--no-cache"],
        ["add", "--statement", "WC2", "--dry-run", "--bib", "{bib}", "{refs}"],
    ],
    ids=lambda c: c[0],
)
def test_a_broken_bib_is_an_input_error_for_every_command(command, broken, tmp_path, capsys):
    refs = tmp_path / "refs.txt"
    refs.write_text("Smith, J. (2020). *A title*. Press.\n", encoding="utf-8")
    status, _, err = run(capsys, *(a.format(bib=broken, refs=refs) for a in command))
    assert status == 2, err
    assert "broken.bib:7: the value of the title field on line 7" in err and "Traceback" not in err


def test_validate_reports_broken_blocks_as_findings(broken, capsys):
    status, out, _ = run(capsys, "validate", broken)
    assert status == 1
    assert "1 valid entries, 1 problem(s)" in out


def test_a_missing_file_is_an_input_error(tmp_path, capsys):
    for command in (["validate"], ["lint"], ["parse"], ["add", "--statement", "WC2", "--dry-run"]):
        status, _, err = run(capsys, *command, tmp_path / "nope.txt")
        assert status == 2 and "nope.txt" in err, command


def test_a_report_that_cannot_be_written_is_an_input_error(tmp_path, capsys):
    urls = tmp_path / "urls.txt"
    urls.write_text("# no links\n", encoding="utf-8")
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    status, _, err = run(capsys, "check-urls", "--urls", urls, "--no-cache", "-o", blocker / "links.json")
    assert status == 2
    assert "file" in err and "Traceback" not in err
    status, _, err = run(capsys, "export", "--format", "ris", "-o", blocker / "out.ris")
    assert status == 2 and "Traceback" not in err


@pytest.mark.parametrize("error", [WriteError("x.bib", "disk full"), LockedError("x.lock", "held")])
def test_disk_errors_and_locks_exit_2(error, monkeypatch, capsys):
    import jtd_evidence.cli.maintain as maintain

    def fail(_args):
        raise error

    monkeypatch.setattr(maintain, "run_lint", fail)
    status, _, err = run(capsys, "lint")
    assert status == 2
    assert str(error) in err


def test_a_bug_is_one_line_not_a_traceback(monkeypatch, capsys):
    import jtd_evidence.cli.maintain as maintain

    def fail(_args):
        raise TypeError("something\nwe did wrong")

    monkeypatch.setattr(maintain, "run_lint", fail)
    status, _, err = run(capsys, "lint")
    assert status == 2
    assert err.count("\n") == 1 and "internal error" in err and "report it" in err
