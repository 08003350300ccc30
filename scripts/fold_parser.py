"""Cross-validation of the learned reference parser by document, on the hand-labelled training
material (data/parser/train and data/parser/pending; never data/parser/dev, nor the selection
set's files in pending/, SELECTION_SET).

The documents (grouped by the repository their `# source:` line names, so that two pages of
one site never sit on both sides) are dealt into --folds folds; for each fold a model is
trained, with a smaller configuration than the shipped one, on the synthetic references, the
seed and the other folds' real references, and the fold's references are read with it
(`read_reference`, the model with the grammar's fallback) and scored as
scripts/bench_parse_accuracy.py scores the development set. This is where to look for what
to improve: the held-out references' errors, and which labels the model confuses, are
written to --out (the development set's are never to be looked at).

Deterministic: the same inputs and options give the same folds, models and figures.

Usage:
  python scripts/fold_parser.py                        # 5 folds of train/ + pending/
  python scripts/fold_parser.py --folds 4 --n 2000 --jobs 2 --out /tmp/parser/folds
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bench_parse_accuracy import SUBSETS, DevReference, Score, read_labelled, report, score
from jtd_evidence.parsing.labels import LabelledReference, format_tagged, token_labels, tokenise
from jtd_evidence.parsing.learned import read_learned
from jtd_evidence.parsing.model import (
    Labeller,
    TrainingSequence,
    as_read,
    sequence,
    train_sequences,
    weighted,
)
from jtd_evidence.parsing.reference import read_reference
from jtd_evidence.parsing.relabel import relabel
from train_parser import (
    SYNTHETIC_SEED,
    add_data_options,
    add_regularisation_options,
    document_share,
    repository,
    seed_references,
    synthetic_references,
)

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = (ROOT / "data" / "parser" / "train", ROOT / "data" / "parser" / "pending")
SELECTION_SET = ("uk11*", "uk12*", "uk14*", "uk16*")
"""The files of ``pending/`` held back as the selection set (data/parser/README.md): their errors
are never looked at, so they are never cross-validated on, whatever folders are given."""


@dataclass
class Document:
    """The files of one repository (or one file, where its source names no repository)."""

    key: str
    files: list[Path]
    references: list[DevReference]
    trained: bool = True  # False: scored in its fold, never trained on (--held-out)


def documents(folders: Sequence[Path], held_out: Sequence[Path] = ()) -> list[Document]:
    """The labelled files of ``folders`` and ``held_out``, grouped by the repository their first
    source line names; a document with a file in ``held_out`` is never trained on. The selection
    set's files in a ``pending`` folder are left out."""
    grouped: dict[str, Document] = {}
    for folder, trained in [*((f, True) for f in folders), *((f, False) for f in held_out)]:
        for path in sorted(folder.glob("*.tagged")):
            if folder.resolve().name == "pending" and any(path.match(glob) for glob in SELECTION_SET):
                continue
            key = repository(path)
            document = grouped.setdefault(key, Document(key, [], []))
            document.files.append(path)
            document.references += read_labelled(path)
            document.trained = document.trained and trained
    return [grouped[key] for key in sorted(grouped)]


def deal(found: list[Document], folds: int) -> list[list[Document]]:
    """The documents dealt into ``folds`` folds of about equal size (the largest first, each to
    the smallest fold so far; ties to the lower-numbered fold)."""
    dealt: list[list[Document]] = [[] for _ in range(folds)]
    sizes = [0] * folds
    for document in sorted(found, key=lambda d: (-len(d.references), d.key)):
        smallest = min(range(folds), key=lambda k: (sizes[k], k))
        dealt[smallest].append(document)
        sizes[smallest] += len(document.references)
    return dealt


@dataclass
class FoldResult:
    number: int
    scores: dict[str, Score]
    by_document: dict[str, dict[str, Score]]
    errors: list[str]
    confusion: Counter[tuple[str, str]]
    seconds: float


_SHARED: dict[str, object] = {}  # what the fold processes read (inherited when forked)


def _sequences(references: list[LabelledReference]) -> list[TrainingSequence]:
    """The references' sequences, made once (each fold appends them again)."""
    return [s for s in map(sequence, references) if s is not None]


def run_fold(number: int) -> FoldResult:
    """Train fold ``number``'s model on everything but its documents, and score them."""
    started = time.monotonic()
    dealt: list[list[Document]] = _SHARED["dealt"]  # type: ignore[assignment]
    options: argparse.Namespace = _SHARED["options"]  # type: ignore[assignment]
    path = options.out / f"fold-{number}.crfsuite"
    if not options.score_only:
        base: list[TrainingSequence] = _SHARED["base"]  # type: ignore[assignment]
        seed: list[TrainingSequence] = _SHARED["seed"]  # type: ignore[assignment]
        real: dict[str, list[TrainingSequence]] = _SHARED["real"]  # type: ignore[assignment]
        weight = options.real_weight
        cap = options.document_cap
        others = [
            s
            for k, fold in enumerate(dealt)
            if k != number
            for d in fold
            if d.trained
            for s in weighted(real[d.key], weight * document_share(len(real[d.key]), cap))
        ]
        train_sequences(
            [*weighted(base), *weighted(seed, weight * document_share(len(seed), cap)), *others],
            path,
            c1=options.c1,
            c2=options.c2,
            max_iterations=options.iterations,
        )
    held = [item for document in dealt[number] for item in document.references]
    by_document: dict[str, dict[str, Score]] = {}
    mismatches: list[tuple[DevReference, str, object, object]] = []
    for document in dealt[number]:
        if options.reader == "learned":
            found, wrong = score(document.references, lambda text: read_learned(text, path))
        else:
            found, wrong = score(document.references, lambda text: read_reference(text, model=path))
        by_document[document.key] = found
        mismatches += wrong
    scores = pooled(by_document.values())
    labeller = Labeller(path)
    confusion: Counter[tuple[str, str]] = Counter()
    errors: list[str] = []
    wrong_at: dict[str, list[str]] = {}
    for item, name, gold, predicted in mismatches:
        wrong_at.setdefault(item.where, []).append(f"  {name}: {gold!r} | {predicted!r}")
    for item in held:
        reference = as_read(item.reference)  # as read_reference gives it to the model
        tokens = tokenise(reference.text)
        labelling = labeller.label(reference.text)
        gold = token_labels(reference, tokens)
        for want, got in zip(gold, labelling.labels, strict=True):
            if want is not got:
                confusion[(want.value, got.value)] += 1
        if item.where in wrong_at:
            errors += [
                f"{item.where} [{item.subset}]",
                f"  gold: {format_tagged(reference)}",
                f"  read: {format_tagged(relabel(labelling.reference()))}",
                *wrong_at[item.where],
            ]
    return FoldResult(number, scores, by_document, errors, confusion, time.monotonic() - started)


def pooled(parts: Iterable[dict[str, Score]]) -> dict[str, Score]:
    """Scores (of folds or documents) added up."""
    total: dict[str, Score] = {}
    for scores in parts:
        for subset, part in scores.items():
            into = total.setdefault(subset, Score())
            into.references += part.references
            into.fully_right += part.fully_right
            for name in part.total:
                into.total[name] += part.total[name]
                into.correct[name] += part.correct[name]
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--folds", type=int, default=5, help="folds (default 5)")
    add_data_options(parser, n=3000)
    parser.add_argument("--iterations", type=int, default=80, help="training iterations (default 80)")
    add_regularisation_options(parser)
    parser.add_argument("--jobs", type=int, default=1, help="folds trained at once (default 1)")
    parser.add_argument(
        "--score-only", action="store_true", help="score with the models already in --out (no training)"
    )
    parser.add_argument(
        "--reader",
        choices=("reference", "learned"),
        default="reference",
        help="read_reference (the model, with the grammar where it misses a title or year; default) "
        "or read_learned (the model alone)",
    )
    parser.add_argument("--only", type=int, action="append", help="run only this fold (0-based; repeatable)")
    parser.add_argument(
        "--folder",
        type=Path,
        action="append",
        help="labelled folders (default: data/parser/train and pending)",
    )
    parser.add_argument(
        "--held-out",
        type=Path,
        action="append",
        default=[],
        help="labelled folders whose documents are dealt into the folds and scored there, but never "
        "trained on (to compare training with and without them, document by document)",
    )
    parser.add_argument(
        "--out", type=Path, default=Path("/tmp/parser/folds"), help="models, errors, confusion"
    )
    options = parser.parse_args(argv)
    folders = options.folder or list(FOLDERS)
    if any(folder.resolve().name == "dev" for folder in [*folders, *options.held_out]):
        raise SystemExit("the development set is never cross-validated on: it is the gate, not the guide")
    options.out.mkdir(parents=True, exist_ok=True)

    started = time.monotonic()
    found = documents(folders, options.held_out)
    dealt = deal(found, options.folds)
    for number, fold in enumerate(dealt):
        size = sum(len(d.references) for d in fold)
        print(f"fold {number}: {size} references: {', '.join(d.key for d in fold)}", file=sys.stderr)
    _SHARED.update(dealt=dealt, options=options)
    if not options.score_only:
        synthetic, summary = synthetic_references(
            options.n, SYNTHETIC_SEED, options.styles, options.noise, options.grey_share, jobs=2
        )
        print(summary, file=sys.stderr)
        _SHARED.update(
            base=_sequences(synthetic),
            seed=_sequences(seed_references()),
            real={d.key: _sequences([item.reference for item in d.references]) for d in found if d.trained},
        )
    print(f"data and features: {time.monotonic() - started:.0f} s", file=sys.stderr)
    numbers = options.only or list(range(options.folds))
    if options.jobs > 1:
        with multiprocessing.get_context("fork").Pool(options.jobs) as pool:
            results = pool.map(run_fold, numbers, chunksize=1)
    else:
        results = [run_fold(number) for number in numbers]
    for result in results:
        figures = ", ".join(
            f"{subset} {part.accuracy:.3f} / {part.full_share:.2f} ({part.references})"
            for subset, part in result.scores.items()
        )
        print(f"fold {result.number} ({result.seconds:.0f} s): {figures}")
    print(report({"folds:pooled": pooled(r.scores for r in results)}))
    rows = []
    for result in results:
        for key, scores in sorted(result.by_document.items()):
            for subset in SUBSETS:
                part = scores[subset]
                if part.references:
                    wrong = {n: part.total[n] - part.correct[n] for n in part.total}
                    fields = " ".join(f"{n}:{w}" for n, w in wrong.items() if w)
                    rows.append(
                        f"{result.number}  {key:60s} {subset:14s} {part.references:4d} "
                        f"{part.accuracy:.3f} {part.full_share:.2f}  wrong {fields}"
                    )
    (options.out / f"documents-{options.reader}.txt").write_text("\n".join(rows) + "\n", encoding="utf-8")
    confusion: Counter[tuple[str, str]] = Counter()
    for result in results:
        confusion.update(result.confusion)
    lines = [f"{n:6d}  gold {want:16s} read {got}" for (want, got), n in confusion.most_common()]
    (options.out / "confusion.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (options.out / f"errors-{options.reader}.txt").write_text(
        "\n".join(line for r in results for line in r.errors) + "\n", encoding="utf-8"
    )
    print("token confusions (gold -> read), the most frequent:")
    print("\n".join(lines[:25]))
    print(f"errors and confusions in {options.out}; {time.monotonic() - started:.0f} s in all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
