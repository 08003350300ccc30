"""Generated APA, Harvard and Vancouver references parse to the fields they were built from."""

import pytest
from script_modules import load_script

from jtd_evidence.parsing.reference import read_reference


@pytest.fixture(autouse=True)
def _grammar_alone(monkeypatch, tmp_path):
    """These tests pin the hand-written grammar's readings; the shipped model, which reads
    references by default, is measured by scripts/bench_parse_accuracy.py instead."""
    from jtd_evidence.parsing import learned

    monkeypatch.setattr(learned, "MODEL", tmp_path / "no-model.crfsuite")


synthetic = load_script("synthetic_references")

SIMPLE_FIELDS = (
    "year",
    "title",
    "container_title",
    "volume",
    "issue",
    "pages",
    "doi",
    "url",
    "publisher",
    "place",
    "edition",
)


def observed(entry, expected):
    got = {"families": [p.family if p.particle else p.full_family for p in entry.authors]}
    got.update({name: getattr(entry, name) for name in SIMPLE_FIELDS if name in expected})
    got["type"] = entry.type.value
    if "editor_families" in expected:
        got["editor_families"] = [p.family for p in entry.editors]
    if "accessed_month" in expected:
        got["accessed_month"] = (
            synthetic.MONTHS[[1, 3, 5, 7, 9, 11].index(entry.accessed.month)] if entry.accessed else None
        )
    return got


@pytest.mark.parametrize("seed", range(4))
def test_generated_references_parse_exactly(seed):
    failures = []
    for item in synthetic.generate(150, seed=seed):
        reading = read_reference(item.text)
        expected = dict(item.expected)
        got = observed(reading.entry, expected)
        if isinstance(expected["type"], tuple) and got["type"] in expected["type"]:
            got["type"] = expected["type"]
        wrong = {k: (v, got.get(k)) for k, v in expected.items() if got.get(k) != v}
        if wrong or reading.problems:
            failures.append((item.style, item.text, wrong, reading.problems))
    assert failures == []


def test_generator_covers_every_style_and_type():
    items = list(synthetic.generate(300, seed=0))
    assert {i.style for i in items} == {"apa", "harvard", "vancouver"}
    types = {i.expected["type"] if isinstance(i.expected["type"], str) else "webpage" for i in items}
    assert types == {"article-journal", "report", "book", "chapter", "webpage"}
