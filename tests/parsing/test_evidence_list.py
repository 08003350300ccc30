import os
from collections import Counter
from pathlib import Path

import pytest

from jtd_evidence.parsing.evidence_list import parse_evidence_list

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT.parent / "shared" / "seeds" / "evidence-underpinning-joining-the-dots.txt"
SOURCE = ROOT / "bib" / "source" / "joining-the-dots-evidence.md"
PER_STATEMENT = {
    "BB1": 5, "BB2": 6, "BB3": 5, "BB4": 5, "LC1": 6, "LC2": 6,
    "LC3": 7, "LC4": 4, "WC1": 4, "WC2": 3, "WC3": 3, "WC4": 8,
}  # fmt: skip
KNOWN_KINDS = {
    "blank", "comment", "preamble", "principle", "statement", "reference", "continuation",
    "prose", "header", "caption", "contact", "ornament", "warning",
}  # fmt: skip


def seed_text() -> str:
    if not SEED.exists():
        if os.environ.get("CI"):
            pytest.fail(f"the seed document is missing in CI: {SEED}")
        pytest.skip(f"seed document not present at {SEED}")
    return SEED.read_text(encoding="utf-8")


def check_evidence(result, text):
    lines = text.splitlines()
    assert [line.number for line in result.lines] == list(range(1, len(lines) + 1))
    assert {line.kind for line in result.lines} <= KNOWN_KINDS
    references = [line for line in result.lines if line.kind == "reference"]
    assert len(references) == 62
    assert len(result.entries) == 59
    assert result.works_per_statement() == PER_STATEMENT
    for occurrence in result.occurrences:
        assert occurrence.statement in result.entries[occurrence.entry_index].statements
    assert not [w for w in result.warnings if w.kind in ("unparsed", "unrecognised", "unknown-heading")]
    kinds = Counter(w.kind for w in result.warnings)
    assert kinds["title-variant"] == 1
    assert kinds["data-quality"] == 4


def test_full_seed_document():
    text = seed_text()
    result = parse_evidence_list(text)
    check_evidence(result, text)
    making_noise = [e for e in result.entries if e.title.startswith("Making Noise")]
    assert len(making_noise) == 1
    assert making_noise[0].statements == ("BB4", "LC1", "LC3")
    godar_2021 = sorted(
        e.title for e in result.entries if e.authors[:1] and e.authors[0].family == "Godar" and e.year == 2021
    )
    assert godar_2021 == [
        "The power in data and how to share it",
        "Using data to explore equalities, diversity and inclusion",
    ]
    kinds = {line.number: line.kind for line in result.lines}
    assert kinds[3] == "header"  # repeated page header
    assert kinds[160] == kinds[161] == "caption"  # caption split over two lines
    assert kinds[219] == kinds[222] == "contact"
    assert kinds[81] == "statement"  # heading variant


def test_project_source_file_gives_the_same_entries_as_the_seed():
    text = SOURCE.read_text(encoding="utf-8")
    result = parse_evidence_list(text)
    check_evidence(result, text)
    if SEED.exists():
        assert result.entries == parse_evidence_list(SEED.read_text(encoding="utf-8")).entries


DOC = """Some Programme

An introduction that explains what the document is for and how it was made.

Bridging Boundaries

Non-traditional partners
share power

Yeo, A. (2021). *Community engagement in tackling
child exploitation*. TCE Support Programme. <https://tce.example.org/community-
engagement/>

Some Programme

Smith, J. (2019). *A report*. Publisher.
- Jones, K. (2018). *Another report*. Publisher.

## Partnerships are creativ in their structure

Lee, P. (2020). *Unassigned work*. Publisher.

Leading with Care

Information flows freely, but with purpose

Yeo, A. (2021). *Community engagement in tackling child exploitation*. TCE Support Programme.
This paragraph mentions a study from 2019 but is written as running prose for readers here.
Short odd line

Contact us
email: someone@example.org
"""


def test_synthetic_document_every_line_accounted_for():
    result = parse_evidence_list(DOC)
    kinds = {line.number: line.kind for line in result.lines}
    assert kinds[1] == "header" and kinds[14] == "header"
    assert kinds[3] == "preamble"
    assert kinds[5] == "principle"
    assert kinds[7] == kinds[8] == "statement"
    assert kinds[10] == "reference" and kinds[11] == kinds[12] == "continuation"
    assert kinds[16] == kinds[17] == "reference"
    assert kinds[19] == "warning"
    assert kinds[21] == "reference"  # kept, unassigned, with a warning
    assert kinds[27] == "reference" and kinds[28] == kinds[29] == "warning"
    yeo = [e for e in result.entries if e.authors[0].family == "Yeo"]
    assert len(yeo) == 1
    assert yeo[0].title == "Community engagement in tackling child exploitation"
    assert yeo[0].url == "https://tce.example.org/community-engagement/"
    assert yeo[0].statements == ("BB1", "BB3")
    lee = [e for e in result.entries if e.authors[0].family == "Lee"]
    assert lee[0].statements == ()
    by_line = {w.line: w for w in result.warnings if w.kind != "unsure"}  # 'unsure': the model's confidence
    assert by_line[19].kind == "unknown-heading" and "BB2" in by_line[19].message
    assert by_line[21].kind == "outside-statement"
    assert by_line[25].kind == "data-quality" and "BB3" in by_line[25].message
    assert by_line[28].kind == "unrecognised"
    assert by_line[29].kind == "unrecognised" and by_line[29].raw == "Short odd line"
    assert kinds[31] == kinds[32] == "contact"
    accounted = {line.number for line in result.lines}
    assert accounted == set(range(1, len(DOC.splitlines()) + 1))


def test_same_url_different_title_is_one_work_with_a_warning():
    doc = (
        "## Bridging Boundaries\n### Non-traditional partners share power\n"
        "- Byrne, B. (2021). *It's not them*. TCE. <https://tce.example.org/its-not-them/>\n"
        "## Working with Complexity, Curiosity and Uncertainty\n### Pace is balanced with purpose\n"
        "- Byrne, B. (2021). *'It's not them, it's us'*. TCE. <https://tce.example.org/its-not-them>\n"
    )
    result = parse_evidence_list(doc)
    assert len(result.entries) == 1
    assert result.entries[0].statements == ("BB1", "WC1")
    variants = [w for w in result.warnings if w.kind != "unsure"]  # 'unsure': the model's confidence
    assert [w.kind for w in variants] == ["title-variant"]
    assert variants[0].line == 6
