"""Validation and lint: small rules over entries, each returning :class:`Finding` objects.

>>> import jtd_evidence
>>> from jtd_evidence.lint import lint
>>> findings = lint(jtd_evidence.load())
>>> sorted({f.rule for f in findings if f.severity == "warning"})[:3]
['article-without-link', 'host-typo', 'name-variant']
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from jtd_evidence.lint.findings import Finding, Fix, Severity
from jtd_evidence.lint.rules import DEFAULT_RULES, Rule
from jtd_evidence.models import Entry

__all__ = ["DEFAULT_RULES", "Finding", "Fix", "Rule", "Severity", "apply_fixes", "lint"]

_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def lint(
    entries: Iterable[Entry],
    *,
    rules: Sequence[Rule] | None = None,
    append_rules: Sequence[Rule] = (),
) -> list[Finding]:
    """Run the rule stack (``rules`` replaces the default, ``append_rules`` extends it).

    Findings come sorted by severity, key and rule, so reports are deterministic.
    """
    entries = list(entries)
    stack = list(DEFAULT_RULES if rules is None else rules) + list(append_rules)
    findings = [finding for rule in stack for finding in rule.check(entries)]
    return sorted(findings, key=lambda f: (_ORDER[f.severity], f.key or "", f.rule, f.message))


def apply_fixes(entries: Iterable[Entry], findings: Iterable[Finding]) -> tuple[list[Entry], list[Fix]]:
    """Apply every safe fix carried by ``findings``; returns the new entries and the fixes applied."""
    fixes: dict[str, list[Fix]] = {}
    for finding in findings:
        if finding.fix is not None:
            fixes.setdefault(finding.fix.key, []).append(finding.fix)
    applied: list[Fix] = []
    fixed: list[Entry] = []
    for entry in entries:
        for fix in fixes.get(entry.key or "", []):
            entry = fix.apply(entry)
            applied.append(fix)
        fixed.append(entry)
    return fixed, applied
