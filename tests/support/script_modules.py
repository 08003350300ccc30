"""The project's scripts (scripts/*.py, which are no package) as modules tests can call into."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"


def load_script(name: str) -> ModuleType:
    """``scripts/<name>.py`` loaded afresh as the module ``name`` (registered in ``sys.modules``,
    where a script's dataclasses look their module up), with its sibling scripts importable while
    it loads (fold_parser imports train_parser and bench_parse_accuracy)."""
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
    assert spec is not None and spec.loader is not None, f"no script {name}.py in {SCRIPTS}"
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(SCRIPTS))
    try:
        sys.modules[name] = module
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(SCRIPTS))
    return module
