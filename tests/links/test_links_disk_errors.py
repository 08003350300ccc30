"""check-urls on a drive that cannot be written: one clear line, exit 2, old content intact; a
results cache that cannot be written costs a warning, never the report (local servers only)."""

from __future__ import annotations

import errno
import json
import os

import pytest
from commands import check_urls as main

from jtd_evidence import _atomic
from jtd_evidence.models import Entry
from jtd_evidence.store import write_bib


def urls(tmp_path, site):
    path = tmp_path / "urls.txt"
    path.write_text(f"{site.url('/ok')}\n{site.url('/missing')}\n", encoding="utf-8")
    return str(path)


def run(capsys, site, *argv):
    code = main([*argv, "--allow-host", site.host, "--retries", "0"])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out, captured.err


@pytest.fixture
def blocker(tmp_path):
    path = tmp_path / "reports"
    path.write_text("a file, not a folder", encoding="utf-8")
    return path


@pytest.mark.parametrize("option", ["-o", "--report"])
def test_a_report_that_cannot_be_written_stops_before_the_check(tmp_path, site, capsys, blocker, option):
    target = blocker / "links.html"
    argv = ["-o", str(target)] if option == "-o" else ["--report", f"html={target}"]
    code, _out, err = run(capsys, site, "--urls", urls(tmp_path, site), "--no-cache", *argv)
    assert code == 2
    assert f"{target}: cannot write it: {blocker} is a file, not a folder" in err
    assert "To fix:" in err and err.count("\n") == 1
    assert sum(site.hits.values()) == 0  # nothing checked for a report that could not be saved
    assert blocker.read_text(encoding="utf-8") == "a file, not a folder"


def _full_disk(monkeypatch):
    def fail(_fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(_atomic.os, "fsync", fail)


def test_a_full_disk_when_writing_the_report_keeps_the_old_one(tmp_path, site, capsys, monkeypatch):
    report = tmp_path / "links.json"
    report.write_text("last week's report", encoding="utf-8")
    _full_disk(monkeypatch)
    code, _out, err = run(
        capsys, site, "--urls", urls(tmp_path, site), "--no-cache", "--format", "json", "-o", str(report)
    )
    assert code == 2
    assert f"{report}: cannot write it: no space left on the drive" in err and "nothing was changed" in err
    assert report.read_text(encoding="utf-8") == "last week's report"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_full_disk_when_updating_the_bib_keeps_it(tmp_path, site, capsys, monkeypatch):
    bib = tmp_path / "refs.bib"
    write_bib([Entry(key="good2020", title="Good", year=2020, url=site.url("/ok"))], bib)
    before = bib.read_bytes()
    _full_disk(monkeypatch)
    code, _out, err = run(capsys, site, str(bib), "--no-cache", "--format", "json", "--update-bib")
    assert code == 2
    assert f"{bib}: cannot write it: no space left on the drive" in err
    assert bib.read_bytes() == before


def test_a_cache_that_cannot_be_written_does_not_lose_the_report(tmp_path, site, capsys, blocker):
    cache = blocker / "links.json"
    code, out, err = run(
        capsys, site, "--urls", urls(tmp_path, site), "--format", "json", "--cache", str(cache)
    )
    assert code == 1  # the broken link, as without a cache
    assert json.loads(out)["summary"] == {"broken": 1, "ok": 1}
    assert f"check-urls: warning: link cache not saved: {cache}: cannot write it" in err
    assert "the report is complete" in err and "--no-cache" in err
