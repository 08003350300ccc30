"""The reading-list output folder: partial builds add to it, a killed build is recovered,
permissions follow the umask, two builds at once lose nothing, disk errors are one clear line.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from commands import reading_list as main
from samples import two_works

from jtd_evidence._atomic import HOST_TAG
from jtd_evidence._tree import FolderLock, recover
from jtd_evidence.exceptions import LockedError
from jtd_evidence.framework import PRINCIPLES, STATEMENTS
from jtd_evidence.reading_lists import reading_list
from jtd_evidence.reading_lists.build import LIST_TITLES, MANIFEST, BuildPlan, build_reading_lists
from jtd_evidence.store import dumps_bib

DOCUMENTS = 2 * (2 + len(PRINCIPLES) + len(STATEMENTS)) * 4  # two styles, four formats


def _bib(folder: Path, title: str = "Complete") -> Path:
    path = folder / f"{hashlib.sha1(title.encode()).hexdigest()[:8]}.bib"
    path.write_text(dumps_bib(two_works(title).entries), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def full_tree(tmp_path_factory) -> Path:
    """A default build (every list, Harvard and APA, four formats) of the small base."""
    out = tmp_path_factory.mktemp("full") / "reading-lists"
    build_reading_lists(two_works(), out)
    return out


@pytest.fixture
def out(full_tree, tmp_path) -> Path:
    target = tmp_path / "out" / "reading-lists"
    shutil.copytree(full_tree, target)
    return target


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def documents(root: Path) -> set[str]:
    return {name for name in files(root) if "/" in name}


def assert_consistent(root: Path) -> None:
    """The index pages link every document there is (and the site's own pages, which are
    there), and the manifest describes each one."""
    present = documents(root)
    html_links = set(re.findall(r'<a href="([^"]+)"', (root / "index.html").read_text(encoding="utf-8")))
    md_links = set(re.findall(r"\]\(([^)]+)\)", (root / "index.md").read_text(encoding="utf-8")))
    site = {"index.html", "coverage.html"}
    assert html_links - site == present
    assert md_links - site == present
    assert all((root / page).is_file() for page in (html_links | md_links) & site)
    manifest = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
    assert set(manifest) == present | {"coverage.html"}
    for name, (_input, content) in manifest.items():
        assert hashlib.sha256((root / name).read_bytes()).hexdigest() == content, name


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_a_partial_build_keeps_every_other_document(out, tmp_path, capsys):
    before = files(out)
    assert len(documents(out)) == DOCUMENTS
    bib = _bib(tmp_path, "Changed")
    code = main(["--bib", str(bib), "-o", str(out), "--statement", "WC2", "--format", "docx", "--no-cache"])
    assert code == 0, capsys.readouterr().err
    assert f"kept {DOCUMENTS - 4} other documents" in capsys.readouterr().out
    after = files(out)
    assert set(after) == set(before)  # 131 files before and after (was 7 after)
    refreshed = {f"{style}-en-GB/{list_id}.docx" for style in ("harvard", "apa") for list_id in ("WC", "WC2")}
    changed = {name for name in after if after[name] != before[name]}
    assert changed - {"index.html", "index.md", MANIFEST} == refreshed
    assert_consistent(out)
    assert leftovers(out.parent) == []


def test_a_partial_build_refreshes_only_what_it_was_asked_for(out, tmp_path, capsys):
    bib = _bib(tmp_path, "Changed")
    assert main(["--bib", str(bib), "-o", str(out), "--statement", "WC2", "--format", "md", "-q"]) == 0
    assert "Changed" in (out / "apa-en-GB" / "WC2.md").read_text(encoding="utf-8")
    assert "Changed" not in (out / "apa-en-GB" / "LC4.md").read_text(encoding="utf-8")  # not asked for
    assert "Changed" not in (out / "apa-en-GB" / "WC2.txt").read_text(encoding="utf-8")
    assert_consistent(out)
    assert main(["--bib", str(bib), "-o", str(out), "-q"]) == 0  # a full build brings the rest up to date
    assert "Changed" in (out / "apa-en-GB" / "LC4.md").read_text(encoding="utf-8")
    assert "Changed" in (out / "apa-en-GB" / "WC2.txt").read_text(encoding="utf-8")
    assert_consistent(out)


def test_a_new_locale_is_added_to_the_index_and_a_full_build_replaces_the_folder(out, tmp_path):
    bib = _bib(tmp_path)
    assert (
        main(["--bib", str(bib), "-o", str(out), "--style", "apa", "--locale", "en-US", "--format", "md"])
        == 0
    )
    assert len(documents(out)) == DOCUMENTS + 17  # 2 lists of the whole base, 3 principles, 12 statements
    assert_consistent(out)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'<h2 id="([^"]+)"', index) == ["harvard-en-GB", "apa-en-GB", "apa-en-US"]
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(["--bib", str(bib), "-o", str(out), "--statement", "LC4", "-q"]) == 0
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"  # a partial build keeps every file
    assert (out / "apa-en-US" / "all.md").is_file()
    assert main(["--bib", str(bib), "-o", str(out), "-q"]) == 0  # full: every document is replaced
    assert not (out / "apa-en-US").exists()
    assert len(documents(out)) == DOCUMENTS
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"  # never a file put there by hand
    (out / "notes.txt").unlink()
    assert_consistent(out)


def test_a_folder_of_other_work_is_not_built_into(tmp_path, capsys):
    folder = tmp_path / "Documents"
    (folder / "reports").mkdir(parents=True)
    (folder / "reports" / "draft.docx").write_bytes(b"my report")
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    before = files(folder)
    assert main(["--bib", str(_bib(tmp_path)), "-o", str(folder), "--no-cache"]) == 2
    err = capsys.readouterr().err
    _one_line(err)
    assert f"{folder}: not a reading-list folder" in err and "give a new or empty folder" in err
    assert files(folder) == before
    assert leftovers(tmp_path) == []
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / ".DS_Store").write_bytes(b"Finder was here")
    assert main(["--bib", str(_bib(tmp_path)), "-o", str(empty), "--statement", "LC4", "-q"]) == 0


def test_index_titles_are_the_lists_titles():
    base = two_works()
    assert reading_list(base, "apa").title == LIST_TITLES["all"]
    for p in PRINCIPLES:
        assert reading_list(base, "apa", principles=[p.id]).title == LIST_TITLES[p.id]
    for s in STATEMENTS:
        assert reading_list(base, "apa", group_by="statement", statements=[s.id]).title == LIST_TITLES[s.id]


def _dead_pid() -> int:
    return 2**22 + 1  # above any process id Linux gives (a finished process's id may be reused)


def _aside(out: Path, kind: str, pid: int, token: str, host: str = HOST_TAG) -> Path:
    return out.parent / f".{out.name}-{kind}-{host}-{pid}-{token}"


def test_a_build_killed_between_its_two_renames_is_put_back_newest_first(out, tmp_path):
    pid = _dead_pid()
    old = _aside(out, "old", pid, "0badf00d")
    out.rename(old)  # the first rename of the swap ...
    new = _aside(out, "new", pid, "cafe0123")
    shutil.copytree(old, new)
    (new / "apa-en-GB" / "BB1.txt").write_text("new build\n", encoding="utf-8")
    manifest = new / MANIFEST
    later = manifest.stat().st_mtime + 5
    os.utime(manifest, (later, later))  # ... and the killed run's complete new folder
    assert not out.exists()
    assert main(["--bib", str(_bib(tmp_path)), "-o", str(out), "--statement", "LC4", "-q", "--no-cache"]) == 0
    assert (out / "apa-en-GB" / "BB1.txt").read_text(encoding="utf-8") == "new build\n"  # the newest, kept
    assert len(documents(out)) == DOCUMENTS
    assert leftovers(out.parent) == []


def test_leftovers_of_older_versions_are_recovered_and_removed(out, tmp_path):
    old = out.parent / f".{out.name}-old-ab12cd_9"  # tempfile.mkdtemp names, as main made them
    out.rename(old)
    partial = out.parent / f".{out.name}-zz99yy88"
    partial.mkdir()
    (partial / "index.html").write_text("half", encoding="utf-8")  # no manifest: incomplete
    hour_ago = time.time() - 7200
    for path in (old, partial):
        os.utime(path, (hour_ago, hour_ago))
    mine = out.parent / f".{out.name}-backup01"  # named like them, but not a build's
    mine.mkdir()
    (mine / "notes.txt").write_text("mine", encoding="utf-8")
    os.utime(mine, (hour_ago, hour_ago))
    assert main(["--bib", str(_bib(tmp_path)), "-o", str(out), "--statement", "LC4", "-q", "--no-cache"]) == 0
    assert len(documents(out)) == DOCUMENTS
    assert_consistent(out)
    assert leftovers(out.parent) == [mine.name]


def test_an_incomplete_staging_folder_is_not_put_back(out, tmp_path):
    staging = _aside(out, "new", _dead_pid(), "00112233")
    staging.mkdir()
    (staging / "index.md").write_text("half a build", encoding="utf-8")
    shutil.rmtree(out)
    assert main(["--bib", str(_bib(tmp_path)), "-o", str(out), "--statement", "LC4", "-q", "--no-cache"]) == 0
    assert documents(out) == {f"{s}-en-GB/{i}.{f}" for s in ("harvard", "apa") for i in ("LC", "LC4")
                              for f in ("md", "html", "txt", "docx")}  # fmt: skip
    assert leftovers(out.parent) == []


def test_folders_still_in_use_are_left_alone(out, tmp_path):
    mine = _aside(out, "new", os.getpid(), "aaaabbbb")  # a live process on this computer
    other = _aside(out, "new", 1234, "ccccdddd", host="abcdef")  # another computer, just now
    stale = _aside(out, "new", 1234, "eeeeffff", host="abcdef")  # another computer, long ago
    for path in (mine, other, stale):
        path.mkdir()
    day_ago = time.time() - 86400
    os.utime(stale, (day_ago, day_ago))
    recover(out, MANIFEST)  # without the lock: a live process id may still be writing
    assert leftovers(out.parent) == sorted([mine.name, other.name])
    # with it: no build runs here
    build_reading_lists(two_works(), out, BuildPlan(statements=["LC4"], formats=["md"]))
    assert leftovers(out.parent) == [other.name]


def test_a_held_lock_is_waited_for_then_reported(out):
    held = pytest.raises(LockedError, match=r"\.reading-lists\.lock: another reading-list build")
    with FolderLock(out), held:
        build_reading_lists(two_works(), out, BuildPlan(statements=["LC4"], formats=["md"], lock_timeout=0.2))
    build_reading_lists(two_works(), out, BuildPlan(statements=["LC4"], formats=["md"], lock_timeout=0.2))
    assert leftovers(out.parent) == []


@pytest.mark.slow
def test_two_partial_builds_at_once_lose_neither(out, tmp_path):
    bib = _bib(tmp_path, "Changed")
    command = [sys.executable, "-m", "jtd_evidence", "reading-list", "--bib", str(bib), "-o", str(out), "-q"]
    runs = [
        subprocess.Popen([*command, "--statement", statement, "--format", "md", "--no-cache"])
        for statement in ("LC4", "WC2")
    ]
    assert [run.wait(timeout=60) for run in runs] == [0, 0]
    for name in ("apa-en-GB/LC4.md", "apa-en-GB/WC2.md", "harvard-en-GB/LC4.md", "harvard-en-GB/WC2.md"):
        assert "Changed" in (out / name).read_text(encoding="utf-8"), name
    assert len(documents(out)) == DOCUMENTS
    assert_consistent(out)
    assert leftovers(out.parent) == []


@pytest.fixture
def umask():
    previous = os.umask(0o022)
    yield os.umask
    os.umask(previous)


def _modes(root: Path) -> set[tuple[str, int]]:
    return {("dir" if p.is_dir() else "file", p.stat().st_mode & 0o777) for p in [root, *root.rglob("*")]}


@pytest.mark.parametrize(("mask", "folder", "file"), [(0o022, 0o755, 0o644), (0o027, 0o750, 0o640)])
def test_new_folders_and_files_follow_the_umask(tmp_path, umask, mask, folder, file):
    umask(mask)
    out = tmp_path / "lists"
    build_reading_lists(two_works(), out, BuildPlan(statements=["WC2"], formats=["md", "docx"]))
    assert _modes(out) == {("dir", folder), ("file", file)}  # was 0o700 for the folder


def test_a_rebuild_keeps_the_permissions_it_finds(out, umask):
    out.chmod(0o750)
    (out / "apa-en-GB").chmod(0o711)
    (out / "harvard-en-GB").chmod(0o555)  # given once the new folder is written
    (out / "apa-en-GB" / "LC4.md").chmod(0o600)
    (out / "index.html").chmod(0o604)
    build_reading_lists(two_works("Changed"), out, BuildPlan(statements=["LC4"], formats=["md"]))
    assert "Changed" in (out / "apa-en-GB" / "LC4.md").read_text(encoding="utf-8")
    assert out.stat().st_mode & 0o777 == 0o750
    assert (out / "apa-en-GB").stat().st_mode & 0o777 == 0o711
    assert (out / "apa-en-GB" / "LC4.md").stat().st_mode & 0o777 == 0o600
    assert (out / "index.html").stat().st_mode & 0o777 == 0o604
    assert (out / "harvard-en-GB").stat().st_mode & 0o777 == 0o555
    assert "Changed" in (out / "harvard-en-GB" / "LC4.md").read_text(encoding="utf-8")
    assert (out / "harvard-en-GB" / "LC4.md").stat().st_mode & 0o777 == 0o644


def _one_line(err: str) -> None:
    assert "Traceback" not in err
    assert err.count("\n") == 1, err


def test_an_output_folder_under_a_file_is_a_clear_error(tmp_path, capsys):
    blocker = tmp_path / "reports"
    blocker.write_text("not a folder", encoding="utf-8")
    out = blocker / "lists"
    assert main(["--bib", str(_bib(tmp_path)), "-o", str(out), "--statement", "LC4", "--no-cache"]) == 2
    err = capsys.readouterr().err
    _one_line(err)
    assert str(out) in err and f"{blocker} is a file, not a folder" in err and "To fix:" in err
    assert blocker.read_text(encoding="utf-8") == "not a folder"


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (errno.ENOSPC, "no space left on the drive"),
        (errno.EROFS, "the drive is read-only"),
        (errno.EACCES, "permission denied"),
    ],
)
def test_a_disk_error_midway_keeps_the_old_folder(out, tmp_path, monkeypatch, capsys, code, words):
    before = files(out)
    real = Path.write_bytes
    calls = []

    def failing(self, data):
        calls.append(self)
        if len(calls) > 3:
            raise OSError(code, os.strerror(code), str(self))
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", failing)
    bib = _bib(tmp_path, "Changed")
    assert main(["--bib", str(bib), "-o", str(out), "--no-cache"]) == 2
    err = capsys.readouterr().err
    _one_line(err)
    assert f"{out}: cannot write it: {words}" in err and "nothing was changed. To fix:" in err
    monkeypatch.undo()
    assert files(out) == before
    assert leftovers(out.parent) == []


def test_a_read_only_drive_when_staging_is_a_clear_error(out, tmp_path, monkeypatch, capsys):
    before = files(out)
    real = os.mkdir

    def read_only(path, *args, **kwargs):
        if Path(path).name.startswith(f".{out.name}-new-"):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "mkdir", read_only)
    assert main(["--bib", str(_bib(tmp_path)), "-o", str(out), "--statement", "LC4", "--no-cache"]) == 2
    err = capsys.readouterr().err
    _one_line(err)
    assert str(out) in err and "read-only" in err
    monkeypatch.undo()
    assert files(out) == before


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes to read-only folders")
def test_a_folder_without_write_permission_is_a_clear_error(out, tmp_path, capsys):
    before = files(out)
    out.parent.chmod(0o555)
    try:
        assert main(["--bib", str(_bib(tmp_path)), "-o", str(out), "--statement", "LC4", "--no-cache"]) == 2
    finally:
        out.parent.chmod(0o755)
    err = capsys.readouterr().err
    _one_line(err)
    assert str(out) in err and "permission denied" in err
    assert files(out) == before


def test_a_formatting_cache_that_cannot_be_written_is_a_warning(out, tmp_path, capsys):
    blocker = tmp_path / "cache"
    blocker.write_text("", encoding="utf-8")
    bib = _bib(tmp_path, "Cached")
    code = main(["--bib", str(bib), "-o", str(out), "--statement", "LC4", "--cache", str(blocker / "f")])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "reading-list: warning: formatting cache not saved" in captured.err
    assert f"{blocker} is a file, not a folder" in captured.err
    assert "Cached" in (out / "apa-en-GB" / "LC4.md").read_text(encoding="utf-8")


def test_a_file_where_the_folder_should_be_is_kept_and_reported(tmp_path, capsys):
    out = tmp_path / "reading-lists"
    out.write_text("my notes", encoding="utf-8")
    assert main(["--bib", str(_bib(tmp_path)), "-o", str(out), "--statement", "LC4", "--no-cache"]) == 2
    err = capsys.readouterr().err
    _one_line(err)
    assert f"{out}: cannot write it: {out} is a file, not a folder" in err
    assert out.read_text(encoding="utf-8") == "my notes"
    assert leftovers(tmp_path) == []


def test_a_linked_output_folder_is_updated_where_it_is(out, tmp_path):
    link = tmp_path / "published"
    link.symlink_to(out, target_is_directory=True)
    report = build_reading_lists(two_works("Changed"), link, BuildPlan(statements=["LC4"], formats=["md"]))
    assert link.is_symlink() and link.resolve() == out.resolve()
    assert "Changed" in (out / "apa-en-GB" / "LC4.md").read_text(encoding="utf-8")
    assert link / "apa-en-GB" / "LC4.md" in report.files
    assert leftovers(tmp_path) == [] and leftovers(out.parent) == []
