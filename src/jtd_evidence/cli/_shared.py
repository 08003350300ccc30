"""What every subcommand shares: exit codes, the argument parser, output helpers, loading a base."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from jtd_evidence._text import clip
from jtd_evidence.cli._errors import FINDINGS, OK, USAGE
from jtd_evidence.exceptions import JTDError

__all__ = ["FINDINGS", "OK", "USAGE", "Parser", "UsageError"]  # and the helpers below

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from jtd_evidence.base import EvidenceBase
    from jtd_evidence.models import Entry


class UsageError(JTDError, ValueError):
    """Bad command-line input (exit status 2), or the parser stopping after --help or --version
    (``status`` 0): raised instead of exiting, so main() decides the exit status."""

    def __init__(self, message: str, status: int = USAGE) -> None:
        super().__init__(message)
        self.status = status


class Parser(argparse.ArgumentParser):
    """argparse with examples kept as written and usage errors turned into exit status 2."""

    commands: Any = None
    """The subcommands' action (``add_subparsers``) of the top-level parser: ``.choices`` by name."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message}\n(see '{self.prog} --help' for usage and examples)")

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if message:
            print(message, file=sys.stderr if status else sys.stdout, end="")
        raise UsageError("", status)


_CELL_LIMIT = 2000


def cell(text: str, limit: int = _CELL_LIMIT) -> Text:
    """User data for a rich table: taken literally (a title with '[/]' is not markup) and, past
    ``limit`` characters, cut with a note (laying out a 10 MB value would take minutes)."""
    from rich.text import Text

    if len(text) > limit:
        text = f"{text[:limit]}… ({len(text) - limit:,} more characters: use --json to see all)"
    return Text(text)


def console() -> Console:
    """A console for tables: colour on a terminal, plain text when piped."""
    from rich.console import Console

    return Console(soft_wrap=False, highlight=False)


def print_json(data: Any) -> None:
    """Deterministic JSON on standard output."""
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True, default=str) + "\n")


def from_config(parser: argparse.ArgumentParser, **keys: str) -> None:
    """Mark a subcommand as configurable: its settings are loaded before it runs (as ``args.settings``)
    and each option named here (``dest="key"``) that was not given (None) takes the value in effect
    of its configuration key (environment, file, built-in default)."""
    parser.set_defaults(config_keys=keys)


def apply_config(args: argparse.Namespace) -> None:
    """Fill the options a configurable subcommand was not given from the settings in effect."""
    if not hasattr(args, "config_keys"):
        return
    from jtd_evidence.config import load_settings

    args.settings = load_settings()
    for dest, key in args.config_keys.items():
        if getattr(args, dest, None) is None:
            setattr(args, dest, args.settings.value(key))


def add_bib_option(parser: argparse.ArgumentParser, **keys: str) -> None:
    """``--bib FILE``, by default the configuration's ``bib``; ``keys``: more options taken from it."""
    parser.add_argument(
        "--bib",
        type=Path,
        metavar="FILE",
        help="a .bib file to use instead of the shipped evidence base (default: bib in jtd-evidence.toml)",
    )
    from_config(parser, bib="bib", **keys)


def open_base(path: Path | None) -> EvidenceBase:
    from jtd_evidence.base import load

    return load(path)


def authors_text(entry: Entry, limit: int = 3) -> str:
    people = [p.full_family for p in entry.authors] or [f"{p.full_family} (ed.)" for p in entry.editors]
    text = "; ".join(people[:limit])
    if len(people) > limit or entry.authors_et_al:
        text += " et al."
    return text or "—"


def entry_summary(entry: Entry) -> dict[str, Any]:
    """The fields a listing shows, as JSON-ready data."""
    return {
        "key": entry.key,
        "year": entry.year,
        "authors": authors_text(entry),
        "title": entry.title,
        "type": entry.type.value,
        "statements": list(entry.statements),
    }


def entry_json(entry: Entry) -> dict[str, Any]:
    """Every field of an entry, JSON-ready, without empty values."""
    return entry.model_dump(mode="json", exclude_none=True, exclude_defaults=True) | {"key": entry.key}


def examples(*lines: str) -> str:
    return "examples:\n" + "\n".join(f"  {line}" for line in lines)


DEFAULT_BIB = Path("bib") / "joining-the-dots.bib"


def target_bib(given: Path | None, command: str) -> Path:
    """The .bib a writing command changes: ``--bib``, else the evidence base of the checkout
    here; outside a checkout, a usage error that names both (never a new ./bib/ folder)."""
    if given is not None:
        return given
    if not DEFAULT_BIB.is_file():
        raise UsageError(
            f"{command}: there is no evidence base here ({DEFAULT_BIB} does not exist), so nothing was "
            f"written. Run it in a checkout of the evidence base, or give your own .bib with --bib FILE "
            "(it is created if it does not exist)"
        )
    return DEFAULT_BIB


def check_first(warnings: list[Any], name: str) -> list[str]:
    """Lines naming the references the reader is least sure of (warnings of kind "unsure"),
    least sure first, for a person to check before the others; none when there are none."""
    unsure = sorted((w for w in warnings if w.kind == "unsure"), key=lambda w: (w.confidence or 0.0, w.line))
    if not unsure:
        return []
    lines = [f"check these {len(unsure)} reference(s) first: the reader is least sure of them"]
    lines += [f"  {name}:{w.line}: {w.message} [{clip(w.raw, 60)}]" for w in unsure]
    return lines
