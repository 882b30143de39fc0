"""The rule registry (referat.rules) is the one list of rules: docs/regler.md shows exactly it,
every check names its rule from it, and no rule in it is left unused."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from referat import rules
from referat.groupfile import read_group
from referat.rules import Rule

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src" / "referat"
DOC = ROOT / "docs" / "regler.md"
CODE = re.compile(r"[A-Z][0-9]{3}")
ROW = re.compile(r"^\| ([A-Z][0-9]{3}) \| (\S+) \| (.*) \|$", re.MULTILINE)


def _modules() -> dict[str, ast.Module]:
    return {str(p.relative_to(SOURCE)): ast.parse(p.read_text(encoding="utf-8"), str(p))
            for p in sorted(SOURCE.rglob("*.py")) if p != SOURCE / "rules.py"}


def test_regler_md_lists_exactly_the_registry():
    in_doc = ROW.findall(DOC.read_text(encoding="utf-8"))
    assert in_doc == [(r.code, r.severity.value, r.title) for r in Rule]


def test_regler_md_holds_the_table_python_m_referat_rules_writes():
    assert rules.table_in(DOC.read_text(encoding="utf-8")) == rules.markdown_table()


def test_every_code_is_a_rule_name_and_has_a_severity_and_title():
    for r in Rule:
        assert CODE.fullmatch(r.code), r
        assert r.severity in (rules.Severity.ERROR, rules.Severity.WARNING), r
        assert r.title.strip() == r.title and r.title, r


def test_source_names_rules_only_through_the_registry_and_uses_every_rule():
    named: set[str] = set()
    literals: list[str] = []
    for name, tree in _modules().items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and CODE.fullmatch(node.attr):
                named.add(node.attr)
                if node.attr not in Rule.__members__:
                    literals.append(f"{name}:{node.lineno}: {node.attr} is not in referat.rules")
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and CODE.fullmatch(node.value):
                literals.append(f"{name}:{node.lineno}: the code '{node.value}' as a string; name Rule.{node.value}")
    assert literals == []
    assert sorted(set(Rule.__members__) - named) == [], "rules never reported anywhere in src/referat"


def test_severity_is_decided_only_by_the_registry():
    """No module but findings.py makes a Finding, and none but rules.py and findings.py names a
    severity: a call site cannot make a warning an error."""
    decided: list[str] = []
    for name, tree in _modules().items():
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Finding"
                    and name != "findings.py"):
                decided.append(f"{name}:{node.lineno}: Finding(...)")
            if (isinstance(node, ast.Attribute) and node.attr in ("ERROR", "WARNING")
                    and isinstance(node.value, ast.Name) and node.value.id == "Severity" and name != "findings.py"):
                decided.append(f"{name}:{node.lineno}: Severity.{node.attr}")
    assert decided == []


def test_a_blank_member_name_is_a_finding_and_no_member():
    """A group member written as a blank text breaks rule S002; it used to become a member
    without a person, and `tjek` then crashed on it (AttributeError)."""
    group, findings = read_group(b'navn: G\nmedlemmer:\n  - "  "\n  - Helle Stisen\n',
                                 "moeder/g/gruppe.yaml", "g")
    assert group is not None
    assert [m.person.text for m in group.members] == ["Helle Stisen"]
    assert [(f.line, f.code, f.severity.value) for f in findings] == [(3, "S002", "fejl")]
