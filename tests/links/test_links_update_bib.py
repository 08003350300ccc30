"""`check-urls --update-bib` sets urldate on someone's own .bib without touching anything else,
and refuses a generated base, where the dates would be lost (local servers only)."""

from __future__ import annotations

import datetime as dt
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from commands import check_urls as main

from jtd_evidence.store import read_bib

ROOT = Path(__file__).resolve().parents[2]


def run(argv, site, capsys):
    code = main([*argv, "--allow-host", site.host, "--no-cache", "--retries", "0", "--format", "json"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def user_bib(site):
    return (
        "% My list: links checked before each briefing\n"
        '@string{hub = "Bristol hub"}\n'
        "@comment{jabref-meta: databaseType:bibtex;}\n"
        "\n"
        "@online{good2020,\n"
        '    title = "Good page",\n'
        "    year = 2020,\n"
        "    organization = hub,\n"
        f'    url = "{site.url("/ok")}"\n'
        "}\n"
        "@misc{dead2019, title = {Dead page}, year = {2019}, url = {" + site.url("/missing") + "}}\n"
        "@misc{old2018,\n"
        "  title = {Old page},\n"
        f"  url = {{{site.url('/ok')}}},\n"
        "  urldate = {2018-01-02},\n"
        "}\n"
    )


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_update_bib_changes_only_the_urldate_fields(site, capsys, tmp_path, newline):
    text = user_bib(site).replace("\n", newline)
    bib = tmp_path / "mine.bib"
    bib.write_bytes(text.encode("utf-8"))
    code, _, err = run([str(bib), "--update-bib"], site, capsys)
    assert code == 1  # the dead link
    today = dt.datetime.now(dt.UTC).date().isoformat()
    expected = text.replace(
        f'"{site.url("/ok")}"{newline}}}',
        f'"{site.url("/ok")}",{newline}    urldate = "{today}"{newline}}}',
    ).replace("urldate = {2018-01-02}", f"urldate = {{{today}}}")
    assert bib.read_bytes() == expected.encode("utf-8")
    assert "urldate set to" in err and "on 2 entries" in err
    entries = {e.key: e for e in read_bib(bib)}
    assert entries["good2020"].extra_fields == (("organization", "Bristol hub"),)  # still the macro


def test_update_bib_refuses_a_generated_base_before_checking_any_link(site, capsys, tmp_path):
    shutil.copytree(ROOT / "bib", tmp_path / "bib")
    bib = tmp_path / "bib" / "joining-the-dots.bib"
    before = bib.read_bytes()
    code, out, err = run([str(bib), "--update-bib"], site, capsys)
    assert code == 2 and out == ""
    assert "regenerated from" in err and "joining-the-dots-evidence.md" in err
    assert "Accessed:" in err and "a .bib file of your own" in err
    assert bib.read_bytes() == before
    assert sum(site.hits.values()) == 0


def test_update_bib_refuses_a_link_to_a_generated_base(site, capsys, tmp_path):
    shutil.copytree(ROOT / "bib", tmp_path / "bib")
    link = tmp_path / "linked.bib"
    link.symlink_to(tmp_path / "bib" / "joining-the-dots.bib")
    code, _, err = run([str(link), "--update-bib"], site, capsys)
    assert code == 2 and "regenerated from" in err


def test_update_bib_killed_at_any_point_leaves_the_old_or_the_new_file(site, crash, tmp_path):
    argv = ["-m", "jtd_evidence", "check-urls", "mine.bib", "--update-bib", "--format", "json"]
    argv += ["--allow-host", site.host, "--no-cache", "--retries", "0"]
    old = user_bib(site)
    (tmp_path / "mine.bib").write_text(old, encoding="utf-8")
    total = crash.points(argv, cwd=tmp_path)
    new = (tmp_path / "mine.bib").read_text(encoding="utf-8")
    assert new != old

    def one(point):
        folder = tmp_path / f"killed-at-{point}"
        folder.mkdir()
        (folder / "mine.bib").write_text(old, encoding="utf-8")
        return folder, crash.run(argv, cwd=folder, kill_at=point)

    with ThreadPoolExecutor(max_workers=3) as pool:
        runs = list(pool.map(one, crash.sample(total, 30, seed=20261130)))
    for folder, done in runs:
        assert crash.killed(done), done.stderr
        assert (folder / "mine.bib").read_text(encoding="utf-8") in (old, new)
    # the next run in a folder where a killed run left its temporary file removes it
    left = next(folder for folder, _ in runs if len(list(folder.iterdir())) > 1)
    done = crash.run(argv, cwd=left)
    assert done.returncode == 1, done.stderr  # the dead link
    assert [p.name for p in left.iterdir()] == ["mine.bib"]
    assert (left / "mine.bib").read_text(encoding="utf-8") == new
