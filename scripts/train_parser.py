"""Train the learned reference parser (issue 11) and write its model into the package.

The training references, in this order (the same inputs always give the same model bytes):

1. synthetic references rendered through many CSL styles with every field's span known, a
   share of them noised as real lists are (jtd_evidence.parsing.training); with --grey-share S,
   that share of the --n is instead UK grey references written from templates
   (jtd_evidence.parsing.training.grey: web pages with their site, reports with their series
   and number, Acts; off by default, see data/parser/README.md's ninth round);
2. the seed: every reference of bib/source/joining-the-dots-evidence.md, labelled by aligning
   the grammar's reading with its text (the grammar reads the seed correctly);
3. hand-labelled real references in data/parser/train/*.tagged (never data/parser/dev: that
   is the development set the accuracy bench scores on, kept apart from training);
4. corrections given with --extra FILE (the format `jtd-evidence parse --labels` writes).

The seed and the hand-labelled files count --real-weight times each, so that a few thousand
real references weigh against ten thousand synthetic ones. Each is appended once with that
weight (jtd_evidence.parsing._weighted), not that many times over: the same objective, read
as well, and an iteration of training costs about a third of what the copies cost.

Usage:
  python scripts/train_parser.py                       # build data, train, write the model
  python scripts/train_parser.py --n 5000 --out /tmp/parser.crfsuite
  python scripts/train_parser.py --extra my-corrections.tagged
"""

from __future__ import annotations

import argparse
import math
import re
import resource
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from jtd_evidence.exceptions import JTDError
from jtd_evidence.parsing.align import align
from jtd_evidence.parsing.labels import LabelledReference, read_tagged, save_tagged
from jtd_evidence.parsing.learned import MODEL
from jtd_evidence.parsing.markup import plain_links, strip_bullet
from jtd_evidence.parsing.model import train
from jtd_evidence.parsing.reference import read_with_grammar

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "bib" / "source" / "joining-the-dots-evidence.md"
SYNTHETIC_SEED = 1
"""The synthetic data's random seed unless --seed gives another (fold_parser.py uses it too)."""
HAND = ROOT / "data" / "parser" / "train"


_SOURCE = re.compile(r"^#\s*source:\s*(\S+)", re.MULTILINE)


def repository(path: Path) -> str:
    """The repository a labelled file's first ``# source:`` line names (``owner/name``), or the
    file's own name where it names none: what one document is when references are weighed or
    dealt into folds (two pages of one site are one document)."""
    match = _SOURCE.search(path.read_text(encoding="utf-8"))
    return match.group(1) if match and "/" in match.group(1) else path.stem


def document_share(size: int, cap: int) -> float:
    """The share of --real-weight each reference of a document of ``size`` references weighs
    under --document-cap ``cap``: 1, or ``cap`` over ``size`` where it has more (0: no cap)."""
    return min(1.0, cap / size) if cap and size else 1.0


def capped_shares(groups: list[str], cap: int) -> list[float]:
    """For each reference, given the document it belongs to, its :func:`document_share`.

    >>> capped_shares(["a", "a", "a", "a", "b"], 2)
    [0.5, 0.5, 0.5, 0.5, 1.0]
    """
    sizes = Counter(groups)
    return [document_share(sizes[group], cap) for group in groups]


def seed_references() -> list[LabelledReference]:
    """The seed's references, labelled where every field the grammar read is found in the text."""
    found = []
    for line in SEED.read_text(encoding="utf-8").splitlines():
        if line.startswith("- "):
            # read as written, labelled as the model sees it (Markdown links as text)
            text = strip_bullet(line)
            reference, missing = align(plain_links(text), read_with_grammar(text).entry)
            if not missing:
                found.append(reference)
    return found


def _number_from(low: float, high: float, kind: str, advice: str) -> Callable[[str], float]:
    """An option's type: a number from ``low`` to ``high`` (``high`` itself excluded when it is
    infinite), or an error argparse shows with the option's name and ``advice``."""

    def number(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not (low <= value <= high and math.isfinite(value)):
            raise argparse.ArgumentTypeError(f"{text!r} is not {kind}: give {advice}")
        return value

    return number


def count(text: str) -> int:
    """An option's type: a whole number of 0 or more (--document-cap), or an error argparse shows
    with the option's name."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a count: give a whole number of 0 or more, such as 60"
        )
    return value


share = _number_from(0.0, 1.0, "a share", "a number from 0 to 1, such as 0.15")
"""A share between 0 and 1 (--noise, --grey-share)."""
weight = _number_from(0.0, math.inf, "a weight", "a number of 0 or more, such as 0.05")
"""A weight, zero or more (--c1, --c2, --real-weight)."""


def add_data_options(parser: argparse.ArgumentParser, n: int) -> None:
    """The options that say what training data is built (this script's and fold_parser.py's)."""
    parser.add_argument("--n", type=int, default=n, help=f"synthetic references (default {n:,})")
    parser.add_argument("--styles", type=int, default=120, help="CSL styles to render through (default 120)")
    parser.add_argument("--noise", type=share, default=0.6, help="share of synthetic references noised")
    parser.add_argument(
        "--real-weight",
        type=weight,
        default=6.0,
        help="times each real reference counts (default 6; need not be whole)",
    )
    parser.add_argument(
        "--document-cap",
        type=count,
        default=0,
        help="a document (the repository a file's source line names) with more real references than this "
        "counts as if it had this many: each of its references weighs that share of --real-weight "
        "(default 0: no cap)",
    )
    parser.add_argument(
        "--grey-share",
        type=share,
        default=0.0,
        help="share of the --n synthetic references written from the UK grey templates of "
        "jtd_evidence.parsing.training.grey instead of rendered through CSL styles (default 0: none)",
    )


C1 = 1.0
"""The CRF's L1 regularisation weight in the shipped configuration (issue 11's eleventh round:
1.0 and 0.1, twenty and ten times the earlier 0.05 and 0.01, read references of documents the
model never saw better; see data/parser/README.md)."""
C2 = 0.1
"""The CRF's L2 regularisation weight in the shipped configuration."""


def add_regularisation_options(parser: argparse.ArgumentParser) -> None:
    """The CRF's regularisation weights (this script's and fold_parser.py's)."""
    parser.add_argument(
        "--c1", type=weight, default=C1, help=f"L1 regularisation weight of the CRF (default {C1})"
    )
    parser.add_argument(
        "--c2", type=weight, default=C2, help=f"L2 regularisation weight of the CRF (default {C2})"
    )


def synthetic_references(
    n: int, seed: int, styles: int, noise: float, grey_share: float, jobs: int
) -> tuple[list[LabelledReference], str]:
    """The synthetic training references: ``n`` in all, ``grey_share`` of them UK grey references
    from templates (after the rendered ones), and the first line of the build's report."""
    from jtd_evidence.parsing.training.build import build_references
    from jtd_evidence.parsing.training.grey import grey_references

    if not 0.0 <= grey_share <= 1.0:
        raise ValueError(f"--grey-share must be between 0 and 1, not {grey_share}")
    grey = round(n * grey_share)
    rendered, report = build_references(n - grey, seed=seed, styles=styles, noise_share=noise, jobs=jobs)
    summary = report.summary().splitlines()[0]
    if grey:
        summary += f"; {grey} UK grey references from templates"
    return rendered + grey_references(grey, seed=seed), summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    add_data_options(parser, n=10_000)
    parser.add_argument("--seed", type=int, default=SYNTHETIC_SEED, help="seed of the synthetic data")
    parser.add_argument("--jobs", type=int, default=2, help="processes rendering styles (default 2)")
    parser.add_argument("--extra", type=Path, action="append", default=[], help="more labelled files")
    parser.add_argument(
        "--hand",
        type=Path,
        default=HAND,
        help=f"folder of hand-labelled training files (default {HAND.relative_to(ROOT)}); "
        "give an empty folder to hold them out and score a model on them",
    )
    parser.add_argument("--iterations", type=int, default=150, help="training iterations (L-BFGS)")
    add_regularisation_options(parser)
    parser.add_argument(
        "--word-dropout",
        type=share,
        default=0.0,
        help="share of the words' own features left out of each repeat of a real reference after "
        "the first (default 0: every repeat the same)",
    )
    parser.add_argument("--out", type=Path, default=MODEL, help=f"the model file (default: {MODEL})")
    parser.add_argument("--data", type=Path, help="also write the training references here (tagged)")
    args = parser.parse_args(argv)
    if args.word_dropout and args.document_cap:
        parser.error("--word-dropout writes each real reference out whole times over: give no --document-cap")
    if (args.data or args.word_dropout) and not args.real_weight.is_integer():
        parser.error(
            f"--real-weight {args.real_weight:g} is not whole: --data and --word-dropout write each real "
            "reference out that many times; give a whole number such as 6"
        )

    started = time.monotonic()
    try:  # the labelled files first: a mistake in one is told before minutes of work, not after
        real = seed_references()
        groups = ["seed"] * len(real)
        for path in [*(sorted(args.hand.glob("*.tagged")) if args.hand.is_dir() else []), *args.extra]:
            found = read_tagged(path)
            real += found
            groups += [repository(path)] * len(found)
    except JTDError as error:
        print(f"train_parser: {error}", file=sys.stderr)
        return 2
    synthetic, summary = synthetic_references(
        args.n, args.seed, args.styles, args.noise, args.grey_share, args.jobs
    )
    built = time.monotonic()
    print(summary, file=sys.stderr)
    if args.data:
        save_tagged(args.data, synthetic + real * int(args.real_weight))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=args.out.parent) as scratch:
        temp = Path(scratch) / args.out.name
        appended = train(
            synthetic,
            temp,
            repeated=real,
            times=args.real_weight,
            shares=capped_shares(groups, args.document_cap) if args.document_cap else (),
            c1=args.c1,
            c2=args.c2,
            max_iterations=args.iterations,
            word_dropout=args.word_dropout,
        )
        temp.replace(args.out)
    done = time.monotonic()
    used = (
        resource.getrusage(resource.RUSAGE_SELF).ru_utime
        + resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime
    )
    print(
        f"trained on {appended} references ({len(synthetic)} synthetic, {len(real)} real x{args.real_weight:g}); "
        f"data {built - started:.0f} s, training {done - built:.0f} s, {used:.0f} s of user CPU in all; "
        f"model {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
