"""The smallest realistic meeting and the helpers the `tjek` tests share: each test changes
one thing in it, runs the real CLI, and reads the findings a user sees."""

from __future__ import annotations

import re

from conftest import run_forked

GROUP = "moeder/boern-og-unge"
FILE = f"{GROUP}/2025-06-13.md"

# The smallest realistic meeting. Line numbers in the comments of the tests refer to this text.
VALID = """\
---
dato: 2025-06-13
tid: "10:00-13:00"
sted: Teams
moede_nr: 2
status: udkast
referent: Julie Folke
deltagere:
  - Helle Stisen
  - Julie Folke
afbud:
  - Lotte Christensen
dagsorden:
  - nr: 1
    titel: Velkomst og godkendelse af dagsordenen
    ansvarlig: Julie Folke
    type: beslutning
  - nr: 2
    titel: Nyt fra Rammesekretariatet
    ansvarlig: Povl Skov
beslutninger:
  - punkt: 1
    tekst: Dagsordenen blev godkendt.
---

## 1. Velkomst og godkendelse af dagsordenen

Dagsordenen blev godkendt.

## 2. Nyt fra Rammesekretariatet

- [ ] Sende overblik over netværkene til alle medlemmer.
      Ansvarlig: Povl Skov. Frist: 1. september 2025.
"""

FINDING = re.compile(r"^(?P<path>.+?)(?::(?P<line>\d+):(?P<col>\d+))?: (?P<sev>fejl|advarsel) (?P<code>[A-Z]\d{3}) ")


def meeting(*changes: tuple[str, str], text: str = VALID) -> str:
    """VALID with each (old, new) replaced; old must occur exactly once, so a change is never lost."""
    for old, new in changes:
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in the meeting"
        text = text.replace(old, new)
    return text


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """1-based line of the nth line containing needle."""
    hits = [i for i, line in enumerate(text.split("\n"), 1) if needle in line]
    assert len(hits) >= nth, f"{needle!r} not found {nth} times"
    return hits[nth - 1]


def col_of(text: str, needle: str, nth: int = 1) -> int:
    line = text.split("\n")[line_of(text, needle, nth) - 1]
    return line.index(needle) + 1


def tjek(minutes, *args: str, forked: bool = False):
    """`referat tjek`; forked: in a child process that is stopped if it hangs."""
    r = run_forked(minutes.root, "tjek", *args) if forked else minutes.run("tjek", *args)
    assert "Traceback" not in r.err, r.err
    assert "Traceback" not in r.out, r.out
    return r


def check_file(minutes, text: str | bytes, path: str = FILE, *args: str, forked: bool = False):
    """Writes one meeting and checks just that file."""
    minutes.write(path, text)
    return tjek(minutes, *args, path, forked=forked)


def codes(r) -> list[str]:
    """The rule codes of the findings printed, in order."""
    return [m.group("code") for line in r.lines if (m := FINDING.match(line))]


def finding_lines(r) -> list[str]:
    return [line for line in r.lines if FINDING.match(line)]
