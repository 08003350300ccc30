#!/usr/bin/env python3
"""Check every URL and DOI of the evidence base: see `python scripts/check_urls.py --help`."""

from __future__ import annotations

import sys

from jtd_evidence.cli import main

if __name__ == "__main__":
    sys.exit(main(["check-urls", *sys.argv[1:]]))
