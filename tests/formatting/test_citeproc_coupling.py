"""The formatting layer's coupling to citeproc-py is written down and checked (formatting/_overrides.py)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import tomllib
from pathlib import Path
from typing import Any

import citeproc
import pytest
from citeproc import model, source

import jtd_evidence.formatting
from jtd_evidence.formatting._overrides import OVERRIDES, TESTED_CITEPROC

TABLE = "src/jtd_evidence/formatting/_overrides.py (OVERRIDES)"
MODULES = sorted(m.name for m in pkgutil.iter_modules(jtd_evidence.formatting.__path__))


def _resolve(dotted: str, package: str) -> Any:
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            found: Any = importlib.import_module(".".join([package, *parts[:cut]]).strip("."))
        except ImportError:
            continue
        for name in parts[cut:]:
            found = inspect.getattr_static(found, name)
        return found
    raise LookupError(dotted)


def test_installed_citeproc_is_the_tested_release():
    assert citeproc.__version__ == TESTED_CITEPROC, (
        f"citeproc-py {citeproc.__version__} is installed; the formatting layer was checked against "
        f"{TESTED_CITEPROC}. Review every row of {TABLE} against the new release (the module docstring "
        "says how), re-run the CSL suite and tests/formatting, then update TESTED_CITEPROC."
    )


def test_the_pin_admits_the_tested_release():
    specifiers = pytest.importorskip("packaging.specifiers")
    pyproject = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text(encoding="utf-8"))
    pin = next(d for d in pyproject["project"]["dependencies"] if d.startswith("citeproc-py>"))
    spec = specifiers.SpecifierSet(pin.removeprefix("citeproc-py"))
    assert TESTED_CITEPROC in spec
    assert "0.12.0" not in spec, "citeproc-py must keep an upper bound: a new series is reviewed first"


@pytest.mark.parametrize("row", OVERRIDES, ids=lambda row: row.ours)
def test_every_row_names_what_exists(row):
    assert row.kind in ("extends", "replaces", "copy", "relies")
    _resolve(row.upstream.removeprefix("citeproc."), "citeproc")  # raises if upstream renamed it
    if not row.ours.endswith(".repressed"):  # an attribute upstream sets at render time
        _resolve(row.ours, "jtd_evidence.formatting")


def _upstream_classes() -> list[type]:
    found = []
    for module in (model, source):
        found += [
            c for c in vars(module).values() if inspect.isclass(c) and c.__module__.startswith("citeproc")
        ]
    return found


def _mixed_in(cls: type) -> bool:
    """Whether ``cls`` is mixed into an element class with citeproc-py classes (as _memo's mixins are)."""
    jtd_evidence.formatting.processor("apa")  # the element classes a style is parsed with
    composed = list(_memo_classes().values())
    return any(
        cls in c.__mro__ and any(b.__module__.startswith("citeproc") for b in c.__mro__) for c in composed
    )


def _memo_classes() -> dict[type, type]:
    from jtd_evidence.formatting import _memo

    return _memo._CLASSES


def test_every_method_that_shadows_citeproc_is_in_the_table():
    listed = {row.ours for row in OVERRIDES}
    everything = _upstream_classes()
    missing = []
    for name in MODULES:
        module = importlib.import_module(f"jtd_evidence.formatting.{name}")
        for cls in vars(module).values():
            if not inspect.isclass(cls) or cls.__module__ != module.__name__:
                continue
            upstream = [base for base in cls.__mro__[1:] if base.__module__.startswith("citeproc")]
            mixin = not upstream and _mixed_in(cls)
            for attribute in cls.__dict__:
                if attribute.startswith("__") and attribute not in ("__getattr__", "__getitem__", "__init__"):
                    continue
                bases = upstream if upstream else (everything if mixin else [])
                if attribute == "__init__" and not upstream:
                    continue
                if any(attribute in base.__dict__ for base in bases):
                    qualified = f"{name}.{cls.__name__}.{attribute}"
                    if qualified not in listed:
                        missing.append(qualified)
    assert not missing, f"citeproc-py methods overridden but not listed in {TABLE}: {missing}"


def test_the_table_is_reachable_from_the_package():
    assert "_overrides" in (jtd_evidence.formatting.__doc__ or "")
