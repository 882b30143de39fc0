"""The minutes under an imported item as Markdown a meeting file can hold: HTML left in exported
text becomes paragraphs, lists and emphasis; bullets become list items; and nothing in the old
text can become structure of the meeting file by accident (a line starting with '#' is no
heading, '- [ ]' no task, '---' or '=' no front matter or heading underline, a tab no code
block)."""

from __future__ import annotations

import html
import re

from referat.shown import CONTROL_BUT_TAB_AND_NEWLINE

_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_PARAGRAPH = re.compile(r"</?(?:p|div|h\d|table|tr)\b[^>]*>", re.IGNORECASE)
_ITEM = re.compile(r"<li\b[^>]*>", re.IGNORECASE)
_LIST = re.compile(r"</?(?:ul|ol|li)\b[^>]*>", re.IGNORECASE)
_EMPHASIS = re.compile(r"</?(?:i|em)>", re.IGNORECASE)
_STRONG = re.compile(r"</?(?:b|strong)>", re.IGNORECASE)
_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
_BULLET = re.compile(r"[ \t]*[•▪●◦]\s*")  # a bullet inside a line starts a list item
_SUB_BULLET = re.compile(r"[ \t]*[○◦]\s*")
# A line that would end the front matter, underline the line above as a heading (any run of '='
# or '-'), draw a rule, or be a bullet with nothing after it (a stray mark in the source)
_RULE = re.compile(r"^\s*(?:=+|-+|[*_]{3,}|[*+])\s*$")
_STRUCTURE = re.compile(r"^(#|[-*+]\s+\[[ xX]?\]|>|```|~~~)")
_BLANKS = re.compile(r"\n{3,}")


def as_markdown(text: str) -> str:
    """text (repaired, as importing.items gives it) as the Markdown body of one item."""
    text = CONTROL_BUT_TAB_AND_NEWLINE.sub(" ", text)
    text = _BREAK.sub("\n", text)
    text = _PARAGRAPH.sub("\n\n", text)
    text = _ITEM.sub("\n- ", text)
    text = _LIST.sub("\n", text)
    text = _EMPHASIS.sub("*", text)
    text = _STRONG.sub("**", text)
    text = html.unescape(_TAG.sub("", text))
    text = _SUB_BULLET.sub("\n  - ", text)
    text = _BULLET.sub("\n- ", text)
    lines = []
    for raw in text.splitlines():
        line = " ".join(raw.replace("\t", " ").split()) if not raw.startswith("  - ") else "  - " + " ".join(
            raw[4:].split())
        if _RULE.match(line):
            line = ""
        elif _STRUCTURE.match(line):
            line = "\\" + line
        lines.append(line)
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()
