"""Every error the library raises is a named JTDError subclass that says what is wrong."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import jtd_evidence
from jtd_evidence.exceptions import JTDError, UnknownChoiceError
from jtd_evidence.formatting import convert
from jtd_evidence.store import dumps_bib

SOURCE = Path(jtd_evidence.__file__).parent


def test_no_bare_jtd_error_is_made() -> None:
    bare = []
    for path in sorted(SOURCE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "JTDError":
                bare.append(f"{path.relative_to(SOURCE)}:{node.lineno}")
    assert bare == [], "raise a named subclass from jtd_evidence.exceptions instead"


def test_an_unknown_choice_names_the_known_ones() -> None:
    with pytest.raises(UnknownChoiceError, match=r"unknown output 'pdf'; choose one of text, html, markdown"):
        convert("<i>x</i>", "pdf")
    with pytest.raises(
        UnknownChoiceError, match="unknown dialect 'ris'; choose one of bibtex, biblatex"
    ) as info:
        dumps_bib([], dialect="ris")
    assert isinstance(info.value, JTDError) and isinstance(info.value, ValueError)
