"""Build training data for the learned reference parser (issue 11): synthetic references
rendered through CSL styles with every field's span known, a share of them noised.

Writes one labelled reference a line in the tagged format of jtd_evidence.parsing.labels,
the same bytes for the same arguments, and prints the time taken and the counts by style
and kind of work.

Usage: python scripts/build_parser_data.py [--n 20000] [--seed 1] [--styles 120]
       [--noise 0.6] [--out data/parser/train.tagged] [--jobs 1]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from jtd_evidence.parsing.labels import save_tagged
from jtd_evidence.parsing.training.build import build_references


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=20_000, help="references to render (default 20,000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--styles", type=int, default=120, help="number of CSL styles (default 120)")
    parser.add_argument("--noise", type=float, default=0.6, help="share of references noised (default 0.6)")
    parser.add_argument("--jobs", type=int, default=1, help="processes rendering styles (default 1)")
    parser.add_argument(
        "--out", type=Path, default=Path("parser-train.tagged"), help="the tagged file to write"
    )
    parser.add_argument("--quiet", action="store_true", help="print the totals only, not the counts by style")
    args = parser.parse_args(argv)
    references, report = build_references(
        args.n, seed=args.seed, styles=args.styles, noise_share=args.noise, jobs=args.jobs
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    text = save_tagged(args.out, references)
    summary = report.summary()
    if args.quiet:
        summary = "\n".join(line for line in summary.splitlines() if not line.startswith("by style"))
    print(summary)
    print(f"wrote {args.out} ({len(text.encode('utf-8')) / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
