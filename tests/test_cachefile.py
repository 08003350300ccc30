"""The versioned JSON file under the link and registry caches (jtd_evidence._cachefile)."""

from __future__ import annotations

from pathlib import Path

from jtd_evidence._cachefile import Unreadable, is_time, merge_newer, read_table, write_table


def test_a_table_written_reads_back_and_another_version_reads_as_empty(tmp_path: Path) -> None:
    path = tmp_path / "cache.json"
    assert read_table(path, 1, "rows") == {}  # no file yet
    write_table(path, 1, "rows", {"https://a.org/": {"at": 5.0}})
    assert read_table(path, 1, "rows") == {"https://a.org/": {"at": 5.0}}
    assert read_table(path, 2, "rows") == {}
    assert read_table(path, 1, "answers") == {}
    write_table(path, 1, "rows", {"u": {"at": 1}}, indent=1)
    assert (
        path.read_text(encoding="utf-8")
        == '{\n "rows": {\n  "u": {\n   "at": 1\n  }\n },\n "version": 1\n}\n'
    )


def test_a_file_that_cannot_be_read_says_why(tmp_path: Path) -> None:
    broken, latin1, folder = tmp_path / "broken.json", tmp_path / "latin1.json", tmp_path / "folder.json"
    broken.write_text('{"version": 1, "rows": {', encoding="utf-8")
    latin1.write_bytes(b'{"version": 1, "rows": {"caf\xe9": {}}}')
    folder.mkdir()
    reasons = [read_table(p, 1, "rows") for p in (broken, latin1, folder)]
    assert all(isinstance(r, Unreadable) for r in reasons)
    assert [type(r.error).__name__ for r in reasons if isinstance(r, Unreadable)] == [
        "JSONDecodeError",
        "UnicodeDecodeError",
        "IsADirectoryError",
    ]


def test_the_newer_row_wins_and_ours_on_a_tie() -> None:
    theirs = {
        "a": {"at": 2.0, "who": "them"},
        "b": {"at": 1.0, "who": "them"},
        "c": {"at": 3.0, "who": "them"},
    }
    ours = {"a": {"at": 1.0, "who": "us"}, "b": {"at": 1.0, "who": "us"}, "d": {"at": 0.0, "who": "us"}}
    merged = merge_newer(theirs, ours, "at")
    assert {url: row["who"] for url, row in merged.items()} == {
        "a": "them",
        "b": "us",
        "c": "them",
        "d": "us",
    }
    assert [is_time(v) for v in (1, 2.5, float("nan"), float("inf"), True, "1", None)] == [
        True,
        True,
        False,
        False,
        False,
        False,
        False,
    ]
