"""biber's own data-model check (``biber --tool --validate-datamodel``, no configuration) on what we
ship and export: silent on the BibLaTeX export; on the shipped BibTeX file, only the project's
documented ``jtd-*`` fields. Skipped where biber is not installed (CI installs Debian's ``biber``)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

import jtd_evidence
from jtd_evidence.formats import dumps, loads
from jtd_evidence.models import Entry, Person

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(shutil.which("biber") is None, reason="biber is not installed")

_AUTHOR = (Person(family="Firmin", given="C."),)

# The kinds of work whose BibLaTeX types have mandatory fields the entry may not have.
EDGES = [
    Entry(key="r1", type="report", authors=_AUTHOR, title="R", year=2020, publisher="Home Office"),
    Entry(key="r2", type="report", authors=_AUTHOR, title="R", year=2020, genre="Evaluation report",
          publisher="NSPCC", source="Firmin, C. (2020). R. NSPCC.", statements=("LC3",)),
    Entry(key="r3", type="report", authors=_AUTHOR, title="R", year=2020, genre="Briefing",
          url="https://example.org/r3.pdf", statements=("WC1", "BB2")),
    Entry(key="r4", type="report", authors=_AUTHOR, title="R", year=2020, genre="Report", publisher="Ofsted"),
    Entry(key="t1", type="thesis", authors=_AUTHOR, title="T", year=2019, publisher="Cardiff University"),
    Entry(key="t2", type="thesis", authors=_AUTHOR, title="T", year=2019, genre="Master's thesis",
          publisher="University of Bedfordshire"),
    Entry(key="t3", type="thesis", authors=_AUTHOR, title="T", year=2019, genre="MA dissertation"),
    Entry(key="w1", type="webpage", authors=_AUTHOR, title="W", year=2021, url="https://example.org/w"),
]  # fmt: skip


def _warnings(text: str, folder: Path) -> list[str]:
    """biber's WARN and ERROR lines for a .bib file holding ``text``."""
    (folder / "check.bib").write_text(text, encoding="utf-8")
    run = subprocess.run(
        ["biber", "--tool", "--validate-datamodel", "check.bib"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    return [line for line in (run.stdout + run.stderr).splitlines() if re.match(r"(WARN|ERROR) ", line)]


@pytest.mark.slow
def test_biber_accepts_the_biblatex_export_silently_and_the_shipped_bibtex_but_for_our_fields(tmp_path):
    entries = list(jtd_evidence.load())
    shipped = (ROOT / "bib" / "joining-the-dots.bib").read_text(encoding="utf-8")
    # one run of biber (its start-up is most of its time) for both: the shipped entries' keys prefixed
    text = (
        dumps([*entries, *EDGES], "biblatex")
        + "\n"
        + re.sub(r"^@(\w+)\{", r"@\1{shipped:", shipped, flags=re.M)
    )
    found = _warnings(text, tmp_path)
    ours = re.compile(
        r"WARN - Datamodel: Entry 'shipped:[^']+' \(check\.bib\): Field 'jtd-(statements|source)' invalid"
    )
    assert [line for line in found if not ours.match(line)] == []
    assert len(found) == sum(bool(e.statements) + bool(e.source) for e in entries)


def test_what_the_biblatex_export_says_for_the_edge_cases():
    text = dumps(EDGES, "biblatex")
    blocks = {block.split(",", 1)[0]: block for block in text.split("\n\n")}
    assert "  type = {Report}\n}" in blocks["@report{r1"]
    assert "  type = {Evaluation report}," in blocks["@report{r2"]
    assert "  keywords = {LC3},\n  annotation = {Firmin, C. (2020). R. NSPCC.}\n}" in blocks["@report{r2"]
    assert (
        "  entrysubtype = {report}," in blocks["@misc{r3"] and "keywords = {BB2, WC1}" in blocks["@misc{r3"]
    )
    assert "  type = {Master's thesis}\n}" in blocks["@thesis{t2"]
    assert "  type = {phdthesis}\n}" in blocks["@thesis{t1"]
    assert "  entrysubtype = {thesis}\n}" in blocks["@misc{t3"]
    assert "jtd-" not in text
    back = {entry.key: entry for entry in loads(text)}
    assert back["r3"].type.value == "report" and back["r3"].statements == ("BB2", "WC1")
    assert back["t3"].genre == "MA dissertation" and back["t2"].genre == "Master's thesis"
    assert back["r1"].genre is None and back["r4"].genre is None  # "Report" is what every @report says
    assert back["r2"].source is None and dict(back["r2"].extra_fields)["annotation"].startswith("Firmin")
