"""Regenerate bib/joining-the-dots.bib from bib/source/joining-the-dots-evidence.md and validate it.

Exit status: 0 when the evidence base is valid (data-quality notes are only reported),
1 when a line could not be parsed or, with --check, when the committed .bib is out of date,
2 for usage and input errors (a source file that does not exist or cannot be read, a broken
additions.bib, a disk error, another run holding the lock), as for every jtd-evidence command.

Examples:
  python scripts/parse_evidence.py            # regenerate and report
  python scripts/parse_evidence.py --check    # fail if the committed .bib differs from a fresh parse
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from jtd_evidence.exceptions import JTDError
from jtd_evidence.regenerate import regenerate

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--source", type=Path, default=ROOT / "bib" / "source" / "joining-the-dots-evidence.md"
    )
    parser.add_argument("--bib", type=Path, default=ROOT / "bib" / "joining-the-dots.bib")
    parser.add_argument("--check", action="store_true", help="compare with the existing .bib; write nothing")
    args = parser.parse_args(argv)
    try:
        report = regenerate(args.source, args.bib, check=args.check)
    except FileNotFoundError as error:
        print(
            f"error: no such file: {error.filename} (give the source lists with --source FILE)",
            file=sys.stderr,
        )
        return 2
    except (JTDError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(report.summary())
    if report.problems:
        return 1
    if args.check and report.changed:
        print(f"{args.bib} differs from a fresh parse of {args.source}: run python scripts/parse_evidence.py")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
