"""The command: inputs, report formats, exit codes, the cache and --update-bib (local servers only)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from commands import check_urls as main

from jtd_evidence.models import Entry


@pytest.fixture
def site(make_server):
    server = make_server()
    server.page("/ok")
    server.page("/missing", status=404)
    server.route("/moved", lambda h: h.reply(301, b"", {"Location": "/ok"}))
    return server


def run(argv, site, capsys, stdin=None):
    code = main([*argv, "--allow-host", site.host, "--no-cache", "--retries", "0"], stdin=stdin)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def url_file(tmp_path, lines):
    path = tmp_path / "urls.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def test_json_on_stdout_and_exit_1_for_a_broken_link(site, capsys, tmp_path):
    urls = url_file(tmp_path, ["# comment", site.url("/ok"), site.url("/missing"), "", site.url("/moved")])
    code, out, err = run(["--urls", urls, "--format", "json"], site, capsys)
    assert code == 1
    report = json.loads(out)
    assert report["summary"] == {"broken": 1, "redirect-permanent": 1, "ok": 1}
    by_url = {r["url"]: r for r in report["results"]}
    assert by_url[site.url("/moved")]["suggestion"] == site.url("/ok")
    assert by_url[site.url("/moved")]["redirects"] == [
        {"url": site.url("/moved"), "status": 301, "location": "/ok"}
    ]
    assert "3 links" in err and "1 failing" in err


def test_fail_on_chooses_what_fails(site, capsys, tmp_path):
    urls = url_file(tmp_path, [site.url("/ok"), site.url("/missing"), site.url("/moved")])
    assert run(["--urls", urls, "--format", "json", "--fail-on", "none"], site, capsys)[0] == 0
    assert run(["--urls", urls, "--format", "json", "--fail-on", "gone"], site, capsys)[0] == 0
    assert run(["--urls", urls, "--format", "json", "--fail-on", "redirect-permanent"], site, capsys)[0] == 1
    assert run(["--urls", urls, "--format", "json", "--fail-on", "all"], site, capsys)[0] == 1


def test_urls_from_standard_input_and_terminal_table(site, capsys):
    code, out, _ = run(["--urls", "-"], site, capsys, stdin=io.StringIO(site.url("/ok") + "\n"))
    assert code == 0
    assert "1 links checked" in out and "ok" in out


def test_reports_written_to_files(site, capsys, tmp_path):
    urls = url_file(tmp_path, [site.url("/ok"), site.url("/missing")])
    out_csv, out_html, out_md = tmp_path / "r.csv", tmp_path / "r.html", tmp_path / "r.md"
    code, out, _ = run(
        [
            "--urls",
            urls,
            "--format",
            "csv",
            "-o",
            str(out_csv),
            "--report",
            f"html={out_html}",
            "--report",
            f"markdown={out_md}",
        ],
        site,
        capsys,
    )
    assert code == 1 and out == ""
    rows = list(csv.DictReader(out_csv.open(encoding="utf-8")))
    assert {r["status"] for r in rows} == {"ok", "broken"}
    page = out_html.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and 'id="broken"' in page and "404" in page
    assert "## broken (1)" in out_md.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "argv",
    [
        ["--format", "yaml", "--urls", "x"],
        ["--urls", "/nonexistent/urls.txt"],
        ["/nonexistent/refs.bib"],
        ["--urls", "x", "--fail-on", "dead"],
        ["--urls", "x", "--update-bib"],
        ["--urls", "x", "--report", "pdf=x.pdf"],
        ["--urls", "x", "--concurrency", "0"],
    ],
)
def test_usage_errors_exit_2(argv, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x").write_text("https://example.org/\n", encoding="utf-8")
    assert main([*argv, "--no-cache"]) == 2
    assert capsys.readouterr().err.strip()


def test_no_input_and_no_default_bib_is_a_usage_error(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("jtd_evidence.cli.check_urls._default_bib", lambda: None)
    assert main(["--no-cache"]) == 2
    assert "no input" in capsys.readouterr().err


def test_help_has_an_example(capsys):
    assert main(["--help"]) == 0
    assert "examples:" in capsys.readouterr().out


def test_cache_rechecks_only_new_or_failed(site, capsys, tmp_path):
    urls = url_file(tmp_path, [site.url("/ok"), site.url("/missing")])
    cache = tmp_path / "cache.json"
    base = [
        "--urls",
        urls,
        "--format",
        "json",
        "--allow-host",
        site.host,
        "--retries",
        "0",
        "--cache",
        str(cache),
    ]
    assert main(base) == 1
    assert (site.hits["/ok"], site.hits["/missing"]) == (1, 1)
    capsys.readouterr()
    assert main(base) == 1
    report = json.loads(capsys.readouterr().out)
    assert {r["url"]: r["cached"] for r in report["results"]} == {
        site.url("/ok"): True,
        site.url("/missing"): False,
    }
    assert (site.hits["/ok"], site.hits["/missing"]) == (1, 2)
    assert main([*base, "--fresh"]) == 1
    assert site.hits["/ok"] == 2


def test_bib_input_and_update_bib(site, capsys, tmp_path):
    from jtd_evidence.store import read_bib, write_bib

    bib = tmp_path / "refs.bib"
    entries = [
        Entry(key="good2020", title="Good", year=2020, url=site.url("/ok")),
        Entry(key="dead2019", title="Dead", year=2019, url=site.url("/missing")),
        Entry(key="old2018", title="Old", year=2018, url=site.url("/ok"), accessed=dt.date(2018, 1, 2)),
    ]
    write_bib(entries, bib)
    code, out, err = run([str(bib), "--format", "json", "--update-bib"], site, capsys)
    assert code == 1
    report = json.loads(out)
    assert {r["url"]: r["keys"] for r in report["results"]} == {
        site.url("/missing"): ["dead2019"],
        site.url("/ok"): ["good2020", "old2018"],
    }
    today = dt.datetime.now(dt.UTC).date()
    after = {e.key: e for e in read_bib(bib)}
    assert after["good2020"].accessed == today
    assert after["old2018"].accessed == today
    assert after["dead2019"].accessed is None
    assert after["dead2019"] == entries[1]
    assert "urldate set" in err
