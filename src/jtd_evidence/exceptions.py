"""One exception hierarchy for the whole library.

Every error a user can cause derives from :class:`JTDError`. Leaves also derive
from the matching built-in (``ValueError``, ``LookupError``, ``OSError``) so that
callers who already catch those keep working. Messages say what is wrong, where
(file, line, entry key, field) and, where we can tell, what to do about it.
"""

from __future__ import annotations

from collections.abc import Iterable


class JTDError(Exception):
    """Base class of every error raised by jtd_evidence."""


class UnknownStatementError(JTDError, LookupError):
    """A practice statement or principle name, id or heading that the framework does not know."""

    def __init__(self, text: str, suggestions: list[str], kind: str = "practice statement") -> None:
        self.text = text
        self.suggestions = suggestions
        hint = (
            "closest: " + "; ".join(suggestions)
            if suggestions
            else "run `jtd-evidence stats` to list the known ids"
        )
        super().__init__(f"unknown {kind} {text!r} ({hint})")


class EntryValidationError(JTDError, ValueError):
    """An entry whose fields break the model's rules; names the entry key and each field."""

    def __init__(self, key: str | None, problems: list[tuple[str, str]]) -> None:
        self.key = key
        self.problems = problems
        where = f"entry {key!r}" if key else "entry"
        lines = "; ".join(f"{field}: {message}" for field, message in problems)
        super().__init__(f"{where}: {lines}")


class BibSyntaxError(JTDError, ValueError):
    """A .bib file that cannot be read; names the file and line (and the entry key and field,
    when they can be told)."""

    def __init__(
        self, path: str, line: int | None, message: str, *, key: str | None = None, field: str | None = None
    ) -> None:
        self.path = path
        self.line = line
        self.key = key
        self.field = field
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}")


class BibDataError(JTDError, ValueError):
    """A .bib entry that parses as BibTeX but whose fields cannot become an Entry."""

    def __init__(self, path: str, key: str, field: str | None, message: str) -> None:
        self.path = path
        self.key = key
        self.field = field
        where = f"{path}: entry {key!r}" + (f", field {field!r}" if field else "")
        super().__init__(f"{where}: {message}")


class NameWriteError(JTDError, ValueError):
    """A person's name that cannot be written as BibTeX so that it reads back as the same person
    (e.g. a particle with a capital letter); says what to change."""


class FormatError(JTDError, ValueError):
    """A file that is not in the format asked for, or cannot be read in it; says what was detected."""


class ReferenceParseError(JTDError, ValueError):
    """Text that cannot be a reference at all (e.g. empty). Partly readable references do not raise."""


class InputError(JTDError, ValueError):
    """Input that cannot be read as text at all (binary data, an unknown encoding); names the file
    and, where it can tell, the line."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        self.path = path
        self.line = line
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}")


class WriteError(JTDError, OSError):
    """A file or folder that could not be written (read-only, full disk, no permission); the old
    content is left as it was. Names the path and says what to do."""

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        super().__init__(f"{path}: {message}")

    def __str__(self) -> str:  # OSError would format (errno, strerror)
        return str(self.args[0])


class LockedError(JTDError, OSError):
    """Another run is changing the same files; names the lock file."""

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        super().__init__(f"{path}: {message}")

    def __str__(self) -> str:
        return str(self.args[0])


class ConfigError(JTDError, ValueError):
    """A configuration file that cannot be used: not TOML, an unknown table or key (the message
    names the closest known one), a value of the wrong type; names the file and line."""


class UnknownReportFormatError(JTDError, ValueError):
    """A report format no reporter is registered for; names the known ones."""

    def __init__(self, name: str, known: Iterable[str]) -> None:
        self.name = name
        super().__init__(f"unknown report format {name!r}; known: {', '.join(sorted(known))}")


class UnknownChoiceError(JTDError, ValueError):
    """A value of an option that takes one of a fixed set of names (an output, a document format,
    a grouping, a citation mode, a BibTeX dialect) that is none of them; names the known ones."""

    def __init__(self, what: str, value: object, known: Iterable[str]) -> None:
        self.what = what
        self.value = value
        self.known = tuple(known)
        super().__init__(f"unknown {what} {value!r}; choose one of {', '.join(self.known)}")


class CitationKeyError(JTDError, ValueError):
    """An entry's citation key that is missing, shared with another entry (BibTeX ignores case),
    or names no entry; says which key, where, and what to do."""


class CiteError(JTDError, ValueError):
    """A citation that cannot be made as asked: a Cite without a key or with an unknown locator
    label, clusters and modes that do not pair up, a document cite-doc cannot read or write."""


class UnsafeEditError(JTDError, ValueError):
    """A change to a .bib that cannot be made without touching text it should leave alone (or
    that would drop entries, or whose result would not read back as written): nothing was
    written; says what to do."""


class StalePlanError(JTDError, RuntimeError):
    """Files that changed between planning a change and carrying it out (another run?): nothing
    was written; run the command again."""


class JournalError(JTDError, ValueError):
    """The record of an interrupted change that cannot be read; names it and says what to do."""


class BuildDateError(JTDError, ValueError):
    """A SOURCE_DATE_EPOCH that is not a time in whole seconds since 1970."""


class ModelNotFoundError(JTDError, FileNotFoundError):
    """No trained reference model at the path given; says how to train one."""

    def __str__(self) -> str:  # OSError would format (errno, strerror)
        return str(self.args[0])


class TrainingError(JTDError, RuntimeError):
    """CRFsuite could not be reached, or refused a training parameter, a sequence or the
    training itself; says which."""
