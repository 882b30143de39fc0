"""Anything from the archive made safe to print: the one place a path or a value read from a
file is formatted for a terminal, a GitHub Actions log, JSON or CSV.

A file name or a value in a file may come from a pull request nobody vetted. Printed as it
is, it could move or recolour the terminal (ESC and the other control characters), forge a
line of output (a line break), make a runner obey a workflow command (a line beginning with
`::`, or `##[` anywhere in a line, GitHub's older syntax), or make the output invalid UTF-8
(a name's undecodable bytes, which Python keeps as lone surrogates). shown() turns each of
these into a visible escape and leaves ordinary text, Danish letters and typography alike,
as it is. A backslash is not escaped: `bad\\xff.md` may also be a file of that very name;
the escapes make output safe, not reversible.
"""

from __future__ import annotations

import os
import re

# C0 controls (tab and line feed too), DEL, C1 controls, and the line and paragraph separators
# (a line break to some readers): what no one-line value may hold
_CONTROLS = "\x00-\x1f\x7f-\x9f\u2028\u2029"
CONTROL = re.compile(f"[{_CONTROLS}]")
CONTROL_BUT_TAB_AND_NEWLINE = re.compile(f"(?![\t\n])[{_CONTROLS}]")

_UNSAFE = re.compile(
    f"[{_CONTROLS}"
    "\u202a-\u202e\u2066-\u2069"  # bidirectional overrides: text shown in another order than read
    "\ud800-\udfff]"  # lone surrogates: undecodable bytes of a name (surrogateescape)
    # A GitHub workflow command. '::' anywhere, not just first: a value may begin a line
    # (a path in `tjek`, a wrapped line of a task in the table), after blanks the runner trims.
    "|::|##\\[")

_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r", "::": ":\\x3a", "##[": "##\\x5b"}


def _escape(match: re.Match[str]) -> str:
    s = match.group()
    if s in _NAMED:
        return _NAMED[s]
    cp = ord(s)
    if 0xDC80 <= cp <= 0xDCFF:  # the byte surrogateescape kept
        return f"\\x{cp - 0xDC00:02x}"
    return f"\\x{cp:02x}" if cp <= 0xFF else f"\\u{cp:04x}"


def shown(value: object) -> str:
    """value as text that is safe in any output: a str, a path, or a file name as bytes
    (OSError.filename may be any of them)."""
    if isinstance(value, os.PathLike):
        value = os.fspath(value)
    if isinstance(value, bytes):
        value = os.fsdecode(value)
    text = value if isinstance(value, str) else str(value)
    return _UNSAFE.sub(_escape, text)


# A spreadsheet reads a cell that begins with one of these as a formula (OWASP, "CSV Injection";
# shown() has already made a tab or carriage return a visible escape).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: str) -> str:
    """A CSV cell that a spreadsheet shows as text: shown(), and a formula's first character
    preceded by a single quote, as OWASP advises."""
    text = shown(value)
    return "'" + text if text.startswith(_FORMULA_START) else text
