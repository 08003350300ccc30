"""Text folding shared by every comparison: headings, names, titles, citation keys, file paths shown."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

_NON_WORD = re.compile(r"[\W_]+")


def strip_accents(text: str) -> str:
    """'Ángel Müller' -> 'Angel Muller' (compatibility-decomposed, combining marks dropped)."""
    if text.isascii():  # nothing to strip (and the common case: much faster)
        return text
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """Lower-case, accent-free words separated by single spaces: what two spellings share."""
    return _NON_WORD.sub(" ", strip_accents(text).casefold()).strip()


def shown(path: str | Path) -> str:
    """A path as a person wants to read it: the real file, relative to here when inside it."""
    real = Path(path).resolve()
    try:
        return str(real.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(real)


def clip(text: str, width: int = 70) -> str:
    """``text`` cut to ``width`` characters with an ellipsis, for one line of a message (a message
    may quote what a person pasted, and that can be a whole file on one line)."""
    text = text.strip()
    return text if len(text) <= width else text[: width - 1] + "…"
