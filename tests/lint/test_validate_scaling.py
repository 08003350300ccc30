"""validate on a large generated .bib: every fault found, on its own line, wherever it is in the file.

No timing here (scripts/bench_scaling.py measures that): the point is that reading thousands of
entries in one pass keeps each finding's line number and message exactly as for a small file.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jtd_evidence.lint.validate import validate_bib

COUNT = 5000


def entry(n: int, key: str | None = None, **fields: str) -> str:
    values = {"author": f"Writer{n}, A.", "title": f"Work number {n}", "year": str(1990 + n % 30)}
    values.update(fields)
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in values.items())
    return f"@report{{{key if key is not None else f'w{n}'},\n{body},\n  institution = {{Press}}\n}}\n\n"


# entry number -> (its text, the finding expected: rule, key, line within the entry)
FAULTS: dict[int, tuple[str, tuple[str, str | None, int]]] = {
    7: (entry(7, year="20x1"), ("invalid-field", "w7", 0)),
    1234: (entry(1234, key="W7"), ("duplicate-key", "W7", 0)),
    2500: (entry(2500, key=""), ("invalid-entry", None, 0)),
    3001: (entry(3001, month="Smarch"), ("invalid-field", "w3001", 0)),
    4999: (
        entry(4999).replace("  institution", "  title = {Again},\n  institution", 1),
        ("duplicate-field", "w4999", 4),
    ),
}


def texts() -> list[str]:
    return [FAULTS[n][0] if n in FAULTS else entry(n) for n in range(COUNT)]


def first_lines() -> list[int]:
    """The line each entry starts on, counted in the generated text."""
    starts, line = [], 1
    for text in texts():
        starts.append(line)
        line += text.count("\n")
    return starts


@pytest.fixture(scope="module")
def big_bib(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("big") / "big.bib"
    path.write_text("".join(texts()), encoding="utf-8")
    return path


def test_every_fault_in_a_large_file_is_found_on_its_line(big_bib: Path) -> None:
    entries, findings = validate_bib(big_bib)
    assert len(entries) == COUNT - len(FAULTS)
    starts = first_lines()
    expected = [(rule, key, starts[n] + within) for n, (_, (rule, key, within)) in FAULTS.items()]
    found = [(f.rule, f.key, int(re.findall(r"line (\d+)", f.message)[0])) for f in findings]
    assert found == expected


def test_findings_read_as_in_a_small_file(big_bib: Path, tmp_path: Path) -> None:
    """Each finding is the one its entry gets alone in a file (behind as many blank lines)."""
    _, findings = validate_bib(big_bib)
    starts = first_lines()
    for (n, (text, _)), finding in zip(FAULTS.items(), findings, strict=True):
        small = "\n" * (starts[n] - 1) + text
        if n == 1234:  # a repeated key needs the entry it repeats, on its own line
            small = "\n" * (starts[7] - 1) + FAULTS[7][0] + "\n" * (starts[n] - starts[8]) + text
        path = tmp_path / f"entry{n}.bib"
        path.write_text(small, encoding="utf-8")
        alone = validate_bib(path)[1]
        assert [finding] == alone[-1:] and len(alone) == (2 if n == 1234 else 1)
