"""Atomic writes: the umask decides new files' permissions, disk errors are a WriteError that
names the path and says what to do, and temporary files a killed run left are cleaned up."""

from __future__ import annotations

import errno
import os
import time
import warnings
from pathlib import Path

import pytest

from jtd_evidence import _atomic
from jtd_evidence._atomic import HOST_TAG, atomic_write_text, check_writable, remove_stale_temporaries
from jtd_evidence.exceptions import JTDError, WriteError
from jtd_evidence.formatting.cache import CacheWarning, EntryMemo, RenderCache
from jtd_evidence.links.cache import LinkCache, LinkCacheWarning
from jtd_evidence.links.types import LinkResult, LinkStatus


@pytest.fixture
def umask():
    previous = os.umask(0o022)
    yield os.umask
    os.umask(previous)


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_a_new_file_gets_the_umask_permissions(tmp_path, umask, mask, mode):
    umask(mask)
    path = tmp_path / "new" / "file.txt"
    atomic_write_text(path, "text")
    assert path.stat().st_mode & 0o777 == mode


def test_a_replaced_file_keeps_its_permissions(tmp_path, umask):
    path = tmp_path / "file.txt"
    path.write_text("old", encoding="utf-8")
    path.chmod(0o640)
    atomic_write_text(path, "new")
    assert path.read_text(encoding="utf-8") == "new"
    assert path.stat().st_mode & 0o777 == 0o640


def temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_a_path_under_a_file_is_a_write_error(tmp_path):
    blocker = tmp_path / "report"
    blocker.write_text("mine", encoding="utf-8")
    target = blocker / "sub" / "links.html"
    with pytest.raises(WriteError) as caught:
        atomic_write_text(target, "x")
    error = caught.value
    assert isinstance(error, OSError) and isinstance(error, JTDError)
    assert str(error) == (
        f"{target}: cannot write it: {blocker} is a file, not a folder; nothing was changed. "
        "To fix: give another path, or move that file out of the way."
    )
    assert error.filename == str(target) and error.errno in (errno.EEXIST, errno.ENOTDIR)
    assert blocker.read_text(encoding="utf-8") == "mine"


def test_a_folder_in_the_way_is_a_write_error(tmp_path):
    (tmp_path / "links.html").mkdir()
    with pytest.raises(WriteError, match="it is a folder, not a file; nothing was changed"):
        atomic_write_text(tmp_path / "links.html", "x")
    assert temporaries(tmp_path) == []


@pytest.mark.parametrize(
    ("code", "where", "words"),
    [
        (errno.ENOSPC, "fsync", "no space left on the drive"),
        (errno.EDQUOT, "fsync", "no space left on the drive"),
        (errno.EROFS, "open", "the drive is read-only"),
        (errno.EACCES, "open", "permission denied; nothing was changed. To fix: choose a folder you can"),
        (errno.EIO, "replace", "input/output error"),
    ],
)
def test_disk_errors_keep_the_old_content_and_say_what_to_do(tmp_path, monkeypatch, code, where, words):
    path = tmp_path / "refs.bib"
    path.write_text("old", encoding="utf-8")

    def fail(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(_atomic.os, where, fail)
    with pytest.raises(WriteError) as caught:
        atomic_write_text(path, "new")
    monkeypatch.undo()
    assert str(caught.value).startswith(f"{path}: cannot write it: ")
    assert words in str(caught.value)
    assert caught.value.errno == code
    assert path.read_text(encoding="utf-8") == "old"
    assert temporaries(tmp_path) == []


def test_check_writable_fails_early_and_leaves_nothing(tmp_path):
    check_writable(tmp_path / "new" / "deeper" / "report.html")
    assert list(tmp_path.iterdir()) == []
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(WriteError, match="is a file, not a folder"):
        check_writable(blocker / "report.html")
    with pytest.raises(WriteError, match="it is a folder, not a file"):
        check_writable(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


def _dead_pid() -> int:
    return 2**22 + 1  # above any process id Linux gives (a finished process's id may be reused)


def test_stale_temporary_files_are_removed_and_live_ones_kept(tmp_path):
    dead, hour_ago = _dead_pid(), time.time() - 7200
    names = {
        f".links.json.{HOST_TAG}-{dead}-0123abcd.tmp": False,  # its process has gone
        f".links.json.{HOST_TAG}-{os.getpid()}-0123abcd.tmp": True,  # still running
        ".links.json.abcdef-99-0123abcd.tmp": True,  # another computer, just now
        ".links.json.fedcba-99-0123abcd.tmp": False,  # another computer, long ago
        ".links.json.k2_x9abc.tmp": False,  # tempfile.mkstemp, before pids were in names: old
        ".links.json.k3_x9abc.tmp": True,  # ... and just now
        ".other.json.fedcba-99-0123abcd.tmp": True,  # another target
        "links.json": True,
        "notes.tmp": True,
    }
    for name in names:
        (tmp_path / name).write_text("", encoding="utf-8")
    for name in (".links.json.fedcba-99-0123abcd.tmp", ".links.json.k2_x9abc.tmp"):
        os.utime(tmp_path / name, (hour_ago, hour_ago))
    removed = remove_stale_temporaries(tmp_path, "links.json")
    assert sorted(p.name for p in removed) == sorted(n for n, keep in names.items() if not keep)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(n for n, keep in names.items() if keep)


def test_a_formatting_cache_that_cannot_be_written_warns_and_cleans_up(tmp_path):
    cache = RenderCache(tmp_path)
    memo = EntryMemo()
    memo.put("k", "v")
    stale = tmp_path / f".entries-f.json.{HOST_TAG}-{_dead_pid()}-0123abcd.tmp"
    stale.write_text("half", encoding="utf-8")
    cache.save("f", memo)
    assert (tmp_path / "entries-f.json").is_file()
    assert not stale.exists()
    blocker = tmp_path / "blocker"
    blocker.write_text("", encoding="utf-8")
    memo.put("k", "w")
    with pytest.warns(CacheWarning, match=r"formatting cache not saved: .*is a file, not a folder"):
        RenderCache(blocker / "cache").save("f", memo)


def test_a_link_cache_that_cannot_be_written_warns(tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("", encoding="utf-8")
    cache = LinkCache(blocker / "links.json", ttl=3600)
    cache.put(LinkResult("https://example.org/", LinkStatus.OK))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        cache.save()
    assert [w.category for w in caught] == [LinkCacheWarning]
    assert f"link cache not saved: {blocker / 'links.json'}: cannot write it" in str(caught[0].message)


def test_write_error_names_the_action():
    error = OSError(errno.EROFS, os.strerror(errno.EROFS))
    assert str(_atomic.write_error("x.lock", error, "create the lock file")).startswith(
        "x.lock: cannot create the lock file: the drive is read-only; nothing was changed. To fix: "
    )
    assert str(_atomic.write_error("x.bib", error, "replace")).startswith("x.bib: cannot replace it: ")
