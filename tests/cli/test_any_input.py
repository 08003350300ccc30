"""Every command, any input: random bytes, truncated UTF-8, UTF-16, CRLF, NUL bytes, a 10 MB line,
50,000 entries, @string/@preamble/@comment, crossref, duplicate keys. Each run ends cleanly:
exit 0, 1 or 2, one clear message, never a traceback (nor an "internal error" line).

Commands run in-process (fast); a few run as real processes to prove nothing reaches stderr as a
Python traceback. No test touches the network: every link points at 127.0.0.1, which check-urls
refuses without connecting, and connecting is disabled besides.
"""

from __future__ import annotations

import os
import random
import socket
import subprocess
import sys
from pathlib import Path

import commands
import pytest

REFS = (
    "Holmes, D. (2022). Transitional safeguarding: The case for change. Practice, 34(1), 7–23.\n\n"
    "Müller, A., Belcher, L., & Pona, I. (2019). *Counting lives*. The Children's Society.\n\n"
    "This line is prose that somebody pasted into the list of references by mistake, sorry.\n"
)
BIB = (
    "@report{a,\n  author = {Müller, Anna},\n  title = {Counting lives},\n  institution = {The Children's Society},\n"
    "  year = {2019},\n  url = {http://127.0.0.1:9/counting},\n  keywords = {WC2},\n  jtd-statements = {WC2}\n}\n\n"
    "@article{b,\n  author = {Holmes, Dez},\n  title = {Transitional safeguarding},\n  journal = {Practice},\n"
    "  year = {2022},\n  pages = {7--23}\n}\n"
)
MACROS = (
    '% a comment line\n@preamble{ "\\newcommand{\\noop}[1]{}" }\n@comment{ anything = {goes} here }\n'
    '@string{ cs = "The Children\'s Society" }\n@string{ pre = {Counting} }\n\n'
    "@report{a,\n  author = {Müller, Anna},\n  title = pre # { lives},\n  institution = cs,\n  year = 2019,\n"
    "  month = jan\n}\n"
)
CROSSREF = (
    "@inproceedings{a,\n  author = {Smith, John},\n  title = {A paper},\n  crossref = {proc},\n  year = {2020}\n}\n\n"
    "@proceedings{proc,\n  title = {The proceedings},\n  editor = {Jones, Amy},\n  year = {2020},\n"
    "  publisher = {Press}\n}\n\n@misc{orphan,\n  title = {Points nowhere},\n  crossref = {missing}\n}\n"
)
DUPLICATES = (
    "@misc{a,\n  title = {First}\n}\n\n@misc{a,\n  title = {Second}\n}\n\n@misc{A,\n  title = {Third}\n}\n\n"
    "@misc{c,\n  title = {One},\n  title = {Two}\n}\n"
)

SMALL: dict[str, bytes] = {
    "random-bytes": random.Random(1).randbytes(20_000),
    "truncated-utf8": (BIB + "@misc{z, title = {Café}}\n").encode()[:-4],  # cut inside the é
    "truncated-refs": REFS.encode()[: REFS.encode().index("ü".encode()) + 1],
    "utf16-bib": BIB.replace("\n", "\r\n").encode("utf-16"),
    "utf16-refs": REFS.encode("utf-16"),
    "crlf-bib": BIB.replace("\n", "\r\n").encode(),
    "cr-refs": REFS.replace("\n", "\r").encode(),
    "latin1-bib": BIB.encode("cp1252"),
    "nul-bytes": BIB.encode().replace(b"Counting", b"Coun\x00ting"),
    "macros": MACROS.encode(),
    "crossref": CROSSREF.encode(),
    "duplicate-keys": DUPLICATES.encode(),
    "broken-bib": BIB.replace("title = {Counting lives},", "title = {Counting lives,").encode(),
    "missing-comma": BIB.replace("title = {Counting lives},", "title = {Counting lives}").encode(),
    "empty": b"",
    "refs": REFS.encode(),
}

COMMANDS: dict[str, list[str]] = {
    "parse": ["parse", "{f}"],
    "add": ["add", "--statement", "WC2", "--dry-run", "{f}", "--bib", "{tmp}/target.bib"],
    "validate": ["validate", "{f}"],
    "lint": ["lint", "{f}"],
    "list": ["list", "--bib", "{f}"],
    "show": ["show", "a", "--bib", "{f}"],
    "stats": ["stats", "--bib", "{f}", "--json"],
    "export": ["export", "--format", "ris", "--bib", "{f}"],
    "reading-list": ["reading-list", "--bib", "{f}", "--print", "md", "--no-cache"],
    "check-urls": ["check-urls", "{f}", "--no-cache", "--format", "json", "-q"],
    "check-urls --urls": ["check-urls", "--urls", "{f}", "--no-cache", "--format", "json", "-q"],
}

# Input that is not text at all is an input error for every command.
REFUSED = {"random-bytes", "nul-bytes", "truncated-utf8", "truncated-refs"}


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    def refuse(*_args, **_kwargs):
        raise OSError("network disabled in tests")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)


@pytest.fixture(scope="module")
def small_files(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("inputs")
    paths = {}
    for name, data in SMALL.items():
        paths[name] = folder / f"{name}.bib"
        paths[name].write_bytes(data)
    return paths


@pytest.fixture(scope="module")
def big_files(tmp_path_factory) -> dict[str, Path]:
    """A 10 MB line (as a reference-less text and as a .bib title) and 50,000 entries."""
    folder = tmp_path_factory.mktemp("big")
    rng = random.Random(5)
    syllables = ["ka", "lo", "mi", "ne", "ra", "to", "su", "vi", "be", "do", "fa", "gu", "ha", "je"]
    entries = []
    for n in range(50_000):
        family = "".join(rng.choice(syllables) for _ in range(4)).capitalize()
        entries.append(
            f"@report{{w{n},\n  author = {{{family}, A.}},\n  title = {{Work number {n}}},\n"
            f"  institution = {{Press {n % 97}}},\n  year = {{{1990 + n % 30}}}\n}}\n"
        )
    files = {
        "50000-entries": "".join(entries),
        "10mb-line-text": "word " * 2_000_000 + "\n",
        "10mb-line-bib": "@misc{a,\n  title = {"
        + "word " * 2_000_000
        + "},\n  year = {2020}\n}\n"
        + BIB[BIB.index("@article") :],
    }
    paths = {}
    for name, text in files.items():
        paths[name] = folder / f"{name}.bib"
        paths[name].write_text(text, encoding="utf-8")
    return paths


def run(capsys, command: str, path: Path, tmp_path: Path) -> tuple[int, str, str]:
    return commands.run(capsys, *(a.format(f=path, tmp=tmp_path) for a in COMMANDS[command]))


def assert_clean(status: int, err: str, what: str) -> None:
    assert status in (0, 1, 2), f"{what}: exit {status}\n{err}"
    assert "Traceback" not in err, f"{what}:\n{err}"
    assert "internal error" not in err, f"{what}:\n{err}"


@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_command_on_every_small_input(command, small_files, tmp_path, capsys):
    for name, path in small_files.items():
        status, _, err = run(capsys, command, path, tmp_path)
        assert_clean(status, err, f"{command} {name}")
        if name in REFUSED:
            assert status == 2, f"{command} {name}: {err}"
            assert str(path) in err, f"{command} {name}: the message names the file: {err}"
        assert not (tmp_path / "target.bib").exists()  # --dry-run writes nothing


def test_what_the_broken_inputs_say(small_files, tmp_path, capsys):
    """A few of the answers above, in full: the line, the key and the field."""
    expected = [
        (
            "lint",
            "broken-bib",
            2,
            ":3: the value of the title field on line 3 opens a '{' that is never closed",
        ),
        ("validate", "missing-comma", 1, "missing comma after the title field on line 3"),
        ("validate", "duplicate-keys", 1, "line 5: duplicate key 'a' (first on line 1)"),
        ("validate", "duplicate-keys", 1, "line 9: duplicate key 'A' (BibTeX ignores case; first on line 1)"),
        ("list", "duplicate-keys", 2, ":5: duplicate key 'a' (first used on line 1)"),
        ("validate", "nul-bytes", 2, ":3: this is not a text file"),
        ("parse", "random-bytes", 2, "this is not a text file"),
        ("parse", "truncated-refs", 2, "the file ends in the middle of a character"),
        ("show", "latin1-bib", 0, "not UTF-8, so read as Windows-1252"),
        ("parse", "utf16-refs", 1, ":5: unrecognised: reads as prose"),
        ("parse", "cr-refs", 1, ":5: unrecognised: reads as prose"),
        ("parse", "empty", 1, "the file is empty"),
        ("validate", "empty", 0, ""),
    ]
    for command, name, status, fragment in expected:
        got, out, err = run(capsys, command, small_files[name], tmp_path)
        assert got == status, f"{command} {name}: {err}"
        assert fragment in out + err, f"{command} {name}: {out}{err}"


def test_macros_and_crossref_are_read(small_files, tmp_path, capsys):
    status, out, err = run(capsys, "show", small_files["macros"], tmp_path)
    assert status == 0, err
    assert "Counting lives" in out and "The Children's Society" in out
    status, out, err = run(capsys, "validate", small_files["crossref"], tmp_path)
    assert status == 0 and "3 valid entries" in out, err


@pytest.mark.slow
@pytest.mark.parametrize(
    ("command", "name"),
    [
        ("validate", "50000-entries"),
        ("parse", "10mb-line-text"),
        ("validate", "10mb-line-bib"),
        ("show", "10mb-line-bib"),
    ],
)
def test_big_inputs(command, name, big_files, tmp_path, capsys):
    status, out, err = run(capsys, command, big_files[name], tmp_path)
    assert_clean(status, err, f"{command} {name}")
    if command == "validate":
        assert status == 0 and ("50000 valid entries" in out or "2 valid entries" in out), out[-500:] + err
    if command == "parse":
        assert status == 1 and "reads as prose" in err and len(err) < 5000


@pytest.mark.skipif(
    not os.environ.get("JTD_SLOW_TESTS"),
    reason="every command on 50,000 entries and a 10 MB line takes minutes; set JTD_SLOW_TESTS=1",
)
@pytest.mark.parametrize("name", ["50000-entries", "10mb-line-text", "10mb-line-bib"])
@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_command_on_big_inputs(command, name, big_files, tmp_path, capsys):
    status, _, err = run(capsys, command, big_files[name], tmp_path)
    assert_clean(status, err, f"{command} {name}")


@pytest.mark.parametrize(
    ("args", "data"),
    [
        (["parse", "-"], SMALL["random-bytes"]),
        (["parse", "-", "--statement", "WC2"], SMALL["utf16-refs"]),
        (["check-urls", "--urls", "-", "--no-cache", "-q"], SMALL["nul-bytes"]),
        (["validate", "{f}"], SMALL["truncated-utf8"]),
        (["reading-list", "--bib", "{f}", "--print", "md", "--no-cache"], SMALL["broken-bib"]),
    ],
    ids=["parse-random", "parse-utf16", "check-urls-nul", "validate-truncated", "reading-list-broken"],
)
def test_no_traceback_reaches_a_real_stderr(args, data, tmp_path):
    path = tmp_path / "input.bib"
    path.write_bytes(data)
    done = subprocess.run(
        [sys.executable, "-m", "jtd_evidence", *(a.format(f=path) for a in args)],
        input=data,
        capture_output=True,
        timeout=120,
        check=False,
        cwd=tmp_path,
    )
    stderr = done.stderr.decode("utf-8", "replace")
    assert done.returncode in (0, 1, 2), stderr
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr
    assert stderr.strip(), "an input like this gets a word on stderr"
