"""check-urls takes its defaults from the [links] table of jtd-evidence.toml; options win
(local servers only)."""

from __future__ import annotations

import json

import pytest
from commands import check_urls as main


@pytest.fixture
def project(tmp_path, monkeypatch, make_server):
    monkeypatch.delenv("JTD_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)
    site = make_server()
    site.page("/ok")
    site.page("/missing", status=404)
    (tmp_path / "urls.txt").write_text(f"{site.url('/ok')}\n{site.url('/missing')}\n", encoding="utf-8")
    return tmp_path, site


def statuses(out):
    return sorted(r["status"] for r in json.loads(out)["results"])


def test_limits_hosts_cache_and_fail_on_come_from_the_file(project, capsys):
    folder, site = project
    (folder / "jtd-evidence.toml").write_text(
        f'[links]\nallow-hosts = ["{site.host}"]\nretries = 0\nfail-on = "gone"\ncache = "cache/links.json"\n',
        encoding="utf-8",
    )
    assert main(["--urls", "urls.txt", "--format", "json"]) == 0  # broken is not in fail-on
    assert statuses(capsys.readouterr().out) == ["broken", "ok"]  # the host was allowed by the file
    assert (folder / "cache" / "links.json").is_file()  # relative to the file's folder
    assert main(["--urls", "urls.txt", "--format", "json", "--fail-on", "broken"]) == 1  # the option wins
    capsys.readouterr()


def test_without_the_file_the_loopback_host_is_refused(project, capsys):
    assert main(["--urls", "urls.txt", "--format", "json", "--no-cache", "--retries", "0"]) == 1
    assert statuses(capsys.readouterr().out) == ["unsafe", "unsafe"]


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ("concurrency = 0", ":2: links.concurrency = 0 is not allowed: a whole number from 1 to 1024"),
        ('method = "post"', ":2: links.method = \"post\" is not allowed: 'auto', 'head' or 'get'"),
        ('fail-on = ["bogus"]', ":2: links.fail-on: unknown class 'bogus'"),
    ],
)
def test_a_value_out_of_range_stops_the_check_and_names_file_and_line(project, capsys, table, message):
    folder, _ = project
    (folder / "jtd-evidence.toml").write_text(f"[links]\n{table}\n", encoding="utf-8")
    assert main(["--urls", "urls.txt", "--no-cache"]) == 2
    assert f"check-urls: error: {folder / 'jtd-evidence.toml'}{message}" in capsys.readouterr().err


def test_an_option_out_of_range_is_reported_as_before(project, capsys):
    assert main(["--urls", "urls.txt", "--no-cache", "--concurrency", "0"]) == 2
    assert "link-check option concurrency=0 is not allowed" in capsys.readouterr().err


def test_exclude_patterns_come_from_the_file_and_an_option_replaces_them(project, capsys):
    folder, site = project
    (folder / "jtd-evidence.toml").write_text(
        f'[links]\nallow-hosts = ["{site.host}"]\nretries = 0\nexclude = ["/missing$"]\n', encoding="utf-8"
    )
    assert main(["--urls", "urls.txt", "--format", "json", "--no-cache"]) == 0
    assert statuses(capsys.readouterr().out) == ["excluded", "ok"]
    assert main(["--urls", "urls.txt", "--format", "json", "--no-cache", "--exclude", "/ok$"]) == 1
    assert statuses(capsys.readouterr().out) == ["broken", "excluded"]
    (folder / "jtd-evidence.toml").write_text('[links]\nexclude = ["(unclosed"]\n', encoding="utf-8")
    assert main(["--urls", "urls.txt", "--no-cache"]) == 2
    assert f"{folder / 'jtd-evidence.toml'}:2: links.exclude" in capsys.readouterr().err
