"""The results cache is a convenience, never a failure: a damaged, misplaced or read-only cache
costs a warning that says what, where and what to do, and the report always comes out."""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess

import pytest
from commands import check_urls as main

from jtd_evidence import _atomic
from jtd_evidence.links import LinkResult, LinkStatus
from jtd_evidence.links.cache import LinkCache


def run(capsys, site, tmp_path, cache):
    listing = tmp_path / "urls.txt"
    listing.write_text(f"{site.url('/ok')}\n{site.url('/missing')}\n", encoding="utf-8")
    argv = ["--urls", str(listing), "--format", "json", "--cache", str(cache), "--retries", "0"]
    code = main([*argv, "--allow-host", site.host])
    captured = capsys.readouterr()
    assert code == 1  # the broken link: the cache changes nothing about the outcome
    assert json.loads(captured.out)["summary"] == {"broken": 1, "ok": 1}
    assert "Traceback" not in captured.err
    return captured.err


def test_damaged_rows_are_dropped_with_a_warning(site, tmp_path, capsys):
    cache = tmp_path / "links.json"
    good = {"checked_epoch": 1.0, "result": {"url": "http://kept.example/", "status": "ok"}}
    rows = {
        "http://a.example/": ["not", "an", "object"],
        "http://b.example/": "text",
        "http://c.example/": {"checked_epoch": "yesterday", "result": {}},
        "http://d.example/": {"checked_epoch": 1.0, "result": "ok"},
        "http://kept.example/": good,
    }
    cache.write_text(json.dumps({"version": 1, "results": rows}), encoding="utf-8")
    err = run(capsys, site, tmp_path, cache)
    assert f"check-urls: warning: link cache {cache}: 4 damaged rows ignored" in err
    assert "the report is complete" in err and "--no-cache" in err
    saved = json.loads(cache.read_text(encoding="utf-8"))["results"]
    assert sorted(saved) == [site.url("/ok")]  # damaged rows gone; the old good row expired (TTL)


def test_a_folder_in_place_of_the_cache(site, tmp_path, capsys):
    cache = tmp_path / "links.json"
    cache.mkdir()
    (cache / "inside.txt").write_text("someone's file", encoding="utf-8")
    err = run(capsys, site, tmp_path, cache)
    assert (
        f"link cache {cache} not read: it is a folder, not a file; the links were checked without it" in err
    )
    assert f"link cache not saved: {cache}: cannot write it: it is a folder, not a file" in err
    assert (cache / "inside.txt").read_text(encoding="utf-8") == "someone's file"


def test_a_cache_that_is_not_text(site, tmp_path, capsys):
    cache = tmp_path / "links.json"
    cache.write_bytes(b"\xff\xfe\x00garbage")
    err = run(capsys, site, tmp_path, cache)
    assert f"link cache {cache} not read: it is not UTF-8 text" in err
    assert json.loads(cache.read_text(encoding="utf-8"))["version"] == 1  # written anew


@pytest.fixture
def read_only_cache(tmp_path):
    """A cache file nobody may replace: immutable for root (who writes through file modes), else
    a 0444 file in a 0555 folder."""
    folder = tmp_path / "cache"
    folder.mkdir()
    cache = folder / "links.json"
    cache.write_text(json.dumps({"version": 1, "results": {}}), encoding="utf-8")
    if os.geteuid() == 0:
        if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(cache)]).returncode:
            pytest.skip("cannot make a file read-only for root here")
        yield cache
        subprocess.run(["chattr", "-i", str(cache)], check=True)
    else:
        cache.chmod(0o444)
        folder.chmod(0o555)
        yield cache
        folder.chmod(0o755)


def test_a_read_only_cache(site, tmp_path, capsys, read_only_cache):
    before = read_only_cache.read_bytes()
    err = run(capsys, site, tmp_path, read_only_cache)
    assert f"check-urls: warning: link cache not saved: {read_only_cache}: cannot write it: " in err
    assert "To fix:" in err and "the report is complete" in err
    assert read_only_cache.read_bytes() == before


def test_a_full_drive_keeps_the_old_cache(site, tmp_path, capsys, monkeypatch):
    cache = tmp_path / "links.json"
    cache.write_text(json.dumps({"version": 1, "results": {}}), encoding="utf-8")

    def full(_fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(_atomic.os, "fsync", full)
    err = run(capsys, site, tmp_path, cache)
    assert "link cache not saved" in err and "no space left on the drive" in err
    assert json.loads(cache.read_text(encoding="utf-8")) == {"version": 1, "results": {}}
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_two_runs_at_once_keep_each_others_results(tmp_path):
    path = tmp_path / "links.json"
    first, second = LinkCache(path, ttl=3600), LinkCache(path, ttl=3600)
    first.put(LinkResult("http://a.example/", LinkStatus.OK))
    second.put(LinkResult("http://b.example/", LinkStatus.OK))
    first.save()
    second.save()
    assert sorted(json.loads(path.read_text(encoding="utf-8"))["results"]) == [
        "http://a.example/",
        "http://b.example/",
    ]
    third = LinkCache(path, ttl=3600)
    third.put(LinkResult("http://a.example/", LinkStatus.BROKEN))  # found failing now: dropped
    third.save()
    assert sorted(json.loads(path.read_text(encoding="utf-8"))["results"]) == ["http://b.example/"]
