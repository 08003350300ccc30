"""The reading lists as a site: the index groups statements under principles with their
numbers of works and the build date; every page links back to the index and shows the date; a
statement's page names it once; one bibliography lists every work once; the coverage page draws
its charts the same way every time and gives their numbers in tables."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from samples import BUILD_EPOCH as EPOCH

import jtd_evidence
from jtd_evidence.exceptions import JTDError
from jtd_evidence.links.cache import LinkCache
from jtd_evidence.links.types import LinkResult, LinkStatus
from jtd_evidence.reading_lists import locale_name, reading_list, style_label
from jtd_evidence.reading_lists._page import build_date
from jtd_evidence.reading_lists.build import BuildPlan, build_reading_lists
from jtd_evidence.reading_lists.coverage import coverage, coverage_html, link_health
from jtd_evidence.reading_lists.writers import to_html, to_markdown, to_text

BASE = jtd_evidence.load()
DAY = "28 May 2026"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real base in Harvard, as Markdown, HTML and text (the date: SOURCE_DATE_EPOCH)."""
    out = tmp_path_factory.mktemp("site") / "reading-lists"
    build_reading_lists(
        BASE, out, BuildPlan(styles=("harvard",), formats=("md", "html", "txt"), link_cache=None)
    )
    return out


def test_the_build_date_is_source_date_epoch_or_today(monkeypatch):
    assert build_date() == date(2026, 5, 28)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert abs((build_date() - date.today()).days) <= 1
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(JTDError, match="SOURCE_DATE_EPOCH='yesterday' is not a time"):
        build_date()


def test_style_and_locale_read_as_words():
    assert style_label("harvard", "en-GB") == "Harvard (Cite Them Right), UK English"
    assert style_label("apa", "en-US") == "APA 7th edition, US English"
    assert locale_name("fr-FR") == "French (fr-FR)"


def test_the_bibliography_lists_every_work_once_and_the_grouped_list_each_under_its_statements(site):
    # 62 items for 59 works: two works stand under more than one statement (2 + 3 places)
    assert sum(len(BASE.statements_of(e.key)) for e in BASE) == len(BASE) + 3
    grouped = (site / "harvard-en-GB" / "all.md").read_text(encoding="utf-8")
    assert grouped.count("\n- ") == len(BASE) + 3
    once = (site / "harvard-en-GB" / "bibliography.md").read_text(encoding="utf-8")
    items = [line for line in once.splitlines() if line.startswith("- ")]
    assert len(items) == len(set(items)) == len(BASE)
    rl = reading_list(BASE, group_by="work", statements=["BB3", "WC2"])
    assert (
        len(rl.keys) == len({*rl.keys}) == len({e.key for s in ("BB3", "WC2") for e in BASE.for_statement(s)})
    )
    assert [s.heading for s in rl.sections] == [rl.title]


@pytest.mark.parametrize("name", ["WC2", "BB", "bibliography"])
def test_a_page_names_its_list_once_links_the_index_and_shows_the_date(site, name):
    folder = site / "harvard-en-GB"
    title = reading_list(BASE, statements=["WC2"]).title if name == "WC2" else None
    md = (folder / f"{name}.md").read_text(encoding="utf-8")
    page = (folder / f"{name}.html").read_text(encoding="utf-8")
    text = (folder / f"{name}.txt").read_text(encoding="utf-8")
    heading = md.splitlines()[0].removeprefix("# ")
    if title:
        assert heading == title
    for document in (md, text):
        assert document.count(heading) == 1, document[:300]
        assert DAY in document and "index." in document
    assert "[All reading lists](../index.md)" in md
    assert page.count("<h1>") == 1 and page.count(f">{heading}<") == 1
    assert '<nav aria-label="Reading lists"><a href="../index.html">All reading lists</a>' in page
    assert '<a href="../coverage.html">' in page
    assert f'<time datetime="2026-05-28">{DAY}</time>' in page
    assert "Harvard (Cite Them Right) style, UK English." in page


def test_a_list_outside_a_site_has_no_navigation():
    rl = reading_list(BASE, statements=["LC4"], group_by="statement")
    assert "<nav" not in to_html(rl) and "index" not in to_markdown(rl) + to_text(rl)


def test_the_index_nests_statements_under_principles_with_counts_and_the_date(site):
    md = (site / "index.md").read_text(encoding="utf-8")
    page = (site / "index.html").read_text(encoding="utf-8")
    assert f"59 works in the evidence base. Built {DAY}." in md
    assert "## Harvard (Cite Them Right), UK English" in md and "(en-GB)" not in md
    assert (
        f"- Every work once, A to Z (bibliography) ({len(BASE)} works): [Markdown](harvard-en-GB/bibliography.md)"
        in md
    )
    headings = re.findall(r"^### (.+)$", md, re.M)
    assert headings == [
        f"{p} ({len(BASE.for_principle(p[:2]))} works)"
        for p in (
            "BB Bridging Boundaries",
            "LC Leading with Care",
            "WC Working with Complexity, Curiosity and Uncertainty",
        )
    ]
    wc = md[md.index("### WC ") :]
    assert (
        f"- WC2 Local approaches respond to locally evidenced context ({len(BASE.for_statement('WC2'))} works):"
        in wc
    )
    assert page.count("<h1>") == 1 and "<nav " in page and 'aria-current="page"' in page
    assert re.findall(r"<h3 id=\"harvard-en-GB-(\w+)\"", page) == ["bb", "lc", "wc"]
    assert f'<time datetime="2026-05-28">{DAY}</time>' in page


def _cache_with(path: Path, urls: list[str]) -> Path:
    cache = LinkCache(path, 3600)
    for url in urls:
        cache.put(LinkResult(url, LinkStatus.OK, http_status=200))
    cache.save()
    return path


def test_link_health_counts_the_links_the_cache_holds_as_healthy(tmp_path):
    unchecked = link_health(BASE, tmp_path / "none.json")
    assert not unchecked.checked and unchecked.total_healthy == 0 and unchecked.total > 50
    wc2 = [e.url for e in BASE.for_statement("WC2") if e.url]
    health = link_health(BASE, _cache_with(tmp_path / "links.json", wc2[:2]))
    assert health.checked and health.total_healthy == 2
    assert health.healthy["WC2"] == 2 and health.links["WC2"] >= 2
    page = coverage_html(coverage(BASE, 2026, link_cache=tmp_path / "links.json"), date(2026, 5, 28))
    assert f"2 of {health.total} links" in page
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    broken = link_health(BASE, tmp_path / "bad.json")
    assert broken.checked and broken.total_healthy == 0 and "not valid JSON" in broken.note


def test_the_coverage_page_charts_with_tables_beside_them(site):
    page = (site / "coverage.html").read_text(encoding="utf-8")
    assert page.count("<h1>") == 1 and page.count("<svg ") == 3 and page.count("<table>") == 3
    assert page.count("<figure>") == 3 and page.count('role="img"') == 3
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))  # three charts in one page, no id twice
    for ref in set(re.findall(r'xlink:href="#([^"]+)"|url\(#([^)]+)\)', page)):
        assert any(r in ids for r in ref if r)
    assert "<dc:date>" not in page and "not been checked" in page
    # thin and old statements are named in the charts and the tables
    stats = coverage(BASE, 2026).stats["per_statement"]
    thin = [sid for sid, row in stats.items() if "thin" in row["flags"]]
    assert thin and all(f"{sid} (thin" in page for sid in thin)
    for kind in ("peer-reviewed article", "report", "web page", "book"):  # book: none yet, still a column
        assert f">{kind}</th>" in page


@pytest.mark.slow
def test_the_coverage_page_is_the_same_bytes_in_two_processes(tmp_path):
    script = (
        "import sys, jtd_evidence\n"
        "from datetime import date\n"
        "from jtd_evidence.reading_lists.coverage import coverage, coverage_html\n"
        "cov = coverage(jtd_evidence.load(), 2026)\n"
        "sys.stdout.write(coverage_html(cov, date(2026, 5, 28)))\n"
    )
    started = [  # at the same time: each has its own hash seed either way
        subprocess.Popen(
            [sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    runs = []
    for child in started:
        out, err = child.communicate(timeout=300)
        assert child.returncode == 0, err
        runs.append(out)
    assert runs[0] == runs[1] and runs[0].count("<svg ") == 3
    assert runs[0] == coverage_html(coverage(BASE, 2026), date(2026, 5, 28))  # and in this one


def test_a_rebuild_the_same_day_reuses_the_coverage_page(site, monkeypatch, tmp_path):
    import jtd_evidence.reading_lists.build as build_module

    drawn = []
    monkeypatch.setattr(build_module, "coverage_html", lambda *a, **k: drawn.append(1) or "x")
    out = tmp_path / "lists"
    shutil.copytree(site, out)
    build_reading_lists(
        BASE, out, BuildPlan(styles=("harvard",), formats=("md",), link_cache=None, replace=False)
    )
    assert drawn == []
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH + 86400))
    build_reading_lists(
        BASE, out, BuildPlan(styles=("harvard",), formats=("md",), link_cache=None, replace=False)
    )
    assert drawn == [1]


def test_stats_html_writes_the_coverage_page_on_its_own(tmp_path, capsys, monkeypatch):
    from jtd_evidence.cli import main

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # no link-check cache there
    target = tmp_path / "coverage.html"
    assert main(["stats", "--html", str(target), "--as-of", "2026", "--json"]) == 1  # thin or old: 1
    captured = capsys.readouterr()
    assert captured.out.lstrip().startswith("{") and f"wrote the coverage page to {target}" in captured.err
    page = target.read_text(encoding="utf-8")
    assert page.count("<svg ") == 3 and "<nav" not in page and f"{DAY}</time>" in page
    assert "not been checked" in page
    assert main(["stats", "--html", str(target / "x.html")]) == 2  # under a file: one clear line
    err = capsys.readouterr().err
    assert str(target) in err and "Traceback" not in err


def test_the_configured_link_cache_is_read(tmp_path, monkeypatch):
    from jtd_evidence.reading_lists.coverage import configured_link_cache

    cache = _cache_with(tmp_path / "checks" / "links.json", [next(e.url for e in BASE if e.url)])
    config = tmp_path / "jtd-evidence.toml"
    config.write_text('[links]\ncache = "checks/links.json"\n', encoding="utf-8")
    monkeypatch.setenv("JTD_CONFIG", str(config))
    assert configured_link_cache() == cache
    monkeypatch.setenv("JTD_CONFIG", "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert configured_link_cache() == tmp_path / "xdg" / "jtd-evidence" / "links.json"
