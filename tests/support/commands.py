"""Subcommands called as the tests call them: ``check_urls(argv)`` runs ``jtd-evidence check-urls
ARGV`` through the one command line (``jtd_evidence.cli.main``) and returns its exit status;
``run(capsys, *args)`` runs any command and returns its status with what it printed."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TextIO

import pytest

from jtd_evidence.cli import main


def check_urls(argv: Sequence[str] = (), stdin: TextIO | None = None) -> int:
    """``jtd-evidence check-urls ARGV``, reading ``stdin`` for ``--urls -`` when given."""
    if stdin is None:
        return main(["check-urls", *argv])
    saved, sys.stdin = sys.stdin, stdin
    try:
        return main(["check-urls", *argv])
    finally:
        sys.stdin = saved


def reading_list(argv: Sequence[str] = ()) -> int:
    """``jtd-evidence reading-list ARGV``."""
    return main(["reading-list", *argv])


def verify(argv: Sequence[str] = ()) -> int:
    """``jtd-evidence verify ARGV``."""
    return main(["verify", *argv])


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    """``jtd-evidence ARGS`` (each argument as a string): its exit status and what it printed."""
    status = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return status, out, err
