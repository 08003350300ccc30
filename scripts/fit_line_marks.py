"""Fit the weights of the reference-line marks (parsing/reference_line.py MARKS) as a logistic model.

Positives are the hand-labelled real references of data/parser/train and data/parser/pending
(never dev/: it measures) and the REFERENCES lines of tests/parsing/test_reference_line.py. Negatives are prose written here: the PROSE lines of
tests/parsing/test_reference_line.py, the sentences of data/parser/lines/prose.txt (report prose
that cites bodies, years and Acts), the project's own documentation prose as frozen in
data/parser/lines/docs.txt (the lines of README.md, ARCHITECTURE.md and data/parser/README.md and
the docstrings and comments of src/, copied there by ``--freeze-docs``, so that editing a docstring
never moves a weight), the seed's lines that are not references, lines of binary noise (seeded), and any text files given with ``--negatives`` (lines that quote examples of references,
in backticks, quotes or tags, are left out). Each line becomes the counts of the marks it shows
(:func:`~jtd_evidence.parsing.reference_line.mark_counts`); the weights are fitted by full-batch
gradient descent on the class-balanced logistic loss with the bias held at ``-THRESHOLD`` (so a line
is a reference where the model gives it at least even odds), an L2 penalty, each weight kept on its
side with at least a quarter (a reference mark never counts against, a sentence mark never for) and each reference mark below
``THRESHOLD`` but author-date, which alone reaches it (no other single mark makes a reference), then rounded to quarters and moved
by quarters where that puts fewer lines (weighted as in the loss) on the wrong side. The same
inputs give the same weights. The table is rewritten only when it is unsettled: when the weights it
holds put more than SETTLED (5%) more of the weighted lines on the wrong side than the fit does, so a
batch of new labelled references that moves the fit a quarter without taking more lines right leaves
the marks where they are (``--exact`` writes or checks the fit itself). Never fitted on, only counted after the fit: the references of
data/parser/dev and the sentences of data/parser/lines/prose-held.txt (held apart by the first hex
digit of each sentence's sha256, 0-4).

    python scripts/fit_line_marks.py                       # print the fitted table and its figures
    python scripts/fit_line_marks.py --write               # and write them into MARKS (ruff-formatted) if it is unsettled
    python scripts/fit_line_marks.py --check               # fail if MARKS is unsettled (worse than the fit, beyond SETTLED)
    python scripts/fit_line_marks.py --write --exact       # write the fitted weights whatever MARKS holds
    python scripts/fit_line_marks.py --freeze-docs         # copy today's documentation prose into docs.txt
    python scripts/fit_line_marks.py --negatives /work/shared/seeds/joining-the-dots-framework.md
"""

from __future__ import annotations

import argparse
import ast
import math
import random
import re
import subprocess
import sys
import tokenize
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from jtd_evidence.parsing.evidence_list import parse_evidence_list  # noqa: E402
from jtd_evidence.parsing.labels import read_tagged  # noqa: E402
from jtd_evidence.parsing.reference_line import MARKS, THRESHOLD, mark_counts  # noqa: E402

MODULE = ROOT / "src/jtd_evidence/parsing/reference_line.py"
LINES = ROOT / "data/parser/lines"
DOCS = LINES / "docs.txt"
_QUOTING = re.compile(r"[`\"“”<>{}=]|>>>|^\.\.\.|^[(\[]|(?:^|\W)'[^']{3,}'(?:\W|$)")
NEGATIVE_WEIGHT = 3.0  # a prose line taken as a reference costs more than a reference missed
TEST_COPIES = 10  # the tests' lines, written to be hard, count as several each
PROSE_COPIES = 10  # so do prose.txt's sentences
NOISE = 300  # lines of binary noise among the negatives
FLOOR = 0.25  # every mark keeps its side: a weight of 0 would lose which side it is on
L2 = 0.001
SETTLED = 0.05  # MARKS stays while it puts at most 5% more (weighted) lines on the wrong side than the fit
STEPS = 2000
RATE = 3.0


def positives() -> list[str]:
    return _test_lines("REFERENCES") * TEST_COPIES + [
        reference.text
        for folder in ("train", "pending")
        for path in sorted((ROOT / "data/parser" / folder).glob("*.tagged"))
        for reference in read_tagged(path)
    ]


def _prose_lines(text: str) -> list[str]:
    lines = []
    for raw in text.splitlines():
        line = raw.strip().lstrip("#").strip()
        if len(line.split()) >= 2 and not line.startswith(("|", "```")) and not _QUOTING.search(line):
            lines.append(line)
    return lines


def _docstrings_and_comments(path: Path) -> list[str]:
    source = path.read_text(encoding="utf-8")
    texts = [
        ast.get_docstring(node) or ""
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
    ]
    with path.open("rb") as handle:
        texts += [
            t.string.lstrip("#") for t in tokenize.tokenize(handle.readline) if t.type == tokenize.COMMENT
        ]
    return [line for text in texts for line in _prose_lines(text)]


def _test_lines(name: str) -> list[str]:
    """The list ``name`` (REFERENCES or PROSE) of tests/parsing/test_reference_line.py."""
    tree = ast.parse((ROOT / "tests/parsing/test_reference_line.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == name for t in node.targets):
            return list(ast.literal_eval(node.value))
    raise SystemExit(f"tests/parsing/test_reference_line.py has no {name} list")


def documentation_prose() -> list[str]:
    """The prose lines of the project's documentation and of the docstrings and comments of src/."""
    lines = []
    for name in ("README.md", "ARCHITECTURE.md", "data/parser/README.md"):
        lines += _prose_lines((ROOT / name).read_text(encoding="utf-8"))
    for path in sorted((ROOT / "src").glob("**/*.py")):
        lines += _docstrings_and_comments(path)
    return lines


def freeze_docs() -> None:
    """Write :func:`documentation_prose` into docs.txt (one line each, sorted), atomically."""
    text = "".join(f"{line}\n" for line in sorted(documentation_prose()))
    temporary = DOCS.with_suffix(".txt.tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(DOCS)


def negatives(extra: list[Path]) -> list[str]:
    lines = _test_lines("PROSE") * TEST_COPIES
    lines += _prose_lines((LINES / "prose.txt").read_text(encoding="utf-8")) * PROSE_COPIES
    lines += DOCS.read_text(encoding="utf-8").splitlines()
    seed = (ROOT / "bib/source/joining-the-dots-evidence.md").read_text(encoding="utf-8")
    lines += [
        line.text.strip()
        for line in parse_evidence_list(seed).lines
        if line.kind in ("prose", "preamble", "header", "contact")
    ]
    for path in extra:
        lines += _prose_lines(path.read_text(encoding="utf-8"))
    noise = random.Random(0)  # binary noise, as a file of the wrong kind pastes it
    lines += [
        bytes(noise.randrange(256) for _ in range(noise.randrange(20, 200))).decode("latin-1")
        for _ in range(NOISE)
    ]
    return sorted(lines)


def held_apart() -> tuple[list[str], list[str]]:
    """The lines that measure the fit and are never fitted on: dev/'s references, held-out prose."""
    references = [
        r.text for path in sorted((ROOT / "data/parser/dev").glob("*.tagged")) for r in read_tagged(path)
    ]
    return references, _prose_lines((LINES / "prose-held.txt").read_text(encoding="utf-8"))


Rows = list[tuple[list[tuple[int, int]], int, float]]


def loss_rows(pos: list[str], neg: list[str]) -> Rows:
    """Each distinct mark-count vector once: the marks it shows (index, count), its class and its share of the loss."""
    weighted: Counter[tuple[tuple[int, ...], int]] = Counter()
    for text in pos:
        weighted[(mark_counts(text), 1)] += 1
    for text in neg:
        weighted[(mark_counts(text), 0)] += 1
    scale = {1: 1.0 / len(pos), 0: NEGATIVE_WEIGHT / len(neg)}
    total = sum(n * scale[y] for (_, y), n in weighted.items())
    return [
        ([(k, c) for k, c in enumerate(x) if c], y, n * scale[y] / total)
        for (x, y), n in sorted(weighted.items())
    ]


def fit(rows: Rows) -> list[float]:
    """Weights for MARKS, fitted on the lines' mark counts (:func:`loss_rows`)."""
    sides = [1.0 if mark.weight > 0 else -1.0 for mark in MARKS]
    caps = [6.0 if mark.name == "author-date" or mark.weight < 0 else THRESHOLD - 0.25 for mark in MARKS]
    floors = [THRESHOLD if mark.name == "author-date" else FLOOR for mark in MARKS]
    weights = list(sides)  # the same start whatever the table holds now: the same weights out
    for _ in range(STEPS):
        gradient = [L2 * w for w in weights]
        for shown, y, share in rows:
            z = sum(weights[k] * c for k, c in shown) - THRESHOLD
            error = share * (1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))) - y)
            for k, c in shown:
                gradient[k] += error * c
        weights = [
            max(floor, min(cap, side * (w - RATE * g))) * side
            for w, g, side, floor, cap in zip(weights, gradient, sides, floors, caps, strict=True)
        ]
    return _polish([round(w * 4) / 4 for w in weights], rows, sides, floors, caps)


def wrong(weights: list[float], rows: Rows) -> float:
    """The weighted share of lines on the wrong side of THRESHOLD (the loss's weighting, counted instead of smoothed)."""
    return sum(share for shown, y, share in rows if (sum(weights[k] * c for k, c in shown) >= THRESHOLD) != y)


def settled(before: list[float], fitted: list[float], rows: Rows) -> bool:
    """Whether the weights in MARKS may stay: they put at most SETTLED more (relatively) of the
    weighted lines on the wrong side than the fit does. A batch of new references moves the fit by a
    quarter here and there without taking more lines right; the table moves only when the fit is
    better by more than that, so that the marks stay put between data batches."""
    return wrong(before, rows) <= wrong(fitted, rows) * (1.0 + SETTLED) + 1e-12


def _polish(
    weights: list[float],
    rows: Rows,
    sides: list[float],
    floors: list[float],
    caps: list[float],
) -> list[float]:
    """Rounding to quarters can leave a weight a quarter short of taking a group of lines: move one
    weight at a time by a quarter (on its side, between its floor and its cap) while that lowers the weighted share
    of lines on the wrong side of THRESHOLD (the loss's weighting, counted instead of smoothed)."""

    best = wrong(weights, rows)
    moved = True
    while moved:
        moved = False
        for k in range(len(weights)):
            for step in (0.25, -0.25):
                trial = list(weights)
                trial[k] = weights[k] + step
                if not floors[k] <= sides[k] * trial[k] <= caps[k]:
                    continue
                score = wrong(trial, rows)
                if score < best - 1e-12:
                    weights, best, moved = trial, score, True
    return weights


def taken(weights: list[float], lines: list[str]) -> int:
    return sum(
        sum(w * n for w, n in zip(weights, mark_counts(line), strict=True)) >= THRESHOLD for line in lines
    )


def rewritten(source: str, weights: list[float]) -> str:
    """``source`` (reference_line.py's text) with each mark's weight replaced by ``weights``."""
    for mark, weight in zip(MARKS, weights, strict=True):
        pattern = re.compile(rf'(Mark\(\s*"{re.escape(mark.name)}",\s*)-?\d+(?:\.\d+)?')
        source, found = pattern.subn(rf"\g<1>{weight}", source, count=1)
        if not found:
            raise SystemExit(f"mark {mark.name!r} not found in {MODULE}")
    return source


def formatted(source: str) -> str:
    """``source`` as the project's formatter writes it, so that a new weight that changes a line's
    length leaves the module formatted; as it is, with a warning, where ruff cannot be run."""
    try:
        done = subprocess.run(
            [sys.executable, "-m", "ruff", "format", "--stdin-filename", str(MODULE), "-"],
            input=source,
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=False,
        )
    except OSError as error:
        print(f"fit_line_marks: could not run ruff ({error}); run `ruff format` yourself", file=sys.stderr)
        return source
    if done.returncode != 0:
        print(f"fit_line_marks: ruff format failed; run it yourself: {done.stderr.strip()}", file=sys.stderr)
        return source
    return done.stdout


def write(weights: list[float]) -> None:
    source = formatted(rewritten(MODULE.read_text(encoding="utf-8"), weights))
    temporary = MODULE.with_suffix(".py.tmp")
    temporary.write_text(source, encoding="utf-8")
    temporary.replace(MODULE)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--write",
        action="store_true",
        help="write the fitted weights into MARKS if it is unsettled (see --exact)",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="exit 1 if MARKS is worse than the fit by more than the tolerance",
    )
    parser.add_argument(
        "--exact",
        action="store_true",
        help="with --write or --check: the fitted weights exactly, no tolerance",
    )
    parser.add_argument("--negatives", type=Path, nargs="*", default=[], help="more prose files")
    parser.add_argument(
        "--freeze-docs", action="store_true", help="first copy today's documentation prose into docs.txt"
    )
    args = parser.parse_args()
    if args.freeze_docs:
        freeze_docs()
    pos, neg = positives(), negatives(args.negatives)
    rows = loss_rows(pos, neg)
    weights = fit(rows)
    before = [mark.weight for mark in MARKS]
    for mark, weight in zip(MARKS, weights, strict=True):
        print(f"{mark.name:18} {mark.weight:6.2f} -> {weight:6.2f}")
    held_references, held_prose = held_apart()
    for name, lines in (
        ("references", pos),
        ("prose", neg),
        ("held-apart references (dev/)", held_references),
        ("held-apart prose", held_prose),
    ):
        print(
            f"{name}: {len(lines)} lines, taken {taken(before, lines)} before, {taken(weights, lines)} fitted"
        )
    keep = settled(before, weights, rows)
    print(
        f"wrong side (weighted): {wrong(before, rows):.6f} with MARKS, {wrong(weights, rows):.6f} fitted;"
        f" {'MARKS stays' if keep else 'MARKS is to be refitted'} (tolerance {SETTLED:.0%})"
    )
    if args.write and (args.exact or not keep):
        write(weights)
    elif args.check and args.exact and weights != before:
        raise SystemExit("MARKS holds other weights than the fit: run with --write --exact")
    elif args.check and not keep:
        raise SystemExit(
            f"MARKS puts more than {SETTLED:.0%} more of the weighted lines on the wrong side than the fit:"
            " run with --write"
        )


if __name__ == "__main__":
    main()
