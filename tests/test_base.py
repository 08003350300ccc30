import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import jtd_evidence
from jtd_evidence import EvidenceBase, JTDError, UnknownEntryError, UnknownStatementError
from jtd_evidence.models import Entry, Person

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def base():
    return jtd_evidence.load()


def test_load_defaults_to_the_shipped_bib(base):
    assert len(base) == 59
    assert base.source.endswith("joining-the-dots.bib")
    assert [e.key for e in base] == sorted(e.key for e in base)
    assert len(base.principles) == 3 and len(base.statements) == 12


def test_lookups(base):
    assert base.get("uhlbien2017complexity").container_title == "Organizational Dynamics"
    assert base.statements_of("warrington2016making") == ("BB4", "LC1", "LC3")
    assert len(base.for_statement("LC3")) == 7
    assert base.for_statement("Responses focus on protective and safety factors") == base.for_statement("WC4")
    assert len(base.for_principle("Working with Complexity, Curiosity and Uncertainty")) == len(
        base.for_principle("wc")
    )
    assert "hurst2021place" in base and "nobody1900" not in base


def test_unknown_key_and_statement_errors_name_the_closest(base):
    with pytest.raises(UnknownEntryError, match="godar2021using"):
        base.get("godar2021usin")
    with pytest.raises(UnknownStatementError, match="LC4"):
        base.for_statement("Language is clear")


def test_search_combines_criteria(base):
    assert {e.key for e in base.search(author="godar", year=2021)} == {"godar2021power", "godar2021using"}
    assert [e.key for e in base.search("county lines", type="article-journal")] == ["wroe2021young"]
    assert all(e.type.value == "webpage" for e in base.search(type="webpage"))
    assert base.search("no such words anywhere") == ()


def test_base_is_immutable_and_needs_keys():
    entry = Entry(key="a2020x", title="X", authors=(Person(family="A"),), year=2020)
    base = EvidenceBase([entry])
    with pytest.raises(AttributeError):
        base.extra = 1
    with pytest.raises(JTDError, match="needs a key"):
        EvidenceBase([Entry(title="No key")])


def test_to_bibtex_is_the_shipped_file(base):
    assert base.to_bibtex() == (ROOT / "bib" / "joining-the-dots.bib").read_text(encoding="utf-8")


@pytest.mark.slow
def test_wheel_ships_the_evidence_base(tmp_path):
    project = tmp_path / "project"  # setuptools writes build/ and *.egg-info beside the sources
    project.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, project / name)
    shutil.copytree(ROOT / "src", project / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    backend = (
        f"from setuptools import build_meta; build_meta.build_wheel({str(tmp_path)!r})"  # as pip calls it
    )
    built = subprocess.run(
        [sys.executable, "-c", backend], cwd=project, capture_output=True, text=True, check=False
    )
    if built.returncode != 0 and "No module named" in built.stderr:
        pytest.skip(f"cannot build a wheel here: {built.stderr[-200:]}")
    assert built.returncode == 0, built.stderr
    wheel = next(tmp_path.glob("jtd_evidence-*.whl"))
    unpacked = tmp_path / "unpacked"
    with zipfile.ZipFile(wheel) as archive:
        assert "jtd_evidence/data/joining-the-dots.bib" in archive.namelist()
        assert "jtd_evidence/data/parser.crfsuite" in archive.namelist()  # the learned reader's model
        archive.extractall(unpacked)
    code = (
        "import jtd_evidence as j; b = j.load(); "
        "r = j.read_reference('Firmin, C. (2020). Contextual safeguarding. Routledge.'); "
        "assert r.confidence and r.entry.year == 2020, r; print(len(b), j.__file__)"
    )
    ran = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=tmp_path,
        env={"PYTHONPATH": str(unpacked), "PATH": "/usr/bin:/bin", "PYTHONNOUSERSITE": "1"},
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    count, location = ran.stdout.split()
    assert count == "59"
    assert location.startswith(str(unpacked))


def test_public_api_names_all_resolve():
    for name in jtd_evidence.__all__:
        assert getattr(jtd_evidence, name) is not None
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        jtd_evidence.nothing  # noqa: B018
