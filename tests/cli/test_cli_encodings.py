"""Every command that reads user text reads UTF-8, UTF-16 and Windows-1252, and refuses binary."""

import io
import os
import subprocess
import sys
import warnings

import pytest
from commands import run

from jtd_evidence._input import EncodingNote
from jtd_evidence.store import read_bib

REFS = (
    "Holmes, D. (2022). Transitional safeguarding: The case for change. Practice, 34(1), 7–23.\r\n\r\n"
    "Müller, A., Belcher, L., & Pona, I. (2019). *Counting lives*. The Children's Society.\r\n"
)
BIB = (
    "@techreport{muller2019counting,\n  author = {Müller, A.},\n  title = {Counting lives},\n"
    "  institution = {The Children's Society},\n  year = {2019}\n}\n"
)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_parse_reads_every_text_encoding(encoding, tmp_path, capsys):
    path = tmp_path / "refs.txt"
    path.write_bytes(REFS.replace("–", "-").encode(encoding))
    status, out, err = run(capsys, "parse", path, "--statement", "WC2")
    assert status == 0, err
    assert "holmes2022transitional" in out and "muller2019counting" in out
    assert "2 works from 2 reference lines" in out
    if encoding == "cp1252":
        assert f"note: {path}: not UTF-8, so read as Windows-1252" in err and "save it as UTF-8" in err
    else:
        assert err == ""


def test_add_reads_utf16(tmp_path, capsys):
    path = tmp_path / "refs.txt"
    path.write_bytes(REFS.encode("utf-16"))
    status, out, _ = run(capsys, "add", "--statement", "WC2", "--dry-run", path, "--bib", tmp_path / "x.bib")
    assert status == 0
    assert "2 new work(s)" in out and "Müller" in out


def test_piped_utf16_is_read(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(REFS.encode("utf-16"))))
    status, out, _ = run(capsys, "parse", "-", "--statement", "WC2")
    assert status == 0 and "2 works from 2 reference lines" in out


def test_piped_utf16_through_a_real_pipe(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "jtd_evidence", "parse", "-", "--statement", "WC2"],
        input=REFS.encode("utf-16"),
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert b"2 works from 2 reference lines" in done.stdout


@pytest.mark.parametrize(
    "command",
    [
        ["parse", "{f}"],
        ["parse", "{f}", "--statement", "WC2"],
        ["add", "--statement", "WC2", "--dry-run", "{f}", "--bib", "{tmp}/x.bib"],
        ["validate", "{f}"],
        ["lint", "{f}"],
        ["list", "--bib", "{f}"],
        ["check-urls", "--urls", "{f}", "--no-cache"],
        ["reading-list", "--bib", "{f}", "--print", "md"],
    ],
    ids=lambda c: " ".join(c[:2]),
)
def test_binary_input_is_refused_clearly(command, tmp_path, capsys):
    path = tmp_path / "photo.bin"
    path.write_bytes(os.urandom(4000) + b"\x00")
    status, _, err = run(capsys, *(a.format(f=path, tmp=tmp_path) for a in command))
    assert status == 2
    assert f"{path}:" in err and "not a text file" in err and "Traceback" not in err


@pytest.mark.parametrize("encoding", ["utf-16", "cp1252"])
def test_bib_files_in_other_encodings_are_read(encoding, tmp_path, capsys):
    path = tmp_path / "refs.bib"
    path.write_bytes(BIB.replace("\n", "\r\n").encode(encoding))
    with warnings.catch_warnings(record=True) as notes:
        warnings.simplefilter("always")
        assert read_bib(path)[0].authors[0].family == "Müller"
    assert [n.category for n in notes] == ([EncodingNote] if encoding == "cp1252" else [])
    status, out, err = run(capsys, "validate", path)
    assert status == 0 and "1 valid entries" in out
    assert ("Windows-1252" in err) == (encoding == "cp1252")
    status, out, _ = run(capsys, "show", "muller2019counting", "--bib", path, "--json")
    assert status == 0 and "Müller" in out


def test_url_list_in_utf16(tmp_path, capsys):
    path = tmp_path / "urls.txt"
    path.write_bytes("# nothing to check\r\n".encode("utf-16"))
    status, _, err = run(capsys, "check-urls", "--urls", path, "--no-cache", "--format", "json")
    assert status == 0, err
