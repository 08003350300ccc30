"""Prove that a change to the reader's features or labelling changes no label: a fingerprint of
what the model sees and says for every hand-labelled reference.

For each reference of ``data/parser/train/*.tagged`` and ``data/parser/dev/*.tagged`` (as the
reader gives it to the model: :func:`~jtd_evidence.parsing.model.as_read`), writes one line: the
reference's number, a hash of every token's feature strings (:func:`.features.token_features`:
what any model is given), the labels the shipped model gives in a batch
(:meth:`.model.Labeller.label_many`, what ``parse`` and ``add`` use) and one at a time
(:meth:`.model.Labeller.label`, CRFsuite's tagger), and the batch's confidences to 9 decimals.
Run it before a change with ``--write FILE`` and after it with ``--against FILE``: it prints
how many references differ and exits 1 if any does.

Usage: python scripts/check_labels.py (--write FILE | --against FILE)
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

from jtd_evidence.parsing.features import token_features
from jtd_evidence.parsing.labels import read_tagged, tokenise
from jtd_evidence.parsing.learned import MODEL, _labeller
from jtd_evidence.parsing.model import as_read

ROOT = Path(__file__).resolve().parents[1]


def fingerprints() -> list[str]:
    """One line per hand-labelled reference: number, feature hash, labels, confidences."""
    texts = [
        as_read(reference).text
        for folder in ("train", "dev")
        for path in sorted((ROOT / "data" / "parser" / folder).glob("*.tagged"))
        for reference in read_tagged(path)
    ]
    labeller = _labeller(MODEL)
    batched = labeller.label_many(texts)
    lines = []
    for number, (text, many) in enumerate(zip(texts, batched, strict=True)):
        features = token_features(text, tokenise(text))
        digest = hashlib.sha256("\n".join("\t".join(row) for row in features).encode()).hexdigest()[:16]
        one = labeller.label(text)
        labels = " ".join(label.value for label in many.labels)
        alone = "same" if one.labels == many.labels else " ".join(label.value for label in one.labels)
        sure = " ".join(f"{value:.9f}" for value in many.confidence)
        lines.append(f"{number}\t{digest}\t{labels}\t{alone}\t{sure}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", type=Path, metavar="FILE", help="write the fingerprints here")
    mode.add_argument("--against", type=Path, metavar="FILE", help="compare with fingerprints written before")
    args = parser.parse_args(argv)
    found = fingerprints()
    if args.write:
        args.write.write_text("\n".join(found) + "\n", encoding="utf-8")
        print(f"{len(found)} references fingerprinted into {args.write}")
        return 0
    before = args.against.read_text(encoding="utf-8").splitlines()
    if len(before) != len(found):
        print(f"{len(before)} references before, {len(found)} now: not the same data")
        return 1
    kinds = ("features", "batched labels", "one-at-a-time labels", "confidences")
    differ = [0] * len(kinds)
    for old, new in zip(before, found, strict=True):
        for index, (was, now) in enumerate(zip(old.split("\t")[1:], new.split("\t")[1:], strict=True)):
            differ[index] += was != now
    for kind, count in zip(kinds, differ, strict=True):
        print(f"{kind}: {count} of {len(found)} references differ")
    return 1 if any(differ) else 0


if __name__ == "__main__":
    sys.exit(main())
