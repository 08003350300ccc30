"""Every error the library raises is a named JTDError subclass that says what is wrong."""

from __future__ import annotations

import ast
import builtins
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


_BUILTIN_RAISES_ALLOWED = {
    # pydantic validators must raise ValueError; make_entry turns them into EntryValidationError
    ("models.py", "ValueError"),
    # protocol: attribute and sequence look-ups (__getattr__, __getitem__)
    ("__init__.py", "AttributeError"),
    ("formatting/_memo.py", "AttributeError"),
    ("store/keys.py", "IndexError"),
    # caught where raised: an unreadable cache file is ignored with a warning
    ("formatting/cache.py", "ValueError"),
    # OSErrors with an errno, as os raises them, in write paths that turn every OSError into a
    # WriteError naming the file (_atomic.write_error), or in a command whose report names the file
    ("_tree.py", "OSError"),
    ("_tree.py", "FileExistsError"),
    ("_atomic.py", "FileExistsError"),
    ("_atomic.py", "IsADirectoryError"),
    ("_atomic.py", "NotADirectoryError"),
    ("reading_lists/build.py", "NotADirectoryError"),
    ("cli/maintain.py", "FileNotFoundError"),
    # a branch that cannot be reached
    ("verify/client.py", "AssertionError"),
    # a plug-in or middleware that breaks its contract: a bug in the code, not bad input
    ("_report_output.py", "TypeError"),
    ("store/blocks.py", "TypeError"),
}


def test_only_named_errors_reach_users() -> None:
    """A built-in exception is raised only where the list above says why; everything else
    raises a JTDError subclass."""
    builtin = {name for name in dir(builtins) if name.endswith("Error")}
    found = set()
    for path in sorted(SOURCE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
                func = node.exc.func
                if isinstance(func, ast.Name) and func.id in builtin:
                    found.add((path.relative_to(SOURCE).as_posix(), func.id))
    assert found <= _BUILTIN_RAISES_ALLOWED, sorted(found - _BUILTIN_RAISES_ALLOWED)


def test_a_name_bibtex_cannot_read_back_is_a_named_error() -> None:
    from jtd_evidence.exceptions import EntryValidationError, NameWriteError
    from jtd_evidence.models import Entry, Person
    from jtd_evidence.store.names import format_person

    person = Person(family="Berg", particle="De", given="A.", suffix="jr")
    with pytest.raises(NameWriteError, match="a particle must start with a lower-case letter"):
        format_person(person)
    with pytest.raises(EntryValidationError, match=r"entry 'a': authors: the name 'De Berg, A\., jr'"):
        dumps_bib([Entry(key="a", title="T", authors=(person,))])
