"""Text a document may show: without control characters.

A meeting file can hold characters no document should: a form feed from text pasted out of a
PDF, a vertical tab from a YAML "\\v", an ESC that would colour or move a terminal's cursor.
XML (so DOCX) refuses them, HTML calls them invalid and a terminal obeys them. Every document
referat makes passes its text through clean(): Markdown and HTML when their template has
rendered (referat.templating.render), DOCX as its Markdown and its properties (referat.word).
"""

from __future__ import annotations

import re

from markupsafe import Markup

from referat.source import NOT_TEXT

# Whitespace controls become a space, so words on either side stay apart.
_SPACE = "\v\f\r\x1c\x1d\x1e\x1f\x85\u2028\u2029"


def _replace(m: re.Match[str]) -> str:
    return " " if m.group() in _SPACE else ""


def clean(text: str) -> str:
    """text with its control characters gone (whitespace controls as a space); Markup stays
    Markup, since removing a character cannot make a tag."""
    if not NOT_TEXT.search(text):
        return text
    result = NOT_TEXT.sub(_replace, text)
    return Markup(result) if isinstance(text, Markup) else result
