"""The one result type of validation and lint: a finding about an entry (or the whole base)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from jtd_evidence.models import Entry

__all__ = ["Finding", "Fix", "Severity"]


class Severity(StrEnum):
    """How much a finding matters: errors break the data, warnings are probably wrong, info is a hint."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Fix:
    """A safe, mechanical change to one entry."""

    key: str
    description: str
    apply: Callable[[Entry], Entry] = dataclasses.field(compare=False, repr=False)


@dataclass(frozen=True)
class Finding:
    """One problem: where (entry key, field), what, and what to do."""

    rule: str
    severity: Severity
    key: str | None
    message: str
    suggestion: str = ""
    field: str | None = None
    related: tuple[str, ...] = ()
    fix: Fix | None = dataclasses.field(default=None, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "key": self.key,
            "field": self.field,
            "message": self.message,
            "suggestion": self.suggestion,
            "related": list(self.related),
            "fixable": self.fix is not None,
        }

    def __str__(self) -> str:
        where = self.key or "-"
        if self.field:
            where += f".{self.field}"
        text = f"{self.severity.value}: {where}: {self.message}"
        return f"{text} ({self.suggestion})" if self.suggestion else text
