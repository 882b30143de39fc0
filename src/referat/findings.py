"""Validation findings: what was wrong, where, and how bad.

A finding is the one shape every check returns, so the same finding can be printed for a
person, as a GitHub annotation or as JSON.
"""

from __future__ import annotations

from dataclasses import dataclass

from referat.rules import Rule, Severity


@dataclass(frozen=True, order=True)
class Finding:
    path: str  # relative to the repository root, with forward slashes
    line: int  # 1-based; 0 when the finding concerns the whole file
    col: int  # 1-based; 0 when unknown
    code: str
    severity: Severity
    message: str
    suggestion: str = ""
    # What a rule settled across files needs of this file (an approving date, a written moede_nr),
    # typed here rather than read back out of the Danish text; never shown.
    subject: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


class Collector:
    """Gathers findings for one file, so parsing code need not pass the path around."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.findings: list[Finding] = []

    def report(self, rule: Rule, pos: tuple[int, int] | None, message: str, suggestion: str = "",
               subject: str = "") -> None:
        """A breach of rule at pos (None: the whole file); its severity is the rule's."""
        line, col = pos if pos else (0, 0)
        self.findings.append(Finding(self.path, line, col, rule.code, rule.severity, message, suggestion, subject))
