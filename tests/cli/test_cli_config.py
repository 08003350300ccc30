"""The configuration file: found in the working folder or a parent (or pyproject.toml), shown by
``jtd-evidence config`` with where each value came from, used by the commands, strict about keys."""

import json
from pathlib import Path

import pytest
from commands import run
from samples import two_works

from jtd_evidence.config import KEYS, find_config, load_settings
from jtd_evidence.exceptions import ConfigError
from jtd_evidence.store import write_bib


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A project folder with a sub-folder the commands run in; no JTD_* variables."""
    for name in ("JTD_CONFIG", "JTD_MAILTO"):
        monkeypatch.delenv(name, raising=False)
    work = tmp_path / "project" / "sub"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    return tmp_path / "project"


def settings_json(capsys):
    status, out, err = run(capsys, "config", "--json")
    assert status == 0, err
    return json.loads(out)


def test_without_a_file_every_key_has_its_built_in_default(home, capsys):
    data = settings_json(capsys)
    assert data["file"] is None
    assert set(data["settings"]) == set(KEYS)
    assert {s["source"] for s in data["settings"].values()} == {"default"}
    assert data["settings"]["links.concurrency"]["value"] == 16  # the link checker's own default
    assert data["settings"]["style"]["value"] == ["harvard", "apa"]
    status, out, _ = run(capsys, "config")
    assert status == 0 and "no configuration file" in out and str(Path.cwd()) in out


def test_the_file_in_a_parent_folder_is_used_with_lines_and_paths_from_its_folder(home, capsys):
    (home / "jtd-evidence.toml").write_text(
        '# defaults for this project\nbib = "bib/mine.bib"\nstyle = "apa"\n\n[links]\n'
        'exclude = [\n  "^https://example\\\\.org/",\n]\ntimeout = 5\n\n[verify]\nmailto = "me@example.org"\n',
        encoding="utf-8",
    )
    data = settings_json(capsys)
    settings = data["settings"]
    where = str(home / "jtd-evidence.toml")
    assert data["file"] == where
    assert settings["bib"] == {"value": str(home / "bib" / "mine.bib"), "source": f"{where}:2"}
    assert settings["style"] == {"value": ["apa"], "source": f"{where}:3"}
    assert settings["links.exclude"] == {"value": ["^https://example\\.org/"], "source": f"{where}:6"}
    assert settings["links.timeout"] == {"value": 5.0, "source": f"{where}:9"}
    assert settings["verify.mailto"]["source"] == f"{where}:12"
    assert settings["locale"]["source"] == "default"
    status, out, _ = run(capsys, "config")
    assert status == 0
    assert "links.timeout         = 5.0" in out and f"# {where}:9" in out


def test_pyproject_table_and_which_file_wins(home, capsys):
    pyproject = home / "pyproject.toml"
    pyproject.write_text(
        '[project]\nname = "x"\n\n[tool.jtd-evidence]\nlocale = ["en-US"]\n\n'
        "[tool.jtd-evidence.links]\nper-host = 4\n",
        encoding="utf-8",
    )
    settings = settings_json(capsys)["settings"]
    assert settings["locale"] == {"value": ["en-US"], "source": f"{pyproject}:5"}
    assert settings["links.per-host"] == {"value": 4, "source": f"{pyproject}:8"}
    # a pyproject.toml nearer without the table is passed over
    (home / "sub" / "pyproject.toml").write_text('[project]\nname = "y"\n', encoding="utf-8")
    assert find_config() == pyproject
    # a jtd-evidence.toml beside it wins
    (home / "jtd-evidence.toml").write_text('locale = "en-GB"\n', encoding="utf-8")
    assert find_config() == home / "jtd-evidence.toml"


def test_environment_over_file_and_jtd_config(home, capsys, monkeypatch):
    (home / "jtd-evidence.toml").write_text('[verify]\nmailto = "file@example.org"\n', encoding="utf-8")
    monkeypatch.setenv("JTD_MAILTO", "env@example.org")
    assert settings_json(capsys)["settings"]["verify.mailto"] == {
        "value": "env@example.org",
        "source": "env JTD_MAILTO",
    }
    other = home / "elsewhere.toml"
    other.write_text("[links]\nretries = 0\n", encoding="utf-8")
    monkeypatch.setenv("JTD_CONFIG", str(other))
    assert settings_json(capsys)["settings"]["links.retries"] == {"value": 0, "source": f"{other}:2"}
    monkeypatch.setenv("JTD_CONFIG", "")
    assert settings_json(capsys)["file"] is None
    monkeypatch.setenv("JTD_CONFIG", str(home / "missing.toml"))
    status, _, err = run(capsys, "config")
    assert status == 2 and "JTD_CONFIG" in err and "missing.toml" in err


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "style = 'apa'\n[links]\ntimout = 5\n",
            ":3: unknown key 'links.timout' (closest known key: 'links.timeout')",
        ),
        ("timeout = 5\n", ":1: unknown key 'timeout' (closest known key: 'links.timeout')"),
        ("[link]\nretries = 1\n", ":1: unknown table [link] (closest known table: 'links')"),
        ("[links]\nretries = '1'\n", ':2: links.retries = "1" is not allowed: expected a valid integer'),
        (
            "[links]\nallow-private = 1\n",
            ":2: links.allow-private = 1 is not allowed: expected a valid boolean",
        ),
        ("links = 3\n", ":1: links must be a table, [links]"),
        (
            "[links]\nconcurrency = 0\n",
            ":2: links.concurrency = 0 is not allowed: a whole number from 1 to 1024",
        ),
        ("style = [\n", ": not valid TOML"),
    ],
)
def test_a_file_that_cannot_be_used_is_an_error_naming_file_line_and_key(home, capsys, text, message):
    (home / "jtd-evidence.toml").write_text(text, encoding="utf-8")
    # limits of the link checker are checked where they are used: by config and check-urls
    commands = (
        (["config"], ["check-urls", "--urls", "x.txt"]) if "concurrency" in text else (["config"], ["list"])
    )
    for command in commands:
        status, out, err = run(capsys, *command)
        assert status == 2 and not out, command
        assert f"{home / 'jtd-evidence.toml'}{message}" in err and "Traceback" not in err, (command, err)


def test_a_broken_file_does_not_stop_commands_that_have_no_settings(home, capsys):
    (home / "jtd-evidence.toml").write_text("nonsense = 1\n", encoding="utf-8")
    refs = home / "refs.txt"
    refs.write_text("Smith, J. (2020). *A title*. Press.\n", encoding="utf-8")
    assert run(capsys, "parse", refs)[0] == 0


def test_the_base_path_is_every_command_s_default_and_an_option_wins(home, capsys):
    mine = home / "bib" / "mine.bib"
    mine.parent.mkdir()
    write_bib(list(two_works()), mine)
    (home / "jtd-evidence.toml").write_text('bib = "bib/mine.bib"\n', encoding="utf-8")
    status, out, _ = run(capsys, "list", "--json")
    assert status == 0 and sorted(r["key"] for r in json.loads(out)) == ["hill2021", "lee2020"]
    assert run(capsys, "show", "hill2021", "--json")[0] == 0
    status, out, _ = run(capsys, "validate")
    assert status == 0 and "mine.bib: 2 valid entries" in out
    status, out, _ = run(capsys, "lint", "--json")
    assert json.loads(out)["file"].endswith("mine.bib")
    other = home / "other.bib"
    write_bib([two_works().get("lee2020")], other)
    status, out, _ = run(capsys, "list", "--json", "--bib", other)
    assert [r["key"] for r in json.loads(out)] == ["lee2020"]
    refs = home / "refs.txt"
    refs.write_text("Smith, J. (2020). *A title*. Press.\n", encoding="utf-8")
    status, _, err = run(capsys, "add", "--statement", "WC2", refs)
    assert status == 0, err
    assert "smith2020" in mine.read_text(encoding="utf-8")


def test_settings_keep_file_values_apart_from_defaults(home):
    (home / "jtd-evidence.toml").write_text("[links]\nfail-on = 'broken'\n", encoding="utf-8")
    settings = load_settings()
    assert settings["links.fail-on"].value == ["broken"]
    assert settings["links.cache-ttl"].source == "default"
    with pytest.raises(ConfigError, match=r"closest known key: 'links\.cache'"):
        settings["links.cach"]


def test_the_readme_example_is_a_valid_file(tmp_path, monkeypatch):
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    example = readme.split("### Settings", 1)[1].split("```toml\n", 1)[1].split("```", 1)[0]
    (tmp_path / "jtd-evidence.toml").write_text(example, encoding="utf-8")
    monkeypatch.setenv("JTD_CONFIG", str(tmp_path / "jtd-evidence.toml"))
    settings = load_settings()
    assert settings["links.exclude"].source.endswith("jtd-evidence.toml:7")
    assert settings["locale"].value == ["en-GB"]
    settings.check_options()  # the limits are in range


def test_cite_uses_the_first_configured_style_unless_one_is_given(home, capsys):
    assert run(capsys, "cite", "hurst2021place:12")[1] == "(Hurst and Fairgrieves, 2021, p. 12)\n"
    (home / "jtd-evidence.toml").write_text('style = ["apa", "harvard"]\n', encoding="utf-8")
    apa = run(capsys, "cite", "hurst2021place:12")[1]
    assert apa != "(Hurst and Fairgrieves, 2021, p. 12)\n" and "2021" in apa
    assert run(capsys, "cite", "hurst2021place:12", "--style", "harvard")[1] == (
        "(Hurst and Fairgrieves, 2021, p. 12)\n"
    )
