"""Findings as text for a person, as GitHub workflow annotations, or as JSON. Every path and
message goes through shown(): a finding quotes what a file holds."""

from __future__ import annotations

import json

from referat.danish import count_da
from referat.findings import Finding
from referat.shown import shown

FORMATS = ("tekst", "github", "json")


def as_text(f: Finding) -> str:
    where = shown(f.path) + (f":{f.line}:{f.col}" if f.line else "")
    return f"{where}: {f.severity.value} {f.code} {_said(f)}"


def _said(f: Finding) -> str:
    return shown(f.message + (f" — {f.suggestion}" if f.suggestion else ""))


# The runner's own unescaping (actions/runner, ActionCommand.cs): data, then properties.
def _escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(s: str) -> str:
    return _escape_data(s).replace(":", "%3A").replace(",", "%2C")


def as_github(f: Finding) -> str:
    """A workflow command, so the finding shows on the pull request's line."""
    level = "error" if f.is_error else "warning"
    props = [f"file={_escape_property(shown(f.path))}"]
    if f.line:
        props.append(f"line={f.line}")
        if f.col:
            props.append(f"col={f.col}")
    props.append(f"title={_escape_property(f.code)}")
    return f"::{level} {','.join(props)}::{_escape_data(_said(f))}"


def as_json(findings: list[Finding]) -> str:
    return json.dumps([
        {"fil": shown(f.path), "linje": f.line, "kolonne": f.col, "kode": f.code, "alvor": f.severity.value,
         "besked": shown(f.message), "forslag": shown(f.suggestion)}
        for f in findings
    ], ensure_ascii=False, indent=2)


def summary(errors: int, warnings: int, meetings: int) -> str:
    n = count_da
    if not errors and not warnings:
        return f"Alt er i orden: {n(meetings, 'møde', 'møder')} tjekket."
    return f"{n(errors, 'fejl', 'fejl')} og {n(warnings, 'advarsel', 'advarsler')} i {n(meetings, 'møde', 'møder')}."
