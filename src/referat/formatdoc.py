"""`referat format`: the file format's documentation (docs/format.md), shipped with the package
so that every hint ("se 'referat format gruppe.yaml'") works in any archive."""

from __future__ import annotations

import re
from pathlib import Path

from referat.errors import ReferatError

DOC = Path(__file__).parent / "docs" / "format.md"
_HEADING = re.compile(r"^(#{1,6}) +(.*?)\s*$")


def text() -> str:
    return DOC.read_text(encoding="utf-8")


def _headings(lines: list[str]) -> list[tuple[int, int, str]]:
    """(line index, level, title without backticks) of each heading outside fenced code."""
    found, fenced = [], False
    for i, line in enumerate(lines):
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and (m := _HEADING.match(line)):
            found.append((i, len(m.group(1)), m.group(2).replace("`", "")))
    return found


def section(wanted: str) -> str:
    """The section whose heading is wanted, starts with it or contains it (case ignored): its
    heading, text and subsections. ReferatError lists the sections when none matches."""
    lines = text().splitlines(keepends=True)
    heads = _headings(lines)
    key = " ".join(wanted.split()).casefold()
    for test in (str.__eq__, str.startswith, str.__contains__):
        for n, (start, level, title) in enumerate(heads):
            if test(title.casefold(), key):
                end = next((i for i, lv, _ in heads[n + 1:] if lv <= level), len(lines))
                return "".join(lines[start:end]).rstrip("\n") + "\n"
    titles = [t for _, level, t in heads if level == 2]
    raise ReferatError(f"Intet afsnit hedder '{wanted}'; afsnittene er: {', '.join(titles)}")
