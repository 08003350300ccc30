"""The ``config`` subcommand: every configuration value in effect and where it came from."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from jtd_evidence.cli._shared import OK, examples, from_config, print_json
from jtd_evidence.config import FILE_NAME, KEYS, Setting, Settings, shown_value


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "config",
        help="show the settings in effect (jtd-evidence.toml) and where each came from",
        description=f"Show every setting in effect: from a command-line option, an environment variable, "
        f"the configuration file ({FILE_NAME} here or in a parent folder, or [tool.jtd-evidence] in "
        "pyproject.toml) or the built-in default, in that order of precedence. A file with an unknown "
        "key or a value of the wrong type is an error (exit 2).",
        epilog=examples("jtd-evidence config", "jtd-evidence config --json"),
    )
    p.add_argument("--json", action="store_true", help="machine-readable output")
    from_config(p)
    p.set_defaults(run=run_config)


def run_config(args: argparse.Namespace) -> int:
    settings: Settings = args.settings
    settings.check_options()  # a link-check limit out of range is an error here too, not only in check-urls
    rows: list[Setting] = list(settings)
    if args.json:
        print_json(
            {
                "file": None if settings.file is None else str(settings.file),
                "settings": {
                    s.key: {
                        "value": str(s.value) if isinstance(s.value, Path) else s.value,
                        "source": s.source,
                    }
                    for s in rows
                },
            }
        )
        return OK
    if settings.file is None:
        print(
            f"# no configuration file: none named by JTD_CONFIG, and no {FILE_NAME} (or pyproject.toml "
            f"with [tool.jtd-evidence]) in {Path.cwd()} or its parents"
        )
    else:
        print(f"# configuration file: {settings.file}")
    width = max(len(key) for key in KEYS)
    values = [shown_value(s.value) for s in rows]
    value_width = min(40, max(len(v) for v in values))
    for setting, value in zip(rows, values, strict=True):
        print(f"{setting.key:<{width}} = {value:<{value_width}}  # {setting.source}")
    return OK
