#!/usr/bin/env python3
"""Build every reading list of the shipped evidence base: each principle and practice
statement, in Harvard and APA, as Markdown, HTML, text and Word, into out/reading-lists/
with an index page (index.html). Options as for `jtd-evidence reading-list --help`.

    python scripts/build_reading_lists.py
"""

from __future__ import annotations

import sys

from jtd_evidence.cli import main

if __name__ == "__main__":
    sys.exit(main(["reading-list", *sys.argv[1:]]))
