"""``jtd-evidence verify`` end to end against the local registry stand-in: the shipped base,
planted mismatches, every report format, exit codes, --offline, and --fix/--write on a plain
.bib and on a base generated from source lists."""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from commands import verify as main
from registry_samples import crossref_work
from registry_server import FakeRegistries, running

from jtd_evidence.cli import main as jtd_main
from jtd_evidence.models import Entry, EntryType
from jtd_evidence.regenerate import regenerate
from jtd_evidence.store import read_bib
from jtd_evidence.store.edit import rewrite_bib

ROOT = Path(__file__).resolve().parents[2]
BASE = ROOT / "bib" / "joining-the-dots.bib"
ARTICLES = [e for e in read_bib(BASE) if e.type is EntryType.ARTICLE_JOURNAL]


def record_of(entry: Entry, doi: str, **changes: object) -> dict[str, object]:
    """A Crossref work agreeing with ``entry`` (written from the entry itself, not from any registry)."""
    fields = {
        "container": entry.container_title,
        "volume": entry.volume,
        "issue": entry.issue,
        "page": entry.pages,
    } | changes
    title = str(fields.pop("title", entry.title))
    year = int(fields.pop("year", entry.year or 2000))  # type: ignore[call-overload]
    return crossref_work(doi, title, [p.full_family for p in entry.authors], year, **fields)  # type: ignore[arg-type]


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeRegistries]:
    monkeypatch.delenv("JTD_MAILTO", raising=False)
    registries = FakeRegistries()
    for number, entry in enumerate(ARTICLES):
        registries.add_crossref(record_of(entry, entry.doi or f"10.5555/jtd.{number}"))
    # Firmin 2017 is cited as a programme report with the journal's name pasted into its title
    registries.add_crossref(
        crossref_work(
            "10.5555/car.2017.firmin",
            "Contextualised risk, individualised responses: An assessment of safeguarding responses to "
            "nine cases of peer-on-peer abuse",
            ["Firmin"],
            2017,
            container="Child Abuse Review",
        )
    )
    with running(registries) as server:
        yield server


def run(fake: FakeRegistries, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(
        [
            *args,
            "--crossref-url",
            fake.crossref_url,
            "--openalex-url",
            fake.openalex_url,
            "--rate",
            "200",
            "--no-progress",
            "--mailto",
            "tests@example.org",
        ]
    )
    out, err = capsys.readouterr()
    return status, out, err


def test_the_shipped_base_finds_each_articles_doi_and_no_fault_in_grey_literature(
    fake: FakeRegistries, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, out, _ = run(fake, str(BASE), "--json", "--cache", str(tmp_path / "c.json"), capsys=capsys)
    report = json.loads(out)
    verdicts = {r["key"]: r for r in report["results"]}
    for entry in ARTICLES:
        row = verdicts[str(entry.key)]
        if entry.doi:
            assert row["verdict"] == "confirmed", row
        else:
            assert row["verdict"] == "doi-found", row
            assert row["fixes"][0]["field"] == "doi"
    firmin = verdicts["firmin2017child"]
    assert firmin["verdict"] == "mismatch"
    assert {d["field"] for d in firmin["differences"]} == {"title", "type"}
    others = [
        r for key, r in verdicts.items() if key not in {str(e.key) for e in ARTICLES} | {"firmin2017child"}
    ]
    assert {r["verdict"] for r in others} == {"not-found"}
    assert all(r["error_kind"] is None for r in others)
    assert status == 1  # the Firmin mismatch
    assert report["summary"]["doi-found"] == 5


def test_a_planted_year_and_title_mismatch_is_flagged_and_exits_1(
    fake: FakeRegistries, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = BASE.read_text(encoding="utf-8")
    bib = tmp_path / "planted.bib"
    franklin = next(e for e in ARTICLES if e.key == "franklin2018use")
    wroe = next(e for e in ARTICLES if e.key == "wroe2021young")
    planted = rewrite_bib(
        text,
        [
            e.model_copy(update={"year": 2016})
            if e.key == franklin.key
            else e.model_copy(update={"title": "Young people and county lines: a social account"})
            if e.key == wroe.key
            else e
            for e in read_bib(BASE)
        ],
    )
    bib.write_text(planted, encoding="utf-8")
    status, out, _ = run(
        fake, str(bib), "--format", "csv", "--no-cache", "--no-openalex", "--year-window", "3", capsys=capsys
    )
    rows = {row["key"]: row for row in csv.DictReader(io.StringIO(out))}
    assert status == 1
    assert rows["franklin2018use"]["verdict"] == "mismatch"
    assert rows["franklin2018use"]["differences"].startswith("year: 2016 | 2018")
    assert rows["wroe2021young"]["verdict"] == "mismatch"
    assert rows["wroe2021young"]["differences"].startswith("title: ")


def test_every_report_format_and_the_offline_rerun(
    fake: FakeRegistries, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    cache = str(tmp_path / "cache.json")
    html, md = tmp_path / "r.html", tmp_path / "r.md"
    status, out, _ = run(
        fake,
        str(BASE),
        "--cache",
        cache,
        "--report",
        f"html={html}",
        "--report",
        f"markdown={md}",
        capsys=capsys,
    )
    assert status == 1
    assert "mismatch" in out and "firmin2017child" in out and "entries checked" in out
    assert '<td class="mismatch">mismatch</td>' in html.read_text()
    assert "| firmin2017child | mismatch |" in md.read_text()
    asked = len(fake.seen)
    status, out, _ = run(fake, str(BASE), "--cache", cache, "--offline", "--json", capsys=capsys)
    assert len(fake.seen) == asked  # nothing asked
    assert status == 1
    assert all(r["cached"] for r in json.loads(out)["results"])


def test_the_command_is_registered_with_the_cli(
    fake: FakeRegistries, capsys: pytest.CaptureFixture[str]
) -> None:
    assert jtd_main(["verify", "--help"]) == 0
    assert "Crossref" in capsys.readouterr().out
    assert jtd_main(["--help"]) == 0
    assert "verify" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--write"], "--write only makes sense with --fix"),
        (["--offline", "--fresh"], "contradict"),
        (["--report", "pdf=x.pdf"], "expected FORMAT=FILE"),
        (["no-such.bib"], "no such .bib file"),
    ],
)
def test_usage_errors_exit_2(
    fake: FakeRegistries, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    status, _, err = run(fake, *args, capsys=capsys)
    assert status == 2
    assert message in err
    assert not fake.seen


def test_fix_shows_a_diff_and_write_changes_only_the_fixed_fields(
    fake: FakeRegistries, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bib = tmp_path / "mine.bib"
    original = "% my own list\r\n" + BASE.read_text(encoding="utf-8").replace("\n", "\r\n")
    bib.write_bytes(original.encode())
    status, _, err = run(
        fake, str(bib), "--fix", "--no-cache", "--no-openalex", "--format", "json", capsys=capsys
    )
    assert "+  doi = {10.5555/jtd.1}" in err.replace("\r", "")
    assert "dry run: 5 fix(es) not written" in err
    assert bib.read_bytes() == original.encode()
    status, _, err = run(
        fake, str(bib), "--fix", "--write", "--no-cache", "--no-openalex", "--format", "json", capsys=capsys
    )
    assert status == 1  # the mismatch is still there: never fixed automatically
    assert "applied 5 fix(es)" in err
    after = bib.read_bytes().decode()
    assert after.startswith("% my own list\r\n")
    entries = {e.key: e for e in read_bib(bib)}
    before = {e.key: e for e in read_bib(BASE)}
    changed = {k for k in before if entries[k] != before[k]}
    assert changed == {e.key for e in ARTICLES if not e.doi}
    for key in changed:
        assert entries[key].model_copy(update={"doi": None}) == before[key]
    assert len(after.splitlines()) == len(original.splitlines()) + 5  # one doi line per fixed entry
    kept = [line for line in original.splitlines() if line not in after.splitlines()]
    assert all(line.rstrip().endswith("}") for line in kept)  # only a last field gains its comma


def test_write_on_a_generated_base_goes_through_its_source_lists(
    fake: FakeRegistries, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    shutil.copytree(ROOT / "bib", tmp_path / "bib")
    bib = tmp_path / "bib" / "joining-the-dots.bib"
    source = tmp_path / "bib" / "source" / "joining-the-dots-evidence.md"
    status, _, err = run(
        fake, str(bib), "--fix", "--write", "--no-cache", "--no-openalex", "--format", "json", capsys=capsys
    )
    assert status == 1
    assert "applied 5 fix(es)" in err, err
    assert "https://doi.org/10.5555/jtd." in source.read_text()
    fixed = {e.key: e for e in read_bib(bib)}
    for entry in ARTICLES:
        assert fixed[entry.key].doi is not None
    assert not regenerate(source, bib, check=True).changed  # the .bib is what its sources give


def test_the_mailto_comes_from_the_environment_or_the_config_file(
    fake: FakeRegistries, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "jtd-evidence.toml"
    config.write_text('[verify]\nmailto = "file@example.org"\n')
    monkeypatch.setenv("JTD_CONFIG", str(config))
    base = [
        "--no-cache",
        "--crossref-url",
        fake.crossref_url,
        "--no-openalex",
        "--statement",
        "BB2",
        "--json",
    ]
    assert main([str(BASE), *base]) == 0
    assert fake.seen[-1].query["mailto"] == "file@example.org"
    monkeypatch.setenv("JTD_MAILTO", "env@example.org")
    assert main([str(BASE), *base]) == 0
    assert fake.seen[-1].query["mailto"] == "env@example.org"
    capsys.readouterr()


def test_an_unknown_report_format_is_a_named_error_listing_the_known_ones():
    from jtd_evidence.exceptions import JTDError, UnknownReportFormatError
    from jtd_evidence.verify.reporters import render

    with pytest.raises(
        UnknownReportFormatError, match=r"unknown report format 'nope'; known: csv, html"
    ) as caught:
        render("nope", [])
    assert isinstance(caught.value, JTDError) and caught.value.name == "nope"
