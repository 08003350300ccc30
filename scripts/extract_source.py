"""Extract the source lists (headings and reference lines, no prose) from an evidence document.

Usage: python scripts/extract_source.py ../shared/seeds/evidence-underpinning-joining-the-dots.txt \
           bib/source/joining-the-dots-evidence.md
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from jtd_evidence._atomic import atomic_write_text
from jtd_evidence.framework import principle as find_principle
from jtd_evidence.parsing.evidence_list import parse_evidence_list
from jtd_evidence.parsing.markup import strip_bullet

HEADER = """# Evidence underpinning the Joining the Dots framework

<!-- Source lists for bib/joining-the-dots.bib: principles (##), practice statements (###) and
     the references under each, as published in the evidence document (prose left out).
     Regenerate the .bib with: python scripts/parse_evidence.py -->
"""


def source_lists(text: str) -> str:
    """The headings and references of an evidence document as Markdown."""
    out: list[str] = [HEADER]
    current = None
    for line in parse_evidence_list(text).lines:
        if line.kind == "principle":
            found = find_principle(line.text)
            if found.id != current:
                current = found.id
                out.append(f"## {found.name}\n")
        elif line.kind == "statement":
            out.append(f"### {line.text.strip()}\n")
        elif line.kind == "reference":
            out.append("- " + strip_bullet(line.text.strip()))
        elif line.kind == "continuation":
            out[-1] += " " + line.text.strip()
    blocks: list[str] = []
    for item in out:
        if blocks and blocks[-1].startswith("- ") and not item.startswith("- "):
            blocks[-1] += "\n"
        blocks.append(item)
    return "\n".join(blocks).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("document", type=Path)
    parser.add_argument("output", type=Path)
    args = parser.parse_args(argv)
    atomic_write_text(args.output, source_lists(args.document.read_text(encoding="utf-8")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
