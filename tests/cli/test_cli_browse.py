import json
import subprocess
import sys
from pathlib import Path

import pytest
from commands import run

ROOT = Path(__file__).resolve().parents[2]


def test_help_shows_commands_and_examples(capsys):
    status, out, _ = run(capsys, "--help")
    assert status == 0
    for command in ("list", "show", "stats", "parse", "lint", "check-urls"):
        assert command in out
    assert "examples:" in out


@pytest.mark.parametrize("command", ["list", "show", "stats", "parse", "lint"])
def test_every_subcommand_help_has_an_example(capsys, command):
    status, out, _ = run(capsys, command, "--help")
    assert status == 0
    assert "examples:" in out and f"jtd-evidence {command}" in out


def test_list_by_statement_json(capsys):
    status, out, _ = run(capsys, "list", "--statement", "LC3", "--json")
    assert status == 0
    rows = json.loads(out)
    assert len(rows) == 7
    assert {"key", "year", "authors", "title", "type", "statements"} == set(rows[0])
    assert all("LC3" in r["statements"] for r in rows)


def test_list_filters_combine(capsys):
    status, out, _ = run(capsys, "list", "--author", "godar", "--year", "2021", "--json")
    assert [r["key"] for r in json.loads(out)] == ["godar2021power", "godar2021using"]
    status, out, _ = run(capsys, "list", "--principle", "WC", "--type", "article-journal", "--json")
    assert status == 0 and {r["key"] for r in json.loads(out)} == {
        "franklin2018use",
        "wroe2020watching",
        "wroe2021young",
    }


def test_list_table_shows_keys_and_count(capsys):
    status, out, _ = run(capsys, "list", "--statement", "WC2")
    assert status == 0
    assert "3 works" in out and "hurst2021place" in out


def test_unknown_statement_is_a_usage_error_naming_the_closest(capsys):
    status, _, err = run(capsys, "list", "--statement", "Language is clear")
    assert status == 2
    assert "LC4" in err


def test_bad_option_is_a_usage_error(capsys):
    status, _, err = run(capsys, "list", "--colour")
    assert status == 2
    assert "--help" in err


def test_show_json_and_bibtex(capsys):
    status, out, _ = run(capsys, "show", "hurst2021place", "--json")
    data = json.loads(out)
    assert (
        status == 0 and data["statements"] == ["BB3", "WC2"] and data["authors"][1]["family"] == "Fairgrieves"
    )
    status, out, _ = run(capsys, "show", "hurst2021place", "--bibtex")
    assert out.startswith("@techreport{hurst2021place,")


def test_show_unknown_key(capsys):
    status, _, err = run(capsys, "show", "hurst2021plac")
    assert status == 2 and "hurst2021place" in err


def test_stats_json_flags_thin_and_old(capsys):
    status, out, _ = run(capsys, "stats", "--json", "--as-of", "2026", "--thin", "4", "--old-years", "6")
    data = json.loads(out)
    assert data["works"] == 59
    assert data["per_principle"] == {"BB": 21, "LC": 22, "WC": 18}
    assert data["per_statement"]["WC2"]["works"] == 3
    assert "thin" in data["per_statement"]["WC2"]["flags"]
    assert data["per_statement"]["LC1"]["flags"] == ["old"]  # median 2018.5 < 2020
    assert data["per_type"] == {"article-journal": 6, "report": 49, "webpage": 4}
    assert status == 1


def test_stats_is_deterministic(capsys):
    first = run(capsys, "stats", "--json", "--as-of", "2026")[1]
    assert run(capsys, "stats", "--json", "--as-of", "2026")[1] == first


def test_python_dash_m_is_the_same_command():
    done = subprocess.run(
        [sys.executable, "-m", "jtd_evidence", "list", "--statement", "WC2", "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0
    assert len(json.loads(done.stdout)) == 3


@pytest.mark.parametrize("command", ["check-urls", "reading-list"])
def test_delegated_commands_are_reachable(capsys, command):
    status, out, _ = run(capsys, command, "--help")
    assert status == 0
    assert f"jtd-evidence {command}" in out and "example" in out.lower()
