"""The parts of a minute's Markdown body that referat reads: item headings and task items.

This is a line scanner, not a full Markdown parser: checking ten thousand minutes with
markdown-it costs ~1.5 ms a file for block parsing alone, this ~0.1 ms. It follows CommonMark
for what it reads (ATX headings, list items, fenced code, paragraph continuation lines);
tests hold it to markdown-it's reading of the same files. Rendering uses markdown-it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# An ATX heading: up to three spaces, one to six #s, then a space, a tab or the end of the line.
# The text is cut out by heading_text: a lazy (.*?) here cost 3 µs a heading.
_HEADING = re.compile(r" {0,3}(#{1,6})(?=[ \t]|$)")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_TASK = re.compile(r"^([ \t]*[-*+][ \t]+)\[([ xX])\][ \t]+(.*)$")
_FENCE_FIRST, _TASK_FIRST = ("`", "~"), ("-", "*", "+")
# Lines that start a new block and so end a paragraph (and a task's text).
# Only "1." or "1)" starts an ordered list inside a paragraph (CommonMark): a continuation
# line like "9. maj 2025." goes on with the task.
_BLOCK_START = re.compile(r"^(?:[ \t]*(?:[-*+][ \t]|1[.)][ \t])"
                          r"| {0,3}(?:#{1,6}(?:[ \t]|$)|>|`{3,}|~{3,}|\*{3,}|_{3,}|-{3,}|\|))")
# "## 3. Titel", "## 3A. Titel", "## Punkt 3: Titel"
_ITEM_NR = re.compile(r"^(?:[Pp]unkt[ \t]+)?([0-9]+[A-Za-z]?)[.:)]?(?:[ \t]+|$)(.*)$")


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    line: int  # 1-based, in the file
    item_nr: str | None  # the agenda item number a level-2 heading names

    @property
    def title(self) -> str:
        """The text after the item number: "3. Ny tovholder" → "Ny tovholder"."""
        m = _ITEM_NR.match(self.text) if self.item_nr else None
        return m.group(2).strip() if m else self.text


@dataclass(frozen=True)
class TaskLine:
    done: bool
    text: str  # the task's text, continuation lines joined with a space
    line: int  # 1-based line of the "- [ ]" in the file
    box_col: int  # 1-based column of the character inside the brackets
    lines: tuple[str, ...]  # the raw lines, for pointing at a field's column
    item_nr: str | None  # the agenda item the task stands under


@dataclass(frozen=True)
class Body:
    headings: tuple[Heading, ...]
    tasks: tuple[TaskLine, ...]


def heading_text(rest: str) -> str:
    """A heading's text from what follows its #s, without a closing sequence (" ##")."""
    text = rest.strip(" \t")
    bare = text.rstrip("#")
    if bare != text and bare[-1:] in (" ", "\t"):
        return bare.rstrip(" \t")
    return text


def scan(body: str, first_line: int) -> Body:
    """Headings and tasks of a body that starts at line first_line of its file."""
    lines = body.split("\n")
    headings: list[Heading] = []
    tasks: list[TaskLine] = []
    fence: str | None = None
    item_nr: str | None = None
    i = 0
    while i < len(lines):
        line = lines[i]
        if fence is not None:
            if line.lstrip(" ").startswith(fence) and line.strip(" \t`~") == "":
                fence = None
            i += 1
            continue
        # Each pattern needs its own first character after the indentation: a line is tried
        # against one pattern at most, and most lines (prose, blank) against none.
        first = line.lstrip(" \t")[:1]
        m = _FENCE.match(line) if first in _FENCE_FIRST else None
        if m:
            fence = m.group(1)
            i += 1
            continue
        m = _HEADING.match(line) if first == "#" else None
        if m:
            level = len(m.group(1))
            text = heading_text(line[m.end():]).strip()
            nr = None
            if level == 2:
                nr_match = _ITEM_NR.match(text)
                nr = nr_match.group(1).upper() if nr_match else None
                item_nr = nr
            headings.append(Heading(level, text, first_line + i, nr))
            i += 1
            continue
        m = _TASK.match(line) if first in _TASK_FIRST else None
        if m:
            start = i
            parts = [m.group(3).strip()]
            i += 1
            while i < len(lines) and lines[i].strip() and not _BLOCK_START.match(lines[i]):
                parts.append(lines[i].strip())
                i += 1
            tasks.append(TaskLine(
                done=m.group(2) in "xX", text=" ".join(parts), line=first_line + start,
                box_col=len(m.group(1)) + 2, lines=tuple(lines[start:i]), item_nr=item_nr))
            continue
        i += 1
    return Body(tuple(headings), tuple(tasks))
