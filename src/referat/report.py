"""Findings as text for a person, as GitHub workflow annotations, or as JSON."""

from __future__ import annotations

import json

from referat.findings import Finding

FORMATS = ("tekst", "github", "json")


def as_text(f: Finding) -> str:
    where = f.path + (f":{f.line}:{f.col}" if f.line else "")
    text = f"{where}: {f.severity.value} {f.code} {f.message}"
    if f.suggestion:
        text += f" — {f.suggestion}"
    return text


def _escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(s: str) -> str:
    return _escape_data(s).replace(":", "%3A").replace(",", "%2C")


def as_github(f: Finding) -> str:
    """A workflow command, so the finding shows on the pull request's line."""
    level = "error" if f.is_error else "warning"
    props = [f"file={_escape_property(f.path)}"]
    if f.line:
        props.append(f"line={f.line}")
        if f.col:
            props.append(f"col={f.col}")
    props.append(f"title={_escape_property(f.code)}")
    message = f.message + (f" — {f.suggestion}" if f.suggestion else "")
    return f"::{level} {','.join(props)}::{_escape_data(message)}"


def as_json(findings: list[Finding]) -> str:
    return json.dumps([
        {"fil": f.path, "linje": f.line, "kolonne": f.col, "kode": f.code, "alvor": f.severity.value,
         "besked": f.message, "forslag": f.suggestion}
        for f in findings
    ], ensure_ascii=False, indent=2)


def summary(errors: int, warnings: int, meetings: int) -> str:
    def n(count: int, one: str, many: str) -> str:
        return f"{count} {one if count == 1 else many}"
    if not errors and not warnings:
        return f"Alt er i orden: {n(meetings, 'møde', 'møder')} tjekket."
    return f"{n(errors, 'fejl', 'fejl')} og {n(warnings, 'advarsel', 'advarsler')} i {n(meetings, 'møde', 'møder')}."
